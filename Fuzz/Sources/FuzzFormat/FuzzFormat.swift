import PolicyLang

/// Policy text through `policy fmt`: whatever parses must format to text that
/// parses to the same tree with the same comments (the formatter's own check,
/// `unfaithful` otherwise), and formatting that text again must change nothing.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
  let bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
  guard let text = String(validating: bytes, as: UTF8.self) else { return 0 }
  switch PolicyFormatter.format(SourceFile(path: "fuzz.policy", text: text)) {
  case .syntaxErrors:
    return 0
  case .unfaithful(let why):
    fatalError("formatter unfaithful: \(why)")
  case .formatted(let once):
    guard
      case .formatted(let twice) = PolicyFormatter.format(
        SourceFile(path: "fuzz.policy", text: once)),
      twice == once
    else { fatalError("formatter not idempotent") }
    return 0
  }
}
