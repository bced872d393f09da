/// One message about a policy file, a filing or a run: what went wrong, where,
/// and (separately, per the Cedar style guide) how to fix it.
public struct Diagnostic: Sendable, Error, CustomStringConvertible {
  public enum Severity: String, Sendable, Comparable {
    case error, warning, note
    private var rank: Int {
      switch self {
      case .error: 0
      case .warning: 1
      case .note: 2
      }
    }
    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
  }

  public var severity: Severity
  public var code: DiagnosticCode
  /// Lowercase, no trailing period, user input in backticks.
  public var message: String
  /// The source whose text is shown in the code frame, when there is one.
  public var source: SourceFile?
  public var span: SourceSpan
  /// Where the problem is when there is no policy source (filings, command line).
  public var explicitLocation: SourceLocation?
  /// Short text printed beside the caret.
  public var label: String?
  public var hint: String?

  public init(
    _ code: DiagnosticCode, _ message: String, source: SourceFile? = nil,
    span: SourceSpan = .none, at location: SourceLocation? = nil, label: String? = nil,
    hint: String? = nil, severity: Severity = .error
  ) {
    self.code = code
    self.message = message
    self.source = source
    self.span = span
    self.explicitLocation = location
    self.label = label
    self.hint = hint
    self.severity = severity
  }

  public var location: SourceLocation? {
    if let source { return source.location(of: span.start) }
    return explicitLocation
  }

  public var description: String {
    let place = location.map { "\($0): " } ?? ""
    return "\(place)\(severity.rawValue)[\(code.rawValue)]: \(message)"
  }
}

/// Diagnostics sorted by position; the sort is stable so that equal positions
/// keep the order in which they were found.
extension Array where Element == Diagnostic {
  public func sortedByLocation() -> [Diagnostic] {
    enumerated().sorted { a, b in
      switch (a.element.location, b.element.location) {
      case (let x?, let y?) where x != y: return x < y
      case (nil, .some): return false
      case (.some, nil): return true
      default: return a.offset < b.offset
      }
    }.map(\.element)
  }

  public var hasErrors: Bool { contains { $0.severity == .error } }
}
