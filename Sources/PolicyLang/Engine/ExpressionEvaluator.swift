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
    budget: Int = Evaluator.defaultBudget
  ) -> Swift.Result<Result, Failure> {
    switch CompiledExpression.compile(
      text, program: program, kind: filing?.type, path: path, allowOptional: true)
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
