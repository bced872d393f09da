import Testing

@testable import PolicyLang

@Suite struct LoaderYAMLTests {
  func read(_ text: String, limits: LoaderLimits = .init()) -> FilingFileResult {
    FilingReader.read(bytes: Array(text.utf8), file: "f.yaml", format: .yaml, limits: limits)
  }

  func read(bytes: [UInt8]) -> FilingFileResult {
    FilingReader.read(bytes: bytes, file: "f.yaml", format: .yaml)
  }

  func describe(_ errors: [DataError]) -> [String] {
    errors.map { "\($0.code.rawValue) \($0.line):\($0.column) \($0.message)" }
  }

  @Test func documentsAndSequencesEachContribute() throws {
    let text = """
      a: 1
      ---
      b: two
      ...
      ---
      - c: 3
      - d: [x, 4]
      ---

      """
    let result = read(text)
    #expect(result.errors.isEmpty)
    #expect(
      result.filings.map { render($0.node) } == [
        #"{"a":1}"#, #"{"b":"two"}"#, #"{"c":3}"#, #"{"d":["x",4]}"#,
      ])
    #expect(result.filings.map(\.index) == [0, 1, 2, 3])
    #expect(result.filings.map(\.node.line) == [1, 3, 6, 7])
    #expect(result.filings.map(\.node.column) == [1, 1, 3, 3])
  }

  @Test func scalarsKeepTheirTextUnlessPlainNullBoolOrNumber() throws {
    let text = """
      date: 2023-05-01
      quoted_true: "true"
      single: '12'
      t: true
      f: FALSE
      n1: null
      n2: ~
      n3:
      num: 0.1
      exp: -1.5e3
      zero: -0
      big: 1_000
      plus: +1
      yes: yes
      lead: 007
      hex: 0x1F
      inf: .inf
      str_tag: !!str 42
      int_tag: !!int 42
      block: |
        line one
        line two
      folded: >
        a
        b
      """
    let result = read(text)
    #expect(result.errors.isEmpty)
    let filing = try #require(result.filings.first)
    guard case .object(let entries) = filing.node.value else {
      Issue.record("not an object")
      return
    }
    let values = Dictionary(uniqueKeysWithValues: entries.map { ($0.key, $0.node.value) })
    #expect(values["date"] == .string("2023-05-01"))
    #expect(values["quoted_true"] == .string("true"))
    #expect(values["single"] == .string("12"))
    #expect(values["t"] == .bool(true))
    #expect(values["f"] == .bool(false))
    #expect(values["n1"] == .null)
    #expect(values["n2"] == .null)
    #expect(values["n3"] == .null)
    #expect(values["num"] == .number("0.1"))
    #expect(values["exp"] == .number("-1.5e3"))
    #expect(values["zero"] == .number("-0"))
    #expect(values["big"] == .string("1_000"))
    #expect(values["plus"] == .string("+1"))
    #expect(values["yes"] == .string("yes"))
    #expect(values["lead"] == .string("007"))
    #expect(values["hex"] == .string("0x1F"))
    #expect(values["inf"] == .string(".inf"))
    #expect(values["str_tag"] == .string("42"))
    #expect(values["int_tag"] == .number("42"))
    #expect(values["block"] == .string("line one\nline two\n"))
    #expect(values["folded"] == .string("a b"))
    #expect(entries.map(\.key).prefix(4) == ["date", "quoted_true", "single", "t"])
  }

  @Test func linesAndColumnsOfKeysAndValues() throws {
    let text = """
      name: Acme
      items:
        - id: 7
          amount: 12.50
      名前: 値
      """
    let filing = try #require(read(text).filings.first)
    #expect((filing.node.line, filing.node.column) == (1, 1))
    let name = try #require(filing.node[key: "name"])
    #expect((name.keyLine, name.keyColumn, name.node.line, name.node.column) == (1, 1, 1, 7))
    let items = try #require(filing.node[key: "items"])
    #expect((items.keyLine, items.keyColumn, items.node.line, items.node.column) == (2, 1, 3, 3))
    guard case .array(let list) = items.node.value else {
      Issue.record("not a list")
      return
    }
    let id = try #require(list[0][key: "id"])
    #expect((id.keyLine, id.keyColumn, id.node.line, id.node.column) == (3, 5, 3, 9))
    let amount = try #require(list[0][key: "amount"])
    #expect(amount.node.value == .number("12.50"))
    #expect((amount.node.line, amount.node.column) == (4, 13))
    let wide = try #require(filing.node[key: "名前"])
    #expect((wide.node.line, wide.node.column) == (5, 5))
  }

  @Test func byteOrderMarkAndCRLF() throws {
    let result = read(bytes: [0xEF, 0xBB, 0xBF] + Array("a: 1\r\nbb: x\r\n".utf8))
    let bb = try #require(result.filings.first?.node[key: "bb"])
    #expect((bb.keyLine, bb.keyColumn, bb.node.line, bb.node.column) == (2, 1, 2, 5))
  }

  @Test func syntaxErrorIsOneErrorForTheWholeFile() {
    var result = read("a: 1\n---\nb: c: d\n")
    #expect(result.filings.isEmpty)
    #expect(
      describe(result.errors) == [
        "D001 3:5 invalid YAML: mapping values are not allowed in this context"
      ])
    result = read("a: [1, 2\nb: 3\n")
    #expect(result.filings.isEmpty)
    #expect(result.errors.count == 1)
    #expect(result.errors.first?.code == .syntaxError)
    #expect(result.errors.first?.message.hasPrefix("invalid YAML: did not find expected") == true)
    #expect(result.errors.first.map { ($0.line, $0.column) } ?? (0, 0) > (1, 1))
  }

  @Test func duplicateKeys() {
    let result = read("a: 1\nb: 2\na: 3\n")
    #expect(result.filings.isEmpty)
    #expect(describe(result.errors) == ["D001 1:1 duplicate key `a` in mapping"])
    // Yams compares keys with their tags; with an explicit `!!int` it keeps
    // both keys, but they have the same text.
    let tagged = read("x:\n  1: a\n  !!int 1: b\n")
    #expect(
      describe(tagged.errors) == [
        "D001 3:3 duplicate key `1` in mapping (first at line 2, column 3)"
      ])
  }

  @Test func aliasesAreResolved() throws {
    let result = read("base: &b {x: 1, y: [2]}\nuse: *b\n")
    #expect(result.errors.isEmpty)
    let filing = try #require(result.filings.first)
    #expect(render(filing.node) == #"{"base":{"x":1,"y":[2]},"use":{"x":1,"y":[2]}}"#)
  }

  static func laughs(levels: Int) -> String {
    var text = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    for level in 1..<levels {
      let refs = Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ")
      text += "a\(level): &a\(level) [\(refs)]\n"
    }
    return text
  }

  @Test func billionLaughsIsBounded() throws {
    let result = read(Self.laughs(levels: 9))
    #expect(result.filings.isEmpty)
    #expect(
      describe(result.errors) == [
        "D010 6:1 more than 1000000 values once aliases are expanded"
      ])
  }

  @Test func aliasesAsKeysAreRefusedBeforeYamsHashesThem() throws {
    let result = read(Self.laughs(levels: 9) + "z: {? *a8 : 1}\n")
    #expect(result.filings.isEmpty)
    #expect(result.errors.map(\.code) == [.limitExceeded])
    #expect(result.errors.map { ($0.line, $0.column) }.first ?? (0, 0) == (10, 5))
    // Without anchors the same key shapes are fine.
    let plain = read("? [a, b]\n: 1\n")
    #expect(describe(plain.errors) == ["D001 1:3 mapping key must be text, found list"])
  }

  @Test func nonMappingItemsFailAlone() {
    let result = read("- a: 1\n- just text\n- [1]\n- b: 2\n---\n42\n")
    #expect(result.filings.map(\.index) == [0, 3])
    #expect(
      describe(result.errors) == [
        "D001 2:3 filing must be an object, found text",
        "D001 3:3 filing must be an object, found list",
        "D001 6:1 YAML document must be an object or a list, found number",
      ])
  }

  @Test func emptyFiles() {
    for text in ["", "\n\n", "# only a comment\n", "---\n"] {
      #expect(
        describe(read(text).errors) == ["D001 1:1 empty file, expected a YAML mapping or sequence"])
    }
    let empty = read("[]\n")
    #expect(empty.filings.isEmpty && empty.errors.isEmpty)
  }

  @Test func encodingProblemsAreLocated() {
    var result = read(bytes: Array("a: 1\nb: \"é".utf8) + [0xFF] + Array("\"\n".utf8))
    #expect(describe(result.errors) == ["D006 2:6 invalid UTF-8 byte 0xFF"])
    result = read("a: 1\nbb: x\u{0}\n")
    #expect(describe(result.errors) == ["D006 2:6 NUL byte in input"])
    result = read("a: 1\nb: x\u{1}\n")
    #expect(describe(result.errors) == ["D006 2:5 character U+0001 is not allowed in YAML"])
  }

  @Test func depthLimit() {
    func nested(_ lists: Int) -> String {
      "a: " + String(repeating: "[", count: lists) + String(repeating: "]", count: lists) + "\n"
    }
    #expect(read(nested(63)).errors.isEmpty)
    #expect(describe(read(nested(64)).errors) == ["D010 1:67 nesting deeper than 64 levels"])
    let flood = read(String(repeating: "[", count: 100_000))
    #expect(flood.errors.map(\.code) == [.limitExceeded])
    let blocks = read(String(repeating: "- ", count: 100_000) + "x\n")
    #expect(blocks.errors.map(\.code) == [.limitExceeded])
  }

  @Test func stringLimit() {
    let result = read("a: short\nb: \"much longer\"\n", limits: LoaderLimits(maxStringBytes: 5))
    #expect(describe(result.errors) == ["D010 2:4 string longer than 5 bytes"])
  }
}
