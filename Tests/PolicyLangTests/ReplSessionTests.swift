import Foundation
import Testing

@testable import PolicyLang

/// A session with the shipped pack and the example filings, in English,
/// with paths shown relative to the repository.
private func session(filings: Bool = true, language: Language = .en) -> ReplSession {
  let s = ReplSession(language: language)
  s.defaultPolicyPath = nil
  _ = s.load([TestSupport.path("policies")])
  if filings {
    // Read once for all tests; each session validates them against its program.
    s.corpus = exampleCorpus
    s.corpus.validate(with: s.program)
  }
  return s
}

private let exampleCorpus: ReplCorpus = {
  var c = ReplCorpus()
  c.paths = [TestSupport.path("examples/filings")]
  _ = c.read(InputCollector.collect(c.paths).files)
  return c
}()

extension ReplSession {
  /// Runs lines as typed and returns everything shown, with the repository's
  /// path taken out of file names.
  fileprivate func type(_ lines: String...) -> String {
    var out = ""
    for line in lines {
      for l in line.split(separator: "\n", omittingEmptySubsequences: false) {
        out += feed(String(l)) ?? ""
      }
    }
    return out.replacingOccurrences(of: TestSupport.root.path + "/", with: "")
  }
}

@Suite struct ReplExpressionTests {
  @Test func constantsNeedNoFiling() {
    let s = ReplSession(language: .en)
    s.defaultPolicyPath = nil
    #expect(s.type("1 + 2") == "int = 3\n")
    #expect(s.type("3.5亿 + 800元") == "money = ¥350,000,800\n")
    #expect(s.type("120%") == "decimal = 1.2 (120%)\n")
    #expect(s.type("\"a\" + \"b\"") == "text = \"ab\"\n")
    #expect(s.type("[1, 2] ") == "list of int = [1, 2]\n")
  }

  @Test func chineseOutputUsesWanAndYi() {
    let s = ReplSession(language: .zh)
    s.defaultPolicyPath = nil
    #expect(s.type("1250万元 * 2") == "money = 2,500万元\n")
  }

  @Test func paramsWorkWithoutAFiling() {
    let s = session(filings: false)
    #expect(s.type("debt_ratio_high") == "decimal = 1.2 (120%)\n")
    #expect(s.type("debt_ratio_high > debt_ratio_warning") == "bool = true\n")
  }

  @Test func aFieldWithoutAFilingInScopeSaysHowToGetOne() {
    let s = session()
    let out = s.type("debt_balance")
    #expect(out.contains("error[T001]: unknown name `debt_balance`"))
    #expect(out.contains("a field of `debt`"))
    #expect(out.contains("`:use ID`"))
  }

  @Test func expressionsAreEvaluatedAgainstTheFilingInScope() {
    let s = session()
    let use = s.type(":use ZW-2023-SY")
    #expect(use.hasPrefix("in scope: ZW-2023-SY (debt, 沈阳市, 市财政局, 2024-03-31)"))
    #expect(s.prompt == "policy ZW-2023-SY> ")
    #expect(s.type("sum(borrowings.amount)") == "money = ¥37,000,000,000\n")
    #expect(
      s.type("debt_balance / fiscal_capacity") == "decimal = 1.077793103448275862 (107.78%)\n")
    #expect(s.type("borrowings where use == \"capital\"").hasPrefix("list of Borrowing = ["))
    #expect(s.type(":type borrowings.amount") == "list of money\n")
    _ = s.type(":use XM-2024-SY-001")
    #expect(s.type("sum(payables.amount - payables.paid)").hasPrefix("money = "))
    _ = s.type(":use")
    #expect(s.prompt == "policy> ")
  }

  @Test func optionalValuesAreShownAsAbsent() {
    let s = session()
    let id = "CG-2024-SY-0101"
    _ = s.type(":use \(id)")
    #expect(s.type(":type acceptance_date") == "date?\n")
  }

  @Test func errorsHaveCodeFramesAndNeverEndTheSession() {
    let s = session()
    let out = s.type("1 +* 2")
    #expect(out.contains("error[P002]"))
    #expect(out.contains("1 | 1 +* 2"))
    #expect(s.type("1 / 0").contains("error[R001]: division by zero"))
    #expect(s.type(":nonsense").contains("unknown command `:nonsense`"))
    #expect(s.type(":use NOPE").contains("no filing with the id `NOPE`"))
    #expect(!s.shouldQuit)
    #expect(s.type("2 * 3") == "int = 6\n")
    _ = s.type(":quit")
    #expect(s.shouldQuit)
  }

  @Test func commandsMayBeAbbreviated() {
    let s = session()
    #expect(s.type(":sch debt").hasPrefix("filing debt\n"))
    #expect(s.type(":s x").contains("could be `:schema`, `:set`"))
    #expect(s.type(":lod x").contains("did you mean `:load`?"))
  }
}

