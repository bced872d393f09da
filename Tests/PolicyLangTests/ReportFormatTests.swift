import Foundation
import Testing

@testable import PolicyLang

/// Golden files of every output format for the example filings, and the
/// checks that each format is well formed: SARIF against the official
/// schema, JUnit as XML, JSON Lines line by line, GitHub's escaping.
@Suite struct ReportFormatTests {
  /// The example filings, checked with evidence, named by their paths
  /// relative to the repository so the output is the same on every machine.
  static func examples(_ dirs: [String] = ["examples/filings"], passes: Bool = false) throws
    -> (CheckReport, Program)
  {
    let program = try TestSupport.loadPack()
    var run = CheckRun(program: program)
    run.explain = true
    run.recordPasses = passes
    let prefix = TestSupport.root.path + "/"
    var report = CheckReport()
    let (files, errors) = InputCollector.collect(dirs.map(TestSupport.path))
    #expect(errors.isEmpty)
    for file in files {
      let name = file.hasPrefix(prefix) ? String(file.dropFirst(prefix.count)) : file
      guard let format = FilingFormat(path: file) else { continue }
      let result: FilingFileResult
      switch FilingReader.readFile(file) {
      case .success(let bytes):
        result = FilingReader.read(bytes: bytes, file: name, format: format)
      case .failure(let e):
        var copy = e
        copy.file = name
        result = FilingFileResult(file: name, filings: [], errors: [copy])
      }
      report.append(run.check(result))
    }
    return (report, program)
  }

  @Test func textChinese() throws {
    let (report, _) = try Self.examples()
    assertSnapshot(TextReport(language: .zh).render(report), named: "check-text-zh.txt")
  }

  @Test func textEnglish() throws {
    let (report, _) = try Self.examples()
    assertSnapshot(TextReport(language: .en).render(report), named: "check-text-en.txt")
  }

  @Test func textWithPasses() throws {
    let (report, _) = try Self.examples(passes: true)
    let out = TextReport(language: .zh).render(report, passes: true)
    assertSnapshot(out, named: "check-text-passes-zh.txt")
    #expect(out.contains("豁免  commitment-breach  CN-2024-YK-05"))
    #expect(out.contains("项规则检查通过"))
  }

  @Test func json() throws {
    let (report, _) = try Self.examples()
    let out = JSONReport(language: .zh).render(report)
    assertSnapshot(out, named: "check.json")
    let obj = try #require(
      try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
    #expect(obj["filings_checked"] as? Int == 64)
    let vs = try #require(obj["violations"] as? [[String: Any]])
    #expect(vs.count == 42)
  }

  @Test func jsonLines() throws {
    let (report, _) = try Self.examples()
    let out = JSONLinesReport(language: .en).render(report)
    assertSnapshot(out, named: "check.jsonl")
    let lines = out.split(separator: "\n")
    var types: [String] = []
    for line in lines {
      let obj = try #require(
        try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
      types.append(obj["type"] as? String ?? "?")
    }
    #expect(types.count { $0 == "violation" } == 42)
    #expect(types.last == "summary")
    #expect(types.count { $0 == "summary" } == 1)
  }

  /// The streamed writer escapes each rule's texts once; its lines must be
  /// the bytes of the generic `JSON` fields, whatever the language, the
  /// evidence, and the optional parts of a violation.
  @Test func jsonLinesWriterMatchesTheFields() throws {
    let (report, _) = try Self.examples()
    var odd = try #require(report.violations.first)
    odd.filing.id = nil
    odd.filing.region = "a \"quoted\"\n\u{2028} region"
    odd.quote = nil
    odd.policyID = "p\\1"
    odd.ruleEffective = Period(from: CivilDate(year: 2020, month: 1, day: 1), until: nil)
    odd.message = LocalText(zh: "消息\t", en: "msg \u{1}")
    odd.filing.line = -3
    var other = odd
    other.title = LocalText(zh: "另一标题")
    // The writer keeps a rule's pieces by severity, mitigation and kind:
    // one rule's violations at each, and back.
    var variants: [Violation] = []
    for severity in Severity.allCases {
      var v = odd
      v.severity = severity
      variants.append(v)
    }
    var flipped = odd
    flipped.mitigated.toggle()
    var noKind = odd
    noKind.filing.kind = nil
    var otherKind = odd
    otherKind.filing.kind = "另一种\"类\""
    // Messages made on the fast path are kept as bytes and escaped as they are.
    var bytes = odd
    let made = Array("字节“消息”\t\"\\ \u{2028}…—".utf8)
    bytes.message = LocalText(body: .utf8(made), en: "made \u{1}")
    var bytesOnly = bytes
    bytesOnly.message = LocalText(body: .utf8(made), en: nil)
    variants += [flipped, noKind, otherKind, odd, noKind, bytes, bytesOnly]
    let violations = report.violations + [odd, other, odd] + variants
    #expect(violations.count > 40)
    for lang in Language.allCases {
      for evidence in [false, true] {
        let jsonl = JSONLinesReport(language: lang, includeEvidence: evidence)
        var writer = JSONLinesWriter(jsonl)
        for v in violations {
          var o = FilingOutcome(filing: v.filing, valid: true)
          o.violations = [v]
          let fields = jsonl.json.violationFields(v, evidence)
          let expected = JSONLinesReport.lineBytes("violation", fields)
          #expect(writer.bytes(o) == expected, "\(v.ruleID) \(lang) evidence \(evidence)")
        }
      }
    }
  }

