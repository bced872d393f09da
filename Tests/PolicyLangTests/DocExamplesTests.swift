import Foundation
import Testing

@testable import PolicyLang

/// Every example in docs/ runs: ```policy blocks check cleanly against the
/// shipped pack, ```policy-expr lines give the value after `# =>`, and
/// ```policy-error blocks fail with exactly the ```text that follows them.
@Suite struct DocExamplesTests {
  struct Block: CustomTestStringConvertible, Sendable {
    var file: String
    var line: Int
    var kind: String
    var code: String
    var expected: String?
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
        guard ["```policy", "```policy-expr", "```policy-error"].contains(fence) else {
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
        if block.kind == "policy-error" {
          while i < lines.count, lines[i].trimmingCharacters(in: .whitespaces).isEmpty { i += 1 }
          if i < lines.count, lines[i].hasPrefix("```text") {
            var k = i + 1
            while k < lines.count, !lines[k].hasPrefix("```") { k += 1 }
            block.expected = lines[(i + 1)..<min(k, lines.count)].joined(separator: "\n") + "\n"
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
      return Parser.parse(SourceFile(path: path, text: text)).0
    }
  }()

  @Test func theDocsHaveExamples() {
    #expect(Self.blocks.count { $0.kind == "policy" } >= 5)
    #expect(Self.blocks.count { $0.kind == "policy-expr" } >= 3)
  }

  @Test(arguments: blocks)
  func example(_ block: Block) throws {
    switch block.kind {
    case "policy-expr": try expressions(block)
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
      #expect(rendered == block.expected, "\(block.testDescription)")
    }
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
