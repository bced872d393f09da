/// A unified diff of two texts, line by line (Myers' algorithm), as
/// `diff -u` prints it; `policy fmt --diff` shows what formatting changes.
public struct UnifiedDiff {
  /// Unchanged lines shown around each change; at least one.
  public private(set) var context: Int
  public var color: Bool

  public init(context: Int = 3, color: Bool = false) {
    self.context = Swift.max(1, context)
    self.color = color
  }

  enum Edit: Equatable {
    case same(Int, Int)
    case delete(Int)
    case insert(Int)
  }

  private struct Lines {
    var lines: [Substring]
    /// False when the text's last line has no line end.
    var endsWithNewline: Bool

    init(_ text: String) {
      var parts = text.split(separator: "\n", omittingEmptySubsequences: false)
      endsWithNewline = parts.last?.isEmpty ?? true
      if endsWithNewline { parts.removeLast() }
      lines = parts
      if text.isEmpty { lines = [] }
    }

    /// The line as compared: the last line without a line end differs from the
    /// same text with one.
    func key(_ i: Int) -> Substring {
      i == lines.count - 1 && !endsWithNewline ? lines[i] + "\u{0}" : lines[i]
    }
  }

  /// The diff, or the empty string when the texts are equal.
  public func render(old: String, new: String, oldName: String, newName: String) -> String {
    guard old != new else { return "" }
    let a = Lines(old)
    let b = Lines(new)
    let edits = UnifiedDiff.diff(
      (0..<a.lines.count).map { a.key($0) }, (0..<b.lines.count).map { b.key($0) })
    var out = paint("--- \(oldName)\n+++ \(newName)\n", "1")
    for hunk in hunks(edits) {
      out += hunkText(hunk, a, b)
    }
    return out
  }

  /// Myers' O(ND) shortest edit script.
  static func diff(_ a: [Substring], _ b: [Substring]) -> [Edit] {
    let n = a.count
    let m = b.count
    let max = n + m
    if max == 0 { return [] }
    var v = [Int](repeating: 0, count: 2 * max + 2)
    var trace: [[Int]] = []
    search: for d in 0...max {
      trace.append(v)
      for k in stride(from: -d, through: d, by: 2) {
        var x: Int
        if k == -d || (k != d && v[max + k - 1] < v[max + k + 1]) {
          x = v[max + k + 1]
        } else {
          x = v[max + k - 1] + 1
        }
        var y = x - k
        while x < n, y < m, a[x] == b[y] {
          x += 1
          y += 1
        }
        v[max + k] = x
        if x >= n && y >= m { break search }
      }
    }
    // Walk back through the saved frontiers.
    var edits: [Edit] = []
    var x = n
    var y = m
    for d in stride(from: trace.count - 1, through: 0, by: -1) {
      let v = trace[d]
      let k = x - y
      let prevK: Int
      if k == -d || (k != d && v[max + k - 1] < v[max + k + 1]) {
        prevK = k + 1
      } else {
        prevK = k - 1
      }
      let prevX = d == 0 ? 0 : v[max + prevK]
      let prevY = prevX - prevK
      while x > prevX && y > prevY {
        x -= 1
        y -= 1
        edits.append(.same(x, y))
      }
      if d > 0 {
        if x == prevX {
          y -= 1
          edits.append(.insert(y))
        } else {
          x -= 1
          edits.append(.delete(x))
        }
      }
    }
    return edits.reversed()
  }

  private func hunks(_ edits: [Edit]) -> [ArraySlice<Edit>] {
    var changes: [Int] = []
    for (i, e) in edits.enumerated() {
      if case .same = e { continue }
      changes.append(i)
    }
    var out: [ArraySlice<Edit>] = []
    var i = 0
    while i < changes.count {
      let start = Swift.max(0, changes[i] - context)
      var end = changes[i]
      while i + 1 < changes.count, changes[i + 1] - end - 1 <= 2 * context {
        i += 1
        end = changes[i]
      }
      out.append(edits[start..<Swift.min(edits.count, end + context + 1)])
      i += 1
    }
    return out
  }

  private func hunkText(_ hunk: ArraySlice<Edit>, _ a: Lines, _ b: Lines) -> String {
    var oldStart: Int?
    var newStart: Int?
    var oldCount = 0
    var newCount = 0
    var body = ""
    func noEOL(_ l: Lines, _ i: Int) -> String {
      i == l.lines.count - 1 && !l.endsWithNewline ? "\\ No newline at end of file\n" : ""
    }
    for e in hunk {
      switch e {
      case .same(let x, let y):
        if oldStart == nil { oldStart = x }
        if newStart == nil { newStart = y }
        oldCount += 1
        newCount += 1
        body += " \(a.lines[x])\n" + noEOL(a, x)
      case .delete(let x):
        if oldStart == nil { oldStart = x }
        oldCount += 1
        body += paint("-\(a.lines[x])", "31") + "\n" + noEOL(a, x)
      case .insert(let y):
        if newStart == nil { newStart = y }
        newCount += 1
        body += paint("+\(b.lines[y])", "32") + "\n" + noEOL(b, y)
      }
    }
    // With context around every change, a side without lines is an empty text.
    let o = oldCount == 0 ? "0,0" : "\((oldStart ?? 0) + 1),\(oldCount)"
    let n = newCount == 0 ? "0,0" : "\((newStart ?? 0) + 1),\(newCount)"
    return paint("@@ -\(o) +\(n) @@", "36") + "\n" + body
  }

  private func paint(_ s: String, _ code: String) -> String {
    color ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s
  }
}
