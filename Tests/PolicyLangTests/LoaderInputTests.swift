import Foundation
import Testing

@testable import PolicyLang

@Suite struct LoaderInputTests {
  /// A fresh directory under the system temporary directory.
  func makeTemporaryDirectory() throws -> String {
    let path = NSTemporaryDirectory() + "policylang-loader-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  func write(_ text: String, to path: String) throws {
    try FileManager.default.createDirectory(
      atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
  }

  @Test func formatFromExtension() {
    #expect(FilingFormat(path: "a.json") == .json)
    #expect(FilingFormat(path: "dir/A.JSON") == .json)
    #expect(FilingFormat(path: "x.jsonl") == .jsonl)
    #expect(FilingFormat(path: "x.JsonL") == .jsonl)
    #expect(FilingFormat(path: "x.yaml") == .yaml)
    #expect(FilingFormat(path: "/tmp/x.Yml") == .yaml)
    #expect(FilingFormat(path: "x.txt") == nil)
    #expect(FilingFormat(path: "json") == nil)
    #expect(FilingFormat(path: ".json") == nil)
    #expect(FilingFormat(path: "dir.json/file") == nil)
  }

  @Test func sniffingStandardInput() {
    #expect(FilingFormat.sniff(Array("{\"a\": 1}\n{\"a\": 2}\n".utf8)) == .jsonl)
    #expect(FilingFormat.sniff(Array("  \n{\n  \"a\": {\n    \"b\": 1}\n}\n".utf8)) == .json)
    #expect(FilingFormat.sniff(Array("[\n{\"a\": 1},\n{\"a\": 2}\n]".utf8)) == .json)
    #expect(FilingFormat.sniff(Array("a: 1\n".utf8)) == .yaml)
    #expect(FilingFormat.sniff(Array("- {a: 1}\n".utf8)) == .yaml)
    #expect(
      FilingFormat.sniff([0xEF, 0xBB, 0xBF] + Array("{\"a\": 1}\n{\"a\": 2}".utf8)) == .jsonl)
  }

  @Test func directoryWalkIsSortedAndSkipsHiddenAndOtherFiles() throws {
    let root = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: root) }
    for name in [
      "b.json", "a.yaml", "Z.JSON", "sub/c.jsonl", "sub/d.yml", "a/x.json", "a.b/y.yaml",
      ".hidden/e.json", ".f.json", "notes.txt", "sub/deeper/.g.yaml",
    ] {
      try write("{}", to: "\(root)/\(name)")
    }
    // A symbolic link back up the tree must not make the walk loop.
    try FileManager.default.createSymbolicLink(
      atPath: "\(root)/sub/loop", withDestinationPath: root)
    let (files, errors) = InputCollector.collect([root + "/"])
    #expect(errors.isEmpty)
    #expect(
      files == [
        "\(root)/Z.JSON", "\(root)/a.b/y.yaml", "\(root)/a.yaml", "\(root)/a/x.json",
        "\(root)/b.json", "\(root)/sub/c.jsonl", "\(root)/sub/d.yml",
      ])
  }

  @Test func filesAreTakenAsGivenAndErrorsDoNotStopTheOthers() throws {
    let root = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: root) }
    try write("{}", to: "\(root)/one.json")
    try write("x", to: "\(root)/notes.txt")
    try write("{}", to: "\(root)/.hidden.yaml")
    let missing = "\(root)/missing.json"
    let (files, errors) = InputCollector.collect([
      "\(root)/notes.txt", missing, "-", "\(root)/one.json", "\(root)/.hidden.yaml",
      "\(root)/one.json",
    ])
    #expect(files == ["-", "\(root)/one.json", "\(root)/.hidden.yaml"])
    #expect(
      errors == [
        DataError(
          .unreadable,
          "unknown file type `\(root)/notes.txt`, expected .json, .jsonl, .yaml or .yml",
          file: "\(root)/notes.txt", line: 0, column: 0),
        DataError(
          .unreadable, "cannot read `\(missing)`: no such file or directory", file: missing,
          line: 0,
          column: 0),
      ])
  }

  @Test func unreadableDirectory() throws {
    let root = try makeTemporaryDirectory()
    defer {
      chmod("\(root)/locked", 0o755)
      try? FileManager.default.removeItem(atPath: root)
    }
    try write("{}", to: "\(root)/locked/a.json")
    try write("{}", to: "\(root)/open/b.json")
    chmod("\(root)/locked", 0)
    let (files, errors) = InputCollector.collect([root])
    #expect(files.contains("\(root)/open/b.json"))
    if let handle = opendir("\(root)/locked") {
      // Running as root: permissions do not deny anything.
      closedir(handle)
      #expect(files == ["\(root)/locked/a.json", "\(root)/open/b.json"])
    } else {
      #expect(files == ["\(root)/open/b.json"])
      #expect(
        errors == [
          DataError(
            .unreadable, "cannot read `\(root)/locked`: permission denied", file: "\(root)/locked",
            line: 0, column: 0)
        ])
    }
  }

  @Test func readingFilesByPath() throws {
    let root = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: root) }
    try write("{\"a\": 1}\n{\"a\": 2}\n", to: "\(root)/f.jsonl")
    let result = FilingReader.read(path: "\(root)/f.jsonl")
    #expect(result.file == "\(root)/f.jsonl")
    #expect(result.filings.map { render($0.node) } == [#"{"a":1}"#, #"{"a":2}"#])
    #expect(result.filings.map(\.file) == ["\(root)/f.jsonl", "\(root)/f.jsonl"])
    let big = String(repeating: "{\"k\": \"\(String(repeating: "v", count: 100))\"}\n", count: 2000)
    try write(big, to: "\(root)/big.jsonl")
    #expect(FilingReader.read(path: "\(root)/big.jsonl").filings.count == 2000)
    let missing = FilingReader.read(path: "\(root)/nope.yaml")
    #expect(missing.errors.map(\.code) == [.unreadable])
    #expect(missing.errors.first?.diagnostic.location == nil)
    let directory = FilingReader.read(path: root, format: .json)
    #expect(directory.errors.map(\.message) == ["cannot read `\(root)`: is a directory"])
  }
}
