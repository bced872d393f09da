import PolicyLang

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// What reading a line gave.
enum LineRead {
  case line(String)
  /// Ctrl-C while reading: the line is abandoned.
  case interrupted
  /// End of input (Ctrl-D on an empty line).
  case end
}

/// Reads standard input line by line without editing, when it is not a
/// terminal: for scripts and tests. No prompt is printed.
struct PlainLineReader {
  private var buffer: [UInt8] = []
  private var atEnd = false

  mutating func read() -> LineRead {
    while true {
      if let nl = buffer.firstIndex(of: 0x0A) {
        let line = Array(buffer[..<nl])
        buffer.removeFirst(nl + 1)
        return .line(PlainLineReader.text(line))
      }
      if atEnd {
        guard !buffer.isEmpty else { return .end }
        defer { buffer = [] }
        return .line(PlainLineReader.text(buffer))
      }
      var chunk = [UInt8](repeating: 0, count: 1 << 16)
      let n = chunk.withUnsafeMutableBytes { Glibc.read(0, $0.baseAddress, $0.count) }
      if n > 0 {
        buffer += chunk[..<n]
      } else if n == 0 {
        atEnd = true
      } else if errno == EINTR {
        if Interrupt.isSet { return .interrupted }
      } else {
        atEnd = true
      }
    }
  }

  static func text(_ bytes: [UInt8]) -> String {
    var b = bytes[...]
    if b.last == 0x0D { b = b.dropLast() }
    return String(decoding: b, as: UTF8.self)
  }
}

/// Writes to standard output, all of it, straight away.
enum Output {
  static func write(_ s: String) {
    _ = Descriptor.writeAll(1, s)
  }
}
