import Foundation
import Testing

@testable import PolicyLang

/// How a test's `given` becomes a filing, and the language changes made for tests.
@Suite struct PolicyTestDataTests {
  static let schema = """
    param limit_ratio: decimal = 100%
    record Item { name: text, amount: money, due: date }
    filing thing {
      year: int
      amount: money
      ratio: decimal
      due: date
      items: list of Item
      label: text?
      flags: list of bool
      invalid when amount < 0 because "不能为负"
    }
    rule thing-over "超" en "over"
      cites 三（三）
      on thing
      severity major
      forbid amount > 100
    fixture base = thing {
      region: "沈阳市", department: "市财政局", report_date: 2024-02-28
      year: 2024, amount: 1, ratio: 0, due: 2024-02-28, items: [], flags: []
    }

    """

  /// The filing a test builds, as a data tree, and the builder's diagnostics.
  func given(_ tests: String, _ name: String? = nil) throws -> (DataNode?, [Diagnostic]) {
    let program = try loadPolicy(Self.schema + tests)
    let test = try #require(
      program.tests.first { name == nil || PolicyTestRunner.name(of: $0) == name })
    var builder = TestDataBuilder(program: program, testSource: test.source)
    let node = builder.filing(for: test)
    return (node, builder.diagnostics)
  }

  func value(_ node: DataNode?, _ key: String) -> DataValue? { node?[key: key]?.node.value }

  @Test func recordLiteralsTakeTheirKindAndTheTestsName() throws {
    let (node, ds) = try given(#"test "named" { given base expect nothing }"#)
    #expect(ds.isEmpty)
    #expect(value(node, "kind") == .string("thing"))
    #expect(value(node, "id") == .string("named"))
    // An id written out wins.
    let (other, _) = try given(#"test "named" { given base with { id: "X-1" } expect nothing }"#)
    #expect(value(other, "id") == .string("X-1"))
  }

  @Test func literalsAreWrittenAsExactData() throws {
    let (node, ds) = try given(
      """
      test "t" {
        given base with {
          year: 2_024, amount: 12亿, ratio: 120%, due: 2024-02-28 + 1 days,
          items: [Item { name: "a\\u{3000}b", amount: 0.1 + 0.2, due: 2019-12-12 }],
          flags: [true, false], label: "x"
        }
        expect nothing
      }
      """)
    #expect(ds.isEmpty, "\(ds)")
    #expect(value(node, "year") == .number("2024"))
    #expect(value(node, "amount") == .number("1200000000"))
    #expect(value(node, "ratio") == .number("1.2"))
    #expect(value(node, "due") == .string("2024-02-29"))
    guard case .array(let flags)? = value(node, "flags") else {
      Issue.record("flags is not a list")
      return
    }
    #expect(flags.map(\.value) == [.bool(true), .bool(false)])
    guard case .array(let items)? = value(node, "items"),
      case .object(let item)? = items.first?.value
    else {
      Issue.record("items is not a list of records")
      return
    }
    #expect(item.map(\.key) == ["name", "amount", "due"])
    #expect(item[0].node.value == .string("a\u{3000}b"))
    #expect(item[1].node.value == .number("0.3"))
  }

  @Test func withReplacesFieldsInPlaceAndNests() throws {
    let (node, ds) = try given(
      """
      fixture one = Item { name: "a", amount: 1, due: 2024-01-01 }
      test "t" {
        given (base with { amount: 5 }) with {
          items: [one, one with { amount: 2 }, one with { name: base.kind }]
        }
        expect nothing
      }
      """)
    #expect(ds.isEmpty, "\(ds)")
    guard case .object(let entries)? = node?.value else {
      Issue.record("not a record")
      return
    }
    // Replaced fields keep their place among the fixture's.
    #expect(entries.prefix(4).map(\.key) == ["kind", "region", "department", "report_date"])
    #expect(value(node, "amount") == .number("5"))
    guard case .array(let items)? = value(node, "items") else {
      Issue.record("items")
      return
    }
    #expect(items[0][key: "amount"]?.node.value == .number("1"))
    #expect(items[1][key: "amount"]?.node.value == .number("2"))
    #expect(items[2][key: "name"]?.node.value == .string("thing"))
  }

  @Test func positionsAreInTheTestsFile() throws {
    let (node, _) = try given(
      """
      test "t" {
        given base with { amount: 5 }
        expect nothing
      }
      """)
    let lines = Self.schema.split(separator: "\n", omittingEmptySubsequences: false).count
    let amount = try #require(node?[key: "amount"])
    #expect(amount.node.line == Int32(lines + 1))
    #expect(amount.node.column == 29)
    // Fields from the fixture keep the fixture's place.
    let region = try #require(node?[key: "region"])
    #expect(region.node.line < Int32(lines))
  }

  @Test func fixturesFromAnotherFileStandWhereTheTestNamesThem() throws {
    let schemaFile = Parser.parse(SourceFile(path: "a.policy", text: Self.schema)).0
    let testFile = Parser.parse(
      SourceFile(
        path: "b.policy",
        text: """
          test "t" {
            given base with { amount: 5 }
            expect nothing
          }
          """)
    ).0
    let program = try #require(Checker.check([schemaFile, testFile]).0)
    let test = try #require(program.tests.first)
    var builder = TestDataBuilder(program: program, testSource: test.source)
    let built = builder.filing(for: test)
    let node = try #require(built)
    #expect(node[key: "region"]?.node.line == 2)
    #expect(node[key: "region"]?.node.column == 9)
    #expect(node[key: "amount"]?.node.column == 29)
  }

  @Test func mistakesInTestData() throws {
    let cases: [(String, String)] = [
      (#"test "t" { given bse expect nothing }"#, "unknown fixture `bse`"),
      (#"test "t" { given Thing { } expect nothing }"#, "unknown filing kind or record `Thing`"),
      (
        #"test "t" { given base with { year: 1, year: 2 } expect nothing }"#,
        "field `year` is given twice"
      ),
      (
        #"test "t" { given 5 expect nothing }"#, "the filing of a test must be a record, not number"
      ),
      (
        #"test "t" { given [base] with { year: 1 } expect nothing }"#,
        "`with` needs a record on its left, not list"
      ),
      (
        #"test "t" { given base with { due: 3 days } expect nothing }"#,
        "a duration cannot be written in a filing"
      ),
      (
        #"test "t" { given base with { year: 1 / 0 } expect nothing }"#,
        "this value cannot be computed: division by zero"
      ),
      (
        #"test "t" { given base with { year: base.nope } expect nothing }"#,
        "the record has no field `nope`"
      ),
      (
        #"test "t" { given base with { year: limit_ratio } expect nothing }"#,
        "`limit_ratio` is a param"
      ),
    ]
    for (text, message) in cases {
      let (node, ds) = try given(text)
      #expect(node == nil, "\(text)")
      #expect(ds.first.map { $0.message.hasPrefix(message) } == true, "\(text): \(ds)")
      #expect(ds.first?.code == .badTest || ds.first?.code == .unknownName, "\(text)")
    }
  }

  @Test func longChainsOfFixturesAreRefused() throws {
    let chain = (1..<100).map { "fixture f\($0) = f\($0 - 1) with { year: \($0) }" }
    let (node, ds) = try given(
      "fixture f0 = base\n" + chain.joined(separator: "\n")
        + "\ntest \"t\" { given f99 expect nothing }")
    #expect(node == nil)
    #expect(ds.first?.message == "fixtures are nested more than 64 deep")
    let (short, none) = try given(
      "fixture f0 = base\n" + chain.prefix(60).joined(separator: "\n")
        + "\ntest \"t\" { given f60 expect nothing }")
    #expect(none.isEmpty)
    #expect(short?[key: "year"]?.node.value == .number("60"))
  }

  @Test func testParamsAreCheckedLikeParamOverrides() throws {
    let program = try loadPolicy(
      Self.schema
        + """
        test "a" { given base param limit_ratio = 150% expect nothing }
        test "b" { given base param limit_ratio = 2024-01-01 expect nothing }
        """)
    let run = PolicyTestRunner(program: program).run()
    #expect(run.results.map(\.status) == [.passed, .error])
    #expect(
      run.results[1].diagnostics.first?.message
        == "param `limit_ratio` is `decimal`, but `2024-01-01` is `date`")
  }

  @Test func unknownNamesInTestsAreCheckerErrors() {
    let (_, ds) = PolicyLoader.load(
      text: Self.schema
        + """
        test "a" { given base param limit_ratoi = 1 expect thing-ovr }
        """)
    #expect(ds.map(\.message) == ["unknown param `limit_ratoi`", "unknown rule `thing-ovr`"])
  }

  @Test func fieldsNamedLikeDurationUnitsOnTheirOwnLine() throws {
    // `due: 2024-02-28` then `year: 2024` is a field, not `2024-02-28 year`.
    let (node, ds) = try given(
      """
      test "t" {
        given base with {
          due: 2024-02-28
          year: 2030
        }
        expect nothing
      }
      """)
    #expect(ds.isEmpty, "\(ds)")
    #expect(value(node, "year") == .number("2030"))
  }

  @Test func unicodeEscapesInStrings() {
    let tokens = Lexer.tokenize(SourceFile(path: "t", text: #""a\u{3000}b\u{1F600}\u{a0}""#))
    #expect(tokens.diagnostics.isEmpty)
    #expect(tokens.tokens.first?.parts == [.text("a\u{3000}b\u{1F600}\u{A0}")])
    for bad in [#""\u3000""#, #""\u{}""#, #""\u{1234567}""#, #""\u{D800}""#, #""\u{12""#] {
      let t = Lexer.tokenize(SourceFile(path: "t", text: bad))
      #expect(t.diagnostics.first?.code == .badEscape, "\(bad)")
    }
  }

  @Test func givenFileParses() throws {
    let (file, ds) = Parser.parse(
      SourceFile(
        path: "t.policy", text: #"test "t" { given file "a.jsonl" filing "ID-1" expect nothing }"#))
    #expect(ds.isEmpty)
    guard case .test(let t)? = file.declarations.first else {
      Issue.record("not a test")
      return
    }
    #expect(t.file?.path.plain == "a.jsonl")
    #expect(t.file?.filing.plain == "ID-1")
  }
}
