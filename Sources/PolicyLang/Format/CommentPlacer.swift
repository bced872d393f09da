/// Puts the comments of a file back into the document the formatter built.
///
/// Every `anchor` in the document is a place a comment can belong to: a
/// declaration, a clause, a field, an expression. A comment belongs to the
/// innermost anchor whose source span contains it, and there to one of that
/// anchor's children:
///
/// - a comment that follows code on its line trails the child that ends on
///   that line before it, and is printed at the end of the line that child ends on;
/// - any other comment leads the next child, and is printed on its own lines
///   before it (blank lines around it are kept);
/// - a comment after the last child is printed before the container's closing
///   bracket, or at the end of the file.
///
/// Since comments move with what they belong to, a rule's clauses can be put in
/// their canonical order without losing one. A group holding a comment on a
/// line of its own is broken; a trailing comment breaks the innermost group
/// with a line break after it, so that it stays next to its code; and a group
/// holding a broken group breaks too.
///
/// The rules are chosen so that formatting the output again attaches every
/// comment to the same place: the formatter is idempotent with comments too.
struct CommentPlacer {
  let source: SourceFile
  let comments: [Comment]

  private struct Node {
    var span: SourceSpan
    var parent = 0
    var children: [Int] = []
    var hasSlot = false
    var isClause = false
    /// The anchor's document prints text after its last child.
    var textAfterLastChild = false
  }

  private var nodes: [Node] = []
  private var leading: [Int: [Comment]] = [:]
  private var trailing: [Int: [Comment]] = [:]
  private var dangling: [Int: [Comment]] = [:]

  init(source: SourceFile, comments: [Comment]) {
    self.source = source
    self.comments = comments
  }

  /// The document with every comment in place, and each group marked `hard`
  /// when it must break.
  mutating func place(_ doc: Doc) -> Doc {
    nodes = [Node(span: SourceSpan(0, source.bytes.count))]
    collect(doc, parent: 0)
    for c in comments { attach(c) }
    moveDanglingWithoutSlot()
    separateTrailing()
    for k in Array(leading.keys) { leading[k]?.sort { $0.span.start < $1.span.start } }
    var counter = 0
    var (out, _) = rebuild(doc, owner: 0, counter: &counter)
    if let d = dangling[0], !d.isEmpty {
      let last = nodes[0].children.last.map { nodes[$0].span.end } ?? 0
      var tail: [Doc] = []
      if !nodes[0].children.isEmpty {
        tail.append(.hardline)
        if hasBlankLine(from: last, to: d[0].span.start) { tail.append(.hardline) }
      }
      tail += commentLines(d)
      out = .concat([out] + tail)
    }
    return out
  }

  // MARK: - the tree of anchors

  private mutating func collect(_ doc: Doc, parent: Int) {
    switch doc {
    case .anchor(let span, let inner, let clause):
      nodes.append(Node(span: span, parent: parent, isClause: clause))
      let me = nodes.count - 1
      nodes[parent].children.append(me)
      nodes[parent].textAfterLastChild = false
      collect(inner, parent: me)
    case .dangling:
      nodes[parent].hasSlot = true
    case .text, .verbatim:
      nodes[parent].textAfterLastChild = true
    case .group(let inner, _), .nest(_, let inner):
      collect(inner, parent: parent)
    case .ifBreak(let a, let b):
      collect(a, parent: parent)
      collect(b, parent: parent)
    case .concat(let parts):
      for p in parts { collect(p, parent: parent) }
    case .empty, .closing, .line, .softline, .hardline, .lineStart, .lineSuffix:
      break
    }
  }

  private mutating func attach(_ c: Comment) {
    var at = 0
    descend: while true {
      for child in nodes[at].children {
        let s = nodes[child].span
        if s.start <= c.span.start && c.span.end <= s.end && s.start < s.end {
          at = child
          continue descend
        }
      }
      break
    }
    let children = nodes[at].children.sorted { nodes[$0].span.start < nodes[$1].span.start }
    let prev = children.last { nodes[$0].span.end <= c.span.start }
    if c.trailing, var prev, !hasNewline(from: nodes[prev].span.end, to: c.span.start) {
      // A comment after a declaration's last clause belongs to that clause,
      // which may not stay last.
      while let last = nodes[prev].children.first(where: {
        nodes[$0].isClause && nodes[$0].span.end == nodes[prev].span.end
      }) {
        prev = last
      }
      trailing[prev, default: []].append(c)
    } else if let next = children.first(where: { nodes[$0].span.start >= c.span.end }) {
      lead(next, c)
    } else {
      dangling[at, default: []].append(c)
    }
  }

