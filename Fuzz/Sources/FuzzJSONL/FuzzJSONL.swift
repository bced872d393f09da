import PolicyLang

/// Arbitrary bytes as a `.jsonl` filing file, with small limits so that
/// every limit is reached often.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
  let bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
  var small = LoaderLimits()
  small.maxDepth = 8
  small.maxStringBytes = 64
  small.maxLineBytes = 512
  small.maxErrorsPerFile = 3
  small.maxYAMLNodes = 200
  for limits in [LoaderLimits(), small] {
    let result = FilingReader.read(bytes: bytes, file: "fuzz.jsonl", format: .jsonl, limits: limits)
    for e in result.errors { _ = e.description }
  }
  return 0
}
