extension Array {
  /// `Array(repeating:count:)`, allocated through `reserveCapacity`. The
  /// standard library's `init(repeating:count:)` allocates out of line, in
  /// unspecialised code that looks the storage's type metadata up in a
  /// runtime cache on every call: about 500 instructions per array (measured
  /// with callgrind), more than filling a filing's record costs.
  @inline(__always)
  init(filled value: Element, count: Int) {
    self = []
    reserveCapacity(count)
    for _ in 0..<count { append(value) }
  }
}
