import Foundation
import Testing

@testable import PolicyLang

/// Violations written where they are found (`CheckPipeline.renderJSONLines`,
/// `RuleRunner.findingsInPlace`) come out byte for byte as the lines of the
/// `Violation`s the usual path makes, with the same counts.
@Suite struct InPlaceLinesTests {
  /// The lines and the counts of one run, with or without writing in place.
  func run(
    _ program: Program, _ paths: [String], language: Language, inPlace: Bool, threads: Int = 1,
    batch: Int = 1024, budget: Int = Evaluator.defaultBudget
  ) -> (text: String, counts: String) {
    var p = CheckPipeline(program: program)
    p.budget = budget
    p.threads = threads
    p.batchSize = batch
    p.chunkSize = 4096
    p.reportLanguage = language
    let jsonl = JSONLinesReport(language: language, includeEvidence: false)
    if inPlace {
      p.renderJSONLines(jsonl)
    } else {
      p.render = {
        var writer = JSONLinesWriter(jsonl)
        return { writer.write($0, into: &$1) }
      }
    }
    #expect(p.writesInPlace == inPlace)
    var text: [UInt8] = []
    let s = p.run(paths: paths, emit: { text += jsonl.bytes($0) }, write: { text += $0 })
    let counts =
      "\(s.filingsChecked) \(s.filingsInvalid) \(s.violations) \(s.mitigated) \(s.errors) "
      + "\(s.bySeverity.map(\.1)) "
      + s.byRule.map { "\($0.rule) \($0.severity) \($0.title.zh) \($0.count) \($0.mitigated)" }
      .joined(separator: ",")
    return (String(decoding: text, as: UTF8.self), counts)
  }

  func corpus(_ dir: URL) throws -> String {
    let file = dir.appendingPathComponent("c.jsonl").path
    let r = try TestSupport.run(
      "/usr/bin/env",
      [
        "python3", TestSupport.path("Scripts/gen_corpus.py"), "--seed", "5", "--count", "1500",
        "--format", "jsonl", "--invalid-rate", "0.05", "--out", file,
      ])
    #expect(r.status == 0)
    return file
  }

  @Test(arguments: [Language.zh, .en])
  func thePackWritesTheSameLines(language: Language) throws {
    let dir = try TestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = try corpus(dir)
    let program = try TestSupport.loadPack()
    let paths = [file, TestSupport.path("examples/filings"), TestSupport.path("examples/invalid")]
    let usual = run(program, paths, language: language, inPlace: false)
    #expect(usual.text.components(separatedBy: "\"type\":\"violation\"").count > 400)
    for (threads, batch) in [(1, 1024), (2, 3)] {
      let placed = run(
        program, paths, language: language, inPlace: true, threads: threads, batch: batch)
      #expect(placed.text == usual.text, "threads \(threads), batch \(batch)")
      #expect(placed.counts == usual.counts, "threads \(threads), batch \(batch)")
    }
  }

  /// The same bytes would come out of the usual path too: this checks that
  /// the workers did write the pack's violations in place, every one.
  @Test func theWorkersWriteThemInPlace() throws {
    let dir = try TestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = try corpus(dir)
    for threads in [1, 2] {
      var p = CheckPipeline(program: try TestSupport.loadPack())
      p.threads = threads
      p.batchSize = 100
      p.reportLanguage = .zh
      p.renderJSONLines(JSONLinesReport(language: .zh, includeEvidence: false))
      var placed = 0
      var text: [UInt8] = []
      var totals = RunSummary()
      let collect = { (d: inout Delivery) in
        placed += d.placed
        d.deliver(into: &totals, emit: { _ in }, write: { text += $0 })
      }
      let dispatcher = Dispatcher(p)
      p.streamLines(file, dispatcher, collect)
      dispatcher.drain(collect)
      let lines = String(decoding: text, as: UTF8.self).components(separatedBy: "\n")
      let violations = lines.count { $0.contains("\"type\":\"violation\"") }
      #expect(violations > 400)
      #expect(placed == violations, "threads \(threads)")
      #expect(totals.violations == violations)
    }
  }

