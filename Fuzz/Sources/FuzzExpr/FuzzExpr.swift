import PolicyLang

/// Random well-typed expressions, checked and evaluated: any error is fine
/// (overflow, division by zero, a date out of range, the budget), a crash is not.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
  var generator = ExpressionGenerator(Array(UnsafeRawBufferPointer(start: start, count: count)))
  let text = generator.expression()
  switch ExpressionEvaluator.evaluate(text, program: nil, budget: 100_000) {
  case .success(let r):
    _ = ValueFormatter(language: .en).format(r.value, as: r.type)
    _ = ValueFormatter(language: .zh).format(r.value, as: r.type)
  case .failure(let f):
    _ = DiagnosticRenderer().render(f.diagnostics)
  }
  return 0
}