@Suite struct ReplCommandTests {
  @Test func rulesSchemaParamsAndFilingsAreTables() {
    let s = session()
    let rules = s.type(":rules debt")
    #expect(rules.contains("excessive-debt-ratio       debt  major/warning"))
    #expect(rules.hasSuffix("(5 rows)\n"))
    let schema = s.type(":schema debt")
    #expect(schema.contains("borrowings       list of Borrowing"))
    #expect(schema.contains("invalid when: fiscal_capacity <= 0"))
    #expect(s.type(":schema Borrowing").hasPrefix("record Borrowing\n"))
    #expect(s.type(":schema debtt").contains("did you mean `debt`?"))
    #expect(s.type(":params").contains("debt_ratio_high          decimal  1.2 (120%)"))
    let filings = s.type(":filings debt")
    #expect(filings.contains("ZW-2023-SY   debt  沈阳市"))
    #expect(filings.hasSuffix("(7 rows)\n"))
  }

  @Test func setChangesWhatTheChecksFind() {
    let s = session()
    #expect(s.type(":check ZW-2023-SY").contains("excessive-debt-ratio"))
    #expect(s.type(":set debt_ratio_warning 110%") == "param `debt_ratio_warning` = 1.1 (110%)\n")
    #expect(!s.type(":check ZW-2023-SY").contains("excessive-debt-ratio"))
    #expect(s.type(":set debt_ratio_warning abc").contains("error[T001]"))
    #expect(s.type(":set debt_ratio_warnng 1").contains("did you mean `debt_ratio_warning`?"))
    #expect(s.type(":unset debt_ratio_warning") == "param `debt_ratio_warning` = 1\n")
    #expect(s.type(":check ZW-2023-SY").contains("excessive-debt-ratio"))
  }

  @Test func checkReportsLikeTheCLI() {
    let s = session()
    let out = s.type(":check")
    #expect(
      out.hasSuffix(
        "64 filings checked; 42 violations (critical 20, major 15, warning 7), 12 mitigated\n"))
    #expect(out.contains("  evidence  "))
  }

  @Test func explainShowsWhyARuleFiredOrNot() {
    let s = session()
    let out = s.type(":explain ZW-2023-SY excessive-debt-ratio")
    assertSnapshot(out, named: "repl-explain-fired.txt")
    let passed = s.type(":explain ZW-2023-DL excessive-debt-ratio")
    #expect(passed.hasPrefix("passed  excessive-debt-ratio  ZW-2023-DL"))
    #expect(passed.contains("ratio 100% > debt_ratio_warning 100% (false)"))
    #expect(s.type(":explain ZW-2023-DL no-new-arrears").contains("is on `project` filings"))
    #expect(
      s.type(":explain ZW-2023-DL excesive-debt-ratio").contains(
        "did you mean `excessive-debt-ratio`?"))
  }

  @Test func loadTellsPoliciesFromFilingsByExtension() {
    let s = ReplSession(language: .en)
    s.defaultPolicyPath = nil
    let out = s.type(":load \(TestSupport.path("examples/filings/debt.yaml"))")
    #expect(out.contains("read 7 filings from 1 file"))
    #expect(out.contains("not validated"))
    let loaded = s.type(":load \(TestSupport.path("policies/liaoning-2019-24"))")
    #expect(loaded.contains("20 rules, 8 filing kinds"))
    #expect(loaded.contains("7 valid filings"))
    #expect(s.type(":load /no/such/path").contains("no such file or directory `/no/such/path`"))
    #expect(s.type(":load \(TestSupport.path("Package.swift"))").contains("unknown file type"))
  }

  @Test func helpListsEveryCommand() {
    let s = ReplSession(language: .en)
    let out = s.type(":help")
    for c in ReplSession.commands { #expect(out.contains(":\(c.name)")) }
    #expect(s.type(":help query").contains("group by"))
  }
}

@Suite struct ReplQueryTests {
  @Test func groupedQueryIsAnAlignedTable() {
    let s = session(language: .zh)
    let out = s.type(
      ":query project group by funding, audited select count(), sum(sum(payables.amount - payables.paid)), max(report_date) sort by count() desc"
    )
    assertSnapshot(out, named: "repl-query-grouped.txt")
  }