  /// A comment leading `node` is printed before the outermost anchor that
  /// starts where it does (an opening parenthesis or a clause's word may come
  /// first), and a comment before the first part of a declaration's or
  /// clause's first line (`rule # c` before the rule's id) before the whole
  /// declaration or clause, not in the middle of its line. That is where the
  /// comment is found again when the output is read.
  private mutating func lead(_ node: Int, _ c: Comment) {
    var target = node
    while case let parent = nodes[target].parent, parent != 0 {
      let header = nodes[parent].parent == 0 || nodes[parent].isClause
      let first = nodes[parent].children.min { nodes[$0].span.start < nodes[$1].span.start }
      if nodes[parent].span.start == nodes[target].span.start
        || (header && first == target && !nodes[target].isClause)
      {
        target = parent
      } else {
        break
      }
    }
    leading[target, default: []].append(c)
  }

  /// Comments after the last child of an anchor with no closing bracket go
  /// before the anchor.
  private mutating func moveDanglingWithoutSlot() {
    for (i, node) in nodes.enumerated() where i > 0 && !node.hasSlot {
      for c in dangling.removeValue(forKey: i) ?? [] { lead(i, c) }
    }
  }

  /// Two trailing comments would share a line when one trails an anchor and
  /// the other something printed last inside it, with at most a closing
  /// parenthesis between them. The outer one goes on its own line after the
  /// anchor, as the comment leading whatever is printed next.
  private mutating func separateTrailing() {
    for n in nodes.indices.reversed() where trailing[n] != nil {
      var inner = n
      var clash = false
      while !nodes[inner].textAfterLastChild, let last = nodes[inner].children.last {
        inner = last
        if trailing[inner] != nil {
          clash = true
          break
        }
      }
      guard clash, let moved = trailing.removeValue(forKey: n) else { continue }
      var at = n
      while true {
        let parent = nodes[at].parent
        let siblings = nodes[parent].children
        if let i = siblings.firstIndex(of: at), i + 1 < siblings.count {
          for c in moved { lead(siblings[i + 1], c) }
          break
        }
        if parent == 0 || nodes[parent].hasSlot {
          dangling[parent, default: []] += moved
          break
        }
        at = parent
      }
    }
  }

  // MARK: - putting comments in

  /// What a part of the document holds, for deciding which groups must break.
  private struct Flags {
    /// A line break that always happens (a comment on its own line).
    var hard = false
    /// A place where this level's group may break.
    var hasLine = false
    /// A trailing comment not yet followed by such a place.
    var pendingSuffix = false
    /// A trailing comment followed by such a place: the group must break there.
    var breaksForSuffix = false

    static func sequence(_ parts: [Flags]) -> Flags {
      var out = Flags()
      for f in parts {
        if out.pendingSuffix && f.hasLine { out.breaksForSuffix = true }
        out.hard = out.hard || f.hard
        out.breaksForSuffix = out.breaksForSuffix || f.breaksForSuffix
        out.pendingSuffix = f.hasLine ? f.pendingSuffix : (out.pendingSuffix || f.pendingSuffix)
        out.hasLine = out.hasLine || f.hasLine
      }
      return out
    }
  }

