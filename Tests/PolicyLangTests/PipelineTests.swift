import Foundation
import Testing

@testable import PolicyLang

/// Streaming and threads change how filings are read and checked, never what
/// comes out: the same outcomes, in input order, for any thread count and batch size.
@Suite struct PipelineTests {
  func fingerprint(_ report: CheckReport) -> [String] {
    report.outcomes.map { o in
      let vs = o.violations.map { "\($0.ruleID)/\($0.severity)/\($0.mitigated)/\($0.message.zh)" }
      let es = o.errors.map { "\($0.code.rawValue):\($0.line):\($0.message)" }
      return "\(o.filing.file):\(o.filing.line):\(o.filing.id ?? "-") \(vs) \(es)"
    }
  }

  func corpus(_ dir: URL, count: Int, format: String = "jsonl") throws -> String {
    let out = dir.appendingPathComponent("c.\(format)").path
    let r = try TestSupport.run(
      "/usr/bin/env",
      [
        "python3", TestSupport.path("Scripts/gen_corpus.py"), "--seed", "11", "--count", "\(count)",
        "--format", format, "--invalid-rate", "0.05", "--out", out,
      ])
    #expect(r.status == 0)
    return out
  }

  @Test func threadsAndBatchesDoNotChangeTheOutput() throws {
    let dir = try TestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = try corpus(dir, count: 3000)
    var run = CheckRun(program: try TestSupport.loadPack())
    let one = fingerprint(run.check(paths: [file]))
    run.threads = 2
    var p = run.pipeline
    p.batchSize = 7
    p.chunkSize = 4096
    var outcomes: [FilingOutcome] = []
    p.run(paths: [file]) { outcomes.append($0) }
    var two = CheckReport()
    two.outcomes = outcomes
    #expect(one.count > 2900)
    #expect(fingerprint(two) == one)
    // One thread, small batches: each batch's reader takes the texts the
    // last one shared (regions and departments, most longer than 15 bytes).
    p.threads = 1
    p.batchSize = 3
    outcomes = []
    p.run(paths: [file]) { outcomes.append($0) }
    two.outcomes = outcomes
    #expect(fingerprint(two) == one)
    #expect(outcomes.contains { ($0.filing.region?.utf8.count ?? 0) > 15 })
  }

  /// Batches in flight across file boundaries, with outcomes made outside the
  /// workers (an empty file, a directory entry that cannot be read) in
  /// between, and output rendered on the workers: still in input order.
  @Test func manyFilesAndThreadsKeepInputOrder() throws {
    let dir = try TestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let big = try corpus(dir, count: 700)
    let empty = dir.appendingPathComponent("empty.jsonl").path
    try Data().write(to: URL(fileURLWithPath: empty))
    let paths = [
      big, empty, TestSupport.path("examples/filings"),
      dir.appendingPathComponent("gone.jsonl").path,
      TestSupport.path("examples/invalid"),
    ]
    let program = try TestSupport.loadPack()
    let jsonl = JSONLinesReport(language: .en, includeEvidence: true)
    func pipeline(threads: Int, batch: Int) -> CheckPipeline {
      var p = CheckPipeline(program: program)
      p.explain = true
      p.threads = threads
      p.batchSize = batch
      p.chunkSize = 1000
      p.reportLanguage = .en
      return p
    }
    func counts(_ s: RunSummary) -> String {
      "\(s.filesRead) \(s.filingsChecked) \(s.filingsInvalid) \(s.violations) \(s.mitigated) "
        + "\(s.errors) \(s.bySeverity.map(\.1)) "
        + s.byRule.map {
          "\($0.rule) \($0.severity) \($0.title.en ?? "-") \($0.count) \($0.mitigated)"
        }
        .joined(separator: ",")
    }
    // Every outcome to the caller (no renderer), then the same run with the
    // lines written, counted and freed on the workers: the same text and counts.
    func run(threads: Int, batch: Int) -> (CheckReport, String) {
      var report = CheckReport()
      var all: [UInt8] = []
      let plain = pipeline(threads: threads, batch: batch).run(paths: paths) {
        report.outcomes.append($0)
        all += jsonl.bytes($0)
      }
      var p = pipeline(threads: threads, batch: batch)
      p.render = {
        var writer = JSONLinesWriter(jsonl)
        return { writer.write($0, into: &$1) }
      }
      var text: [UInt8] = []
      var emitted: [FilingOutcome] = []
      // Checked after the run: with one thread, `emit` runs on another
      // thread, where a failed expectation would not be seen.
      let rendered = p.run(
        paths: paths,
        emit: {
          emitted.append($0)
          text += jsonl.bytes($0)
        },
        write: { text += $0 })
      #expect(emitted.allSatisfy { !$0.errors.isEmpty })
      #expect(text == all, "threads \(threads), batch \(batch)")
      #expect(counts(rendered) == counts(plain))
      #expect(emitted.count == report.outcomes.count { !$0.errors.isEmpty })
      return (report, String(decoding: text, as: UTF8.self))
    }
    let (one, oneText) = run(threads: 1, batch: 1024)
    #expect(one.outcomes.count > 750)
    #expect(one.outcomes.contains { $0.errors.contains { $0.message.contains("empty file") } })
    for (threads, batch) in [(2, 5), (3, 64), (4, 1)] {
      let (many, manyText) = run(threads: threads, batch: batch)
      #expect(fingerprint(many) == fingerprint(one), "threads \(threads), batch \(batch)")
      #expect(manyText == oneText, "threads \(threads), batch \(batch)")
    }
  }

