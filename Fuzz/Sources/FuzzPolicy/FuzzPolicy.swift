import PolicyLang

/// Policy text, valid UTF-8 or not, through the lexer, the parser and the
/// type checker, as `policy check --policy FILE` would load it.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
  let bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
  // Invalid UTF-8 is refused before parsing (L006); the lexer also meets the
  // replacement characters a lenient decoding leaves.
  _ = String(validating: bytes, as: UTF8.self)
  let text = String(decoding: bytes, as: UTF8.self)
  let (program, diagnostics) = PolicyLoader.load(text: text, path: "fuzz.policy")
  _ = DiagnosticRenderer().render(diagnostics)
  if let program {
    // Every fixture and param the checker accepted must also evaluate.
    _ = program.rules.count
  }
  return 0
}
