#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// A JSON Lines file read in chunks of a megabyte and handed over one line at
/// a time, so that a corpus of any size is compared in bounded memory. Lines,
/// indexes and errors are those `JSONLinesReader.read` gives for the whole
/// file. (The loader may later stream JSON Lines itself; then this goes.)
enum JSONLinesStream {
  static let chunk = 1 << 20

  /// Calls `body` for each non-blank line; returns an error when the file
  /// cannot be opened or read (lines already handed over stay handed over).
  static func forEach(
    path: String, limits: LoaderLimits, _ body: (Result<RawFiling, DataError>) -> Void
  ) -> DataError? {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { return InputCollector.unreadableError(path, errno: errno) }
    defer { close(fd) }
    var buffer: [UInt8] = []
    var lineNumber = 1
    var index = 0
    var atStart = true
    var skipping = false  // the rest of a line already reported as too long
    var eof = false
    func handle(_ line: UnsafeBufferPointer<UInt8>) {
      defer { lineNumber += 1 }
      if skipping {
        skipping = false
        return
      }
      if JSONLinesReader.isBlank(line) { return }
      index += 1
      if line.count > limits.maxLineBytes {
        body(.failure(tooLong(path, lineNumber, limits)))
        return
      }
      switch JSONLinesReader.parseLine(line, lineNumber: lineNumber, file: path, limits: limits) {
      case .success(let node): body(.success(RawFiling(file: path, index: index - 1, node: node)))
      case .failure(let e): body(.failure(e))
      }
    }
    while !eof {
      let old = buffer.count
      buffer.append(contentsOf: repeatElement(0, count: chunk))
      var n = 0
      buffer.withUnsafeMutableBufferPointer { b in
        repeat {
          n = read(fd, b.baseAddress! + old, chunk)
        } while n < 0 && errno == EINTR
      }
      if n < 0 { return InputCollector.unreadableError(path, errno: errno) }
      buffer.removeLast(chunk - n)
      eof = n == 0
      var start = 0
      buffer.withUnsafeBufferPointer { b in
        guard let base = b.baseAddress, !b.isEmpty else { return }
        if atStart, b.count >= 3 || eof {
          start = TextScan.bomLength(b)
          atStart = false
        }
        while start < b.count,
          let nl = memchr(base + start, 0x0A, b.count - start)
        {
          let stop = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(nl))
          handle(UnsafeBufferPointer(start: base + start, count: stop - start))
          start = stop + 1
        }
        if eof, start < b.count {
          handle(UnsafeBufferPointer(start: base + start, count: b.count - start))
          start = b.count
        }
      }
      buffer.removeFirst(start)
      if buffer.count > limits.maxLineBytes, !skipping {
        // Report the line now and drop it as it comes, instead of holding it.
        index += 1
        body(.failure(tooLong(path, lineNumber, limits)))
        skipping = true
      }
      if skipping, buffer.count > limits.maxLineBytes { buffer.removeAll(keepingCapacity: true) }
    }
    return nil
  }

  static func tooLong(_ file: String, _ line: Int, _ limits: LoaderLimits) -> DataError {
    DataError(
      .limitExceeded, "line longer than \(limits.maxLineBytes) bytes", file: file, line: line,
      column: 1)
  }
}
