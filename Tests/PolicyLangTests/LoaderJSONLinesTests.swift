import Testing

@testable import PolicyLang

@Suite struct LoaderJSONLinesTests {
  func read(_ bytes: [UInt8], limits: LoaderLimits = .init()) -> FilingFileResult {
    FilingReader.read(bytes: bytes, file: "f.jsonl", format: .jsonl, limits: limits)
  }

  func read(_ text: String, limits: LoaderLimits = .init()) -> FilingFileResult {
    read(Array(text.utf8), limits: limits)
  }

  @Test func blankLinesAreSkippedAndLineNumbersAreAbsolute() throws {
    let text = "{\"a\":1}\n\n  \t\r\n{\"a\":2}\r\n{bad}\n{\"a\":3}"
    let result = read(text)
    #expect(result.filings.map { render($0.node) } == [#"{"a":1}"#, #"{"a":2}"#, #"{"a":3}"#])
    #expect(result.filings.map(\.index) == [0, 1, 3])
    #expect(result.filings.map(\.node.line) == [1, 4, 6])
    #expect(result.filings[1].node[key: "a"]?.node.column == 6)
    #expect(
      result.errors == [
        DataError(
          .syntaxError, "expected a member name in double quotes, found `bad`", file: "f.jsonl",
          line: 5, column: 2)
      ])
  }

  @Test func invalidUTF8FailsOnlyItsLine() throws {
    let bytes =
      Array("{\"a\": \"ok\"}\n{\"a\": \"é".utf8) + [0xE9, 0x20]
      + Array("\"}\n{\"a\": \"fine\"}\n".utf8)
    let result = read(bytes)
    #expect(result.filings.map { render($0.node) } == [#"{"a":"ok"}"#, #"{"a":"fine"}"#])
    #expect(result.filings.map(\.index) == [0, 2])
    #expect(
      result.errors == [
        DataError(.badEncoding, "invalid UTF-8 byte 0xE9", file: "f.jsonl", line: 2, column: 9)
      ])
  }

  @Test func nulFailsOnlyItsLine() throws {
    let result = read("{\"a\": 1}\n{\"a\": \u{0}}\n{\"a\": 3}\n")
    #expect(result.filings.count == 2)
    #expect(
      result.errors == [
        DataError(.badEncoding, "NUL byte in input", file: "f.jsonl", line: 2, column: 7)
      ])
  }

  @Test func eachLineMustHoldOneObject() throws {
    let result = read("[1]\n42\n{\"a\": 1} {\"b\": 2}\n{\"a\":\n{\"a\": \"x\n\"b\"\n")
    #expect(result.filings.isEmpty)
    #expect(
      result.errors.map { "\($0.line):\($0.column) \($0.message)" } == [
        "1:1 each line must hold one JSON object, found list",
        "2:1 each line must hold one JSON object, found number",
        "3:10 expected end of line after the object, found `{`",
        "4:6 expected a value, found end of line",
        "5:7 unterminated string",
        "6:1 each line must hold one JSON object, found text",
      ])
  }

  @Test func emptyFileHoldsNoFilings() {
    let result = read("")
    #expect(result.filings.isEmpty && result.errors.isEmpty)
    let blank = read("\n  \n\r\n")
    #expect(blank.filings.isEmpty && blank.errors.isEmpty)
  }

  @Test func byteOrderMarkAndCRLF() throws {
    let result = read([0xEF, 0xBB, 0xBF] + Array("{\"a\": 1}\r\n{\"b\": x}\r\n".utf8))
    #expect(result.filings.count == 1)
    #expect(result.filings[0].node.column == 1)
    #expect(result.filings[0].node[key: "a"]?.node.column == 7)
    #expect(result.errors.map { "\($0.line):\($0.column)" } == ["2:7"])
  }

  @Test func lineLengthLimit() throws {
    let limits = LoaderLimits(maxLineBytes: 20)
    let result = read(
      "{\"a\": \"short\"}\n{\"a\": \"much longer than twenty\"}\n{\"c\": 3}\n", limits: limits)
    #expect(result.filings.map(\.index) == [0, 2])
    #expect(
      result.errors == [
        DataError(.limitExceeded, "line longer than 20 bytes", file: "f.jsonl", line: 2, column: 1)
      ])
  }

  @Test func parseLineCanBeFedLineByLine() throws {
    let line: ArraySlice<UInt8> = Array("xx{\"a\": [1, 2.5]}\r\nyy".utf8)[2..<19]
    let node = try #require(
      success(JSONLinesReader.parseLine(line, lineNumber: 41, file: "s.jsonl")))
    #expect(render(node) == #"{"a":[1,2.5]}"#)
    #expect((node.line, node.column) == (41, 1))
    #expect(node[key: "a"]?.node.column == 7)
    let error = try #require(
      failure(
        JSONLinesReader.parseLine(Array("{\"a\" 1}".utf8)[...], lineNumber: 7, file: "s.jsonl")))
    #expect((error.file, error.line, error.column) == ("s.jsonl", 7, 6))
    let blank = try #require(
      failure(JSONLinesReader.parseLine([][...], lineNumber: 3, file: "s.jsonl")))
    #expect(blank.message == "expected a JSON object, found end of line")
  }

  @Test func manyBrokenLinesAreCapped() throws {
    let text = String(repeating: "{x}\n", count: 120) + "{\"ok\": true}\n"
    let result = read(text, limits: LoaderLimits(maxErrorsPerFile: 10))
    #expect(result.filings.map(\.index) == [120])
    #expect(result.errors.count == 11)
    #expect(
      result.errors.last?.message == "too many errors in this file: 110 more errors not shown")
    #expect(result.errors.last?.line == 11)
  }
}
