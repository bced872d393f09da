import Foundation
import Testing

@testable import PolicyLang

/// A file written through `AtomicFile` is all there or untouched, and no
/// temporary file is ever left behind.
@Suite struct AtomicFileTests {
  func names(_ dir: URL) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
  }

  /// A FIFO in a new temporary directory, which the caller removes.
  func fifo(_ name: String) throws -> (dir: URL, path: String) {
    let dir = try TestSupport.temporaryDirectory()
    let path = dir.appendingPathComponent(name).path
    try #require(mkfifo(path, 0o600) == 0)
    return (dir, path)
  }

  @Test func writesANewFileWithTheUsualMode() throws {
    let dir = try TestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("report.txt").path
    try AtomicFile.write("报告\n", to: path)
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "报告\n")
    #expect(try names(dir) == ["report.txt"])
    let mask = umask(0)
    umask(mask)
    let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
    #expect(mode == Int(0o666 & ~mask))
  }

  @Test func replacesAFileKeepingItsMode() throws {
    let dir = try TestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("a.policy").path
    try "old".write(toFile: path, atomically: false, encoding: .utf8)
    chmod(path, 0o640)
    try AtomicFile.write(Array(repeating: 0x61, count: 3 << 20), to: path)
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)).count == 3 << 20)
    let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
    #expect(mode == 0o640)
    #expect(try names(dir) == ["a.policy"])
  }

  /// Past `writebackStep` the writer asks the kernel to start writing out
  /// what it has (without waiting); the file is still exactly what was
  /// written, from slices of arrays as from whole ones.
  @Test func aLargeFileWrittenInPiecesIsExactlyThePieces() throws {
    let dir = try TestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("big.jsonl").path
    let writer = try AtomicFile.Writer(path: path)
    var expected: [UInt8] = []
    let piece = (0..<(3 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 11) }
    for k in 0..<13 {
      let part = piece[(k * 4099)...]
      try writer.write(part)
      expected += part
    }
    try writer.write([0x0A])
    expected.append(0x0A)
    #expect(expected.count > AtomicFile.writebackStep)
    try writer.commit()
    #expect(try Array(Data(contentsOf: URL(fileURLWithPath: path))) == expected)
    #expect(try names(dir) == ["big.jsonl"])
  }

  @Test func aCancelledWriteLeavesTheOldFileAndNoTemporaryFile() throws {
    let dir = try TestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("out.json").path
    try "old".write(toFile: path, atomically: false, encoding: .utf8)
    let cancellation = Cancellation()
    cancellation.cancel(signal: SIGINT)
    #expect(throws: AtomicFile.Failure.cancelled) {
      try AtomicFile.write("new", to: path, cancellation: cancellation)
    }
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "old")
    #expect(try names(dir) == ["out.json"])
    #expect(cancellation.signal == SIGINT)

    let fresh = dir.appendingPathComponent("fresh.json").path
    #expect(throws: AtomicFile.Failure.cancelled) {
      try AtomicFile.write("new", to: fresh, cancellation: cancellation)
    }
    #expect(try names(dir) == ["out.json"])
  }

  /// A pipe (like `/dev/null`, not a regular file) is written to as it is:
  /// renamed over, it would be replaced by a file. A reader on the other
  /// end gets every byte, and the pipe is still a pipe afterwards.
  @Test(.timeLimit(.minutes(1))) func aPipeIsWrittenToNotReplaced() throws {
    let (dir, path) = try fifo("out.fifo")
    defer { try? FileManager.default.removeItem(at: dir) }
    // More than a pipe holds (64 KB), so the writer waits on the reader.
    let bytes = (0..<(256 << 10)).map { UInt8(truncatingIfNeeded: $0 &* 7) }
    // Opened for reading first (without waiting for a writer), so that a
    // writer that replaced the pipe instead leaves the reader at its end.
    let fd = open(path, O_RDONLY | O_NONBLOCK)
    try #require(fd >= 0)
    _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
    let received = LockedBytes()
    let reader = Thread {
      var buffer = [UInt8](repeating: 0, count: 1 << 16)
      while true {
        let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if n > 0 {
          received.append(buffer[..<n])
        } else if n < 0 && errno == EINTR {
          continue
        } else if n < 0 || received.writerDone {
          break
        } else {
          // No writer yet: a pipe without one reads as empty.
          usleep(1000)
        }
      }
      close(fd)
      received.finish()
    }
    reader.start()
    try AtomicFile.write(bytes, to: path)
    received.writerDone = true
    received.waitUntilFinished()
    // A Bool, not `==` of the arrays: a failure would print their diff.
    let same = received.bytes.elementsEqual(bytes)
    #expect(same)
    var info = stat()
    #expect(stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFIFO)
    #expect(try names(dir) == ["out.fifo"])
  }

  /// A pipe nobody reads yet is waited for, but a cancellation (Ctrl-C)
  /// ends the wait: the open never blocks where a signal cannot reach it.
  @Test(.timeLimit(.minutes(1))) func waitingForAPipesReaderCanBeCancelled() throws {
    let (dir, path) = try fifo("unread.fifo")
    defer { try? FileManager.default.removeItem(at: dir) }
    let cancellation = Cancellation()
    Thread {
      usleep(50_000)
      cancellation.cancel()
    }.start()
    #expect(throws: AtomicFile.Failure.cancelled) {
      try AtomicFile.write([1, 2, 3], to: path, cancellation: cancellation)
    }
  }

  @Test func aMissingDirectoryIsAnErrorNamingIt() throws {
    let dir = try TestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let missing = dir.appendingPathComponent("missing").path
    do {
      try AtomicFile.write("x", to: missing + "/out.json")
      Issue.record("wrote into a missing directory")
    } catch {
      #expect(error.description.contains("cannot create a temporary file in `\(missing)`"))
    }
    #expect(try names(dir) == [])
  }

  @Test func pathsWithoutADirectory() {
    #expect(AtomicFile.split("out.json") == (".", "out.json"))
    #expect(AtomicFile.split("/out.json") == ("/", "out.json"))
    #expect(AtomicFile.split("a/b/out.json") == ("a/b", "out.json"))
  }
}

/// Bytes read on another thread, handed over when the reader is done.
private final class LockedBytes: @unchecked Sendable {
  private let done = NSCondition()
  private var finished = false
  private var storage: [UInt8] = []
  private var written = false

  var writerDone: Bool {
    get {
      done.lock()
      defer { done.unlock() }
      return written
    }
    set {
      done.lock()
      written = newValue
      done.unlock()
    }
  }

  func append(_ b: ArraySlice<UInt8>) {
    done.lock()
    storage += b
    done.unlock()
  }

  func finish() {
    done.lock()
    finished = true
    done.signal()
    done.unlock()
  }

  func waitUntilFinished() {
    done.lock()
    while !finished { done.wait() }
    done.unlock()
  }

  var bytes: [UInt8] {
    done.lock()
    defer { done.unlock() }
    return storage
  }
}
