import FuzzSupport

/// Arbitrary bytes as a `.jsonl` filing file (see `fuzzReader`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
  fuzzReader(start, count, format: .jsonl)
  return 0
}