  @Test func filteredRowsWithColumns() {
    let s = session()
    let out = s.type(
      ":query debt where debt_balance / fiscal_capacity > 100% select fiscal_capacity, percent(debt_balance / fiscal_capacity)"
    )
    #expect(
      out == """
        id           fiscal_capacity  percent(debt_balance / fiscal_capacity)
        ----------  ----------------  ---------------------------------------
        ZW-2023-SY  ¥290,000,000,000  107.78%
        ZW-2023-AS   ¥45,000,000,000  120%
        ZW-2023-FX   ¥25,000,000,000  154%
        (3 rows; 3 of 7 debt filings matched)

        """)
  }

  @Test func totalsWithoutGroupsAreOneRow() {
    let s = session()
    let out = s.type(
      ":query debt select count(), count(debt_balance > debt_limit), max(year), avg(year)")
    #expect(out.contains("\n      7                                 1       2024    2023.14\n"))
  }

  @Test func everyKindAndLimit() {
    let s = session()
    let out = s.type(":query * group by kind sort by 2 desc, 1 limit 2")
    #expect(out.contains("commitment       10\nproject          10\n"))
    #expect(out.contains("(2 rows of 8; 64 filings)"))
  }

  @Test func queryMistakesAreLocated() {
    let s = session()
    #expect(s.type(":query debt where debt_balnce > 0").contains("did you mean `debt_balance`?"))
    #expect(s.type(":query debtt").contains("did you mean `debt`?"))
    #expect(s.type(":query debt where year").contains("must be `bool`"))
    #expect(
      s.type(":query debt group by region select year").contains("neither grouped nor totalled"))
    #expect(s.type(":query debt select avg(region)").contains("`avg` needs a number"))
    #expect(s.type(":query debt limit x").contains("`limit` needs a whole number"))
    #expect(s.type(":query debt sort by nothing").contains("no column `nothing` to sort by"))
    #expect(s.type(":query debt where").contains("expected something after `where`"))
    #expect(s.type(":query debt frob").contains("expected `where`, `group by`"))
    let out = s.type(":query debt where year > 2022 where")
    #expect(out.contains("error"))
  }

  @Test func filingsThatCannotBeEvaluatedAreSkippedAndNamed() {
    let s = session()
    let out = s.type(":query debt select debt_balance / (year - 2023)")
    #expect(out.contains("filings skipped, could not be evaluated"))
    #expect(out.contains("ZW-2023-SY: division by zero"))
  }

  @Test func textTableCountsChineseAsTwoCells() {
    var t = TextTable(headers: ["地区", "n"], rightAligned: [false, true])
    t.add(["大连市金州区", "1"])
    t.add(["x", "12"])
    #expect(
      t.render() == """
        地区           n
        ------------  --
        大连市金州区   1
        x             12

        """)
  }
}

@Suite struct ReplDeclarationTests {
  @Test func aRuleTypedAtThePromptIsCheckedAtOnce() {
    let s = session()
    var out = s.type(
      "rule big-debt \"债务余额过大\" en \"Debt balance too large\"",
      "  on debt",
      "  severity warning")
    #expect(out.isEmpty)
    #expect(s.isContinuing)
    out = s.type("  forbid debt_balance > 600亿", "")
    #expect(out.hasPrefix("rule `big-debt` added (on debt)\n"))
    #expect(out.contains("ZW-2023-SY"))
    #expect(out.hasSuffix("7 filings checked; 3 violations (warning 3)\n"))
    #expect(s.type(":rules debt").contains("big-debt"))
  }

  @Test func aLaterDeclarationReplacesAnEarlierOneAndDropRestoresIt() {
    let s = session()
    let out = s.type(
      "rule debt-over-limit \"x\"", "  on debt", "  severity warning", "  forbid year > 2023", "")
    #expect(out.contains("(replaces the one at "))
    #expect(out.contains("debt.policy:3:1)"))
    #expect(out.hasSuffix("7 filings checked; 1 violation (warning 1), 1 mitigated\n"))
    #expect(s.type(":drop debt-over-limit") == "dropped `debt-over-limit`\n")
    #expect(s.type(":rules debt").contains("debt-over-limit            debt  critical"))
  }

