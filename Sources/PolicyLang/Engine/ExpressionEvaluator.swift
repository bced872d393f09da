/// Checks and evaluates one expression outside any rule: for the REPL, the
/// documentation's examples and `--param` values. With a filing, its fields
/// are in scope; with a program, its params and definitions are.
public enum ExpressionEvaluator {
  public struct Result: Sendable {
    public var value: Value
    public var type: PType
  }

  /// The diagnostics that kept an expression from being evaluated.
  public struct Failure: Error, Sendable {
    public var diagnostics: [Diagnostic]
  }

  public static func evaluate(
    _ text: String, program: Program?, filing: RecordValue? = nil, path: String = "<expression>",
    budget: Int = Evaluator.defaultBudget, limits: PolicyLimits = .init()
  ) -> Swift.Result<Result, Failure> {
    // Parsing, checking and evaluating recurse once per level of nesting.
    LargeStack.run {
      evaluateHere(
        text, program: program, filing: filing, path: path, budget: budget, limits: limits)
    }
  }

  private static func evaluateHere(
    _ text: String, program: Program?, filing: RecordValue?, path: String, budget: Int,
    limits: PolicyLimits
  ) -> Swift.Result<Result, Failure> {
    let source = SourceFile(path: path, text: text)
    let (expr, ds) = Parser.parseExpression(source, maxDepth: limits.maxDepth)
    guard let expr, !ds.hasErrors else { return .failure(Failure(diagnostics: ds)) }
    var checker = Checker(source: source)
    checker.limits = limits
    if let program {
      checker.params = program.params
      checker.paramIndex = program.paramIndex
      checker.defines = program.defines
      checker.records = program.records
      checker.filings = program.filings
    }
    var scope = Scope(filing: filing?.type)
    let node = checker.checkExpr(expr, &scope)
    if checker.diagnostics.hasErrors { return .failure(Failure(diagnostics: checker.diagnostics)) }
    let date: CivilDate?
    if case .date(let d)? = filing?["report_date"] { date = d } else { date = nil }
    var ev = Evaluator(
      filing: filing, params: program?.params.map { $0.value(on: date) } ?? [],
      localCount: checker.localCount, budget: budget)
    ev.language = .en
    do throws(EvalError) {
      return .success(Result(value: try ev.eval(node), type: node.type))
    } catch {
      return .failure(
        Failure(diagnostics: [
          Diagnostic(error.code, error.message, source: source, span: error.span)
        ]))
    }
  }
}
