import Foundation
import Testing

@testable import PolicyLang

/// A file written through `AtomicFile` is all there or untouched, and no
/// temporary file is ever left behind.
@Suite struct AtomicFileTests {
  func names(_ dir: URL) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
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
