import FuzzSupport

/// Arbitrary bytes as a `.json` filing file (see `fuzzReader`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
  fuzzReader(start, count, format: .json)
  return 0
}
