import Foundation
import Testing

@testable import PolicyLang

/// The schema-directed reader is a fast path: wherever it gives a record, the
/// general path (parse to a tree, then validate) must give the same record
/// with the same positions; and on ordinary filings it must not give up.
@Suite struct SchemaReaderTests {
  let program: Program
  let plan: SchemaPlan

  init() throws {
    program = try TestSupport.loadPack()
    plan = SchemaPlan(program: program)
  }

  /// The general path's record, or nil when it finds errors.
  func general(_ text: String, line: Int = 1) -> RecordValue? {
    guard
      case .success(let node) = JSONLinesReader.parseLine(
        Array(text.utf8)[...], lineNumber: line, file: "t.jsonl")
    else { return nil }
    let validator = FilingValidator(program: program)
    guard
      case .success(let r) = validator.validate(RawFiling(file: "t.jsonl", index: 0, node: node))
    else { return nil }
    return r
  }

  func fast(_ text: String, line: Int = 1) -> RecordValue? {
    var reader = SchemaReader(plan: plan, limits: LoaderLimits(), file: "t.jsonl")
    return Array(text.utf8).withUnsafeBufferPointer { reader.read($0, lineNumber: line) }
  }

  /// The same field values (same cases, not only equal numbers) at the same positions.
  static func same(_ a: Value, _ b: Value) -> Bool {
    switch (a, b) {
    case (.null, .null): return true
    case (.bool(let x), .bool(let y)): return x == y
    case (.int(let x), .int(let y)): return x == y
    case (.dec(let x), .dec(let y)): return x == y
    case (.text(let x), .text(let y)): return x.utf8.elementsEqual(y.utf8)
    case (.date(let x), .date(let y)): return x == y
    case (.duration(let x), .duration(let y)): return x == y
    case (.list(let x), .list(let y)): return x.count == y.count && zip(x, y).allSatisfy(same)
    case (.record(let x), .record(let y)): return same(x, y)
    default: return false
    }
  }

  static func same(_ a: RecordValue, _ b: RecordValue) -> Bool {
    a.type === b.type && a.position == b.position && a.positions == b.positions
      && a.fields.count == b.fields.count && zip(a.fields, b.fields).allSatisfy(same)
  }

  /// Every line of the example JSON Lines files and of a generated corpus.
  func lines() throws -> [String] {
    var out: [String] = []
    for f in [
      "examples/filings/project.jsonl", "examples/filings/complaint.jsonl",
      "examples/filings/statistics.jsonl",
    ] {
      out += try String(contentsOfFile: TestSupport.path(f), encoding: .utf8)
        .split(separator: "\n").map(String.init)
    }
    let corpus = try TestSupport.generatedCorpus(seed: 7, count: 400, format: "jsonl")
    out += String(decoding: corpus, as: UTF8.self).split(separator: "\n").map(String.init)
    return out
  }

  @Test func agreesWithTheGeneralPathOnEveryValidFiling() throws {
    let all = try lines()
    #expect(all.count > 400)
    var read = 0
    for (n, line) in all.enumerated() {
      let g = general(line, line: n + 1)
      let f = fast(line, line: n + 1)
      if let f {
        read += 1
        guard let g else {
          Issue.record("the fast path read a filing the general path rejects: \(line)")
          continue
        }
        #expect(Self.same(f, g), "different records for \(line)")
      } else if g != nil, !line.contains("\\") {
        Issue.record("the fast path gave up on an ordinary valid filing: \(line)")
      }
    }
    #expect(read > 400)
  }

  @Test func positionsCountScalarsAndLines() throws {
    let text =
      "{\"kind\": \"complaint\", \"id\": \"投诉-1\",\n \"region\": \"沈阳市\", \"department\": \"局\", \"report_date\": \"2024-01-02\", \"received_date\": \"2024-01-01\",\r\n  \"time_limit_days\": 5}"
    let f = try #require(fast(text, line: 7))
    let g = try #require(general(text, line: 7))
    #expect(Self.same(f, g))
    // `region` is on the second line, after one space.
    #expect(f.positions[CommonSlot.region] == DataPos(line: 8, column: 12))
  }

