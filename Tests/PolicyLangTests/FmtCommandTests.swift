import Foundation
import Testing

@testable import PolicyLang

/// `policy fmt` end to end, running the built binary.
@Suite struct FmtCommandTests {
  let messy = "define  x=[1,2]\n"
  let canonical = "define x = [1, 2]\n"
  let broken = "rule r \"t\" on debt forbid\n"

  func policy(_ args: [String], stdin: String? = nil, cwd: String? = nil) throws -> (
    out: String, err: String, status: Int32
  ) {
    try TestSupport.run(
      TestSupport.policyBinary, ["fmt", "--lang", "en"] + args, stdin: stdin, cwd: cwd)
  }

  func files(_ contents: [String: String]) throws -> URL {
    let dir = try TestSupport.temporaryDirectory()
    for (name, text) in contents {
      let url = dir.appendingPathComponent(name)
      try FileManager.default.createDirectory(
        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try text.write(to: url, atomically: true, encoding: .utf8)
    }
    return dir
  }

  func read(_ dir: URL, _ name: String) throws -> String {
    try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
  }

  @Test func printsTheFormattedText() throws {
    let dir = try files(["a.policy": messy])
    let r = try policy([dir.appendingPathComponent("a.policy").path])
    #expect(r.status == 0)
    #expect(r.out == canonical)
    #expect(try read(dir, "a.policy") == messy, "without -w the file is left alone")
  }

  @Test func readsStandardInput() throws {
    let r = try policy(["-"], stdin: messy)
    #expect(r.status == 0)
    #expect(r.out == canonical)
  }

  @Test func checkListsUnformattedFilesAndExitsOne() throws {
    let dir = try files(["a.policy": messy, "b.policy": canonical, "sub/c.policy": messy])
    let r = try policy(["--check", dir.path])
    #expect(r.status == 1)
    let listed = r.out.split(separator: "\n").map { String($0) }
    #expect(listed == [dir.path + "/a.policy", dir.path + "/sub/c.policy"])
    #expect(r.err.contains("2 files are not formatted"))
    #expect(try read(dir, "a.policy") == messy, "--check writes nothing")
  }

  @Test func checkPassesWhenFormatted() throws {
    let dir = try files(["b.policy": canonical])
    let r = try policy(["--check", dir.path])
    #expect(r.status == 0)
    #expect(r.out.isEmpty)
  }

  @Test func theShippedPackIsFormatted() throws {
    let r = try policy(["--check", "policies"])
    #expect(r.status == 0, "\(r.out)\(r.err)")
  }

  @Test func writeRewritesInPlaceKeepingPermissions() throws {
    let dir = try files(["a.policy": messy, "b.policy": canonical])
    let a = dir.appendingPathComponent("a.policy").path
    let b = dir.appendingPathComponent("b.policy").path
    try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: a)
    let before = try FileManager.default.attributesOfItem(atPath: b)[.modificationDate] as? Date
    let r = try policy(["-w", dir.path])
    #expect(r.status == 0)
    #expect(r.out.isEmpty)
    #expect(try read(dir, "a.policy") == canonical)
    let mode = try FileManager.default.attributesOfItem(atPath: a)[.posixPermissions] as? Int
    #expect(mode == 0o640)
    let after = try FileManager.default.attributesOfItem(atPath: b)[.modificationDate] as? Date
    #expect(before == after, "a formatted file is not rewritten")
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter {
      $0.hasPrefix(".")
    }
    #expect(leftovers.isEmpty, "no temporary file is left behind")
  }

  @Test func writeFollowsSymbolicLinks() throws {
    let dir = try files(["real.policy": messy])
    let link = dir.appendingPathComponent("link.policy").path
    try FileManager.default.createSymbolicLink(
      atPath: link, withDestinationPath: dir.appendingPathComponent("real.policy").path)
    let r = try policy(["-w", link])
    #expect(r.status == 0)
    #expect(try read(dir, "real.policy") == canonical)
    let type = try FileManager.default.attributesOfItem(atPath: link)[.type] as? FileAttributeType
    #expect(type == .typeSymbolicLink)
  }

  @Test func syntaxErrorsAreReportedAndOtherFilesStillFormatted() throws {
    let dir = try files(["a.policy": broken, "b.policy": messy])
    let r = try policy(["-w", dir.path])
    #expect(r.status == 2)
    #expect(r.err.contains("error[P"))
    #expect(r.err.contains("a.policy:"), "a code frame points into the file")
    #expect(r.err.contains("not formatted"))
    #expect(try read(dir, "a.policy") == broken, "a file with errors is left alone")
    #expect(try read(dir, "b.policy") == canonical, "the other file is still formatted")
  }

  @Test func errorsWinOverCheck() throws {
    let dir = try files(["a.policy": broken, "b.policy": messy])
    let r = try policy(["--check", dir.path])
    #expect(r.status == 2)
    #expect(r.out == dir.path + "/b.policy\n")
  }

  @Test func diffShowsTheChange() throws {
    let dir = try files(["a.policy": "# keep\n" + messy])
    let path = dir.appendingPathComponent("a.policy").path
    let r = try policy(["--diff", path])
    #expect(r.status == 0)
    #expect(
      r.out == """
        --- a/\(path)
        +++ b/\(path)
        @@ -1,2 +1,2 @@
         # keep
        -define  x=[1,2]
        +define x = [1, 2]

        """)
  }

  @Test func writeWithCheckFixesAndStillFails() throws {
    let dir = try files(["a.policy": messy])
    let r = try policy(["-w", "--check", dir.path])
    #expect(r.status == 1)
    #expect(r.out == dir.path + "/a.policy\n")
    #expect(r.err.contains("1 file reformatted"))
    #expect(try read(dir, "a.policy") == canonical)
  }

  @Test func nestingLimitAsForCheck() throws {
    let deep =
      "define x = " + String(repeating: "(", count: 200) + "1"
      + String(repeating: ")", count: 200) + "\n"
    let refused = try policy(["-"], stdin: deep)
    #expect(refused.status == 2)
    #expect(refused.err.contains("P004"))
    let allowed = try policy(["--max-policy-depth", "300", "-"], stdin: deep)
    #expect(allowed.status == 0)
    #expect(allowed.out == "define x = 1\n")
    #expect(try policy(["--max-policy-depth", "501", "-"], stdin: deep).status == 2)
  }

  @Test func missingPathIsAnError() throws {
    let r = try policy(["/no/such/file.policy"])
    #expect(r.status == 2)
    #expect(r.err.contains("no such policy file or directory"))
  }

  @Test func standardInputCannotBeWritten() throws {
    let r = try policy(["-w", "-"], stdin: messy)
    #expect(r.status == 2, "a usage error")
    #expect(r.err.contains("standard input"))
  }

  @Test func chineseMessagesByDefault() throws {
    let dir = try files(["a.policy": messy])
    let r = try TestSupport.run(TestSupport.policyBinary, ["fmt", "--check", dir.path])
    #expect(r.status == 1)
    #expect(r.err.contains("个文件未按规范格式排版"))
  }
}