  /// The cases the pack does not reach: a rule without a message (its
  /// title), one without an English message, a message with texts to escape,
  /// a filing whose error comes after its violations (which are made into
  /// its outcome), and budgets that run out on the fast path, in a message
  /// or for good.
  @Test(arguments: [Language.zh, .en])
  func messagesTitlesAndErrorsComeOutAsUsual(language: Language) throws {
    let source = """
      filing f { a: int, b: int, note: text, items: list of text }

      rule titled "只有标题" en "Title only" on f
        severity major
        forbid a > 1

      rule chinese "仅中文" en "Chinese only" on f
        severity warning
        forbid a > 2
        because "a 为 {a}"

      rule quoted "引用" en "Quoted" on f
        severity critical
        forbid count(items) > 0
        because "条目：{join(items)}，备注 \\"{note}\\"" en "items: {join(items)}"

      rule boom "溢出" en "Overflow" on f
        severity warning
        forbid b * 4611686018427387904 > 0
      """
    let (loaded, ds) = PolicyLoader.load(text: source, path: "placed.policy")
    let program = try #require(loaded, "\(DiagnosticRenderer().render(ds))")
    let dir = try TestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = dir.appendingPathComponent("t.jsonl").path
    try """
    {"kind":"f","id":"x1","region":"沈阳市","department":"局","report_date":"2021-06-30","a":3,"b":0,"note":"引\\"号\\n","items":["甲","乙"]}
    {"kind":"f","id":"x2","region":"r","department":"d","report_date":"2021-06-30","a":3,"b":4,"note":"","items":["c"]}
    {"kind":"f","id":"x3","region":"r","department":"d","report_date":"2021-06-30","a":0,"b":0,"note":"","items":[]}
    {"kind":"f","id":"x4","report_date":"2021-06-30","a":2,"b":0,"note":"","items":[]}

    """.write(toFile: file, atomically: true, encoding: .utf8)
    let usual = run(program, [file], language: language, inPlace: false)
    let placed = run(program, [file], language: language, inPlace: true)
    #expect(usual.text.contains("\"type\":\"error\""))
    #expect(usual.text.contains(language == .en ? "Title only" : "只有标题"))
    #expect(placed.text == usual.text)
    #expect(placed.counts == usual.counts)
    var outOfBudget = 0
    for budget in [1, 3, 6, 10, 15, 25, 40, 60] {
      let usual = run(program, [file], language: language, inPlace: false, budget: budget)
      let placed = run(program, [file], language: language, inPlace: true, budget: budget)
      if usual.text.contains("allowed number of steps") { outOfBudget += 1 }
      #expect(placed.text == usual.text, "budget \(budget)")
      #expect(placed.counts == usual.counts, "budget \(budget)")
    }
    #expect(outOfBudget > 0 && outOfBudget < 8)
  }

  /// A runner places its messages in a store of its own, which a copy of
  /// it does not write into; and a filing whose messages outgrew the room
  /// a store keeps leaves the next filing's messages whole.
  @Test func placedMessagesAreTheRunnersOwn() throws {
    let source = """
      filing f { a: int, note: text }

      rule once "一遍" en "Once" on f
        severity major
        forbid a > 0
        because "{note}"

      rule twice "两遍" en "Twice" on f
        severity major
        forbid a > 1
        because "{note}，{note}"

      rule thrice "三遍" en "Thrice" on f
        severity major
        forbid a < 0
        because "{note}{note}{note}"
      """
    let (loaded, ds) = PolicyLoader.load(text: source, path: "store.policy")
    let program = try #require(loaded, "\(DiagnosticRenderer().render(ds))")
    let long = String(repeating: "长", count: 150_000)  // 450 KB; the two messages 1.35 MB
    let lines = """
      {"kind":"f","id":"x1","region":"r","department":"d","report_date":"2021-06-30","a":2,"note":"\(long)"}
      {"kind":"f","id":"x2","region":"r","department":"d","report_date":"2021-06-30","a":2,"note":"短"}
      {"kind":"f","id":"x3","region":"r","department":"d","report_date":"2021-06-30","a":1,"note":"第三"}
      {"kind":"f","id":"x4","region":"r","department":"d","report_date":"2021-06-30","a":-1,"note":"\(long)"}

      """
    let result = FilingReader.read(bytes: Array(lines.utf8), file: "s.jsonl", format: .jsonl)
    let validator = FilingValidator(program: program)
    let records = try result.filings.map { raw in
      guard case .success(let r) = validator.validate(raw) else { throw CancellationError() }
      return r
    }
    func messages(_ r: RuleRunner) -> [String] {
      r.placed.map { v in
        // A store another runner wrote may be shorter than these ranges, and
        // slicing past its end would trap rather than fail the test.
        guard v.message.upperBound <= r.placedText.count else { return "(out of range)" }
        return String(decoding: r.placedText[v.message], as: UTF8.self)
      }
    }
    var a = RuleRunner(program: program)
    a.reportLanguage = .zh
    #expect(a.findingsInPlace(records[1], file: "s.jsonl", index: 1) == nil)
    #expect(messages(a) == ["短", "短，短"])
    var b = a
    #expect(b.findingsInPlace(records[2], file: "s.jsonl", index: 2) == nil)
    #expect(messages(b) == ["第三"])
    #expect(messages(a) == ["短", "短，短"], "the copy wrote into the original's store")
    // Past the room a store keeps, and the next filing after it.
    #expect(a.findingsInPlace(records[0], file: "s.jsonl", index: 0) == nil)
    #expect(messages(a) == [long, "\(long)，\(long)"])
    #expect(a.placedCapacity > PlacedBytes.kept)
    #expect(a.findingsInPlace(records[2], file: "s.jsonl", index: 2) == nil)
    #expect(messages(a) == ["第三"])
    #expect(a.placedCapacity <= PlacedBytes.kept)
    #expect(messages(b) == ["第三"])
    // A message past the limit (1.35 MB) grows the store, then gives up:
    // the store is cut back to empty, and must not keep that room either.
    let tooLong = a.findingsInPlace(records[3], file: "s.jsonl", index: 3)
    #expect(tooLong?.errors.count == 1)
    #expect(a.placed.isEmpty && a.placedCapacity > PlacedBytes.kept)
    #expect(a.findingsInPlace(records[2], file: "s.jsonl", index: 2) == nil)
    #expect(messages(a) == ["第三"] && a.placedCapacity <= PlacedBytes.kept)
  }

