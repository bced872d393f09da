import Foundation

/// Finding and reading policy files for tools that work on their text
/// (`policy fmt`), with the loader's rules: `.policy` files below a directory,
/// hidden paths skipped, sorted; UTF-8 only.
public enum PolicySources {
  /// The files named, and the `.policy` files below the directories named.
  public static func collect(_ paths: [String]) -> (files: [String], diagnostics: [Diagnostic]) {
    var diagnostics: [Diagnostic] = []
    let files = PolicyLoader.collect(paths, &diagnostics)
    return (files, diagnostics)
  }

  public static func read(path: String) -> Result<SourceFile, Diagnostic> {
    guard let data = FileManager.default.contents(atPath: path) else {
      return .failure(
        Diagnostic(
          .unreadable, "cannot read policy file `\(path)`",
          at: SourceLocation(file: path, line: 1, column: 1)))
    }
    return decode([UInt8](data), path: path)
  }

  public static func decode(_ bytes: [UInt8], path: String) -> Result<SourceFile, Diagnostic> {
    guard let text = String(validating: bytes, as: UTF8.self) else {
      let (line, col) = PolicyLoader.firstInvalidUTF8(bytes)
      return .failure(
        Diagnostic(
          .invalidUTF8, "policy file `\(path)` is not valid UTF-8",
          at: SourceLocation(file: path, line: line, column: col), hint: "save the file as UTF-8"))
    }
    return .success(SourceFile(path: path, text: text))
  }
}