  @Test func sarif() throws {
    let (report, program) = try Self.examples()
    let out = SARIFReport(language: .zh).render(report, program: program)
    assertSnapshot(out, named: "check.sarif")
  }

  @Test func junit() throws {
    let (report, _) = try Self.examples(passes: true)
    let out = JUnitReport(language: .zh).render(report)
    assertSnapshot(out, named: "check.junit.xml")
    try Self.expectWellFormedXML(out)
    // One test case per filing and rule applied.
    let cases = out.components(separatedBy: "<testcase ").count - 1
    let applied = report.outcomes.reduce(0) { n, o in
      n + o.violations.count + o.passes.count { $0.status == .passed || $0.status == .excused }
    }
    #expect(cases == applied)
    #expect(out.components(separatedBy: "<failure ").count - 1 == 42)
  }

  @Test func github() throws {
    let (report, _) = try Self.examples()
    let out = GitHubReport(language: .zh).render(report)
    assertSnapshot(out, named: "check-github.txt")
    let commands = out.split(separator: "\n").filter { $0.hasPrefix("::") }
    #expect(commands.count == 42)
    #expect(commands.count { $0.hasPrefix("::error ") } == 20)
    #expect(commands.count { $0.hasPrefix("::warning ") } == 15)
    #expect(commands.count { $0.hasPrefix("::notice ") } == 7)
    #expect(out.contains("::error file=examples/filings/debt.yaml,line=55,col=1,"))
  }

  @Test func markdown() throws {
    let (report, _) = try Self.examples()
    let out = MarkdownReport(language: .zh).render(report)
    assertSnapshot(out, named: "check.md")
    #expect(out.contains("| `excessive-debt-ratio` | 政府债务规模须适度、风险可控 | 警示 warning | 2 | 0 |"))
  }

  @Test func invalidInputsInEveryFormat() throws {
    let (report, program) = try Self.examples(["examples/invalid"], passes: true)
    #expect(!report.errors.isEmpty)
    try Self.expectWellFormedXML(JUnitReport(language: .en).render(report))
    try Self.validateSARIF(SARIFReport(language: .en).render(report, program: program))
    let gh = GitHubReport(language: .en).render(report)
    #expect(gh.contains("::error file=examples/invalid/debt.yaml,line=9,col=18,title=D007 error::"))
    let md = MarkdownReport(language: .en).render(report)
    #expect(md.contains("## Filings not checked"))
  }

  // MARK: - SARIF schema

  @Test func sarifIsValidAgainstTheOfficialSchema() throws {
    let (report, program) = try Self.examples()
    try Self.validateSARIF(SARIFReport(language: .zh).render(report, program: program))
    try Self.validateSARIF(SARIFReport(language: .en).render(report, program: program))
  }