  @Test func paramsAndDefinitions() {
    let s = session()
    #expect(s.type("param big: money = 500亿") == "param `big`: money = ¥50,000,000,000\n")
    #expect(s.type("define ratio = debt_balance / fiscal_capacity") == "define `ratio` added\n")
    _ = s.type(":use ZW-2023-FX")
    #expect(s.type("ratio") == "decimal = 1.54 (154%)\n")
    #expect(s.type("define twice = 2 * 2") == "define `twice` added: int = 4\n")
    #expect(
      s.type(":query debt where debt_balance > big select ratio").contains(
        "(4 rows; 4 of 7 debt filings matched)"))
  }

  @Test func aBrokenDeclarationLeavesTheSessionAsItWas() {
    let s = session()
    let out = s.type(
      "rule bad \"x\"", "  on debt", "  severity warning", "  forbid debt_balnce > 0", "")
    #expect(out.contains("error[T001]: unknown name `debt_balnce`"))
    #expect(out.contains("<repl-1>:4:10"))
    #expect(!s.type(":rules debt").contains("bad"))
    #expect(s.type("param x: money = \"a\"").contains("error[T003]"))
    #expect(s.type("debt_ratio_high") == "decimal = 1.2 (120%)\n")
  }

  @Test func aTestTypedAtThePromptRunsAtOnce() {
    let s = session(filings: false)
    let out = s.type(
      "test \"over the limit\" {",
      "  given debt { id: \"T\", region: \"r\", department: \"d\", report_date: 2024-01-01, year: 2023,",
      "    debt_balance: 400, debt_limit: 300, fiscal_capacity: 1000, borrowings: [],",
      "    risk_assessment: true, early_warning: true, emergency_plan: true }",
      "  expect debt-over-limit critical",
      "  expect no illegal-borrowing",
      "}", "")
    #expect(out.hasPrefix("test \"over the limit\" added\n"))
    #expect(out.contains("<repl-1>:1  over the limit"))
    #expect(out.hasSuffix("1 test: 1 passed\n"))
    let all = s.type(":test limit")
    #expect(all.contains("debt balance above the approved limit"))
    #expect(all.contains("over the limit"))
    #expect(s.type(":test no such test") == "no tests `no such test`\n")
  }

  @Test func aSchemaThatBreaksTheRulesIsNotKept() {
    let s = session()
    let out = s.type("filing debt { year: int }")
    #expect(out.contains("unknown name `debt_balance`"))
    #expect(out.contains("more errors"))
    #expect(out.hasSuffix("the declaration was not kept\n"))
    #expect(s.type(":schema debt").contains("debt_balance"))
  }

  @Test func reloadReadsFixedFilesAgain() throws {
    let dir = try TestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let policy = dir.appendingPathComponent("p.policy")
    let filing = dir.appendingPathComponent("f.json")
    try "filing k { n: int }\nparam limit: int = \"x\"\n".write(
      to: policy, atomically: true, encoding: .utf8)
    try
      #"{"kind": "k", "id": "A", "region": "r", "department": "d", "report_date": "2024-01-01", "n": 1}"#
      .write(to: filing, atomically: true, encoding: .utf8)
    let s = ReplSession(language: .en)
    s.defaultPolicyPath = nil
    var out = s.type(":load \(dir.path)")
    #expect(out.contains("error[T003]"))
    #expect(out.contains("fix them and `:reload`"))
    try "filing k { n: int }\nparam limit: int = 5\n".write(
      to: policy, atomically: true, encoding: .utf8)
    try
      #"{"kind": "k", "id": "A", "region": "r", "department": "d", "report_date": "2024-01-01", "n": 9}"#
      .write(to: filing, atomically: true, encoding: .utf8)
    out = s.type(":reload")
    #expect(out.contains("1 file, 0 rules, 1 filing kind, 1 param"))
    #expect(out.contains("1 valid filing"))
    _ = s.type(":use A")
    #expect(s.type("n > limit") == "bool = true\n")
  }

  @Test func aSchemaDeclaredAtThePromptValidatesFilingsAgain() {
    let s = ReplSession(language: .en)
    s.defaultPolicyPath = nil
    var out = s.type("filing debt { year: int }")
    #expect(out == "filing kind `debt` declared; filings validated again\n")
    out = s.type(":load \(TestSupport.path("examples/filings/debt.yaml"))")
    #expect(out.contains("7 valid filings"))
    out = s.type("rule recent \"r\"", "  on debt", "  severity major", "  require year >= 2024", "")
    #expect(out.hasSuffix("7 filings checked; 6 violations (major 6)\n"))
  }
}

@Suite struct ReplInputTests {
  @Test func bracketsAndTrailingOperatorsContinueTheEntry() {
    var input = ReplInput()
    #expect(input.add("count([1, 2,") == nil)
    #expect(input.add("  3])") == "count([1, 2,\n  3])")
    #expect(input.add("1 +") == nil)
    #expect(input.add("2") == "1 +\n2")
    #expect(input.add("a and") == nil)
    #expect(input.add("b") == "a and\nb")
    #expect(input.add("f(") == nil)
    #expect(input.add("") == "f(")
  }

