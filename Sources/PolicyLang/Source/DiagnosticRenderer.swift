/// Renders diagnostics as a title line, the location, a code frame with a caret
/// under the offending text, and a separate hint:
///
///     error[T001]: unknown name `debt_limt`
///       --> policies/debt.policy:12:25
///        |
///     12 |   forbid debt_balance > debt_limt
///        |                         ^^^^^^^^^ not a field, param or definition
///        = help: did you mean `debt_limit`?
public struct DiagnosticRenderer: Sendable {
  public var color: Bool

  public init(color: Bool = false) { self.color = color }

  /// Longest line shown whole in a code frame, in Unicode scalars.
  static let maxLineWidth = 160

  public func render(_ d: Diagnostic) -> String {
    var out = ""
    let sev = d.severity.rawValue
    let head = "\(sev)[\(d.code.rawValue)]"
    out += paint(head, d.severity == .error ? "31;1" : d.severity == .warning ? "33;1" : "36;1")
    out += paint(": \(d.message)", "1") + "\n"
    guard let loc = d.location else {
      if let hint = d.hint { out += "  = help: \(hint)\n" }
      return out
    }
    if let source = d.source {
      let end = source.location(of: max(d.span.start, d.span.end))
      let gutter = String(end.line).count
      let pad = String(repeating: " ", count: gutter)
      out += "\(pad)\(paint("-->", "34;1")) \(loc)\n"
      out += "\(pad) \(paint("|", "34;1"))\n"
      let first = loc.line
      let last = min(end.line, first + 4)
      for n in first...last {
        let fullText = source.line(n)
        let num = String(n)
        let startCol = n == first ? loc.column : 1
        let endCol: Int
        if n == end.line {
          endCol = max(end.column, n == first ? loc.column + 1 : 2)
        } else {
          endCol = fullText.unicodeScalars.count + 1
        }
        var scalars = Array(fullText.unicodeScalars)
        var from = min(startCol - 1, scalars.count)
        var to = min(max(from, endCol - 1), scalars.count)
        // A line of a hundred thousand characters is shown as a window
        // around the caret, not whole once per message.
        var text = fullText
        var ellipsis = 0
        if scalars.count > Self.maxLineWidth {
          let start = max(0, min(from - Self.maxLineWidth / 4, scalars.count - Self.maxLineWidth))
          let stop = min(scalars.count, start + Self.maxLineWidth)
          var window = String(String.UnicodeScalarView(scalars[start..<stop]))
          if start > 0 {
            window = "…" + window
            ellipsis = 1
          }
          if stop < scalars.count { window += "…" }
          text = window
          scalars = Array(scalars[start..<stop])
          from = min(from - start, scalars.count)
          to = min(max(from, to - start), scalars.count)
        }
        out += paint(String(repeating: " ", count: gutter - num.count) + num + " |", "34;1")
        out += text.isEmpty ? "\n" : " \(text)\n"
        let lead = ellipsis + scalars[..<from].reduce(0) { $0 + DisplayWidth.of($1) }
        let width = max(1, scalars[from..<to].reduce(0) { $0 + DisplayWidth.of($1) })
        var marks = String(repeating: " ", count: lead) + String(repeating: "^", count: width)
        if n == last, let label = d.label { marks += " " + label }
        out +=
          paint("\(pad) |", "34;1") + " " + paint(marks, d.severity == .error ? "31;1" : "33;1")
          + "\n"
      }
      if let hint = d.hint { out += "\(pad) = help: \(hint)\n" }
    } else {
      out += "  --> \(loc)\n"
      if let hint = d.hint { out += "  = help: \(hint)\n" }
    }
    return out
  }

  public func render(_ ds: [Diagnostic]) -> String {
    ds.map(render).joined(separator: "\n")
  }

  private func paint(_ s: String, _ code: String) -> String {
    color ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s
  }
}
