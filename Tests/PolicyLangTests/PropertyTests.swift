import Foundation
import PropertyBased
import Testing

@testable import PolicyLang

/// Properties over random inputs (PropertyBased, seeded; a failure prints the
/// seed to reproduce it): the front end never crashes on streams of real
/// tokens, and checking is deterministic and independent of the order of
/// the filings, of how they are split into files, and of the thread count.
@Suite struct PropertyTests {
  /// The language's vocabulary: every keyword and symbol, the clause and
  /// declaration words, names from the pack, literals of every kind (some
  /// malformed), full-width look-alikes and line breaks.
  static let vocabulary: [String] = {
    var v = Keyword.allCases.map(\.rawValue) + Symbol.allCases.map(\.rawValue)
    v += Array(Parser.declarationWords) + Array(Parser.ruleClauseWords)
    v += [
      "debt", "debt_balance", "debt_limit", "borrowings", "amount", "approved", "payables",
      "x", "it", "count", "sum", "any", "all", "each", "max", "min", "round", "days", "join",
      "list", "of", "int", "money", "decimal", "text", "date", "bool", "critical", "major",
      "warning", "given", "expect", "nothing", "invalid", "mitigated", "no", "quote", "en",
      "title", "doc", "because", "until",
      "12", "0", "1_000", "3.25", "120%", "3.5亿", "120万元", "800元", "2019-12-12", "2023-02-30",
      "00", "1__0", "\"text\"", "\"a {x} b\"", "\"{\"", "\"\\q\"", "\"unterminated",
      "三（三）", "（", "）", "，", "＞", "“", "@", "\\", "\n", "\n", "\n", "\t", "#c\n",
    ]
    return v
  }()

  static let prelude: [PolicyFile] = {
    var ds: [Diagnostic] = []
    return PolicyLoader.collect([TestSupport.path("policies")], &ds).compactMap { path in
      guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
      return Parser.parse(SourceFile(path: path, text: text)).0
    }
  }()

  @Test func parserAndCheckerNeverCrashOnTokenStreams() async {
    let tokens = Gen.int(in: 0...(Self.vocabulary.count - 1)).array(of: 0...120)
    await propertyCheck(count: 400, input: tokens, Gen.bool) { indices, withPack in
      let text = indices.map { Self.vocabulary[$0] }.joined(separator: " ")
      let source = SourceFile(path: "random.policy", text: text)
      let (checked, count): (Program?, Int) = LargeStack.run {
        let (file, parsed) = Parser.parse(source)
        let (program, ds) = Checker.check((withPack ? Self.prelude : []) + [file])
        _ = DiagnosticRenderer().render(parsed + ds)
        return (program, parsed.count + ds.count)
      }
      // Random tokens almost never make a program; when they do, fine.
      if checked == nil { #expect(count > 0) }
    }
  }

  @Test func expressionsFromTokensNeverCrash() async {
    let tokens = Gen.int(in: 0...(Self.vocabulary.count - 1)).array(of: 1...40)
    await propertyCheck(count: 400, input: tokens) { indices in
      let text = indices.map { Self.vocabulary[$0] }.joined(separator: " ")
      _ = ExpressionEvaluator.evaluate(text, program: TestSupport.pack, budget: 10_000)
    }
  }

  // MARK: - order, files and threads

  /// A generated corpus (with invalid filings), as JSON Lines.
  static let corpusLines: [String] = {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
      "policylang-props-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let out = dir.appendingPathComponent("c.jsonl").path
    _ = try? TestSupport.run(
      "/usr/bin/env",
      [
        "python3", TestSupport.path("Scripts/gen_corpus.py"), "--seed", "5", "--count", "300",
        "--format", "jsonl", "--invalid-rate", "0.1", "--out", out,
      ])
    let text = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
    return text.split(separator: "\n").map(String.init)
  }()

  /// What a run found, as a sorted list of (filing, rule, severity) and of
  /// (filing, error code): the same whatever the order and the files.
  static func findings(_ report: CheckReport) -> [String] {
    var out: [String] = []
    for o in report.outcomes {
      let id = o.filing.id ?? "?"
      for v in o.violations { out.append("\(id) \(v.ruleID) \(v.severity)") }
      for e in o.errors { out.append("\(id) \(e.code.rawValue)") }
    }
    return out.sorted()
  }

  static func write(_ lines: [String], into files: Int, asJSON: Bool, _ dir: URL) throws
    -> [String]
  {
    var paths: [String] = []
    let per = max(1, (lines.count + files - 1) / files)
    for (i, start) in stride(from: 0, to: lines.count, by: per).enumerated() {
      let part = lines[start..<min(lines.count, start + per)]
      let path = dir.appendingPathComponent("part\(i).\(asJSON ? "json" : "jsonl")").path
      let text =
        asJSON
        ? "[\n" + part.joined(separator: ",\n") + "\n]\n" : part.joined(separator: "\n") + "\n"
      try text.write(toFile: path, atomically: true, encoding: .utf8)
      paths.append(path)
    }
    return paths
  }

  @Test func checkingIsIndependentOfOrderFilesAndThreads() async throws {
    let program = try TestSupport.loadPack()
    let lines = Self.corpusLines
    #expect(lines.count == 300)
    // Broken JSON in an array would lose the whole file; keep whole filings.
    let wellFormed = lines.filter {
      (try? JSONSerialization.jsonObject(with: Data($0.utf8))) != nil
    }
    let dir = try TestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let baselineDir = dir.appendingPathComponent("baseline")
    try FileManager.default.createDirectory(at: baselineDir, withIntermediateDirectories: true)
    let baseline = Self.findings(
      CheckRun(program: program).check(
        paths: try Self.write(wellFormed, into: 1, asJSON: false, baselineDir)))
    #expect(baseline.count > 100)

    let input = Gen.shuffled(wellFormed)
    await propertyCheck(
      count: 12, input: input, Gen.int(in: 1...4), Gen.bool, Gen.int(in: 1...4)
    ) { shuffled, files, asJSON, threads in
      let sub = dir.appendingPathComponent(UUID().uuidString)
      try? FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
      defer { try? FileManager.default.removeItem(at: sub) }
      guard let paths = try? Self.write(shuffled, into: files, asJSON: asJSON, sub) else {
        Issue.record("could not write the corpus")
        return
      }
      var run = CheckRun(program: program)
      run.threads = threads
      var pipeline = run.pipeline
      pipeline.batchSize = 5 + threads
      var report = CheckReport()
      pipeline.run(paths: paths) { report.outcomes.append($0) }
      #expect(Self.findings(report) == baseline)
    }
  }

  @Test func checkingIsDeterministic() throws {
    let program = try TestSupport.loadPack()
    let dir = try TestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let paths = try Self.write(Self.corpusLines, into: 3, asJSON: false, dir)
    func render(threads: Int) -> String {
      var run = CheckRun(program: program)
      run.threads = threads
      return JSONReport(language: .en).render(run.check(paths: paths))
    }
    let first = render(threads: 1)
    #expect(render(threads: 1) == first)
    #expect(render(threads: 3) == first)
  }
}
