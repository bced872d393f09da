import Foundation

@testable import PolicyLang

/// The formatter's promises for one input, as a list of what is broken:
/// the output parses to the same tree with the same comments, formatting it
/// again changes nothing, and only unbreakable text overflows the width.
enum FormatProperty {
  static func failures(_ text: String, path: String = "<input>") -> [String] {
    let (file, ds) = Parser.parse(SourceFile(path: path, text: text))
    if ds.hasErrors {
      return ["input does not parse:\n\(DiagnosticRenderer().render(ds))\n--- input\n\(text)"]
    }
    let out = PolicyFormatter.layout(file)
    let (again, ds2) = Parser.parse(SourceFile(path: path, text: out))
    if ds2.hasErrors {
      return [
        "output does not parse:\n\(DiagnosticRenderer().render(ds2))\n--- input\n\(text)\n--- output\n\(out)"
      ]
    }
    var problems: [String] = []
    let before = SyntaxDump.dump(file)
    let after = SyntaxDump.dump(again)
    if before != after {
      problems.append(
        "syntax tree changed:\n\(UnifiedDiff().render(old: before, new: after, oldName: "input", newName: "output"))\n--- input\n\(text)\n--- output\n\(out)"
      )
    }
    let c1 = file.comments.map(\.text).sorted()
    let c2 = again.comments.map(\.text).sorted()
    if c1 != c2 {
      problems.append("comments changed: \(c1) → \(c2)\n--- input\n\(text)\n--- output\n\(out)")
    }
    let twice = PolicyFormatter.layout(again)
    if twice != out {
      problems.append(
        "not idempotent:\n\(UnifiedDiff().render(old: out, new: twice, oldName: "once", newName: "twice"))\n--- input\n\(text)"
      )
    }
    for line in out.split(separator: "\n")
    where DisplayWidth.of(line) > PolicyFormatter.defaultWidth && !line.contains("\"")
      && !line.contains("#")
    {
      problems.append("line too wide: \(line)\n--- input\n\(text)")
    }
    return problems
  }

  /// `text` with comments put between tokens at random: after a token on the
  /// same line, or on a line of their own.
  static func withRandomComments(_ text: String, count: Int, rng: inout SplitMix) -> String {
    let source = SourceFile(path: "<input>", text: text)
    let tokens = Lexer.tokenize(source).tokens
    var gaps: [Int] = []
    for i in 0..<(tokens.count - 1) where tokens[i].span.end < tokens[i + 1].span.start {
      gaps.append(tokens[i].span.end)
    }
    guard !gaps.isEmpty else { return text }
    var chosen: [(Int, String)] = []
    for n in 0..<count {
      let at = gaps[Int(rng.next(below: UInt64(gaps.count)))]
      let comment = rng.next(below: 2) == 0 ? "  # t\(n) 注释\n" : "\n# own \(n)\n"
      chosen.append((at, comment))
    }
    var bytes = source.bytes
    for (at, comment) in chosen.sorted(by: { $0.0 > $1.0 }) {
      bytes.insert(contentsOf: Array(comment.utf8), at: at)
    }
    return String(decoding: bytes, as: UTF8.self)
  }
}
