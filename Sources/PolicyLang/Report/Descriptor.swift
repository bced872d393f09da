#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writing to an open file descriptor (standard output, standard error).
public enum Descriptor {
  /// Writes all of `bytes` to `fd`, a piece at a time if the system takes
  /// less, again after an interrupted call; the `errno` of a failure, nil
  /// when everything was written.
  public static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32? {
    guard var p = bytes.baseAddress else { return nil }
    var left = bytes.count
    while left > 0 {
      let n = write(fd, p, left)
      if n < 0 {
        if errno == EINTR { continue }
        return errno
      }
      p += n
      left -= n
    }
    return nil
  }

  /// `writeAll` of a text's UTF-8.
  public static func writeAll(_ fd: Int32, _ s: String) -> Int32? {
    var s = s
    return s.withUTF8 { writeAll(fd, UnsafeRawBufferPointer($0)) }
  }
}