  /// Hand-picked inputs the fast path must leave to the general path, or read the same.
  @Test(arguments: [
    #"{"id": "A", "kind": "complaint"}"#,
    #"{"kind": "complaint", "kind": "complaint"}"#,
    #"{"kind": "nope"}"#,
    #"{"kind": "statistics", "id": "S-1", "region": "沈阳市", "department": "局", "report_date": "2024-02-30"}"#,
    #"{"kind": "statistics", "id": "S\u002d1"}"#,
    #"{"kind": "statistics",}"#,
    #"{"kind": "statistics" "id": "x"}"#,
    #"{"kind": "statistics", "x": 1, "x": 2}"#,
    #"{"kind": "statistics", "x": [1, 2,]}"#,
    #"{"kind": "statistics", "x": 01}"#,
    "{\"kind\": \"statistics\", \"x\": \"\u{1}\"}",
    #"{"kind": "statistics"} x"#,
    #"[{"kind": "statistics"}]"#,
    #"{"kind": "complaint", "id": "C-1", "region": "沈阳市", "department": "局", "report_date": "2024-01-02", "received_date": "2024-01-01", "time_limit_days": 5, "id": "C-2"}"#,
    #"{"kind": "complaint", "id": "C-1", "region": "沈阳市", "department": "局", "report_date": "2024-01-02", "received_date": "2024-01-01", "time_limit_days": 5, "x": {"a": 1, "a": 2}}"#,
    #"{"kind": "complaint", "id": "C-1", "region": "沈阳市", "department": "局", "report_date": "2024-01-02", "received_date": "2024-01-01", "time_limit_days": 5.0}"#,
    #"{"kind": "complaint", "id": "C-1", "region": "沈阳市", "department": "局", "report_date": "2024-01-02", "received_date": "2024-01-01", "time_limit_days": 5, "feedback_date": null, "remedied": null}"#,
  ])
  func neverMoreLenient(_ text: String) throws {
    if let f = fast(text) {
      let g = try #require(general(text))
      #expect(Self.same(f, g))
    }
  }

  /// Random edits of real filings: wherever the fast path still reads one,
  /// the general path must read the same record.
  @Test func mutatedFilingsNeverDisagree() throws {
    let seeds = try lines()
    var rng = SplitMix(seed: 2026)
    let pieces: [[UInt8]] = [
      [0x2C], [0x7D], [0x7B], [0x5D], [0x5B], [0x22], [0x5C], [0x3A], Array("null".utf8),
      Array("1e3".utf8), Array("-0".utf8), Array("9223372036854775808".utf8), [0x0A], [0x20],
      Array("\"kind\":".utf8), Array(" \"id\": \"D-1\",".utf8), Array("\"region\": \"沈阳市\", ".utf8),
      Array(", \"amount\": 5".utf8), Array("true".utf8), Array("0.5".utf8), [0xE4, 0xB8], [0xFF],
      [0],
    ]
    var checked = 0
    for line in seeds {
      let bytes = Array(line.utf8)
      for _ in 0..<60 {
        var b = bytes
        for _ in 0..<(1 + Int(rng.next() % 3)) {
          let at = Int(rng.next() % UInt64(b.count + 1))
          switch rng.next() % 3 {
          case 0: if at < b.count { b.remove(at: at) }
          case 1: b.insert(contentsOf: pieces[Int(rng.next() % UInt64(pieces.count))], at: at)
          default:
            if at < b.count { b[at] = pieces[Int(rng.next() % UInt64(pieces.count))].first ?? 0 }
          }
        }
        var reader = SchemaReader(plan: plan, limits: LoaderLimits(), file: "t.jsonl")
        guard let f = b.withUnsafeBufferPointer({ reader.read($0, lineNumber: 1) }) else {
          continue
        }
        checked += 1
        let text = String(decoding: b, as: UTF8.self)
        guard
          case .success(let node) = JSONLinesReader.parseLine(
            b[...], lineNumber: 1, file: "t.jsonl"),
          case .success(let g) = FilingValidator(program: program).validate(
            RawFiling(file: "t.jsonl", index: 0, node: node))
        else {
          Issue.record("the fast path read a filing the general path rejects: \(text)")
          continue
        }
        #expect(Self.same(f, g), "different records for \(text)")
      }
    }
    // Many edits (in values, or in unknown members) leave a valid filing.
    #expect(checked > 1000)
  }

  /// The records of a whole JSON file by the general path, or nil when it
  /// reports any error.
  func generalDocument(_ bytes: [UInt8]) -> [RecordValue]? {
    let result = FilingReader.read(bytes: bytes, file: "t.json", format: .json)
    guard result.errors.isEmpty else { return nil }
    let validator = FilingValidator(program: program)
    var out: [RecordValue] = []
    for raw in result.filings {
      guard case .success(let r) = validator.validate(raw) else { return nil }
      out.append(r)
    }
    return out
  }

