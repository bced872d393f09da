import Foundation
import Testing

@testable import PolicyLang

/// Rules written here, not in the pack, get evidence with values and
/// locations without any code of their own: the explanation comes from
/// evaluation alone.
@Suite struct EvidenceTests {
  static let policy = """
    record Item { name: text, amount: money, approved: bool }

    filing grant {
      budget: money
      spent: money
      income: money
      items: list of Item
      waiver: bool
    }

    param share_limit: decimal = 80%

    rule grant-overspend "不得超支" en "No overspending"
      cites 一（一） quote "不得超出预算。"
      on grant
      severity critical
      forbid spent > budget
      unless "已批准豁免": waiver
      because "超支 {spent - budget}"

    rule grant-share "支出占收入比例" en "Spending share"
      cites 一（二）
      on grant
      let share = spent / income
      severity major
      forbid share > share_limit
      because "占比 {percent(share)}"

    rule grant-items "大额支出须经批准" en "Large items are approved"
      cites 一（三）
      on grant where budget > 0
      severity major
      forbid any(items, not approved and amount > 10万)
      because "有未经批准的大额支出"

    rule grant-future "将来的规则" en "A later rule"
      cites 一（四）
      on grant
      severity warning
      forbid spent > 0
      because "x"
      effective 2030-01-01
    """

  static let filing = """
    {"kind": "grant", "id": "G-1", "region": "测试市", "department": "测试局",
     "report_date": "2024-06-30",
     "budget": 1000000, "spent": 1250000.5, "income": 1000000,
     "items": [
       {"name": "a", "amount": 50000, "approved": false},
       {"name": "b", "amount": 200000, "approved": false}
     ],
     "waiver": false}
    """