  @Test func rulesAndTestsEndAtABlankLine() {
    var input = ReplInput()
    #expect(input.add("rule x \"t\"") == nil)
    #expect(input.add("  on debt") == nil)
    #expect(input.add("  forbid year > 1") == nil)
    #expect(input.isContinuing)
    #expect(input.add("   ") == "rule x \"t\"\n  on debt\n  forbid year > 1")
    #expect(!input.isContinuing)
    #expect(input.add("test \"t\" {") == nil)
    #expect(input.add("}") == nil)
    #expect(input.add("") == "test \"t\" {\n}")
  }

  @Test func commandsAndSimpleLinesEndAtOnce() {
    var input = ReplInput()
    #expect(input.add(":query debt where (") == ":query debt where (")
    #expect(input.add("rule") == nil)
    input.clear()
    #expect(input.add("rule + 1") == "rule + 1")
    #expect(input.add("filing.year") == "filing.year")
    #expect(input.add("\"open string") == "\"open string")
    #expect(input.add("") == "")
  }

  @Test func aCommandEndsAnUnfinishedEntry() {
    let s = ReplSession(language: .en)
    s.defaultPolicyPath = nil
    #expect(s.feed("1 +") == nil)
    let out = s.feed(":type 1") ?? ""
    #expect(out.contains("error[P002]"))
    #expect(out.hasSuffix("int\n"))
  }

  @Test func ctrlCAbandonsTheEntry() {
    let s = ReplSession(language: .en)
    s.defaultPolicyPath = nil
    #expect(s.feed("(1 +") == nil)
    #expect(s.prompt == "   ...> ")
    s.cancelEntry()
    #expect(s.prompt == "policy> ")
    #expect(s.feed("2") == "int = 2\n")
  }
}

@Suite struct ReplCompletionTests {
  @Test func commands() {
    let s = session()
    let c = s.complete(":sch")
    #expect(c.candidates == [":schema"])
    #expect(c.insertion == "ema ")
    #expect(s.complete(":s").candidates == [":schema", ":set"])
    #expect(s.complete(":s").insertion == "")
    #expect(s.complete(":help q").candidates == ["query", "quit"])
  }

  @Test func filingIdsRuleIdsParamsAndKinds() {
    let s = session()
    #expect(s.complete(":use ZW-2023-S").candidates == ["ZW-2023-SY"])
    #expect(s.complete(":explain ZW-2023-SY exc").candidates == ["excessive-debt-ratio"])
    #expect(s.complete(":explain ZW-2023-SY no-").candidates.isEmpty)
    #expect(s.complete(":set debt_").candidates == ["debt_ratio_high", "debt_ratio_warning"])
    #expect(s.complete(":schema Bor").candidates == ["Borrowing"])
    #expect(s.complete(":query de").candidates == ["debt", "decision"])
    #expect(s.complete(":check ").candidates.count == 64)
  }

  @Test func fieldsOfTheFilingInScope() {
    let s = session()
    #expect(
      s.complete("debt_b").candidates
        == ["debt_ratio_high", "debt_ratio_warning"].filter { $0.hasPrefix("debt_b") })
    _ = s.type(":use ZW-2023-SY")
    #expect(s.complete("debt_b").candidates == ["debt_balance"])
    #expect(s.complete("sum(borrowings.am").candidates == ["amount"])
    #expect(s.complete("filing.fisc").candidates == ["fiscal_capacity"])
    #expect(s.complete("ev").candidates == ["each"].filter { $0.hasPrefix("ev") })
    #expect(s.complete("percen").candidates == ["percent"])
    #expect(s.complete(":query debt where debt_l").candidates == ["debt_limit"])
    #expect(s.complete(":query project where count(payables.pa").candidates == ["paid"])
  }

  @Test func insideARuleBeingWritten() {
    let s = session()
    _ = s.type("rule x \"t\"", "  on project")
    #expect(s.complete("  forbid fund").candidates == ["funding"])
    #expect(s.complete("  sever").candidates == ["severity"])
    s.cancelEntry()
    #expect(s.complete("  on de").candidates == ["debt", "decision"])
    #expect(s.complete("  expect no debt-over").candidates == ["debt-over-limit"])
  }

  @Test func paths() {
    let s = ReplSession(language: .en)
    let c = s.complete(":load \(TestSupport.path("exam"))")
    #expect(c.candidates == [TestSupport.path("examples") + "/"])
    #expect(!c.insertion.hasSuffix(" "))
  }

  @Test func listingFillsColumns() {
    let c = ReplCompletion(word: "", candidates: ["a", "bb", "ccc", "d", "e"])
    #expect(c.listing(width: 12) == "a    d\nbb   e\nccc\n")
  }
}
