import PolicyLang

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
    if let code = Descriptor.writeAll(1, s) { outputFailed(code) }
  }

  /// Writes `s` to standard error. A failure is ignored: there is nowhere
  /// left to report it.
  static func error(_ s: String) {
    _ = Descriptor.writeAll(2, s)
  }

  /// What a failed write to standard output says.
  static func describe(_ code: Int32) -> String {
    "cannot write standard output: \(String(cString: strerror(code)))"
  }

  static func outputFailed(_ code: Int32) -> Never {
    error("error: \(describe(code))\n")
    exit(Exit.policyError.rawValue)
  }
}
