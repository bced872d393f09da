/// Something that stopped a rule from being evaluated against one filing:
/// division by zero, overflow, a date out of range, the work budget. It becomes
/// an error for that filing, located in the rule and naming the filing's field.
public struct EvalError: Error, Sendable {
  public var code: DiagnosticCode
  public var message: String
  /// Where in the policy: the expression that failed.
  public var span: SourceSpan
  /// The filing field whose value caused it, when there is one.
  public var field: String?
  public var position: DataPos?

  public init(
    _ code: DiagnosticCode, _ message: String, span: SourceSpan = .none, field: String? = nil,
    position: DataPos? = nil
  ) {
    self.code = code
    self.message = message
    self.span = span
    self.field = field
    self.position = position
  }
}
