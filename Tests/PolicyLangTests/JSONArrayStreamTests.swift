import Foundation
import Testing

@testable import PolicyLang

/// A `.json` array is streamed a chunk at a time (`JSONArrayScanner`,
/// `CheckPipeline.streamJSON`), and checks as the whole document would be
/// checked: the same filings, lines, columns and errors. At a syntax error,
/// the filings before it are reported, then the error the whole parse gives.
@Suite struct JSONArrayStreamTests {
  let program: Program

  init() throws { program = try TestSupport.loadPack() }

  func fingerprint(_ outcomes: [FilingOutcome]) -> [String] {
    outcomes.map { o in
      let vs = o.violations.map { "\($0.ruleID)/\($0.severity)/\($0.message.zh)" }
      let es = o.errors.map { "\($0.code.rawValue):\($0.line):\($0.column):\($0.message)" }
      return
        "\(o.filing.line):\(o.filing.column):\(o.filing.index):\(o.filing.id ?? "-") \(vs) \(es)"
    }
  }

  /// The outcomes of the document read whole by the general path
  /// (`FilingReader`, which reads an array element by element too).
  func whole(_ bytes: [UInt8], file: String) -> [FilingOutcome] {
    let result = FilingReader.read(bytes: bytes, file: file, format: .json)
    var validator = FilingValidator(program: program)
    validator.maxErrors = LoaderLimits().maxErrorsPerFile
    var runner = RuleRunner(
      program: program, explain: false, recordPasses: false, budget: Evaluator.defaultBudget)
    var items = result.filings.map {
      (Int($0.node.line), Int($0.node.column), CheckPipeline.checkOne($0, validator, &runner))
    }
    items += result.errors.map { ($0.line, $0.column, FilingOutcome.failed($0, index: $0.line)) }
    return items.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(\.2)
  }

  func streamed(
    _ bytes: [UInt8], at path: String, chunk: Int, threads: Int = 1, batch: Int = 5
  ) throws -> [FilingOutcome] {
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    var p = CheckPipeline(program: program)
    p.chunkSize = chunk
    p.threads = threads
    p.batchSize = batch
    var out: [FilingOutcome] = []
    p.run(paths: [path]) { out.append($0) }
    return out
  }

  func documents() throws -> [[UInt8]] {
    var docs = [Array(try TestSupport.generatedCorpus(seed: 9, count: 40, format: "json"))]
    for f in ["examples/filings/commitment.json", "examples/filings/procurement.json"] {
      docs.append(Array(try Data(contentsOf: URL(fileURLWithPath: TestSupport.path(f)))))
    }
    // On one line, as `json.dumps` writes an array.
    let parsed = try JSONSerialization.jsonObject(with: Data(docs[0]))
    docs.append(Array(try JSONSerialization.data(withJSONObject: parsed)))
    return docs
  }

  @Test func wellFormedArraysCheckAsWholeDocuments() throws {
    let dir = try TestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("a.json").path
    for doc in try documents() {
      let expected = fingerprint(whole(doc, file: path))
      #expect(expected.count >= 2)
      for (chunk, threads) in [(64, 1), (97, 2), (4096, 2), (1 << 20, 1)] {
        let got = fingerprint(try streamed(doc, at: path, chunk: chunk, threads: threads))
        #expect(got == expected, "chunk \(chunk), \(threads) thread(s)")
      }
    }
  }

