/// `policy fmt`: one canonical layout for policy files, as gofmt has for Go.
///
/// The file is parsed, a document is built from its syntax tree in the canonical
/// layout (`LayoutBuilder`), the comments are put back where they belong
/// (`CommentPlacer`), and the document is printed in lines of at most 100 cells
/// (`DocPrinter`). Literals, string literals and comments are copied from the
/// source byte for byte; only layout, redundant parentheses and optional commas change.
public enum PolicyFormatter {
  public static let defaultWidth = 100

  public enum Outcome: Sendable {
    case formatted(String)
    /// The file does not parse; it is not formatted.
    case syntaxErrors([Diagnostic])
    /// The formatter's own check found that its output would not mean what the
    /// input means, or would lose a comment; the file must be left alone.
    case unfaithful(String)
  }

  /// Formats a file, then checks the result: it must parse to the same tree
  /// (`SyntaxDump`) with the same comments.
  /// `maxDepth` is the parser's limit on nesting (`--max-policy-depth`);
  /// deep nesting recurses, so call this on a `LargeStack` thread.
  public static func format(
    _ source: SourceFile, width: Int = defaultWidth, maxDepth: Int = PolicyLimits().maxDepth
  ) -> Outcome {
    let (file, diagnostics) = Parser.parse(source, maxDepth: maxDepth)
    if diagnostics.hasErrors { return .syntaxErrors(diagnostics) }
    let text = layout(file, width: width)
    let again = SourceFile(path: source.path, text: text)
    let (reparsed, ds) = Parser.parse(again, maxDepth: maxDepth)
    if ds.hasErrors {
      return .unfaithful(
        "the formatted text does not parse: \(ds.first { $0.severity == .error }?.description ?? "")"
      )
    }
    if SyntaxDump.dump(file) != SyntaxDump.dump(reparsed) {
      return .unfaithful("the formatted text has a different syntax tree")
    }
    if file.comments.map(\.text).sorted() != reparsed.comments.map(\.text).sorted() {
      return .unfaithful("the formatted text does not keep every comment")
    }
    return .formatted(text)
  }

  /// The canonical text of a parsed file, without the check of `format`.
  static func layout(_ file: PolicyFile, width: Int = defaultWidth) -> String {
    let builder = LayoutBuilder(source: file.source, comments: file.comments)
    var placer = CommentPlacer(source: file.source, comments: file.comments)
    let doc = placer.place(builder.file(file))
    var text = DocPrinter(width: width).print(doc)
    if !text.isEmpty { text += "\n" }
    if file.source.bytes.starts(with: [0xEF, 0xBB, 0xBF]) { text = "\u{FEFF}" + text }
    return text
  }
}
