/// Byte-level helpers shared by the readers: UTF-8 validation and turning a
/// byte offset into a line and column.
enum TextScan {
  /// The UTF-8 byte order mark some editors put at the start of a file.
  static func bomLength(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
    bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
  }

  /// Where the first JSON value in `bytes` starts: after a byte order
  /// mark and whitespace (`bytes.count` when there is none).
  static func valueStart(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
    var i = bomLength(bytes)
    while i < bytes.count, isJSONWhitespace(bytes[i]) { i += 1 }
    return i
  }

  private static func isJSONWhitespace(_ b: UInt8) -> Bool {
    b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D
  }

  /// Length of the well-formed UTF-8 sequence of two to four bytes starting
  /// at `i` (whose first byte is 0x80 or above), or 0 when it is ill-formed:
  /// stray continuation bytes, overlong forms, surrogates, values above
  /// U+10FFFF and truncated sequences.
  /// Word-at-a-time tests: the high bit of each byte of the result marks a
  /// byte of `w` equal to `b` (`bytesEqual`) or below it (`bytesBelow`).
  /// A borrow may also mark bytes above a marked one, never a byte below the
  /// lowest real one: the first mark is exact, the rest need checking.
  @inline(__always)
  static func bytesEqual(_ w: UInt64, _ b: UInt8) -> UInt64 {
    let x = w ^ (ones &* UInt64(b))
    return (x &- ones) & ~x & highBits
  }

  @inline(__always)
  static func bytesBelow(_ w: UInt64, _ b: UInt8) -> UInt64 {
    (w &- ones &* UInt64(b)) & ~w & highBits
  }

  static let ones: UInt64 = 0x0101_0101_0101_0101
  static let highBits: UInt64 = 0x8080_8080_8080_8080

  @inline(__always)
  static func sequenceLength(_ p: UnsafePointer<UInt8>, _ i: Int, _ end: Int) -> Int {
    let b0 = p[i]
    if b0 < 0xC2 { return 0 }
    if b0 < 0xE0 {
      return i + 1 < end && p[i + 1] & 0xC0 == 0x80 ? 2 : 0
    }
    if b0 < 0xF0 {
      guard i + 2 < end else { return 0 }
      let b1 = p[i + 1]
      let lo: UInt8 = b0 == 0xE0 ? 0xA0 : 0x80
      let hi: UInt8 = b0 == 0xED ? 0x9F : 0xBF
      return b1 >= lo && b1 <= hi && p[i + 2] & 0xC0 == 0x80 ? 3 : 0
    }
    if b0 < 0xF5 {
      guard i + 3 < end else { return 0 }
      let b1 = p[i + 1]
      let lo: UInt8 = b0 == 0xF0 ? 0x90 : 0x80
      let hi: UInt8 = b0 == 0xF4 ? 0x8F : 0xBF
      return b1 >= lo && b1 <= hi && p[i + 2] & 0xC0 == 0x80 && p[i + 3] & 0xC0 == 0x80 ? 4 : 0
    }
    return 0
  }

  /// The first byte offset at or after `start` that is a NUL or not part of
  /// well-formed UTF-8, with the message for it.
  static func firstEncodingProblem(
    _ bytes: UnsafeBufferPointer<UInt8>, from start: Int = 0
  ) -> (offset: Int, message: String)? {
    guard let p = bytes.baseAddress else { return nil }
    let end = bytes.count
    var i = start
    while i < end {
      // Eight ASCII bytes without a NUL at a time.
      while i + 8 <= end {
        let w = UInt64(littleEndian: UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self))
        let zero = (w &- 0x0101_0101_0101_0101) & ~w
        if (w | zero) & 0x8080_8080_8080_8080 != 0 { break }
        i += 8
      }
      guard i < end else { break }
      let b = p[i]
      if b == 0 { return (i, "NUL byte in input") }
      if b < 0x80 {
        i += 1
        continue
      }
      let n = sequenceLength(p, i, end)
      if n == 0 { return (i, invalidByteMessage(b)) }
      i += n
    }
    return nil
  }

  static func invalidByteMessage(_ b: UInt8) -> String {
    "invalid UTF-8 byte 0x\(hex(b))"
  }

  static func hex(_ b: UInt8) -> String {
    let digits = Array("0123456789ABCDEF")
    return String([digits[Int(b >> 4)], digits[Int(b & 15)]])
  }

  /// 1-based line and column of a byte offset: lines end at LF, the column
  /// counts Unicode scalars and leaves out carriage returns. `start` is the
  /// offset of the first byte of line 1 (after a byte order mark).
  static func location(
    of offset: Int, in bytes: UnsafeBufferPointer<UInt8>, start: Int = 0
  ) -> (line: Int, column: Int) {
    var line = 1
    var column = 1
    var i = start
    let end = min(offset, bytes.count)
    while i < end {
      let b = bytes[i]
      if b == 0x0A {
        line += 1
        column = 1
      } else if b != 0x0D && b & 0xC0 != 0x80 {
        column += 1
      }
      i += 1
    }
    return (line, column)
  }
}

/// A stack of the values of the containers being parsed whose elements are
/// moved, not copied, into the arrays it hands out: no reference counting
/// traffic per element and one exactly sized allocation per container.
struct MoveStack<Element>: ~Copyable {
  private var base: UnsafeMutablePointer<Element>
  private var capacity: Int
  private(set) var count = 0

  init(capacity: Int = 16) {
    self.capacity = capacity
    base = .allocate(capacity: capacity)
  }

  deinit {
    base.deinitialize(count: count)
    base.deallocate()
  }

  @inline(__always)
  mutating func push(_ element: consuming Element) {
    if count == capacity { grow() }
    (base + count).initialize(to: element)
    count += 1
  }

  @inline(__always)
  subscript(_ i: Int) -> Element {
    _read { yield base[i] }
  }

  /// Moves the elements from `start` up into a new array.
  mutating func pop(from start: Int) -> [Element] {
    let n = count - start
    let source = base + start
    count = start
    return [Element](unsafeUninitializedCapacity: n) { buffer, initialized in
      if let target = buffer.baseAddress { target.moveInitialize(from: source, count: n) }
      initialized = n
    }
  }

  mutating func removeAll() {
    base.deinitialize(count: count)
    count = 0
  }

  private mutating func grow() {
    let larger = UnsafeMutablePointer<Element>.allocate(capacity: capacity * 2)
    larger.moveInitialize(from: base, count: count)
    base.deallocate()
    base = larger
    capacity *= 2
  }
}
