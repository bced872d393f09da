/// A problem found while reading a filing file: where it is and what is wrong.
/// `line` 0 means the problem concerns the whole file (it could not be read at
/// all); the message then names the path.
public struct DataError: Error, Sendable, Equatable, CustomStringConvertible {
  public var code: DiagnosticCode
  public var file: String
  /// 1-based line, or 0 when the error has no position in the file.
  public var line: Int
  /// 1-based column counted in Unicode scalars, or 0 with `line` 0.
  public var column: Int
  /// Lowercase, no trailing period, user input in backticks.
  public var message: String

  public init(_ code: DiagnosticCode, _ message: String, file: String, line: Int, column: Int) {
    self.code = code
    self.file = file
    self.line = line
    self.column = column
    self.message = message
  }

  /// The error as a diagnostic with an explicit location (there is no policy
  /// source to show a code frame from).
  public var diagnostic: Diagnostic {
    let location = line > 0 ? SourceLocation(file: file, line: line, column: column) : nil
    return Diagnostic(code, message, at: location)
  }

  public var description: String { diagnostic.description }
}

/// Bounds that keep a hostile or broken file from exhausting memory, time or
/// the stack. Exceeding one is a located `limitExceeded` (D010) error.
public struct LoaderLimits: Sendable, Equatable {
  /// Deepest nesting of lists and objects; a top-level object is at depth 1.
  /// Default 64.
  public var maxDepth: Int
  /// Longest single string (or key) or number, in UTF-8 bytes of its text
  /// (decoded, for a JSON string with escapes). Default 1 MiB.
  public var maxStringBytes: Int
  /// Longest line of a `.jsonl` file, in bytes without the line end, and
  /// longest element of a `.json` array (`JSONArrayScanner`). Default 16 MiB.
  public var maxLineBytes: Int
  /// Errors kept for one file; any further errors are summed up in one final
  /// `limitExceeded` error. Default 100.
  public var maxErrorsPerFile: Int
  /// Values one YAML file may produce once aliases are expanded (guards
  /// against "billion laughs" documents). Default 1,000,000.
  public var maxYAMLNodes: Int

  public init(
    maxDepth: Int = 64, maxStringBytes: Int = 1 << 20, maxLineBytes: Int = 16 << 20,
    maxErrorsPerFile: Int = 100, maxYAMLNodes: Int = 1_000_000
  ) {
    self.maxDepth = maxDepth
    self.maxStringBytes = maxStringBytes
    self.maxLineBytes = maxLineBytes
    self.maxErrorsPerFile = maxErrorsPerFile
    self.maxYAMLNodes = maxYAMLNodes
  }
}

/// Collects the errors of one file, keeping at most `limit` of them and
/// summing up the rest in one final error so that nothing is silently lost.
struct ErrorCollector {
  let limit: Int
  private(set) var kept: [DataError] = []
  private var dropped = 0
  private var firstDropped: DataError?

  init(limit: Int) { self.limit = max(1, limit) }

  mutating func add(_ error: DataError) {
    if kept.count < limit {
      kept.append(error)
    } else {
      if firstDropped == nil { firstDropped = error }
      dropped += 1
    }
  }

  var errors: [DataError] {
    guard let first = firstDropped else { return kept }
    let noun = dropped == 1 ? "error" : "errors"
    return kept + [
      DataError(
        .limitExceeded,
        "too many errors in this file: \(dropped) more \(noun) not shown",
        file: first.file, line: first.line, column: first.column)
    ]
  }
}
