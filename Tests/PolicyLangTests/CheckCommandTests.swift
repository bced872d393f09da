import Foundation
import Testing

@testable import PolicyLang

/// `policy check` end to end: the built binary, its output and its exit codes.
@Suite struct CheckCommandTests {
  let policy = TestSupport.policyBinary

  func write(_ text: String, _ name: String, in dir: URL) throws -> String {
    let url = dir.appendingPathComponent(name)
    try text.write(to: url, atomically: true, encoding: .utf8)
    return url.path
  }

  static let cleanDebt =
    #"{"kind":"debt","id":"D-OK","region":"沈阳市","department":"市财政局","report_date":"2023-12-31","year":2023,"debt_balance":100,"debt_limit":200,"fiscal_capacity":1000,"borrowings":[],"risk_assessment":true,"early_warning":true,"emergency_plan":true}"#

  @Test func cleanFilingsExitZero() throws {
    let dir = try TestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let f = try write(Self.cleanDebt + "\n", "ok.jsonl", in: dir)
    let r = try TestSupport.run(policy, ["check", f, "--lang", "en"])
    #expect(r.status == 0)
    #expect(r.out.contains("1 filing checked; 0 violations"))
  }

  /// A full disk behind standard output is an error said on standard error,
  /// with exit code 2, whether the report is streamed or made whole; it
  /// used to trap inside Foundation (exit 132 and a backtrace).
  @Test(.enabled(if: FileManager.default.fileExists(atPath: "/dev/full")))
  func aFailedWriteToStandardOutputExitsTwo() throws {
    for format in ["jsonl", "text", "sarif"] {
      let r = try TestSupport.run(
        "/bin/sh",
        ["-c", "exec \"$0\" check examples/filings --format \(format) >/dev/full", policy])
      #expect(r.status == 2, "\(format): \(r.err)")
      #expect(r.err.contains("cannot write standard output: No space left on device"), "\(format)")
      #expect(!r.err.contains("Fatal error"), "\(format)")
    }
  }

  @Test func violationsExitOneUnlessBelowFailOn() throws {
    let r = try TestSupport.run(policy, ["check", "examples/filings"])
    #expect(r.status == 1)
    #expect(r.out.contains("检查 64 份填报；发现 42 项违规"))
    // A warning-only filing passes with --fail-on major.
    let dir = try TestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let f = try write(
      #"{"kind":"complaint","id":"C-1","region":"r","department":"d","report_date":"2023-12-31","received_date":"2023-11-01","time_limit_days":15}"#
        + "\n", "c.jsonl", in: dir)
    #expect(try TestSupport.run(policy, ["check", f]).status == 1)
    #expect(try TestSupport.run(policy, ["check", f, "--fail-on", "major"]).status == 0)
  }

  @Test func policyErrorsExitTwoAndCheckNothing() throws {
    let dir = try TestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let p = try write(
      "rule bad \"坏\" on debt severity critical forbid debt_balance > debt_limt\n", "bad.policy",
      in: dir)
    let r = try TestSupport.run(policy, ["check", "--policy", p, "examples/filings"])
    #expect(r.status == 2)
    #expect(r.err.contains("error[T006]") || r.err.contains("error[T001]"))
    #expect(r.out.isEmpty)
  }

  @Test func unknownOrBadParamsExitTwo() throws {
    let r = try TestSupport.run(
      policy, ["check", "--param", "debt_ratio_hgh=130%", "examples/filings"])
    #expect(r.status == 2)
    #expect(r.err.contains("unknown param `debt_ratio_hgh`"))
    #expect(r.err.contains("did you mean `debt_ratio_high`?"))
    let bad = try TestSupport.run(
      policy, ["check", "--param", "debt_ratio_high=abc", "examples/filings"])
    #expect(bad.status == 2)
    #expect(bad.err.contains("C002") || bad.err.contains("T001"))
  }

  @Test func paramsChangeVerdicts() throws {
    let dir = try TestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    // Ratio 110%: a warning by default, nothing when the warning line is 115%.
    let f = try write(
      Self.cleanDebt.replacingOccurrences(of: #""debt_balance":100"#, with: #""debt_balance":1100"#)
        .replacingOccurrences(of: #""debt_limit":200"#, with: #""debt_limit":2000"#) + "\n",
      "d.jsonl", in: dir)
    let before = try TestSupport.run(policy, ["check", f, "--format", "json"])
    #expect(before.out.contains(#""rule": "excessive-debt-ratio""#))
    let after = try TestSupport.run(
      policy, ["check", f, "--format", "json", "--param", "debt_ratio_warning=115%"])
    #expect(!after.out.contains("excessive-debt-ratio"))
    #expect(after.status == 0)
  }

  @Test func unreadableInputExitsThreeAndOthersAreChecked() throws {
    let dir = try TestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let ok = try write(Self.cleanDebt + "\n{broken\n", "mixed.jsonl", in: dir)
    let r = try TestSupport.run(
      policy, ["check", ok, dir.appendingPathComponent("missing.json").path, "--lang", "en"])
    #expect(r.status == 3)
    #expect(r.out.contains("missing.json"))
    #expect(r.out.contains("mixed.jsonl:2"))
    #expect(r.out.contains("1 filing checked"))
  }

  @Test func standardInputIsRead() throws {
    let r = try TestSupport.run(
      policy, ["check", "-", "--lang", "en"], stdin: Self.cleanDebt + "\n")
    #expect(r.status == 0)
    #expect(r.out.contains("1 filing checked"))
  }

  @Test func jsonFollowsTheContract() throws {
    let r = try TestSupport.run(policy, ["check", "examples/filings", "--format", "json"])
    let obj = try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any]
    #expect(obj?["filings_checked"] as? Int == 64)
    let vs = obj?["violations"] as? [[String: Any]] ?? []
    #expect(vs.count == 42)
    for v in vs {
      for key in ["rule", "filing", "severity", "cites", "message", "mitigated", "location"] {
        #expect(v[key] != nil, "violation lacks \(key)")
      }
      let loc = v["location"] as? [String: Any]
      #expect(loc?["file"] is String && loc?["line"] is Int)
    }
    #expect((obj?["errors"] as? [Any])?.isEmpty == true)
    // Deterministic: the same bytes twice, and with one or two threads.
    let again = try TestSupport.run(
      policy, ["check", "examples/filings", "--format", "json", "--threads", "2"])
    #expect(again.out == r.out)
  }
}
