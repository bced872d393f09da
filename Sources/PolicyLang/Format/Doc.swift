/// A document for the pretty printer, after Wadler's "A prettier printer" and
/// the printer of Prettier: text, and the places where a line may break. A
/// `group` is laid out on one line when it fits and broken at all of its own
/// `line`s otherwise.
indirect enum Doc: Sendable {
  case empty
  /// Text on one line.
  case text(String)
  /// Text that closes what the enclosing anchor opened, a parenthesis: a
  /// comment trailing what is inside is printed after it.
  case closing(String)
  /// Text that may span lines (a string whose interpolation spans lines); its
  /// later lines are printed exactly as written, not re-indented.
  case verbatim(String)
  /// A space, or a line break when the enclosing group is broken.
  case line
  /// Nothing, or a line break when the enclosing group is broken.
  case softline
  /// Always a line break; the enclosing groups break too.
  case hardline
  /// A line break unless nothing but indentation has been printed on this line.
  case lineStart
  /// Printed at the end of the current line (a trailing comment); the enclosing
  /// groups break so that the comment stays next to what it follows.
  case lineSuffix(String)
  /// The first document when the enclosing group is broken, else the second.
  case ifBreak(Doc, Doc)
  case nest(Int, Doc)
  /// `hard` is set when the group contains a forced break; see `CommentPlacer`.
  case group(Doc, hard: Bool)
  case concat([Doc])
  /// A place comments attach to: the source span of what `Doc` prints.
  /// `clause` marks a clause the formatter may move (a rule's clauses are put
  /// in order), so that a comment trailing it moves along.
  case anchor(SourceSpan, Doc, clause: Bool = false)
  /// Where the comments left over inside a container (before its closing
  /// bracket) are printed.
  case dangling(SourceSpan)
}

extension Doc {
  static func group(_ parts: Doc...) -> Doc { .group(.concat(parts), hard: false) }
  static func group(_ parts: [Doc]) -> Doc { .group(.concat(parts), hard: false) }
  static func nest(_ parts: Doc...) -> Doc { .nest(2, .concat(parts)) }
  static func nest(_ parts: [Doc]) -> Doc { .nest(2, .concat(parts)) }
  static func cat(_ parts: Doc...) -> Doc { .concat(parts) }
  static func clause(_ span: SourceSpan, _ doc: Doc) -> Doc { .anchor(span, doc, clause: true) }

  /// Docs with a separator between each pair.
  static func join(_ docs: [Doc], _ separator: Doc) -> Doc {
    var out: [Doc] = []
    for (i, d) in docs.enumerated() {
      if i > 0 { out.append(separator) }
      out.append(d)
    }
    return .concat(out)
  }
}
