/// A table for the terminal: columns padded to the widest cell, counting
/// Chinese characters as two cells (`DisplayWidth`), numbers aligned right.
public struct TextTable: Sendable {
  public var headers: [String]
  public var rightAligned: [Bool]
  public var rows: [[String]] = []

  public init(headers: [String], rightAligned: [Bool]? = nil) {
    self.headers = headers
    self.rightAligned = rightAligned ?? Array(repeating: false, count: headers.count)
  }

  public mutating func add(_ row: [String]) { rows.append(row) }

  /// One cell on one line: line breaks and tabs inside a value become spaces.
  static func clean(_ s: String) -> String {
    s.contains(where: { $0 == "\n" || $0 == "\t" || $0 == "\r" })
      ? String(s.map { $0 == "\n" || $0 == "\t" || $0 == "\r" ? " " : $0 }) : s
  }

  public func render(color: Bool = false) -> String {
    let cells = rows.map { row in
      (0..<headers.count).map { i in i < row.count ? TextTable.clean(row[i]) : "" }
    }
    var widths = headers.map { DisplayWidth.of($0) }
    for row in cells {
      for (i, c) in row.enumerated() { widths[i] = max(widths[i], DisplayWidth.of(c)) }
    }
    func line(_ row: [String], paint: (String) -> String = { $0 }) -> String {
      var parts: [String] = []
      for (i, c) in row.enumerated() {
        let pad = String(repeating: " ", count: widths[i] - DisplayWidth.of(c))
        let right = i < rightAligned.count && rightAligned[i]
        parts.append(right ? pad + paint(c) : paint(c) + pad)
      }
      var s = parts.joined(separator: "  ")
      while s.last == " " { s.removeLast() }
      return s + "\n"
    }
    var out = line(headers) { color ? "\u{1B}[1m\($0)\u{1B}[0m" : $0 }
    out += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
    for row in cells { out += line(row) }
    return out
  }
}
