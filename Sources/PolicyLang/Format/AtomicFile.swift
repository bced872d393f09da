import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Replaces a file's contents so that a reader, or a crash, sees either the old
/// file or the new one and never a part: the text goes to a temporary file in
/// the same directory, is flushed to disk, takes the old file's permissions and
/// is renamed over it. A symbolic link is followed, so the link stays a link.
public enum AtomicFile {
  public struct Failure: Error, CustomStringConvertible {
    public var description: String
  }

  public static func write(_ text: String, to path: String) throws(Failure) {
    let target = resolved(path)
    var info = stat()
    guard stat(target, &info) == 0 else { throw failure("cannot read `\(path)`") }
    let url = URL(fileURLWithPath: target)
    let dir = url.deletingLastPathComponent().path
    // A hidden name: policy loaders skip it if a crash leaves it behind.
    let temp = dir + "/." + url.lastPathComponent + ".fmt-" + randomSuffix()
    let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL, 0o600)
    guard fd >= 0 else { throw failure("cannot create a temporary file in `\(dir)`") }
    var ok = false
    defer {
      if !ok { unlink(temp) }
    }
    let bytes = Array(text.utf8)
    var written = 0
    while written < bytes.count {
      let n = bytes[written...].withUnsafeBytes { posixWrite(fd, $0.baseAddress, $0.count) }
      if n < 0 {
        if errno == EINTR { continue }
        let f = failure("cannot write `\(temp)`")
        close(fd)
        throw f
      }
      written += n
    }
    _ = fchown(fd, info.st_uid, info.st_gid)  // keeps the owner where allowed
    guard fchmod(fd, info.st_mode & 0o7777) == 0, fsync(fd) == 0 else {
      let f = failure("cannot write `\(temp)`")
      close(fd)
      throw f
    }
    guard close(fd) == 0 else { throw failure("cannot write `\(temp)`") }
    guard rename(temp, target) == 0 else { throw failure("cannot replace `\(path)`") }
    ok = true
    // The rename itself is durable once the directory is flushed.
    let dfd = open(dir, O_RDONLY)
    if dfd >= 0 {
      _ = fsync(dfd)
      close(dfd)
    }
  }

  private static func resolved(_ path: String) -> String {
    guard let p = realpath(path, nil) else { return path }
    defer { free(p) }
    return String(cString: p)
  }

  private static func randomSuffix() -> String {
    var g = SystemRandomNumberGenerator()
    return String(UInt64.random(in: 0...UInt64.max, using: &g), radix: 36)
  }

  private static func failure(_ what: String) -> Failure {
    Failure(description: "\(what): \(String(cString: strerror(errno)))")
  }
}

private func posixWrite(_ fd: Int32, _ buf: UnsafeRawPointer?, _ n: Int) -> Int {
  #if canImport(Glibc)
    Glibc.write(fd, buf, n)
  #else
    Darwin.write(fd, buf, n)
  #endif
}