  /// Rebuilds `doc` with the comments of each anchor, numbering anchors in
  /// the order `collect` met them.
  private mutating func rebuild(_ doc: Doc, owner: Int, counter: inout Int) -> (Doc, Flags) {
    switch doc {
    case .empty, .text, .closing:
      return (doc, Flags())
    case .line, .softline:
      return (doc, Flags(hasLine: true))
    case .verbatim(let s):
      let multiline = s.contains("\n")
      return (doc, Flags(hard: multiline, hasLine: multiline))
    case .hardline, .lineStart:
      return (doc, Flags(hard: true, hasLine: true))
    case .lineSuffix:
      return (doc, Flags(pendingSuffix: true))
    case .anchor(let span, let inner, _):
      counter += 1
      let me = counter
      var parts: [(Doc, Flags)] = []
      if let lead = leading[me], !lead.isEmpty {
        var docs: [Doc] = [.lineStart] + commentLines(lead) + [.hardline]
        if let last = lead.last, hasBlankLine(from: last.span.end, to: span.start) {
          docs.append(.hardline)
        }
        parts.append((.concat(docs), Flags(hard: true, hasLine: true)))
      }
      parts.append(rebuild(inner, owner: me, counter: &counter))
      for c in trailing[me] ?? [] {
        parts.append((.lineSuffix("  " + c.text), Flags(pendingSuffix: true)))
      }
      if parts.count == 1 { return parts[0] }
      return (.concat(parts.map(\.0)), Flags.sequence(parts.map(\.1)))
    case .dangling:
      // Printed once, in the owner's first slot.
      guard let d = dangling.removeValue(forKey: owner), !d.isEmpty else {
        return (.empty, Flags())
      }
      var parts: [Doc] = [.lineStart]
      let lastChild = nodes[owner].children.last.map { nodes[$0].span.end }
      if let lastChild, hasBlankLine(from: lastChild, to: d[0].span.start) {
        parts.append(.hardline)
      }
      parts += commentLines(d)
      return (.concat(parts), Flags(hard: true, hasLine: true))
    case .group(let inner, _):
      let (body, f) = rebuild(inner, owner: owner, counter: &counter)
      // The group's own line breaks stay inside it; that it breaks, and a
      // trailing comment still waiting for a line break, go on outwards.
      let hard = f.hard || f.breaksForSuffix
      return (.group(body, hard: hard), Flags(hard: hard, pendingSuffix: f.pendingSuffix))
    case .nest(let n, let inner):
      let (body, f) = rebuild(inner, owner: owner, counter: &counter)
      return (.nest(n, body), f)
    case .ifBreak(let a, let b):
      let (x, fx) = rebuild(a, owner: owner, counter: &counter)
      let (y, fy) = rebuild(b, owner: owner, counter: &counter)
      return (.ifBreak(x, y), Flags.sequence([fx, fy]))
    case .concat(let parts):
      var docs: [Doc] = []
      var flags: [Flags] = []
      for p in parts {
        let (d, f) = rebuild(p, owner: owner, counter: &counter)
        docs.append(d)
        flags.append(f)
      }
      return (.concat(docs), Flags.sequence(flags))
    }
  }

  /// Comments one per line, keeping a blank line where the source had one.
  private func commentLines(_ cs: [Comment]) -> [Doc] {
    var out: [Doc] = []
    for (i, c) in cs.enumerated() {
      if i > 0 {
        out.append(.hardline)
        if hasBlankLine(from: cs[i - 1].span.end, to: c.span.start) { out.append(.hardline) }
      }
      out.append(.text(c.text))
    }
    return out
  }

  private func hasNewline(from a: Int, to b: Int) -> Bool {
    guard a < b else { return false }
    return source.bytes[a..<min(b, source.bytes.count)].contains(UInt8(ascii: "\n"))
  }

  func hasBlankLine(from a: Int, to b: Int) -> Bool {
    SourceGaps(source: source).hasBlankLine(from: a, to: b)
  }
}

/// Questions about the text between two places in a source file.
struct SourceGaps {
  let source: SourceFile

  /// Whether a line with nothing but spaces lies between the two offsets.
  func hasBlankLine(from a: Int, to b: Int) -> Bool {
    let bytes = source.bytes
    guard a < b else { return false }
    var afterNewline = false
    for i in a..<min(b, bytes.count) {
      switch bytes[i] {
      case UInt8(ascii: "\n"):
        if afterNewline { return true }
        afterNewline = true
      case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
        break
      default:
        afterNewline = false
      }
    }
    return false
  }
}
