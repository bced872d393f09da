import Foundation
import Testing

@testable import PolicyLang

/// `policy explain` and the streaming and CI formats of `policy check`, run
/// as the built binary.
@Suite struct ExplainCommandTests {
  func policy(_ args: [String], stdin: String? = nil) throws -> (
    out: String, err: String, status: Int32
  ) {
    try TestSupport.run(TestSupport.policyBinary, args, stdin: stdin)
  }

  func json(_ s: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(s.utf8)) as? [String: Any])
  }

  @Test func explainsEveryRuleOfTheFilingsKind() throws {
    let r = try policy(["explain", "examples/filings", "--filing", "ZW-2023-FX"])
    #expect(r.status == 1, "violations found: \(r.err)")
    assertSnapshot(r.out, named: "explain-ZW-2023-FX-zh.txt")
    #expect(r.out.contains("违规  debt-over-limit"))
    #expect(r.out.contains("通过  illegal-borrowing"))
    #expect(r.out.contains("debt_balance 385亿元 > debt_limit 360亿元，超出 25亿元"))
    #expect(r.out.contains("policies/liaoning-2019-24/debt.policy:"))
  }

  @Test func explainsWhyARuleDidNotFireInEnglish() throws {
    let r = try policy([
      "explain", "examples/filings", "--filing", "XM-2024-SY-001", "--rule", "no-new-arrears",
      "--lang", "en",
    ])
    #expect(r.status == 0, "\(r.err)")
    assertSnapshot(r.out, named: "explain-XM-2024-SY-001-en.txt")
    #expect(r.out.contains("passed  no-new-arrears"))
    #expect(r.out.contains("payables[0] (not matched)"))
    #expect(r.out.contains("paid ¥3,850,000 < amount ¥3,850,000 (false)"))
  }

  @Test func explainJSON() throws {
    let r = try policy([
      "explain", "examples/filings", "--filing", "ZW-2023-FX", "--format", "json", "--lang", "en",
    ])
    #expect(r.status == 1)
    assertSnapshot(r.out, named: "explain-ZW-2023-FX.json")
    let filings = try #require(try json(r.out)["filings"] as? [[String: Any]])
    let rules = try #require(filings.first?["rules"] as? [[String: Any]])
    #expect(
      rules.map { $0["rule"] as? String } == [
        "bond-for-current-spending", "debt-over-limit", "debt-risk-mechanisms",
        "excessive-debt-ratio",
        "illegal-borrowing",
      ])
    let ratio = try #require(rules.first { $0["rule"] as? String == "excessive-debt-ratio" })
    #expect(ratio["status"] as? String == "violated")
    #expect(ratio["severity"] as? String == "major")
    let version = try #require(ratio["version"] as? [String: Any])
    #expect(
      (version["source"] as? String)?.hasPrefix("policies/liaoning-2019-24/debt.policy:") == true)
    let evidence = try #require(ratio["evidence"] as? [String: Any])
    let grade = try #require(evidence["grade"] as? [String: Any])
    #expect(
      grade["text"] as? String == "ratio 154% > debt_ratio_high 120%, over by 34 percentage points")
  }

  @Test func scopeThatExcludesTheFilingIsShown() throws {
    let r = try policy([
      "explain", "examples/filings", "--filing", "XM-2024-PJ-006", "--format", "json",
    ])
    #expect(r.status == 0, "\(r.err)")
    let filings = try #require(try json(r.out)["filings"] as? [[String: Any]])
    let rules = try #require(filings.first?["rules"] as? [[String: Any]])
    #expect(rules.count == 3)
    for rule in rules {
      #expect(rule["status"] as? String == "not_applicable")
      let scope = (rule["evidence"] as? [String: Any])?["scope"] as? [[String: Any]]
      #expect(scope?.first?["text"] as? String == "funding “enterprise” == “government”（不成立）")
    }
  }

  @Test func excusedByAnException() throws {
    let r = try policy([
      "explain", "examples/filings", "--filing", "CN-2024-YK-05", "--rule", "commitment-breach",
    ])
    #expect(r.status == 0, "\(r.err)")
    #expect(r.out.contains("豁免  commitment-breach"))
    #expect(r.out.contains("例外  成立，不作违规：因法定事由依法定程序改变承诺并予补偿"))
  }

  @Test func unknownFilingSuggestsANearId() throws {
    let r = try policy(["explain", "examples/filings", "--filing", "ZW-2023-F", "--lang", "en"])
    #expect(r.status == 2)
    #expect(r.err.contains("no filing with id `ZW-2023-F`"))
    #expect(r.err.contains("did you mean `ZW-2023-FX`?"))
  }

  @Test func unknownOrMismatchedRule() throws {
    let unknown = try policy([
      "explain", "examples/filings", "--filing", "ZW-2023-FX", "--rule", "debt-over-limt",
      "--lang", "en",
    ])
    #expect(unknown.status == 2)
    #expect(unknown.err.contains("did you mean `debt-over-limit`?"))
    let other = try policy([
      "explain", "examples/filings", "--filing", "ZW-2023-FX", "--rule", "no-new-arrears",
      "--lang", "en",
    ])
    #expect(other.status == 2)
    #expect(other.err.contains("`no-new-arrears` is for `project` filings"))
  }

  @Test func invalidFilingIsExplainedAsInvalid() throws {
    let r = try policy(["explain", "examples/invalid/debt.yaml", "--filing", "ZW-2023-INV-01"])
    #expect(r.status == 3)
    #expect(r.out.contains("填报无效"))
    #expect(r.out.contains("fiscal_capacity"))
  }

  @Test func explainReadsStandardInput() throws {
    let filing = """
      {"kind": "debt", "id": "D-1", "region": "r", "department": "d", "report_date": "2024-01-01",
       "year": 2023, "debt_balance": 1250000000, "debt_limit": 1100000000,
       "fiscal_capacity": 2000000000, "borrowings": [], "risk_assessment": true,
       "early_warning": true, "emergency_plan": true}
      """
    let r = try policy(
      ["explain", "-", "--filing", "D-1", "--rule", "debt-over-limit"], stdin: filing)
    #expect(r.status == 1, "\(r.err)")
    #expect(r.out.contains("debt_balance 12.5亿元 > debt_limit 11亿元，超出 1.5亿元"))
    #expect(r.out.contains("debt_balance = 1,250,000,000元（12.5亿元）  <stdin>:2:32"))
  }

  // MARK: - check formats through the CLI

  @Test func checkJSONLinesStreamsOneObjectPerLine() throws {
    let r = try policy([
      "check", "examples/filings", "examples/invalid/filings.jsonl", "--format", "jsonl",
    ])
    #expect(r.status == 3)
    let lines = r.out.split(separator: "\n")
    let objects = try lines.map { try json(String($0)) }
    #expect(objects.last?["type"] as? String == "summary")
    #expect(objects.contains { $0["type"] as? String == "error" })
    #expect(objects.count { $0["type"] as? String == "violation" } >= 42)
    // File by file: all of commitment.json's lines come before complaint.jsonl's.
    let files = objects.compactMap { ($0["location"] as? [String: Any])?["file"] as? String }
    #expect(files.first == "examples/filings/commitment.json")
  }

  @Test func checkEveryFormatExitsAsDocumented() throws {
    for format in ["text", "json", "jsonl", "sarif", "junit", "github", "markdown"] {
      let r = try policy(["check", "examples/filings", "--format", format])
      #expect(r.status == 1, "\(format): \(r.err)")
      #expect(!r.out.isEmpty, "\(format)")
    }
    let sarif = try policy(["check", "examples/filings", "--format", "sarif"])
    try ReportFormatTests.validateSARIF(sarif.out)
    let junit = try policy(["check", "examples/filings", "--format", "junit", "--lang", "en"])
    try ReportFormatTests.expectWellFormedXML(junit.out)
  }

  @Test func checkTextShowsSummaryByRule() throws {
    let r = try policy(["check", "examples/filings", "--lang", "en", "--no-evidence"])
    #expect(r.out.contains("  by severity: critical 20, major 15, warning 7\n"))
    #expect(r.out.contains("    excessive-debt-ratio            warning   2\n"))
    #expect(!r.out.contains("evidence  "))
  }
}