  /// A summary row keeps the title of its rule's first violation, also when
  /// output is rendered on the workers and the outcome that has it (with an
  /// error beside it) travels to the caller while later ones do not.
  @Test func summaryRowsKeepTheFirstTitleWhenRendered() throws {
    let source = """
      filing f { a: int, b: int }

      rule r "Old" on f
        severity major
        forbid a > 1
        effective 2020-01-01 until 2020-12-31

      rule r "New" on f
        severity major
        forbid a > 1
        effective 2021-01-01

      rule boom "boom" on f
        severity warning
        forbid b * 4611686018427387904 > 0
      """
    let (loaded, ds) = PolicyLoader.load(text: source, path: "titles.policy")
    let program = try #require(loaded, "\(DiagnosticRenderer().render(ds))")
    let dir = try TestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = dir.appendingPathComponent("t.jsonl").path
    try """
    {"kind":"f","id":"e","region":"r","department":"d","report_date":"2020-06-30","a":2,"b":4}
    {"kind":"f","id":"n","region":"r","department":"d","report_date":"2021-06-30","a":2,"b":0}

    """.write(toFile: file, atomically: true, encoding: .utf8)
    let jsonl = JSONLinesReport(language: .zh, includeEvidence: false)
    for threads in [1, 2] {
      var p = CheckPipeline(program: program)
      p.threads = threads
      let plain = p.run(paths: [file]) { _ in }
      p.render = {
        var writer = JSONLinesWriter(jsonl)
        return { writer.write($0, into: &$1) }
      }
      var emitted = 0
      let rendered = p.run(paths: [file], emit: { _ in emitted += 1 }, write: { _ in })
      #expect(emitted == 1)
      #expect(plain.errors == 1 && rendered.errors == 1)
      #expect(plain.byRule.map(\.title.zh) == ["Old"])
      #expect(rendered.byRule.map(\.title.zh) == ["Old"], "threads \(threads)")
    }
  }

