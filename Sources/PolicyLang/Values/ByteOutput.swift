/// Where the byte writers (numbers, dates, JSON strings, messages) append:
/// a byte array, or a `RawBytes` (a JSON Lines sink's lines, a message
/// being made, a filing's placed messages).
protocol ByteOutput {
  mutating func append(_ byte: UInt8)
  mutating func append(_ bytes: UnsafePointer<UInt8>, count: Int)
  /// Room for `n` more bytes, made before a run of single-byte appends.
  mutating func reserveMore(_ n: Int)
}

extension ByteOutput {
  /// Bytes made elsewhere (a buffer's, a literal's).
  @inline(__always)
  mutating func append(_ b: UnsafeBufferPointer<UInt8>) {
    if let p = b.baseAddress { append(p, count: b.count) }
  }

  /// A text's UTF-8, copied whole when the text is stored contiguously (a
  /// native `String` is), else byte by byte.
  @inline(__always)
  mutating func append(utf8 s: String) {
    let copied: Bool? = s.utf8.withContiguousStorageIfAvailable { b in
      append(b)
      return true
    }
    if copied == nil { for byte in s.utf8 { append(byte) } }
  }

  /// Fixed bytes (a separator, a literal, a rule's escaped texts), through
  /// the array's buffer: appending the array itself would retain and
  /// release it.
  @inline(__always)
  mutating func append(_ bytes: [UInt8]) {
    bytes.withUnsafeBufferPointer { append($0) }
  }
}

extension Array: ByteOutput where Element == UInt8 {
  /// Doubling, as appends grow an array: `reserveCapacity` alone allocates
  /// exactly what is asked, and a large array filled by many writers would
  /// be copied once per writer.
  mutating func reserveMore(_ n: Int) {
    if capacity - count < n { reserveCapacity(Swift.max(count + n, 2 * capacity)) }
  }

  @inline(__always)
  mutating func append(_ bytes: UnsafePointer<UInt8>, count: Int) {
    append(contentsOf: UnsafeBufferPointer(start: bytes, count: count))
  }
}

/// A growable run of bytes behind a pointer, for output assembled from many
/// short pieces: a violation's evidence is about 3 KB written in some 400
/// pieces (keys, punctuation, values), and `Array`'s append costs a
/// uniqueness check and a generic copy per piece, which made it a quarter of
/// the cost of writing the evidence (and a third of making a message). The
/// owner frees it (`free`) when done with the bytes; a copy of the struct
/// shares the storage.
struct RawBytes: ByteOutput {
  private(set) var base: UnsafeMutablePointer<UInt8>
  private(set) var count = 0
  private(set) var capacity: Int

  init(capacity: Int) {
    self.capacity = Swift.max(capacity, 16)
    base = .allocate(capacity: self.capacity)
  }

  func free() { base.deallocate() }

  /// Empty again, keeping its room.
  mutating func clear() { count = 0 }

  /// The first `n` bytes kept, the rest dropped (`n` is at most `count`).
  mutating func truncate(to n: Int) {
    precondition(n >= 0 && n <= count, "truncated past the end")
    count = n
  }

  var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

  @inline(__always)
  mutating func append(_ byte: UInt8) {
    if count == capacity { grow(1) }
    base[count] = byte
    count += 1
  }

  @inline(__always)
  mutating func append(_ bytes: UnsafePointer<UInt8>, count n: Int) {
    if capacity - count < n { grow(n) }
    RawBytes.copy(bytes, n, to: base + count)
    count += n
  }

  /// Copies `n` bytes. Most pieces are a few bytes: two overlapping words,
  /// not a call to memcpy.
  @inline(__always)
  static func copy(_ bytes: UnsafePointer<UInt8>, _ n: Int, to: UnsafeMutablePointer<UInt8>) {
    let from = UnsafeRawPointer(bytes)
    let raw = UnsafeMutableRawPointer(to)
    if n >= 8 && n <= 16 {
      let head = from.loadUnaligned(as: UInt64.self)
      let tail = from.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
      raw.storeBytes(of: head, as: UInt64.self)
      raw.storeBytes(of: tail, toByteOffset: n - 8, as: UInt64.self)
    } else if n >= 4 && n < 8 {
      let head = from.loadUnaligned(as: UInt32.self)
      let tail = from.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self)
      raw.storeBytes(of: head, as: UInt32.self)
      raw.storeBytes(of: tail, toByteOffset: n - 4, as: UInt32.self)
    } else if n < 4 {
      for i in 0..<n { to[i] = bytes[i] }
    } else {
      raw.copyMemory(from: from, byteCount: n)
    }
  }

  mutating func reserveMore(_ n: Int) { _ = reserve(n) }

  /// Room for `n` more bytes, where they go: write them, then `advance`.
  @inline(__always)
  mutating func reserve(_ n: Int) -> UnsafeMutablePointer<UInt8> {
    if capacity - count < n { grow(n) }
    return base + count
  }

  @inline(__always)
  mutating func advance(by n: Int) { count += n }

  @inline(never)
  private mutating func grow(_ n: Int) {
    let wanted = Swift.max(capacity * 2, count + n)
    let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: wanted)
    larger.initialize(from: base, count: count)
    base.deallocate()
    base = larger
    capacity = wanted
  }
}