  /// A message placed after the filing's earlier ones checks its own
  /// length against the limit, not theirs with it: in place it is made on
  /// the fast path as often as in a buffer of its own.
  @Test func aPlacedMessageCountsOnlyItsOwnLength() throws {
    let source = """
      filing f { note: text, items: list of text }

      rule first "其一" en "First" on f
        severity major
        forbid count(items) > 0
        because "{note}"

      rule second "其二" en "Second" on f
        severity major
        forbid count(items) > 0
        because "{join(items)}"
      """
    let (loaded, ds) = PolicyLoader.load(text: source, path: "join.policy")
    let program = try #require(loaded, "\(DiagnosticRenderer().render(ds))")
    let note = String(repeating: "n", count: 80)
    let line = """
      {"kind":"f","id":"j1","region":"r","department":"d","report_date":"2021-06-30","note":"\(note)","items":["\(String(repeating: "i", count: 30))","\(String(repeating: "j", count: 30))"]}

      """
    let result = FilingReader.read(bytes: Array(line.utf8), file: "j.jsonl", format: .jsonl)
    guard case .success(let record) = FilingValidator(program: program).validate(result.filings[0])
    else {
      Issue.record("the filing is not valid")
      return
    }
    var usual = RuleRunner(program: program)
    usual.reportLanguage = .zh
    usual.maxTextBytes = 100
    var placing = usual
    let found = usual.findings(record, file: "j.jsonl", index: 0)
    let outcome = try #require(found)
    #expect(placing.findingsInPlace(record, file: "j.jsonl", index: 0) == nil)
    #expect(
      outcome.violations.map(\.message.zh)
        == placing.placed.map {
          String(decoding: placing.placedText[$0.message], as: UTF8.self)
        })
    #expect(usual.fastFallbacks == 0)
    #expect(placing.fastFallbacks == usual.fastFallbacks)
  }

  /// A message that gives up leaves nothing of itself where it was placed.
  @Test func aPlacedMessageThatGivesUpLeavesNothing() throws {
    var out = RawBytes(capacity: 4)
    defer { out.free() }
    out.append(utf8: "前")
    var ev = Evaluator(filing: nil, params: [])
    #expect(throws: Bail.self) {
      try out.appendMessage(
        { _, o throws(Bail) in
          o.append(utf8: String(repeating: "部分", count: 100))
          throw Bail()
        }, &ev)
    }
    #expect(String(decoding: out.bytes, as: UTF8.self) == "前")
    try out.appendMessage({ _, o throws(Bail) in o.append(utf8: "整") }, &ev)
    #expect(String(decoding: out.bytes, as: UTF8.self) == "前整")
  }

  /// Writing in place needs what it leaves out not to be asked for.
  @Test func onlyWhenNothingElseIsRecorded() throws {
    let program = try TestSupport.loadPack()
    var p = CheckPipeline(program: program)
    p.reportLanguage = .zh
    p.renderJSONLines(JSONLinesReport(language: .zh, includeEvidence: false))
    #expect(p.writesInPlace)
    var q = p
    q.explain = true
    #expect(!q.writesInPlace)
    q = p
    q.recordPasses = true
    #expect(!q.writesInPlace)
    q = p
    q.reportLanguage = .en
    #expect(!q.writesInPlace)
    q = p
    q.renderJSONLines(JSONLinesReport(language: .zh, includeEvidence: true))
    #expect(!q.writesInPlace)
    q = p
    q.renderJSONLines(JSONLinesReport(language: .zh, includeEvidence: false, passes: true))
    #expect(!q.writesInPlace)
    // Another renderer: its lines are not these.
    q = p
    q.render = { { _, _ in } }
    #expect(!q.writesInPlace)
  }
}
