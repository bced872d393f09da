#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Bytes read from a file, shared (read-only) by the workers that parse its
/// lines or elements.
final class Block: Sendable {
  let bytes: [UInt8]
  init(_ bytes: [UInt8]) { self.bytes = bytes }
}

enum FileChunks {
  /// The bytes `carry`, then up to `size` more read from `fd`: how many
  /// were read (0 at the end of the file), and whether reading failed
  /// (`errno` says why).
  static func read(_ fd: Int32, after carry: [UInt8], size: Int) -> ([UInt8], Int, Bool) {
    var n = 0
    var failed = false
    let bytes = [UInt8](unsafeUninitializedCapacity: carry.count + size) { buf, count in
      guard let base = buf.baseAddress else { return }
      carry.withUnsafeBufferPointer { c in
        if let src = c.baseAddress { base.initialize(from: src, count: c.count) }
      }
      while true {
        n = systemRead(fd, base + carry.count, size)
        if n < 0 && errno == EINTR { continue }
        break
      }
      if n < 0 {
        failed = true
        n = 0
      }
      count = carry.count + n
    }
    return (bytes, n, failed)
  }

  /// The array in `fd` a chunk at a time, its first chunk `first` already
  /// read: `each` gets the elements and the error that ends the document,
  /// with the block they are in, until `stop` says so. Returns `errno` when
  /// reading fails, else 0.
  static func scanArray(
    _ fd: Int32, first: [UInt8], file: String, limits: LoaderLimits, chunkSize: Int,
    stop: () -> Bool, each: (Block, JSONArrayScanner.Event) -> Void
  ) -> Int32 {
    var scanner = JSONArrayScanner(file: file, limits: limits)
    var (bytes, n) = (first, first.count)
    while !stop() {
      let atEnd = n == 0
      let block = Block(bytes)
      let keep = block.bytes.withUnsafeBufferPointer { buf in
        scanner.scan(buf, atEnd: atEnd) { each(block, $0) }
      }
      if scanner.isFinished || atEnd { break }
      // An element longer than a chunk: read as much again as is kept, so
      // that the bytes kept are copied a few times, not once per chunk.
      let carry = Array(block.bytes[keep...])
      let failed: Bool
      (bytes, n, failed) = read(fd, after: carry, size: max(chunkSize, carry.count))
      if failed { return errno }
    }
    return 0
  }
}

/// `read(2)`, named apart from `FileChunks.read`.
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutablePointer<UInt8>, _ count: Int) -> Int {
  read(fd, buffer, count)
}