  /// A worker's copy of the program shares no schema or rule object with
  /// the original and checks exactly like it, evidence included.
  @Test func anIsolatedCopyChecksTheSame() throws {
    let program = try TestSupport.loadPack()
    let copy = program.isolatedCopy()
    #expect(copy.rules.count == program.rules.count)
    for (a, b) in zip(program.rules, copy.rules) {
      #expect(a !== b && a.id == b.id && a.condition !== b.condition)
      #expect(a.kind !== b.kind && b.kind === copy.filings[a.kind.name])
    }
    for (name, t) in program.filings {
      let c = try #require(copy.filings[name])
      #expect(c !== t && c.fields.map(\.name) == t.fields.map(\.name))
      #expect(c.invariants.count == t.invariants.count)
    }
    let paths = [TestSupport.path("examples/filings"), TestSupport.path("examples/invalid")]
    func render(_ p: Program) -> String {
      var run = CheckRun(program: p)
      run.explain = true
      return JSONReport(language: .zh).render(run.check(paths: paths), passes: false)
    }
    #expect(render(copy) == render(program))
  }

  /// With and without the schema-directed reader, on corpora with invalid
  /// filings mixed in (JSON Lines and a JSON array): the same report,
  /// evidence and errors included.
  @Test func theSchemaDirectedReaderChangesNothing() throws {
    let dir = try TestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let paths = [
      try corpus(dir, count: 600), try corpus(dir, count: 200, format: "json"),
      TestSupport.path("examples/filings"), TestSupport.path("examples/invalid"),
      TestSupport.path("Tests/Fixtures/hostile/filings"),
    ]
    var run = CheckRun(program: try TestSupport.loadPack())
    run.explain = true
    let fast = JSONReport(language: .en).render(run.check(paths: paths))
    run.schemaDirected = false
    let general = JSONReport(language: .en).render(run.check(paths: paths))
    #expect(fast == general)
    #expect(fast.contains("\"code\": \"D002\""))
  }

  /// One thread asked for on a large-stack thread: batches run right there
  /// (no worker started), with the same result.
  @Test func oneThreadOnALargeStackRunsInline() throws {
    var run = CheckRun(program: try TestSupport.loadPack())
    run.batchSize = 3
    let paths = [TestSupport.path("examples/filings"), TestSupport.path("examples/invalid")]
    let normal = fingerprint(run.check(paths: paths))
    let inline = LargeStack.run {
      #expect(LargeStack.isCurrent)
      return fingerprint(run.check(paths: paths))
    }
    #expect(inline == normal && normal.count > 60)
  }

  @Test func jsonArraysStreamTheSameAsJSONLines() throws {
    let dir = try TestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let lines = try corpus(dir, count: 500)
    let array = try corpus(dir, count: 500, format: "json")
    let run = CheckRun(program: try TestSupport.loadPack())
    let a = run.check(paths: [lines]).outcomes.map { $0.violations.map(\.ruleID) }
    let b = run.check(paths: [array]).outcomes.map { $0.violations.map(\.ruleID) }
    #expect(a == b)
  }

  @Test func longLinesAndBrokenLinesCostOnlyThemselves() throws {
    let dir = try TestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let good =
      #"{"kind":"complaint","id":"C-1","region":"r","department":"d","report_date":"2023-12-31","received_date":"2023-11-01","time_limit_days":15}"#
    let long = "{\"kind\":\"" + String(repeating: "x", count: 5000) + "\"}"
    let text =
      "\u{FEFF}" + good + "\r\n\n" + long + "\n{broken\n"
      + good.replacingOccurrences(of: "C-1", with: "C-2")
    let file = dir.appendingPathComponent("f.jsonl")
    try text.write(to: file, atomically: true, encoding: .utf8)
    var p = CheckPipeline(program: try TestSupport.loadPack())
    p.limits.maxLineBytes = 1000
    p.chunkSize = 64
    var outcomes: [FilingOutcome] = []
    let totals = p.run(paths: [file.path]) { outcomes.append($0) }
    #expect(outcomes.map(\.filing.line) == [1, 3, 4, 5])
    #expect(outcomes.map(\.valid) == [true, false, false, true])
    #expect(outcomes[1].errors.first?.code == .limitExceeded)
    #expect(totals.filingsChecked == 2)
    #expect(totals.violations == 2)
  }
}
