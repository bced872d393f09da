#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Standard output and standard error, written with `write(2)`.
/// `FileHandle.write` traps when a write fails: `policy check > /dev/full`
/// crashed with a backtrace instead of saying that the disk was full.
enum Console {
  /// Writes `s` to standard output; when that fails, says why on standard
  /// error and ends the process with exit code 2 (`Exit.policyError`), the
  /// code of a run that could not do its work.
  static func out(_ s: String) {
    var s = s
    s.withUTF8 { b in
      if let code = write(1, UnsafeRawBufferPointer(b)) { outputFailed(code) }
    }
  }

  /// Writes `s` to standard error. A failure is ignored: there is nowhere
  /// left to report it.
  static func error(_ s: String) {
    var s = s
    s.withUTF8 { b in _ = write(2, UnsafeRawBufferPointer(b)) }
  }

  /// Writes all of `bytes` to `fd`, a piece at a time if the system takes
  /// less; the `errno` of a failure, nil when all was written.
  static func write(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32? {
    guard var p = bytes.baseAddress else { return nil }
    var left = bytes.count
    while left > 0 {
      #if canImport(Darwin)
        let n = Darwin.write(fd, p, left)
      #elseif canImport(Musl)
        let n = Musl.write(fd, p, left)
      #else
        let n = Glibc.write(fd, p, left)
      #endif
      if n < 0 {
        if errno == EINTR { continue }
        return errno
      }
      p += n
      left -= n
    }
    return nil
  }

  /// What a failed write to standard output says.
  static func describe(_ code: Int32) -> String {
    "cannot write standard output: \(String(cString: strerror(code)))"
  }

  static func outputFailed(_ code: Int32) -> Never {
    error("error: \(describe(code))\n")
    exit(2)
  }
}
