/// Lays a `Doc` out in lines of at most `width` display cells where it can
/// (CJK characters count two, as in a terminal). Groups are tried flat first,
/// outermost first; text that cannot be broken (a long quotation) may overflow.
struct DocPrinter {
  var width: Int

  private struct Command {
    var indent: Int
    var flat: Bool
    var doc: Doc
  }

  private struct Output {
    var text = ""
    var column = 0
    /// Indentation still owed to the current line: it is printed only before
    /// text, so that empty lines have no trailing spaces.
    var pendingIndent = 0
    var lineHasContent = false
    var suffixes: [String] = []

    mutating func emit(_ s: String) {
      if pendingIndent > 0 {
        text += String(repeating: " ", count: pendingIndent)
        pendingIndent = 0
      }
      text += s
      column += DisplayWidth.of(s)
      lineHasContent = true
    }

    mutating func newline(indent: Int) {
      flushSuffixes()
      trimTrailingSpaces()
      text += "\n"
      column = indent
      pendingIndent = indent
      lineHasContent = false
    }

    mutating func flushSuffixes() {
      guard !suffixes.isEmpty else { return }
      pendingIndent = 0
      text += suffixes.joined()
      suffixes.removeAll()
    }

    mutating func trimTrailingSpaces() {
      while text.utf8.last == UInt8(ascii: " ") { text.removeLast() }
    }
  }

  func print(_ doc: Doc) -> String {
    var out = Output()
    var stack = [Command(indent: 0, flat: false, doc: doc)]
    while let cmd = stack.popLast() {
      switch cmd.doc {
      case .empty, .anchor, .dangling:
        // Anchors and dangling slots are resolved by `CommentPlacer`; an
        // anchor left in place prints its content.
        if case .anchor(_, let inner, _) = cmd.doc {
          stack.append(Command(indent: cmd.indent, flat: cmd.flat, doc: inner))
        }
      case .closing(let s):
        // Never on a line of its own, apart from what it closes.
        out.emit(s)
      case .text(let s):
        if !out.suffixes.isEmpty && suffixAhead(stack, column: out.column + DisplayWidth.of(s)) {
          // The pending comment must end this line, next to its code.
          out.newline(indent: cmd.indent)
          out.emit(String(s.drop { $0 == " " }))
        } else {
          out.emit(s)
        }
      case .verbatim(let s):
        printVerbatim(s, &out, indent: cmd.indent)
      case .line:
        if cmd.flat { out.emit(" ") } else { out.newline(indent: cmd.indent) }
      case .softline:
        if !cmd.flat { out.newline(indent: cmd.indent) }
      case .hardline:
        out.newline(indent: cmd.indent)
      case .lineStart:
        if out.lineHasContent { out.newline(indent: cmd.indent) }
      case .lineSuffix(let s):
        out.suffixes.append(s)
      case .ifBreak(let broken, let flat):
        stack.append(Command(indent: cmd.indent, flat: cmd.flat, doc: cmd.flat ? flat : broken))
      case .nest(let n, let inner):
        stack.append(Command(indent: cmd.indent + n, flat: cmd.flat, doc: inner))
      case .group(let inner, let hard):
        if cmd.flat && !hard {
          stack.append(Command(indent: cmd.indent, flat: true, doc: inner))
        } else {
          let next = Command(indent: cmd.indent, flat: true, doc: inner)
          let flat = !hard && fits(next, rest: stack, remaining: width - out.column)
          stack.append(Command(indent: cmd.indent, flat: flat, doc: inner))
        }
      case .concat(let parts):
        for p in parts.reversed() {
          stack.append(Command(indent: cmd.indent, flat: cmd.flat, doc: p))
        }
      }
    }
    out.flushSuffixes()
    out.trimTrailingSpaces()
    return out.text
  }