  /// Edits anywhere in a document: the stream gives what the general path
  /// gives; where the whole document's parse fails, both end with its
  /// error, and the filings before the edit come out as they did before it.
  @Test func editedArraysFailWhereTheWholeParseFails() throws {
    let dir = try TestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("a.json").path
    var rng = SplitMix(seed: 2026)
    let pieces: [[UInt8]] = [
      [0x2C], [0x7D], [0x5D], [0x5B], [0x7B], [0x22], [0x5C], [0x0A], [0x0D], Array("null".utf8),
      Array("1.5".utf8), [0xEF, 0xBB, 0xBF], [0x20], [0xFF], Array("/*".utf8), [0x00],
    ]
    var (broken, intact) = (0, 0)
    for doc in try documents() {
      let original = fingerprint(whole(doc, file: path))
      let originalLines = whole(doc, file: path).map(\.filing.line)
      for n in 0..<120 {
        var b = doc
        let at = Int(rng.next(below: UInt64(b.count + 1)))
        switch rng.next(below: 4) {
        case 0: if at < b.count { b.remove(at: at) }
        case 3: b.removeLast(b.count - at)
        case 1: b.insert(contentsOf: pieces[Int(rng.next(below: UInt64(pieces.count)))], at: at)
        default: if at < b.count { b[at] = pieces[Int(rng.next(below: UInt64(pieces.count)))][0] }
        }
        let configs = [(64, 1), (97, 2), (1 << 20, 1)]
        let (chunk, threads) = configs[n % configs.count]
        let got = try streamed(b, at: path, chunk: chunk, threads: threads)
        guard case .failure(let e) = JSONReader.parse(b, file: path) else {
          intact += 1
          #expect(fingerprint(got) == fingerprint(whole(b, file: path)), "edit at \(at)")
          continue
        }
        broken += 1
        #expect(fingerprint(got) == fingerprint(whole(b, file: path)), "edit at \(at)")
        let last = try #require(got.last, "edit at \(at)")
        #expect(
          last.errors.map { "\($0.code):\($0.line):\($0.column):\($0.message)" } == [
            "\(e.code):\(e.line):\(e.column):\(e.message)"
          ], "edit at \(at)")
        // The filings wholly before the edit (the next one starts on an
        // earlier line) come out as they did before it.
        let editLine = 1 + b[..<at].count(where: { $0 == 0x0A })
        let untouched = Set(
          originalLines.indices.filter {
            $0 + 1 < originalLines.count && originalLines[$0 + 1] < editLine
          }.map { originalLines[$0] })
        let before = zip(fingerprint(got), got).filter { untouched.contains($0.1.filing.line) }
        let expected = zip(original, originalLines).filter { untouched.contains($0.1) }
        #expect(before.map(\.0) == expected.map(\.0), "edit at \(at)")
      }
    }
    #expect(broken > 100 && intact > 50)
  }

  @Test func aSyntaxErrorEndsTheDocumentAfterTheFilingsBeforeIt() throws {
    let dir = try TestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("a.json").path
    let good =
      #"{"kind":"complaint","id":"C-1","region":"r","department":"d","report_date":"2023-12-31","received_date":"2023-11-01","time_limit_days":15}"#
    let cases: [(String, [String])] = [
      (
        "[\(good),\n \(good) x]",
        [
          "1:2 valid", "2:2 valid",
          "2:\(good.count + 3) expected `,` or `]` after array element, found `x`",
        ]
      ),
      (
        "[\(good),\(good),]",
        [
          "1:2 valid", "1:\(good.count + 3) valid",
          "1:\(2 * good.count + 3) trailing `,` before `]` is not allowed",
        ]
      ),
      ("\u{FEFF}[1, \(good)]", ["1:2 filing must be an object, found number", "1:5 valid"]),
      (
        "[\(good)] []",
        [
          "1:2 valid",
          "1:\(good.count + 4) expected end of input after the top-level value, found `[`",
        ]
      ),
      (
        "[\(good), {\"kind\": tru}]",
        ["1:2 valid", "1:\(good.count + 13) expected a value, found `tru`"]
      ),
      ("[", ["1:2 expected a value, found end of input"]),
      (
        "[\(good), 12",
        [
          "1:2 valid", "1:\(good.count + 4) filing must be an object, found number",
          "1:\(good.count + 6) expected `,` or `]` after array element, found end of input",
        ]
      ),
      (
        "[true",
        [
          "1:2 filing must be an object, found boolean",
          "1:6 expected `,` or `]` after array element, found end of input",
        ]
      ),
      ("  [ ]  ", []),
    ]
    for (text, expected) in cases {
      for chunk in [7, 64, 4096] {
        let got = try streamed(Array(text.utf8), at: path, chunk: chunk).map { o in
          let place =
            o.errors.first.map { "\($0.line):\($0.column)" }
            ?? "\(o.filing.line):\(o.filing.column)"
          return "\(place) \(o.errors.first?.message ?? (o.valid ? "valid" : "invalid"))"
        }
        #expect(got == expected, "\(text), chunk \(chunk)")
      }
    }
  }

  /// Nesting far past the limit, or a string never closed, is reported
  /// without reading the rest of the file into memory.
  @Test func hostileArraysEndAtTheirFirstError() throws {
    let dir = try TestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("a.json").path
    let deep = Array(("[" + String(repeating: "[", count: 200_000)).utf8)
    let got = try streamed(deep, at: path, chunk: 4096)
    #expect(got.count == 1 && got[0].errors.first?.code == .limitExceeded)
    #expect(got[0].errors.first?.column == 65)
    let open = Array(("[{\"kind\": \"" + String(repeating: "x", count: 100_000) + "\n").utf8)
    let e = try #require(try streamed(open, at: path, chunk: 4096).last?.errors.first)
    #expect(e.message.hasPrefix("unterminated string") && e.line == 1 && e.column == 11)
  }

  /// The scanner's events for `bytes` handed over `chunk` bytes at a time,
  /// as `FileChunks.scanArray` hands a file over (the bytes kept, then the
  /// next ones; an empty read at the end), with element ranges made
  /// absolute.
  func events(_ bytes: [UInt8], chunk: Int, limits: LoaderLimits = LoaderLimits()) -> [String] {
    var scanner = JSONArrayScanner(file: "t.json", limits: limits)
    var out: [String] = []
    var (carry, offset, at) = ([UInt8](), 0, 0)
    while !scanner.isFinished {
      let n = min(chunk, bytes.count - at)
      let block = carry + bytes[at..<at + n]
      at += n
      let keep = block.withUnsafeBufferPointer { buf in
        scanner.scan(buf, atEnd: n == 0) { event in
          switch event {
          case .element(let r, let line, let column):
            out.append("\(r.lowerBound + offset)..<\(r.upperBound + offset) \(line):\(column)")
          case .failed(let e): out.append("\(e.line):\(e.column) \(e.message)")
          }
        }
      }
      if n == 0 { break }
      carry = Array(block[keep...])
      offset += keep
    }
    return out
  }

  /// Chunks down to one byte give the events of the whole buffer: a byte
  /// order mark split, a backslash or a UTF-8 sequence at a chunk's end,
  /// line ends of both kinds, and the errors at the edges.
  @Test func anyChunkSizeGivesTheSameEvents() throws {
    let texts = [
      "\u{FEFF}[1, \"a\\\"b\", {\"k\": [\"沈阳\", {}]}]", " \u{FEFF}[]", "\u{FEFF}", "", "  \r\n ",
      "[\r\n  {\"a\": \"x\\\\\"},\r\n  \"é\" ,\ttrue\r\n]\r\n", "[1", "[1,", "[1 2]", "[] 1", "[{]",
      "[\"a\nb\"]", "[[[[[[[[[[1]]]]]]]]]]", "[nul]", "[\"\\u00e9\"]",
    ]
    var inputs = texts.map { Array($0.utf8) }
    inputs.append(try documents()[0])
    let deep = LoaderLimits(maxDepth: 4, maxLineBytes: 200)
    for bytes in inputs {
      for limits in [LoaderLimits(), deep] {
        let whole = events(bytes, chunk: bytes.count + 1, limits: limits)
        for chunk in [1, 2, 3, 7, 64] {
          #expect(
            events(bytes, chunk: chunk, limits: limits) == whole,
            "\(String(decoding: bytes.prefix(80), as: UTF8.self)), chunk \(chunk)")
        }
      }
    }
    #expect(
      events(Array(" \u{FEFF}[]".utf8), chunk: 1) == ["1:2 expected a value, found `\u{FEFF}`"])
    #expect(events([], chunk: 1) == ["1:1 empty file, expected a JSON object or array"])
  }

  /// An element longer than the limit on a JSON Lines line ends the
  /// document where it starts, at any chunk size, without being held.
  @Test func anElementPastTheLineLimitEndsTheDocument() throws {
    let dir = try TestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("a.json").path
    let text = "[1,\n {\"pad\": \"" + String(repeating: "x", count: 5000) + "\"}, 2]"
    let limits = LoaderLimits(maxLineBytes: 1000)
    for chunk in [64, 4096, 1 << 20] {
      #expect(
        events(Array(text.utf8), chunk: chunk, limits: limits) == [
          "1..<2 1:2", "2:2 array element longer than 1000 bytes",
        ])
    }
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    var p = CheckPipeline(program: program)
    p.limits = limits
    p.chunkSize = 256
    var out: [FilingOutcome] = []
    p.run(paths: [path]) { out.append($0) }
    #expect(out.map { $0.errors.first?.code } == [.syntaxError, .limitExceeded])
  }
}