  /// Validates with python3's `jsonschema` against the schema copied into
  /// Tests/Fixtures; a missing python3 or module is a failure, not a skip.
  static func validateSARIF(
    _ sarif: String, sourceLocation: Testing.SourceLocation = #_sourceLocation
  )
    throws
  {
    let dir = try TestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let doc = dir.appendingPathComponent("out.sarif")
    try sarif.write(to: doc, atomically: true, encoding: .utf8)
    let script = """
      import json, sys
      import jsonschema
      schema = json.load(open(sys.argv[1], encoding="utf-8"))
      doc = json.load(open(sys.argv[2], encoding="utf-8"))
      cls = jsonschema.validators.validator_for(schema)
      errors = sorted(cls(schema).iter_errors(doc), key=lambda e: list(e.path))
      for e in errors[:10]:
          print(list(e.path), e.message)
      sys.exit(1 if errors else 0)
      """
    let r = try TestSupport.run(
      "/usr/bin/env",
      [
        "python3", "-c", script, TestSupport.path("Tests/Fixtures/sarif-schema-2.1.0.json"),
        doc.path,
      ])
    #expect(
      r.status == 0,
      "SARIF does not validate (python3 with jsonschema is required): \(r.out)\(r.err)",
      sourceLocation: sourceLocation)
  }

  static func expectWellFormedXML(
    _ xml: String, sourceLocation: Testing.SourceLocation = #_sourceLocation
  )
    throws
  {
    let r = try TestSupport.run(
      "/usr/bin/env",
      [
        "python3", "-c",
        "import sys, xml.dom.minidom; xml.dom.minidom.parseString(sys.stdin.buffer.read())",
      ],
      stdin: xml)
    #expect(r.status == 0, "not well-formed XML: \(r.err)", sourceLocation: sourceLocation)
  }

  // MARK: - Escaping

  @Test func githubEscapesDataAndProperties() {
    #expect(GitHubReport.escapeData("50% off\r\nnext") == "50%25 off%0D%0Anext")
    #expect(GitHubReport.escapeProperty("a:b,c%\n") == "a%3Ab%2Cc%25%0A")
    let line = GitHubReport.command(
      "error", properties: [("file", "dir,1/a:b.json"), ("title", "x")], message: "m:1,2")
    #expect(line == "::error file=dir%2C1/a%3Ab.json,title=x::m:1,2\n")
  }

  @Test func xmlEscapesMarkupQuotesAndControlCharacters() throws {
    #expect(XML.text("a<b>&c") == "a&lt;b&gt;&amp;c")
    #expect(XML.attribute("\"it's\"\n") == "\"&quot;it&apos;s&quot;&#10;\"")
    #expect(XML.text("bell\u{7}") == "bell\\u{7}")
    try Self.expectWellFormedXML(
      "<a b=\(XML.attribute("<&\"'\u{1}\n"))>\(XML.text("]]>\u{0}<"))</a>")
  }

  @Test func junitWithHostileFilingText() throws {
    let program = try TestSupport.loadPack()
    let text = """
      {"kind": "procurement", "id": "X<&\\"'\\u0001", "region": "r]]>", "department": "d",
       "report_date": "2024-01-01", "buyer": "b", "supplier": "s", "supplier_is_sme": true,
       "amount": 100, "method": "m\\u0007", "published": false, "acceptance_date": null,
       "payment_terms_days": 30, "payments": []}
      """
    var run = CheckRun(program: program)
    run.explain = true
    run.recordPasses = true
    let report = run.check(
      FilingReader.read(bytes: Array(text.utf8), file: "a&b <c>.json", format: .json))
    #expect(report.violations.count == 1)
    try Self.expectWellFormedXML(JUnitReport(language: .en).render(report))
    try Self.validateSARIF(SARIFReport(language: .en).render(report, program: program))
  }

  @Test func sarifURIsAreRelativeAndEncoded() {
    let s = SARIFReport(baseDirectory: "/work/repo")
    #expect(s.uri("examples/filings/debt.yaml") == "examples/filings/debt.yaml")
    #expect(s.uri("./a b.json") == "a%20b.json")
    #expect(s.uri("/work/repo/填报/x.json") == "%E5%A1%AB%E6%8A%A5/x.json")
    #expect(s.uri("/elsewhere/x.json") == "file:///elsewhere/x.json")
    #expect(SARIFReport.pascalCase("debt-over-limit") == "DebtOverLimit")
  }
}

@Suite struct JSONEscapeTests {
  /// The byte writer and the text writer escape alike, whatever the text.
  @Test(arguments: [
    "", "plain", "引号\"和\\反斜杠", "line\nbreak\ttab\r", "\u{1}\u{1f}", "a\u{2028}b\u{2029}c",
    "省略号…和破折号——", "long text without anything to escape, longer than eight bytes",
    "末尾\u{2028}", "\u{7f}é", String(repeating: "测试", count: 40) + "\"",
  ])
  func byteAndTextEscapesAgree(_ s: String) {
    var text = ""
    JSON.escape(s, into: &text)
    var bytes: [UInt8] = []
    JSON.escape(s, into: &bytes)
    #expect(String(decoding: bytes, as: UTF8.self) == text)
    #expect(JSON.string(s).serialized() == text)
  }
}
