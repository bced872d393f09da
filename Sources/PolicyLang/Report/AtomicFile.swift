#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes a file so that it is either wholly there or not changed at all:
/// the bytes go to a temporary file in the same directory, which is flushed
/// to disk and then renamed over the target (rename is atomic within a file
/// system). A failure or a cancellation removes the temporary file, so an
/// interrupted run never leaves a partial report nor a stray temporary file.
/// `policy check --output` and `policy fmt -w` write through it.
///
/// A path that names a device or a pipe (`--output /dev/null`, a FIFO) is
/// written to as it is: renaming over it would put a file in its place.
public enum AtomicFile {
  public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
    /// The cancellation was set before the file was renamed into place.
    case cancelled
    /// A system call failed: what was being done, the path, and the reason.
    case system(String)

    public var description: String {
      switch self {
      case .cancelled: "cancelled"
      case .system(let message): message
      }
    }
  }

  /// Bytes written per system call; the cancellation is checked between them.
  static let chunk = 1 << 20
  /// How much is written before the kernel is asked to start writing it out.
  static let writebackStep = 32 << 20

  /// Replaces (or creates) the file at `path` with `bytes`. A file that
  /// already exists keeps its permission bits; a new one gets 0666 less the
  /// umask, like any created file.
  public static func write(
    _ bytes: [UInt8], to path: String, cancellation: Cancellation? = nil
  ) throws(Failure) {
    let writer = try Writer(path: path, cancellation: cancellation)
    try writer.write(bytes)
    try writer.commit()
  }

  /// A file written in pieces, as a long run streams its output, that appears
  /// at `path` whole on `commit()` or not at all: abandoned (or dropped
  /// without a commit), its temporary file is removed.
  public final class Writer {
    let path: String
    let temporary: String
    let cancellation: Cancellation?
    private var fd: Int32
    private var committed = false
    /// Bytes written, and how many of them the kernel was asked to start
    /// writing to disk (see `startWriteback`).
    private var written = 0
    private var flushed = 0
    /// Writing straight to `path`, a device or a pipe: no temporary file.
    private let direct: Bool

    public init(path: String, cancellation: Cancellation? = nil) throws(Failure) {
      self.path = path
      self.cancellation = cancellation
      if AtomicFile.isDeviceOrPipe(path),
        let fd = try AtomicFile.openDirect(path, cancellation: cancellation)
      {
        self.fd = fd
        temporary = path
        direct = true
        return
      }
      direct = false
      let (directory, name) = AtomicFile.split(path)
      var template = Array("\(directory)/.\(name).tmp-XXXXXX".utf8CString)
      let fd = template.withUnsafeMutableBufferPointer { b in
        b.baseAddress.map { mkstemp($0) } ?? -1
      }
      guard fd >= 0 else { throw failure("cannot create a temporary file in", directory) }
      self.fd = fd
      temporary = String(
        decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
      do throws(Failure) {
        try AtomicFile.setMode(fd, replacing: path)
      } catch {
        abandon()
        throw error
      }
    }

    deinit { abandon() }

    /// Appends `bytes` (see `write(_:)` for a slice).
    public func write(_ bytes: [UInt8]) throws(Failure) { try write(bytes[...]) }

    /// Appends `bytes`, a chunk at a time, checking the cancellation between chunks.
    public func write(_ bytes: ArraySlice<UInt8>) throws(Failure) {
      var offset = 0
      while offset < bytes.count {
        if cancellation?.isCancelled == true { throw Failure.cancelled }
        let n = min(chunk, bytes.count - offset)
        let written = bytes.withUnsafeBytes { raw in
          raw.baseAddress.map { systemWrite(fd, $0 + offset, n) } ?? 0
        }
        if written < 0 {
          if errno == EINTR { continue }
          throw failure("cannot write", temporary)
        }
        offset += written
        self.written += written
      }
      if !direct, self.written - flushed >= AtomicFile.writebackStep { startWriteback() }
    }

    /// Asks the kernel to start writing what was written so far to disk,
    /// without waiting for it: `commit` must flush the file before it is
    /// renamed, and a large file left for that flush alone took seconds
    /// (1 GB: 2.6 s) at the end of a run, all of it waited for. On Linux
    /// `POSIX_FADV_DONTNEED` starts the writeback of the range's dirty
    /// pages (and lets go of those already clean); `sync_file_range` is
    /// not in the Glibc module.
    private func startWriteback() {
      #if os(Linux)
        _ = posix_fadvise(fd, off_t(flushed), off_t(written - flushed), POSIX_FADV_DONTNEED)
      #endif
      flushed = written
    }

    /// Flushes the file to disk and renames it onto `path`.
    public func commit() throws(Failure) {
      guard fd >= 0, !committed else { return }
      if direct {
        // Nothing to flush or rename (`fsync` of a pipe fails).
        let status = close(fd)
        fd = -1
        committed = true
        guard status == 0 else { throw failure("cannot close", path) }
        if cancellation?.isCancelled == true { throw .cancelled }
        return
      }
      guard fsync(fd) == 0 else { throw failure("cannot flush", temporary) }
      let status = close(fd)
      fd = -1
      guard status == 0 else { throw failure("cannot close", temporary) }
      if cancellation?.isCancelled == true { throw .cancelled }
      guard rename(temporary, path) == 0 else { throw failure("cannot rename onto", path) }
      committed = true
      // Make the rename itself durable.
      let dir = open(AtomicFile.split(path).0, O_RDONLY)
      if dir >= 0 {
        _ = fsync(dir)
        close(dir)
      }
    }

    /// Removes the temporary file; `path` is left as it was.
    public func abandon() {
      if fd >= 0 {
        close(fd)
        fd = -1
      }
      if !committed {
        if !direct { unlink(temporary) }
        committed = true
      }
    }
  }

  public static func write(
    _ text: String, to path: String, cancellation: Cancellation? = nil
  ) throws(Failure) {
    try write(Array(text.utf8), to: path, cancellation: cancellation)
  }

  /// The directory (`.` when none is given) and the file name of `path`.
  static func split(_ path: String) -> (String, String) {
    guard let slash = path.lastIndex(of: "/") else { return (".", path) }
    let dir = String(path[..<slash])
    return (dir.isEmpty ? "/" : dir, String(path[path.index(after: slash)...]))
  }

  /// Whether `path` is there and is neither a regular file nor a directory.
  static func isDeviceOrPipe(_ path: String) -> Bool {
    var info = stat()
    guard stat(path, &info) == 0 else { return false }
    let type = info.st_mode & S_IFMT
    return type != S_IFREG && type != S_IFDIR
  }

  /// Opens a device or a pipe for writing; nil when `path` turned out to be
  /// a regular file after all (replaced since it was looked at), which then
  /// takes the atomic path. A pipe with no reader yet is waited for without
  /// blocking, so that the cancellation (Ctrl-C) still ends the wait.
  static func openDirect(_ path: String, cancellation: Cancellation?) throws(Failure) -> Int32? {
    var fd: Int32
    while true {
      fd = open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
      if fd >= 0 { break }
      guard errno == ENXIO || errno == EINTR else { throw failure("cannot open", path) }
      if cancellation?.isCancelled == true { throw .cancelled }
      usleep(10_000)
    }
    var info = stat()
    guard fstat(fd, &info) == 0 else {
      close(fd)
      throw failure("cannot open", path)
    }
    if info.st_mode & S_IFMT == S_IFREG {
      close(fd)
      return nil
    }
    _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
    return fd
  }

  static func setMode(_ fd: Int32, replacing path: String) throws(Failure) {
    var info = stat()
    let mode: mode_t
    if stat(path, &info) == 0 {
      mode = info.st_mode & 0o7777
    } else {
      let mask = umask(0)
      umask(mask)
      mode = 0o666 & ~mask
    }
    guard fchmod(fd, mode) == 0 else { throw failure("cannot set the mode of", path) }
  }

  static func failure(_ what: String, _ path: String) -> Failure {
    .system("\(what) `\(path)`: \(String(cString: strerror(errno)).lowercased())")
  }
}

/// `write(2)`, named apart from `AtomicFile.write`.
private func systemWrite(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int {
  write(fd, p, n)
}