  private func printVerbatim(_ s: String, _ out: inout Output, indent: Int) {
    let lines = s.split(separator: "\n", omittingEmptySubsequences: false)
    // A pending trailing comment must not end up inside the string.
    if lines.count > 1 && !out.suffixes.isEmpty { out.newline(indent: indent) }
    for (i, raw) in lines.enumerated() {
      var line = Substring(raw)
      while let last = line.last, last == "\r" || last == " " || last == "\t" {
        line.removeLast()
      }
      if i == 0 {
        out.emit(String(line))
      } else {
        out.trimTrailingSpaces()
        out.text += "\n" + line
        out.pendingIndent = 0
        out.column = DisplayWidth.of(line)
        out.lineHasContent = !line.isEmpty
      }
    }
  }

  /// Whether the pending trailing comment would be printed after code it does
  /// not belong to: another trailing comment, or a group that breaks and
  /// would end the line inside something that follows the comment's code,
  /// comes before the next line break. Laid out as `print` would, from
  /// `column`, so that the answer is the same each time.
  private func suffixAhead(_ rest: [Command], column: Int) -> Bool {
    var stack = rest
    var column = column
    while let cmd = stack.popLast() {
      switch cmd.doc {
      case .lineSuffix: return true
      case .line:
        if !cmd.flat { return false }
        column += 1
      case .softline: if !cmd.flat { return false }
      case .hardline, .lineStart: return false
      case .verbatim(let s):
        if s.contains("\n") { return false }
        column += DisplayWidth.of(s)
      case .text(let s), .closing(let s): column += DisplayWidth.of(s)
      case .empty, .dangling: break
      case .anchor(_, let inner, _):
        stack.append(Command(indent: cmd.indent, flat: cmd.flat, doc: inner))
      case .ifBreak(let broken, let flat):
        stack.append(Command(indent: cmd.indent, flat: cmd.flat, doc: cmd.flat ? flat : broken))
      case .nest(let n, let inner):
        stack.append(Command(indent: cmd.indent + n, flat: cmd.flat, doc: inner))
      case .group(let inner, let hard):
        if hard { return true }
        let next = Command(indent: cmd.indent, flat: true, doc: inner)
        if !cmd.flat && !fits(next, rest: stack, remaining: width - column) { return true }
        stack.append(next)
      case .concat(let parts):
        for p in parts.reversed() {
          stack.append(Command(indent: cmd.indent, flat: cmd.flat, doc: p))
        }
      }
    }
    return false
  }

  /// Whether `next`, laid out flat, and what follows it up to the next line
  /// break fit in `remaining` cells.
  private func fits(_ next: Command, rest: [Command], remaining: Int) -> Bool {
    var remaining = remaining
    var stack = [next]
    var restIndex = rest.count
    while remaining >= 0 {
      guard let cmd = stack.popLast() else {
        if restIndex == 0 { return true }
        restIndex -= 1
        stack.append(rest[restIndex])
        continue
      }
      switch cmd.doc {
      case .empty, .dangling, .lineSuffix:
        break
      case .anchor(_, let inner, _):
        stack.append(Command(indent: cmd.indent, flat: cmd.flat, doc: inner))
      case .text(let s), .closing(let s):
        remaining -= DisplayWidth.of(s)
      case .verbatim(let s):
        guard let nl = s.firstIndex(of: "\n") else {
          remaining -= DisplayWidth.of(s)
          continue
        }
        return cmd.flat ? false : remaining - DisplayWidth.of(s[..<nl]) >= 0
      case .line:
        if !cmd.flat { return true }
        remaining -= 1
      case .softline:
        if !cmd.flat { return true }
      case .hardline, .lineStart:
        return true
      case .ifBreak(let broken, let flat):
        stack.append(Command(indent: cmd.indent, flat: cmd.flat, doc: cmd.flat ? flat : broken))
      case .nest(let n, let inner):
        stack.append(Command(indent: cmd.indent + n, flat: cmd.flat, doc: inner))
      case .group(let inner, let hard):
        stack.append(Command(indent: cmd.indent, flat: hard ? false : cmd.flat, doc: inner))
      case .concat(let parts):
        for p in parts.reversed() {
          stack.append(Command(indent: cmd.indent, flat: cmd.flat, doc: p))
        }
      }
    }
    return false
  }
}
