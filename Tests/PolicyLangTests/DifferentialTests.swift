import Foundation
import Testing

@testable import PolicyLang

/// The checker against an independent reading of domain.md
/// (Scripts/reference_check.py) on generated corpora nobody wrote by hand:
/// every violation, severity, mitigation and invalid filing must agree.
@Suite(.serialized) struct DifferentialTests {
  struct Verdict: Hashable, Comparable {
    var rule: String
    var filing: String
    var severity: String
    var mitigated: Bool
    var file: String
    var line: Int
    static func < (a: Verdict, b: Verdict) -> Bool {
      (a.file, a.line, a.rule, a.filing) < (b.file, b.line, b.rule, b.filing)
    }
  }

  func oracle(_ args: [String]) throws -> [String: Any] {
    let r = try TestSupport.run(
      "/usr/bin/env", ["python3", TestSupport.path("Scripts/reference_check.py")] + args)
    #expect(r.status == 0, "reference checker failed: \(r.err)")
    let json = try JSONSerialization.jsonObject(with: Data(r.out.utf8))
    guard let obj = json as? [String: Any] else {
      throw SetupError("oracle output is not an object")
    }
    return obj
  }

  func generate(seed: Int, count: Int, format: String, invalidRate: String, into dir: URL) throws
    -> String
  {
    let out = dir.appendingPathComponent("corpus-\(seed).\(format)").path
    let r = try TestSupport.run(
      "/usr/bin/env",
      [
        "python3", TestSupport.path("Scripts/gen_corpus.py"), "--seed", "\(seed)", "--count",
        "\(count)", "--format", format, "--invalid-rate", invalidRate, "--out", out,
      ])
    #expect(r.status == 0, "corpus generator failed: \(r.err)")
    return out
  }

  func compare(_ paths: [String], params: [String: String] = [:]) throws {
    var program = try TestSupport.loadPack()
    var overrides: [String: Value] = [:]
    for (k, v) in params {
      guard case .success(let (name, value)) = ParamOverride.parse("\(k)=\(v)", for: program) else {
        throw SetupError("bad param \(k)")
      }
      overrides[name] = value
    }
    program = program.with(overrides: overrides)
    let report = CheckRun(program: program).check(paths: paths)
    let expected = try oracle(paths + params.flatMap { ["--param", "\($0.key)=\($0.value)"] })

    let ours = Set(
      report.violations.map {
        Verdict(
          rule: $0.ruleID, filing: $0.filing.id ?? "", severity: $0.severity.rawValue,
          mitigated: $0.mitigated, file: $0.filing.file, line: $0.filing.line)
      })
    let theirs = Set(
      (expected["violations"] as? [[String: Any]] ?? []).map {
        Verdict(
          rule: $0["rule"] as? String ?? "", filing: $0["filing"] as? String ?? "",
          severity: $0["severity"] as? String ?? "", mitigated: $0["mitigated"] as? Bool ?? false,
          file: $0["file"] as? String ?? "", line: $0["line"] as? Int ?? 0)
      })
    #expect(report.filingsChecked == expected["filings_checked"] as? Int)
    #expect(
      Array(ours.subtracting(theirs).sorted().prefix(10)) == [], "violations only the checker found"
    )
    #expect(
      Array(theirs.subtracting(ours).sorted().prefix(10)) == [],
      "violations only the reference found")
    // Invalid filings: the same ones (by id where known), whatever line each names.
    let ourInvalid = Set(report.errors.compactMap(\.filingID))
    let theirInvalid = Set(
      (expected["errors"] as? [[String: Any]] ?? []).compactMap { $0["filing"] as? String })
    #expect(ourInvalid == theirInvalid)
  }

  @Test(arguments: [("jsonl", 1), ("json", 2), ("yaml", 3)])
  func generatedCorpusAgreesWithReference(format: String, seed: Int) throws {
    let dir = try TestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = try generate(
      seed: seed, count: format == "yaml" ? 800 : 3000, format: format, invalidRate: "0.03",
      into: dir)
    try compare([file])
  }

  @Test func paramsOverrideTheSameWay() throws {
    let dir = try TestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = try generate(seed: 7, count: 2000, format: "jsonl", invalidRate: "0", into: dir)
    try compare(
      [file],
      params: [
        "debt_ratio_high": "130%", "debt_ratio_warning": "90%",
        "falsification_tolerance": "10%", "arrears_cutoff": "2021-01-01",
      ])
  }

  @Test func examplesAgreeWithReference() throws {
    try compare([TestSupport.path("examples/filings")])
  }
}