  func fastDocument(_ bytes: [UInt8], limits: LoaderLimits = LoaderLimits()) -> [RecordValue]? {
    var reader = SchemaReader(plan: plan, limits: limits, file: "t.json")
    return bytes.withUnsafeBufferPointer { reader.readFilings($0, file: "t.json") }
  }

  @Test func jsonDocumentsAgreeWithTheGeneralPath() throws {
    var documents = [Array(try TestSupport.generatedCorpus(seed: 9, count: 60, format: "json"))]
    for f in ["examples/filings/commitment.json", "examples/filings/procurement.json"] {
      documents.append(Array(try Data(contentsOf: URL(fileURLWithPath: TestSupport.path(f)))))
    }
    for bytes in documents {
      let f = try #require(fastDocument(bytes))
      let g = try #require(generalDocument(bytes))
      #expect(f.count == g.count && zip(f, g).allSatisfy(Self.same))
    }
    // Edits anywhere in a document: wherever the fast path still reads it,
    // the general path reads the same filings.
    var rng = SplitMix(seed: 77)
    var read = 0
    let pieces: [[UInt8]] = [
      [0x2C], [0x7D], [0x5D], [0x5B], [0x22], [0x5C], [0x0A], Array("null".utf8), Array("1.5".utf8),
      [0xEF, 0xBB, 0xBF], [0x20],
    ]
    for bytes in documents {
      for _ in 0..<300 {
        var b = bytes
        let at = Int(rng.next() % UInt64(b.count + 1))
        switch rng.next() % 3 {
        case 0: if at < b.count { b.remove(at: at) }
        case 1: b.insert(contentsOf: pieces[Int(rng.next() % UInt64(pieces.count))], at: at)
        default: if at < b.count { b[at] = pieces[Int(rng.next() % UInt64(pieces.count))][0] }
        }
        guard let f = fastDocument(b) else { continue }
        read += 1
        guard let g = generalDocument(b) else {
          Issue.record("the fast path read a document the general path rejects")
          continue
        }
        #expect(f.count == g.count && zip(f, g).allSatisfy(Self.same))
      }
    }
    #expect(read > 100)
    // Shapes the general path must report.
    for text in ["", "[", "[1]", "[{\"kind\": \"debt\"},]", "{} {}", "\"x\""] {
      #expect(fastDocument(Array(text.utf8)) == nil, "\(text)")
    }
    #expect(fastDocument(documents[0], limits: LoaderLimits(maxDepth: 1)) == nil)
  }

  @Test func limitsApplyOnTheFastPathToo() throws {
    let text =
      #"{"kind": "complaint", "id": "C-1", "region": "沈阳市", "department": "局", "report_date": "2024-01-02", "subject": "审批超时", "received_date": "2024-01-01", "time_limit_days": 5, "extra": [[[[1]]]]}"#
    var reader = SchemaReader(plan: plan, limits: LoaderLimits(maxDepth: 3), file: "t.jsonl")
    #expect(Array(text.utf8).withUnsafeBufferPointer { reader.read($0, lineNumber: 1) } == nil)
    var short = SchemaReader(plan: plan, limits: LoaderLimits(maxStringBytes: 4), file: "t.jsonl")
    #expect(Array(text.utf8).withUnsafeBufferPointer { short.read($0, lineNumber: 1) } == nil)
  }
}

extension SchemaReader {
  /// The filings of a whole `.json` file, as `CheckPipeline` reads them: an
  /// array element by element (`JSONArrayScanner`, then `readElement`), one
  /// object whole (`readDocument`); nil when the general path must read any.
  mutating func readFilings(_ bytes: UnsafeBufferPointer<UInt8>, file: String) -> [RecordValue]? {
    guard JSONArrayScanner.startsArray(bytes) else { return readDocument(bytes).map { [$0] } }
    var scanner = JSONArrayScanner(file: file, limits: LoaderLimits())
    var records: [RecordValue]? = []
    _ = scanner.scan(bytes, atEnd: true) { event in
      guard case .element(let range, let line, let column) = event,
        let r = readElement(UnsafeBufferPointer(rebasing: bytes[range]), line: line, column: column)
      else {
        records = nil
        return
      }
      records?.append(r)
    }
    return records
  }
}
