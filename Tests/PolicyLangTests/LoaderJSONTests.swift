import Testing

@testable import PolicyLang

/// Compact JSON-like text of a tree, to compare whole structures in one line.
func render(_ node: DataNode) -> String {
  switch node.value {
  case .null: "null"
  case .bool(let b): b ? "true" : "false"
  case .number(let text): text
  case .string(let s): "\"\(s)\""
  case .array(let elements): "[" + elements.map(render).joined(separator: ",") + "]"
  case .object(let entries):
    "{" + entries.map { "\"\($0.key)\":" + render($0.node) }.joined(separator: ",") + "}"
  }
}

func parseJSON(_ text: String, limits: LoaderLimits = .init()) -> Result<DataNode, DataError> {
  JSONReader.parse(Array(text.utf8), file: "t.json", limits: limits)
}

func parseJSON(bytes: [UInt8], limits: LoaderLimits = .init()) -> Result<DataNode, DataError> {
  JSONReader.parse(bytes, file: "t.json", limits: limits)
}

func failure(_ result: Result<DataNode, DataError>) -> DataError? {
  if case .failure(let error) = result { return error }
  return nil
}

func success(_ result: Result<DataNode, DataError>) -> DataNode? {
  if case .success(let node) = result { return node }
  return nil
}

@Suite struct LoaderJSONTests {
  struct SyntaxCase: Sendable, CustomStringConvertible {
    var input: String
    var line: Int
    var column: Int
    var message: String
    var code: DiagnosticCode = .syntaxError
    var description: String { input }
  }

