/// An expression checked once against a program and a filing kind, then
/// evaluated against any number of filings of that kind: the REPL's
/// expressions and the columns and conditions of its queries.
public struct CompiledExpression: Sendable {
  public let node: CheckedExpr
  public let source: SourceFile
  /// The filing kind whose fields were in scope, if any.
  public let kind: RecordType?
  /// Warnings from checking (an optional that is always present, …).
  public let warnings: [Diagnostic]
  let localCount: Int

  public var type: PType { node.type }

  /// Checks `text` with the fields of `kind` (when given) and the program's
  /// params and definitions in scope. `allowOptional` lets the value be
  /// absent (a query column); otherwise an optional must be checked first,
  /// as in a rule.
  public static func compile(
    _ text: String, program: Program?, kind: RecordType?, path: String = "<input>",
    allowOptional: Bool = false, limits: PolicyLimits = .init()
  ) -> Result<CompiledExpression, ExpressionEvaluator.Failure> {
    compile(
      source: SourceFile(path: path, text: text), range: nil, program: program, kind: kind,
      allowOptional: allowOptional, limits: limits)
  }

  /// Checks the expression in `range` of `source`, so that a code frame shows
  /// the whole line it was written in.
  public static func compile(
    source: SourceFile, range: SourceSpan?, program: Program?, kind: RecordType?,
    allowOptional: Bool = false, limits: PolicyLimits = .init()
  ) -> Result<CompiledExpression, ExpressionEvaluator.Failure> {
    let (expr, ds) = Parser.parseExpression(source, range: range, maxDepth: limits.maxDepth)
    guard let expr, !ds.hasErrors else {
      let all =
        ds.isEmpty
        ? [
          Diagnostic(
            .expectedExpression, "expected an expression", source: source, span: range ?? .none)
        ]
        : ds
      return .failure(ExpressionEvaluator.Failure(diagnostics: all))
    }
    return compile(
      expr, source: source, program: program, kind: kind, allowOptional: allowOptional,
      limits: limits)
  }

  /// Checks an expression that has already been parsed from `source`.
  public static func compile(
    _ expr: Expr, source: SourceFile, program: Program?, kind: RecordType?,
    allowOptional: Bool = false, limits: PolicyLimits = .init()
  ) -> Result<CompiledExpression, ExpressionEvaluator.Failure> {
    var checker = Checker(source: source)
    checker.limits = limits
    if let program {
      checker.params = program.params
      checker.paramIndex = program.paramIndex
      checker.defines = program.defines
      checker.records = program.records
      checker.filings = program.filings
    }
    var scope = Scope(filing: kind)
    let node = checker.checkExpr(expr, &scope, allowOptional: allowOptional)
    let ds = checker.diagnostics.deduplicated()
    if ds.hasErrors { return .failure(ExpressionEvaluator.Failure(diagnostics: ds)) }
    return .success(
      CompiledExpression(
        node: node, source: source, kind: kind, warnings: ds, localCount: checker.localCount))
  }

  /// The expression's value for one filing (or none, for an expression that
  /// reads no filing field).
  public func evaluate(
    filing: RecordValue?, params: [Value], language: Language = .zh,
    budget: Int = Evaluator.defaultBudget
  ) throws(EvalError) -> Value {
    var ev = Evaluator(filing: filing, params: params, localCount: localCount, budget: budget)
    ev.language = language
    return Evaluator.coerce(try ev.eval(node), to: node.type)
  }
}

extension Program {
  /// The values of the params on a filing's report date (or, without a date,
  /// the latest version of each), overrides included.
  public func paramValues(for filing: RecordValue?) -> [Value] {
    params.map { $0.value(on: filing?.reportDate) }
  }
}
