import Foundation
import Testing

@testable import PolicyLang

/// Every example in docs/ runs: ```policy blocks check cleanly against the
/// shipped pack, ```policy-expr lines give the value after `# =>`, and
/// ```policy-error blocks fail with exactly the ```text that follows them.
@Suite(.serialized) struct DocExamplesTests {
  struct Block: CustomTestStringConvertible, Sendable {
    var file: String
    var line: Int
    var kind: String
    var code: String
    var expected: String?
    /// Lines of the expected ```text block's body (0-based, half-open).
    var expectedLines: Range<Int>?
    var testDescription: String { "\(file):\(line) (\(kind))" }
  }

  static let blocks: [Block] = {
    let dir = TestSupport.root.appendingPathComponent("docs")
    let names =
      (try? FileManager.default.contentsOfDirectory(atPath: dir.path))?.filter {
        $0.hasSuffix(".md")
      }.sorted() ?? []
    var out: [Block] = []
    for name in names {
      guard let text = try? String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
      else { continue }
      let lines = text.components(separatedBy: "\n")
      var i = 0
      while i < lines.count {
        let fence = lines[i].trimmingCharacters(in: .whitespaces)
        guard ["```policy", "```policy-expr", "```policy-error", "```filings"].contains(fence)
        else {
          i += 1
          continue
        }
        let start = i + 1
        var j = start
        while j < lines.count, !lines[j].hasPrefix("```") { j += 1 }
        var block = Block(
          file: "docs/\(name)", line: start, kind: String(fence.dropFirst(3)),
          code: lines[start..<min(j, lines.count)].joined(separator: "\n") + "\n")
        i = j + 1
        if block.kind == "policy-error" || block.kind == "filings" {
          while i < lines.count, lines[i].trimmingCharacters(in: .whitespaces).isEmpty { i += 1 }
          if i < lines.count, lines[i].hasPrefix("```text") {
            var k = i + 1
            while k < lines.count, !lines[k].hasPrefix("```") { k += 1 }
            block.expected = lines[(i + 1)..<min(k, lines.count)].joined(separator: "\n") + "\n"
            block.expectedLines = (i + 1)..<min(k, lines.count)
            i = k + 1
          }
        }
        out.append(block)
      }
    }
    return out
  }()

  /// The pack's files, parsed once: every example is checked with them.
  static let prelude: [PolicyFile] = {
    var diagnostics: [Diagnostic] = []
    let paths = PolicyLoader.collect([TestSupport.path("policies")], &diagnostics)
    return paths.compactMap { path in
      guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
      // Paths relative to the repository, so messages read the same on every machine.
      let relative = path.replacingOccurrences(of: TestSupport.root.path + "/", with: "")
      return Parser.parse(SourceFile(path: relative, text: text)).0
    }
  }()

  @Test func theDocsHaveExamples() {
    #expect(Self.blocks.count { $0.kind == "policy" } >= 5)
    #expect(Self.blocks.count { $0.kind == "policy-expr" } >= 3)
  }

  @Test func everyDiagnosticCodeIsExplained() throws {
    let text = try String(
      contentsOf: TestSupport.root.appendingPathComponent("docs/diagnostics.md"), encoding: .utf8)
    for code in DiagnosticCode.allCases {
      #expect(
        text.contains("### \(code.rawValue) — "), "docs/diagnostics.md lacks \(code.rawValue)")
    }
  }

  @Test(arguments: blocks)
  func example(_ block: Block) throws {
    switch block.kind {
    case "policy-expr": try expressions(block)
    case "filings": try filings(block)
    default: try program(block)
    }
  }

  func program(_ block: Block) throws {
    let (file, parseDiagnostics) = Parser.parse(SourceFile(path: "<doc>", text: block.code))
    let (_, checkDiagnostics) = Checker.check(Self.prelude + [file])
    let errors = (parseDiagnostics + checkDiagnostics).filter {
      $0.severity == .error && $0.source?.path == "<doc>"
    }
    let rendered = DiagnosticRenderer().render(errors)
    if block.kind == "policy" {
      #expect(errors.isEmpty, "\(block.testDescription):\n\(rendered)")
    } else {
      #expect(block.expected != nil, "\(block.testDescription) has no ```text block after it")
      if rendered != block.expected, update(block, with: rendered) { return }
      #expect(!errors.isEmpty, "\(block.testDescription) should fail but checks cleanly")
      #expect(rendered == block.expected, "\(block.testDescription)")
    }
  }

  /// `DOCS_UPDATE=1` records the actual output of each failing block in
  /// `.build/doc-updates.jsonl`; `Scripts/update-doc-examples` writes them
  /// into the docs (review the diff before committing).
  func update(_ block: Block, with rendered: String) -> Bool {
    guard ProcessInfo.processInfo.environment["DOCS_UPDATE"] == "1" else { return false }
    let record: [String: Any] = ["file": block.file, "line": block.line, "text": rendered]
    guard let data = try? JSONSerialization.data(withJSONObject: record) else { return false }
    let url = TestSupport.root.appendingPathComponent(".build/doc-updates.jsonl")
    if !FileManager.default.fileExists(atPath: url.path) {
      FileManager.default.createFile(atPath: url.path, contents: nil)
    }
    guard let h = try? FileHandle(forWritingTo: url) else { return false }
    h.seekToEndOfFile()
    h.write(data + Data("\n".utf8))
    try? h.close()
    return true
  }

  /// ```filings: JSON Lines checked by the pack; the ```text after it holds
  /// the errors, as `policy check --lang en` prints them.
  func filings(_ block: Block) throws {
    let dir = try TestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = dir.appendingPathComponent("filings.jsonl")
    try block.code.write(to: file, atomically: true, encoding: .utf8)
    let report = CheckRun(program: try TestSupport.loadPack()).check(paths: [file.path])
    let rendered = report.errors.map { TextReport(language: .en).error($0) }.joined()
      .replacingOccurrences(of: dir.path + "/", with: "")
      .replacingOccurrences(of: TestSupport.root.path + "/", with: "")
    if rendered != block.expected, update(block, with: rendered) { return }
    #expect(!report.errors.isEmpty, "\(block.testDescription) should fail but checks cleanly")
    #expect(rendered == block.expected, "\(block.testDescription)")
  }

  func expressions(_ block: Block) throws {
    let program = try TestSupport.loadPack()
    for line in block.code.split(separator: "\n") where line.contains("# =>") {
      let parts = line.components(separatedBy: "# =>")
      let expr = parts[0].trimmingCharacters(in: .whitespaces)
      let want = parts[1].trimmingCharacters(in: .whitespaces)
      switch ExpressionEvaluator.evaluate(expr, program: program) {
      case .success(let r):
        let got = ValueFormatter(language: .en).format(r.value, as: r.type)
        #expect(got == want, "\(block.testDescription): `\(expr)`")
      case .failure(let f):
        Issue.record(
          "\(block.testDescription): `\(expr)`\n\(DiagnosticRenderer().render(f.diagnostics))")
      }
    }
  }
}