  static let syntaxCases: [SyntaxCase] = [
    .init(
      input: #"{"a": 1,}"#, line: 1, column: 8, message: "trailing `,` before `}` is not allowed"),
    .init(input: "[1, 2,]", line: 1, column: 6, message: "trailing `,` before `]` is not allowed"),
    .init(
      input: #"{"a" 1}"#, line: 1, column: 6, message: "expected `:` after member name, found `1`"),
    .init(
      input: #"{"a": 1 "b": 2}"#, line: 1, column: 9,
      message: "expected `,` or `}` after object member, found `\"`"),
    .init(
      input: #"{"a": 1]"#, line: 1, column: 8,
      message: "expected `,` or `}` after object member, found `]`"),
    .init(
      input: "[1 2]", line: 1, column: 4,
      message: "expected `,` or `]` after array element, found `2`"),
    .init(
      input: "{a: 1}", line: 1, column: 2,
      message: "expected a member name in double quotes, found `a`"),
    .init(
      input: "{'a': 1}", line: 1, column: 2,
      message: "expected a member name in double quotes, found `'`"),
    .init(
      input: "[01]", line: 1, column: 2, message: "leading zeros are not allowed in number `01`"),
    .init(
      input: "[-007]", line: 1, column: 2, message: "leading zeros are not allowed in number `-007`"
    ),
    .init(input: "[-]", line: 1, column: 3, message: "expected a digit after `-`, found `]`"),
    .init(
      input: "[1.]", line: 1, column: 4,
      message: "expected a digit after the decimal point, found `]`"),
    .init(
      input: "[1e+]", line: 1, column: 5, message: "expected a digit in the exponent, found `]`"),
    .init(input: "[.5]", line: 1, column: 2, message: "expected a value, found `.`"),
    .init(input: "[+1]", line: 1, column: 2, message: "expected a value, found `+`"),
    .init(input: "[NaN]", line: 1, column: 2, message: "expected a value, found `NaN`"),
    .init(input: "[Infinity]", line: 1, column: 2, message: "expected a value, found `Infinity`"),
    .init(
      input: "[-Infinity]", line: 1, column: 3,
      message: "expected a digit after `-`, found `Infinity`"),
    .init(input: "[True]", line: 1, column: 2, message: "expected a value, found `True`"),
    .init(input: "[nul]", line: 1, column: 2, message: "expected a value, found `nul`"),
    .init(input: "[truex]", line: 1, column: 2, message: "expected a value, found `truex`"),
    .init(
      input: "[0x1F]", line: 1, column: 3,
      message: "expected `,` or `]` after array element, found `x1F`"),
    .init(input: "// note\n{}", line: 1, column: 1, message: "comments are not allowed in JSON"),
    .init(
      input: "{\"a\": 1 /* x */}", line: 1, column: 9, message: "comments are not allowed in JSON"),
    .init(input: #"{"a": "x"#, line: 1, column: 7, message: "unterminated string"),
    .init(input: #"["a\"#, line: 1, column: 2, message: "unterminated string"),
    .init(
      input: "{\"a\": \"x\ny\"}", line: 1, column: 7,
      message: "unterminated string (a line break in a string must be written `\\n`)"),
    .init(
      input: "[\"a\tb\"]", line: 1, column: 4,
      message: "control character U+0009 in string must be escaped"),
    .init(input: #"["\x"]"#, line: 1, column: 3, message: "invalid escape `\\x` in string"),
    .init(input: #"["ab\'"]"#, line: 1, column: 5, message: "invalid escape `\\'` in string"),
    .init(
      input: #"["\u12G4"]"#, line: 1, column: 3,
      message: "expected 4 hex digits after `\\u` in string"),
    .init(
      input: #"["\u12"]"#, line: 1, column: 3,
      message: "expected 4 hex digits after `\\u` in string"),
    .init(input: #"["\uD800"]"#, line: 1, column: 3, message: "lone surrogate `\\uD800` in string"),
    .init(
      input: #"["x\udc00y"]"#, line: 1, column: 4, message: "lone surrogate `\\udc00` in string"),
    .init(
      input: #"["\uD800\u0041"]"#, line: 1, column: 3, message: "lone surrogate `\\uD800` in string"
    ),
    .init(
      input: #"["\uD800\uD800"]"#, line: 1, column: 3, message: "lone surrogate `\\uD800` in string"
    ),
    .init(
      input: #"{"a": 1} x"#, line: 1, column: 10,
      message: "expected end of input after the top-level value, found `x`"),
    .init(
      input: "{\"a\": 1}\n{\"b\": 2}", line: 2, column: 1,
      message: "expected end of input after the top-level value, found `{`"),
    .init(
      input: #"{"a": 1, "a": 2}"#, line: 1, column: 10,
      message: "duplicate key `a` in object (first at line 1, column 2)"),
    .init(input: "[", line: 1, column: 2, message: "expected a value, found end of input"),
    .init(input: "{\"a\":", line: 1, column: 6, message: "expected a value, found end of input"),
    .init(
      input: "{\"a\": 1", line: 1, column: 8,
      message: "expected `,` or `}` after object member, found end of input"),
    .init(
      input: "{\n  \"a\": [1,\n    2,,\n  ]\n}", line: 3, column: 7,
      message: "expected a value, found `,`"),
    .init(input: "{\"名前\": x}", line: 1, column: 8, message: "expected a value, found `x`"),
    .init(
      input: "{\"名前\": 1, \"値\": é}", line: 1, column: 16, message: "expected a value, found `é`"),
    .init(
      input: "[\u{0C}1]", line: 1, column: 2, message: "expected a value, found character U+000C"),
    .init(input: "[\u{0}]", line: 1, column: 2, message: "NUL byte in input", code: .badEncoding),
    .init(
      input: "{\"a\": \"x\u{0}\"}", line: 1, column: 9, message: "NUL byte in input",
      code: .badEncoding),
    .init(input: "", line: 1, column: 1, message: "empty file, expected a JSON object or array"),
    .init(
      input: " \r\n\t\n ", line: 1, column: 1,
      message: "empty file, expected a JSON object or array"),
  ]

  @Test(arguments: syntaxCases)
  func syntaxErrorsAreLocated(_ c: SyntaxCase) throws {
    let error = try #require(failure(parseJSON(c.input)))
    #expect(error.code == c.code)
    #expect(error.message == c.message)
    #expect(error.line == c.line)
    #expect(error.column == c.column)
    #expect(error.file == "t.json")
  }

  @Test func numbersKeepTheirExactText() throws {
    let node = try #require(
      success(parseJSON("[0.1, 1e3, -0, 1E+2, 2.50, 123456789012345678901234567890, -0.0e-0, 0]")))
    guard case .array(let elements) = node.value else {
      Issue.record("not an array")
      return
    }
    #expect(
      elements.map(\.value) == [
        .number("0.1"), .number("1e3"), .number("-0"), .number("1E+2"), .number("2.50"),
        .number("123456789012345678901234567890"), .number("-0.0e-0"), .number("0"),
      ])
    #expect(elements.map(\.column) == [2, 7, 12, 16, 22, 28, 60, 69])
  }

  @Test func literalsAndNesting() throws {
    let node = try #require(
      success(parseJSON(#"{"t": true, "f": false, "n": null, "l": [[], {}], "o": {"x": "y"}}"#)))
    #expect(render(node) == #"{"t":true,"f":false,"n":null,"l":[[],{}],"o":{"x":"y"}}"#)
    #expect(node.kindName == "object")
    #expect(node[key: "l"]?.node.kindName == "list")
    #expect(node[key: "o"]?.node[key: "x"]?.node.value == .string("y"))
    #expect(node[key: "missing"] == nil)
    #expect(node[key: "t"]?.node.kindName == "boolean")
    #expect(node[key: "n"]?.node.kindName == "null")
  }

  @Test func escapesAndSurrogatePairs() throws {
    let text = #"["\"\\\/\b\f\n\r\t", "\u0041\u00e9\u4E2D", "\ud83d\ude00!", "a\u0000b", "plain"]"#
    let node = try #require(success(parseJSON(text)))
    guard case .array(let elements) = node.value else {
      Issue.record("not an array")
      return
    }
    #expect(
      elements.map(\.value) == [
        .string("\"\\/\u{8}\u{C}\n\r\t"), .string("Aé中"), .string("😀!"), .string("a\u{0}b"),
        .string("plain"),
      ])
  }

  @Test func longStringsTakeTheFastAndSlowPaths() throws {
    let long = String(repeating: "abcdefghij", count: 50)
    let node = try #require(success(parseJSON("[\"\(long)\", \"\(long)\\n\(long)é\"]")))
    #expect(render(node) == "[\"\(long)\",\"\(long)\n\(long)é\"]")
  }

  @Test func positionsOfKeysAndValues() throws {
    let text = """
      {
        "name": "Acme",
        "items": [
          {"id": 7, "名": "值", "after": true}
        ]
      }
      """
    let node = try #require(success(parseJSON(text)))
    #expect((node.line, node.column) == (1, 1))
    let name = try #require(node[key: "name"])
    #expect((name.keyLine, name.keyColumn) == (2, 3))
    #expect((name.node.line, name.node.column) == (2, 11))
    let items = try #require(node[key: "items"])
    #expect((items.node.line, items.node.column) == (3, 12))
    guard case .array(let list) = items.node.value else {
      Issue.record("not a list")
      return
    }
    let item = list[0]
    #expect((item.line, item.column) == (4, 5))
    let after = try #require(item[key: "after"])
    // `{"id": 7, "名": "值", ` is 20 scalars before the key.
    #expect((after.keyLine, after.keyColumn) == (4, 25))
    #expect((after.node.line, after.node.column) == (4, 34))
  }

  @Test func byteOrderMarkIsSkipped() throws {
    let node = try #require(
      success(parseJSON(bytes: [0xEF, 0xBB, 0xBF] + Array(#"{"a": 1}"#.utf8))))
    #expect((node.line, node.column) == (1, 1))
    #expect(node[key: "a"]?.node.column == 7)
    let error = try #require(failure(parseJSON(bytes: [0xEF, 0xBB, 0xBF] + Array("[x]".utf8))))
    #expect((error.line, error.column) == (1, 2))
  }

  @Test func crlfLineEndsAreNotColumns() throws {
    let node = try #require(success(parseJSON("{\r\n  \"a\": 1,\r\n  \"b\": [2,\r\n 3]\r\n}\r\n")))
    let a = try #require(node[key: "a"])
    #expect((a.keyLine, a.keyColumn, a.node.line, a.node.column) == (2, 3, 2, 8))
    let b = try #require(node[key: "b"])
    #expect((b.keyLine, b.keyColumn) == (3, 3))
    guard case .array(let list) = b.node.value else {
      Issue.record("not a list")
      return
    }
    #expect((list[1].line, list[1].column) == (4, 2))
    let error = try #require(failure(parseJSON("{\"a\": 1,\r\n \"b\" 2}")))
    #expect((error.line, error.column) == (2, 6))
  }

  @Test func invalidUTF8IsLocatedAtTheFirstBadByte() throws {
    // `{"a": "x` then 0xC3 followed by `(`, which is not a continuation byte.
    var bytes = Array(#"{"a": "x"#.utf8) + [0xC3] + Array(#"("}"#.utf8)
    var error = try #require(failure(parseJSON(bytes: bytes)))
    #expect(error.code == .badEncoding)
    #expect(error.message == "invalid UTF-8 byte 0xC3")
    #expect((error.line, error.column) == (1, 9))
    // After a multi-byte character on the same line the column counts scalars.
    bytes = Array("{\n\"é\": \"".utf8) + [0xFF] + Array("\"}".utf8)
    error = try #require(failure(parseJSON(bytes: bytes)))
    #expect(error.message == "invalid UTF-8 byte 0xFF")
    #expect((error.line, error.column) == (2, 7))
    // Outside strings, overlong forms, encoded surrogates, truncated sequences.
    for bad: [UInt8] in [
      [0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE4, 0xB8],
    ] {
      for wrap in [
        (Array("[1, ".utf8), Array("]".utf8), 5), (Array("[\"ab".utf8), Array("\"]".utf8), 5),
      ] {
        let e = try #require(failure(parseJSON(bytes: wrap.0 + bad + wrap.1)))
        #expect(e.code == .badEncoding)
        #expect(e.message == "invalid UTF-8 byte 0x\(TextScan.hex(bad[0]))")
        #expect((e.line, e.column) == (1, wrap.2))
      }
    }
    // A well-formed 4-byte character is fine.
    #expect(
      success(parseJSON(bytes: Array("[\"".utf8) + [0xF0, 0x9F, 0x98, 0x80] + Array("\"]".utf8)))
        != nil)
  }

  @Test func depthLimit() throws {
    let ok = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
    #expect(success(parseJSON(ok)) != nil)
    let deep = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
    let error = try #require(failure(parseJSON(deep)))
    #expect(error.code == .limitExceeded)
    #expect(error.message == "nesting deeper than 64 levels")
    #expect((error.line, error.column) == (1, 65))
    let objects = String(repeating: "{\"a\":", count: 65) + "1" + String(repeating: "}", count: 65)
    let objectError = try #require(failure(parseJSON(objects)))
    #expect(objectError.code == .limitExceeded)
    #expect((objectError.line, objectError.column) == (1, 321))
    let custom = try #require(failure(parseJSON("[[[1]]]", limits: LoaderLimits(maxDepth: 2))))
    #expect(custom.message == "nesting deeper than 2 levels")
  }

  @Test func hundredThousandBracketsDoNotCrash() throws {
    let error = try #require(failure(parseJSON(String(repeating: "[", count: 100_000))))
    #expect(error.code == .limitExceeded)
    #expect((error.line, error.column) == (1, 65))
  }

  @Test func stringAndNumberLengthLimits() throws {
    let limits = LoaderLimits(maxStringBytes: 10)
    #expect(success(parseJSON(#"["0123456789"]"#, limits: limits)) != nil)
    var error = try #require(failure(parseJSON(#"[1, "01234567890"]"#, limits: limits)))
    #expect(error.code == .limitExceeded)
    #expect(error.message == "string longer than 10 bytes")
    #expect((error.line, error.column) == (1, 5))
    error = try #require(failure(parseJSON(#"["\n\n\n\n\n\n\n\n\n\n\n"]"#, limits: limits)))
    #expect(error.message == "string longer than 10 bytes")
    error = try #require(failure(parseJSON("[12345678901]", limits: limits)))
    #expect(error.message == "number longer than 10 bytes")
    #expect((error.line, error.column) == (1, 2))
  }

  @Test func duplicateKeysInLargeObjectsAndCanonicalEquivalents() throws {
    let members = (0..<20).map { "\"k\($0)\": \($0)" }.joined(separator: ", ")
    let error = try #require(failure(parseJSON("{\(members), \"k5\": 0}")))
    #expect(error.message.hasPrefix("duplicate key `k5` in object (first at line 1, column "))
    // Same text, different code points: two different keys.
    let node = try #require(success(parseJSON("{\"\u{E9}\": 1, \"e\u{301}\": 2}")))
    #expect(node[key: "\u{E9}"]?.node.value == .number("1"))
    #expect(node[key: "e\u{301}"]?.node.value == .number("2"))
    let many = (0..<20).map { "\"k\($0)\": \($0)" }.joined(separator: ", ")
    #expect(success(parseJSON("{\(many), \"\u{E9}\": 1, \"e\u{301}\": 2}")) != nil)
    #expect(failure(parseJSON("{\(many), \"\u{E9}\": 1, \"e\u{301}\": 2, \"\u{E9}\": 3}")) != nil)
  }

  @Test func filingFileShapes() throws {
    func read(_ text: String) -> FilingFileResult {
      FilingReader.read(bytes: Array(text.utf8), file: "f.json", format: .json)
    }
    var result = read("[]")
    #expect(result.filings.isEmpty && result.errors.isEmpty)
    result = read(#" {"a": 1} "#)
    #expect(result.filings.map(\.index) == [0])
    #expect(result.errors.isEmpty)
    result = read("[{\"a\": 1},\n 2, \"x\", {\"b\": 2}, null]")
    #expect(result.filings.map(\.index) == [0, 3])
    #expect(result.filings.map { render($0.node) } == [#"{"a":1}"#, #"{"b":2}"#])
    #expect(result.filings.allSatisfy { $0.file == "f.json" })
    #expect(
      result.errors == [
        DataError(
          .syntaxError, "filing must be an object, found number", file: "f.json", line: 2, column: 2
        ),
        DataError(
          .syntaxError, "filing must be an object, found text", file: "f.json", line: 2, column: 5),
        DataError(
          .syntaxError, "filing must be an object, found null", file: "f.json", line: 2, column: 20),
      ])
    result = read("42")
    #expect(
      result.errors == [
        DataError(
          .syntaxError, "top-level value must be an object or an array, found number",
          file: "f.json",
          line: 1, column: 1)
      ])
    result = read("  ")
    #expect(result.errors.map(\.message) == ["empty file, expected a JSON object or array"])
    // An array is read element by element: the filings before its first
    // syntax error are kept, and nothing after it is read.
    result = read("[{\"a\": 1}, {\"b\": ]\n{")
    #expect(result.filings.map(\.node.line) == [1])
    #expect(
      result.errors == [
        DataError(
          .syntaxError, "expected a value, found `]`", file: "f.json", line: 1, column: 18)
      ])
  }

  @Test func errorsPerFileAreCapped() throws {
    let text = "[" + Array(repeating: "1", count: 150).joined(separator: ",") + "]"
    let result = FilingReader.read(bytes: Array(text.utf8), file: "f.json", format: .json)
    #expect(result.errors.count == 101)
    #expect(result.errors[99].column == 200)
    #expect(
      result.errors.last
        == DataError(
          .limitExceeded, "too many errors in this file: 50 more errors not shown", file: "f.json",
          line: 1, column: 202))
  }

  @Test func diagnosticCarriesTheLocation() {
    let error = DataError(
      .syntaxError, "expected a value, found `]`", file: "f.json", line: 3, column: 7)
    let d = error.diagnostic
    #expect(d.code == .syntaxError)
    #expect(d.location == SourceLocation(file: "f.json", line: 3, column: 7))
    #expect(d.description == "f.json:3:7: error[D001]: expected a value, found `]`")
    let whole = DataError(.unreadable, "cannot read `x`", file: "x", line: 0, column: 0)
    #expect(whole.diagnostic.location == nil)
  }
}
