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
    switch CompiledExpression.compile(
      text, program: program, kind: filing?.type, path: path, allowOptional: true, limits: limits)
    {
    case .failure(let f):
      return .failure(f)
    case .success(let compiled):
      do throws(EvalError) {
        let v = try compiled.evaluate(
          filing: filing, params: program?.paramValues(for: filing) ?? [], language: .en,
          budget: budget)
        return .success(Result(value: v, type: compiled.type))
      } catch {
        return .failure(
          Failure(
            diagnostics: [
              Diagnostic(error.code, error.message, source: compiled.source, span: error.span)
            ]))
      }
    }
  }
}