/// The examples in docs/output-formats.md and README.md
/// are real: each `$ policy …` block's lines (but those cut with `…`)
/// appear in the command's output.
@Suite struct OutputDocsTests {
  static func blocks(_ file: String) throws -> [(command: [String], lines: [String])] {
    let text = try String(contentsOfFile: TestSupport.path(file), encoding: .utf8)
    var out: [(command: [String], lines: [String])] = []
    var current: [String]? = nil
    for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
      if current == nil {
        if line == "```text" { current = [] }
      } else if line == "```" {
        if let block = current, let first = block.first, first.hasPrefix("$ policy ") {
          let command = first.dropFirst("$ policy ".count).split(separator: " ").map(String.init)
          out.append((command, Array(block.dropFirst())))
        }
        current = nil
      } else {
        current?.append(line)
      }
    }
    return out
  }

  @Test(arguments: ["docs/output-formats.md", "README.md"])
  func examplesAreRealOutput(file: String) throws {
    let blocks = try Self.blocks(file)
    #expect(blocks.count >= 2)
    for block in blocks {
      let r = try TestSupport.run(TestSupport.policyBinary, block.command)
      let got = Set(r.out.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
      for line in block.lines where !line.contains("…") {
        let printed = got.contains(line)
        #expect(
          printed,
          "\(file): `policy \(block.command.joined(separator: " "))` does not print: \(line)")
      }
    }
  }
}