  /// Line and column (1-based, in Unicode scalars) of the value of `key`.
  static func position(of key: String, in text: String) -> (Int, Int)? {
    for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      guard let r = line.range(of: "\"\(key)\": ") else { continue }
      return (i + 1, line[..<r.upperBound].unicodeScalars.count + 1)
    }
    return nil
  }

  static func check(_ filing: String = filing, passes: Bool = false) throws -> FilingOutcome {
    let (program, ds) = PolicyLoader.load(text: policy, path: "test.policy")
    let p = try #require(program, "\(DiagnosticRenderer().render(ds))")
    var run = CheckRun(program: p)
    run.explain = true
    run.recordPasses = passes
    run.recordNotApplicable = passes
    let report = run.check(
      FilingReader.read(bytes: Array(filing.utf8), file: "grant.json", format: .json))
    return try #require(report.outcomes.first)
  }

  static func outcome(_ policy: String, _ filing: String, passes: Bool) throws -> FilingOutcome {
    let (program, ds) = PolicyLoader.load(text: policy, path: "t.policy")
    let p = try #require(program, "\(DiagnosticRenderer().render(ds))")
    var run = CheckRun(program: p)
    run.explain = true
    run.recordPasses = passes
    let report = run.check(
      FilingReader.read(bytes: Array(filing.utf8), file: "t.json", format: .json))
    let o = try #require(report.outcomes.first)
    #expect(o.errors.isEmpty, "\(o.errors.map(\.message))")
    return o
  }

  /// A `let` that only the message reads (the condition decided on its
  /// first part) is still among the bindings, with its inputs, whether the
  /// evidence comes from the trace of every rule (`--show-passes`) or from
  /// the fired rule evaluated again.
  @Test func aLetOnlyTheMessageReadsIsABinding() throws {
    let policy = """
      filing grant {
        budget: money
        spent: money
        income: money
      }
      rule grant-share "占比" en "Share"
        cites 一
        on grant
        let share = spent / income
        severity major
        forbid spent > budget or share > 50%
        because "占比 {percent(share)}"
      """
    let filing = """
      {"kind": "grant", "id": "G-1", "region": "测试市", "department": "测试局",
       "report_date": "2024-06-30", "budget": 100, "spent": 200, "income": 1000}
      """
    for passes in [false, true] {
      let v = try #require(try Self.outcome(policy, filing, passes: passes).violations.first)
      let b = try #require(v.evidence?.bindings.first, "passes: \(passes)")
      #expect(b.name == "share")
      #expect(b.inputs.map(\.expression) == ["spent", "income"])
      #expect(v.message.zh == "占比 20%")
    }
  }

  /// List elements are evaluated again in the language the rule was decided
  /// in, not in that of the message made last (English here): `text()` of
  /// an amount says `5万元` in Chinese only.
  @Test func elementsAreExplainedInTheLanguageOfTheVerdict() throws {
    let policy = """
      record Item { amount: money }

      filing grant {
        items: list of Item
      }
      rule grant-items "项目" en "Items"
        cites 一
        on grant
        severity major
        forbid any(items, text(amount) == "5万元")
        because "有 {count(items)}"
      """
    let filing = """
      {"kind": "grant", "id": "G-1", "region": "测试市", "department": "测试局",
       "report_date": "2024-06-30", "items": [{"amount": 50000}, {"amount": 7}]}
      """
    for passes in [false, true] {
      let v = try #require(try Self.outcome(policy, filing, passes: passes).violations.first)
      let f = try #require(v.evidence?.facts.first)
      #expect(f.elements.map(\.index) == [0], "passes: \(passes)")
    }
  }

  @Test func comparisonHasValuesLocationsAndDifference() throws {
    let o = try Self.check()
    let v = try #require(o.violations.first { $0.ruleID == "grant-overspend" })
    let e = try #require(v.evidence)
    let f = try #require(e.facts.first)
    #expect(f.kind == .comparison(">"))
    #expect(f.text.zh == "spent 125.00005万元 > budget 100万元，超出 25.00005万元")
    #expect(f.text.en == "spent ¥1,250,000.5 > budget ¥1,000,000, over by ¥250,000.5")
    #expect(f.differenceValue == Dec("250000.5"))
    #expect(f.differenceUnit == .money)
    let spent = try #require(f.operands.first)
    #expect(spent.field == "spent")
    #expect(spent.file == "grant.json")
    let (line, column) = try #require(Self.position(of: "spent", in: Self.filing))
    #expect(spent.line == line)
    #expect(spent.column == column)
    #expect(spent.exact.zh == "1,250,000.5元（125.00005万元）")
    // The exception was considered and said why it did not apply.
    let x = try #require(e.exceptions.first)
    #expect(x.status == .notApplied)
    #expect(x.label == "已批准豁免")
    #expect(x.facts.first?.text.zh == "waiver = 否")
    #expect(x.facts.first?.operands.first?.line == 8)
  }

  @Test func ratioIsAPercentage() throws {
    let o = try Self.check()
    let v = try #require(o.violations.first { $0.ruleID == "grant-share" })
    let f = try #require(v.evidence?.facts.first)
    // Two decimals are enough to tell 125.00005% from 80%; the binding is exact.
    #expect(f.text.zh == "share 125% > share_limit 80%，超出 45 个百分点")
    #expect(f.differenceValue == Dec("45.00005"))
    #expect(f.operands.map(\.unit) == [.percent, .percent])
    #expect(f.differenceUnit == .percentagePoints)
    let b = try #require(v.evidence?.bindings.first)
    #expect(b.name == "share")
    #expect(b.value.zh == "125.00005%")
    #expect(b.inputs.map(\.expression) == ["spent", "income"])
    #expect(b.inputs.allSatisfy { $0.line != nil && $0.file == "grant.json" })
  }

  @Test func quantifierListsMatchedElementsWithTheirOwnLocations() throws {
    let o = try Self.check()
    let v = try #require(o.violations.first { $0.ruleID == "grant-items" })
    let f = try #require(v.evidence?.facts.first)
    #expect(f.elements.count == 1)
    let el = try #require(f.elements.first)
    #expect(el.list == "items")
    #expect(el.index == 1)
    #expect(el.line == 6)
    #expect(el.file == "grant.json")
    // Why this element matched, with the element's own field positions.
    #expect(
      el.facts.map(\.text.en) == [
        "approved = false", "amount ¥200,000 > ¥100,000, over by ¥100,000",
      ])
    #expect(el.facts.first?.operands.first?.line == 6)
    #expect(v.evidence?.scope.first?.text.en == "budget ¥1,000,000 > 0")
  }

  @Test func exceptionThatAppliesExcusesAndSaysWhy() throws {
    let excused = Self.filing.replacingOccurrences(
      of: "\"waiver\": false", with: "\"waiver\": true")
    let o = try Self.check(excused, passes: true)
    #expect(!o.violations.contains { $0.ruleID == "grant-overspend" })
    let p = try #require(o.passes.first { $0.ruleID == "grant-overspend" })
    #expect(p.status == .excused)
    #expect(p.excusedBy == "已批准豁免")
    #expect(p.evidence?.exceptions.first?.status == .applied)
    #expect(p.evidence?.facts.first?.holds == true)
  }

  @Test func rulesThatDidNotApplySayWhy() throws {
    let zero = Self.filing.replacingOccurrences(of: "\"budget\": 1000000", with: "\"budget\": 0")
    let o = try Self.check(zero, passes: true)
    let scoped = try #require(o.passes.first { $0.ruleID == "grant-items" })
    #expect(scoped.status == .notApplicable)
    #expect(scoped.evidence?.scope.first?.holds == false)
    #expect(scoped.evidence?.scope.first?.text.en == "budget ¥0 > 0 (false)")
    let future = try #require(o.passes.first { $0.ruleID == "grant-future" })
    #expect(future.status == .notInForce)
    #expect(future.ruleEffective.from == CivilDate("2030-01-01"))
  }

  @Test func passedRuleShowsWhyEachElementDidNotMatch() throws {
    let fine = Self.filing.replacingOccurrences(
      of: "\"amount\": 200000, \"approved\": false", with: "\"amount\": 200000, \"approved\": true")
    let o = try Self.check(fine, passes: true)
    let p = try #require(o.passes.first { $0.ruleID == "grant-items" })
    #expect(p.status == .passed)
    let f = try #require(p.evidence?.facts.first)
    #expect(f.holds == false)
    #expect(f.elements.map(\.matched) == [false, false])
    #expect(
      f.elements.map { $0.facts.map(\.text.en) } == [
        ["amount ¥50,000 > ¥100,000 (false), short by ¥50,000"], ["approved = true"],
      ])
  }

  @Test func percentagesGetDigitsEnoughToDiffer() throws {
    let text = """
      param cap: decimal = 5%
      filing stat { reported: decimal, verified: decimal }
      rule off "偏差" cites 一
        on stat
        severity critical
        forbid abs(reported - verified) / verified > cap
        because "x"
      """
    let (program, ds) = PolicyLoader.load(text: text, path: "t.policy")
    let p = try #require(program, "\(DiagnosticRenderer().render(ds))")
    var run = CheckRun(program: p)
    run.explain = true
    let filing = """
      {"kind": "stat", "id": "S", "region": "r", "department": "d", "report_date": "2024-01-01",
       "reported": 18999999999.99, "verified": 20000000000}
      """
    let report = run.check(
      FilingReader.read(bytes: Array(filing.utf8), file: "s.json", format: .json))
    let f = try #require(report.violations.first?.evidence?.facts.first)
    #expect(
      f.text.zh
        == "abs(reported - verified) / verified 5.00000000005% > cap 5%，超出 0.00000000005 个百分点")
    #expect(f.inputs.map(\.expression) == ["reported", "verified"])
  }

  @Test func explanationListsEveryRuleWithItsStatus() throws {
    let (program, _) = PolicyLoader.load(text: Self.policy, path: "test.policy")
    let p = try #require(program)
    let zero = Self.filing.replacingOccurrences(of: "\"income\": 1000000", with: "\"income\": 0")
    let o = try Self.check(zero, passes: true)
    let x = FilingExplanation(o, program: p)
    #expect(
      x.rules.map(\.ruleID) == ["grant-future", "grant-items", "grant-overspend", "grant-share"])
    #expect(x.rules.map(\.status) == [.notInForce, .violated, .violated, .error])
    let error = try #require(x.rules.last?.error)
    #expect(error.code == .divisionByZero)
    #expect(error.message.contains("`income` is 0"))
    let text = ExplainReport(language: .en).renderText([x])
    #expect(text.contains("not in force  grant-future"))
    #expect(text.contains("no version of the rule is in force on the report date 2024-06-30"))
    #expect(text.contains("error  grant-share"))
    let only = FilingExplanation(o, program: p, rule: "grant-items")
    #expect(only.rules.map(\.ruleID) == ["grant-items"])
  }

  @Test func evidenceJSONHasTheDocumentedShape() throws {
    let o = try Self.check()
    let v = try #require(o.violations.first { $0.ruleID == "grant-overspend" })
    let json = JSONReport(language: .en).evidence(try #require(v.evidence)).serialized()
    let obj = try #require(
      try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    #expect(Set(obj.keys) == ["facts", "bindings", "exceptions", "grade", "scope"])
    let fact = try #require((obj["facts"] as? [[String: Any]])?.first)
    #expect(
      Set(fact.keys) == [
        "expression", "holds", "kind", "operator", "text", "operands", "inputs", "difference",
        "elements",
      ])
    let operand = try #require((fact["operands"] as? [[String: Any]])?.first)
    #expect(
      Set(operand.keys) == [
        "expression", "type", "value", "text", "exact", "field", "location", "literal", "param",
      ])
    #expect(operand["type"] as? String == "money")
    #expect((operand["value"] as? NSNumber)?.stringValue == "1250000.5")
    let diff = try #require(fact["difference"] as? [String: Any])
    #expect(diff["unit"] as? String == "money")
  }

  /// The explainer reuses an operand's short text as its exact one where
  /// `exactIsShort` says the two agree: they must, in both languages.
  @Test func exactIsShortOnlyWhereTheTwoAgree() throws {
    let values: [Value] = [
      .null, .bool(true), .int(0), .int(9_999), .int(10_000), .int(-12_345), .dec(Dec(9_999)),
      .dec(try #require(Dec("12345.678"))), .dec(try #require(Dec("0.5"))), .text("“引”\"q\""),
      .date(CivilDate(year: 2024, month: 2, day: 29)!), .list([.text("a"), .int(3)]),
    ]
    let units: [ValueUnit] = [.money, .decimal, .int, .percent, .text, .date, .list, .bool]
    for lang in Language.allCases {
      let f = EvidenceFormat(language: lang, percentPlaces: 2)
      for v in values {
        for u in units where EvidenceFormat.exactIsShort(v, u) {
          #expect(f.exact(v, .money, u) == f.short(v, .money, u), "\(v) \(u) \(lang)")
        }
      }
    }
    // And it does not claim so where they differ.
    let zh = EvidenceFormat(language: .zh)
    #expect(!EvidenceFormat.exactIsShort(.int(10_000), .money))
    #expect(zh.exact(.int(10_000), .money, .money) != zh.short(.int(10_000), .money, .money))
    #expect(!EvidenceFormat.exactIsShort(.dec(try #require(Dec("0.5"))), .percent))
  }

  /// A record's summary, written as bytes, reads as the fields joined.
  @Test func recordSummaryListsEveryFieldInOrder() throws {
    let p = try #require(PolicyLoader.load(text: Self.policy, path: "test.policy").0)
    let item = try #require(p.records["Item"])
    let r = RecordValue(
      type: item, fields: [.text("桌椅"), .dec(Dec(25_000)), .bool(false)],
      positions: [], position: .unknown)
    #expect(
      EvidenceFormat(language: .zh).record(r) == "{name: “桌椅”, amount: 2.5万元, approved: 否}")
    let unfilled = RecordValue(
      type: item, fields: [.text("a\"b"), .null, .bool(true)], positions: [], position: .unknown)
    #expect(
      EvidenceFormat(language: .zh).record(unfilled)
        == "{name: “a\"b”, amount: （无）, approved: 是}")
    #expect(
      EvidenceFormat(language: .en).record(unfilled)
        == "{name: \"a\"b\", amount: (none), approved: true}")
    let en = EvidenceFormat(language: .en)
    #expect(en.short(.list([.record(r)]), .list(.record(item)), .list) == "1 item")
    #expect(en.short(.list([.record(r), .record(r)]), .list(.record(item)), .list) == "2 items")
    #expect(
      EvidenceFormat(language: .zh).short(.list([.int(3), .text("x")]), .list(.text), .list)
        == "[3、“x”]")
  }
}
