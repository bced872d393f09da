import Foundation
import Testing

@testable import PolicyLang

/// Every limit of docs/limits.md, at the limit (accepted) and one past it
/// (a clear, located error), in the library and through `policy check`'s flags.
@Suite struct LimitsTests {
  static let header = """
    policy "t" title "t" effective 2019-01-01
    filing f { x: int  xs: list of int  t: text }

    """

  func load(_ rule: String, _ limits: PolicyLimits = .init()) -> [Diagnostic] {
    PolicyLoader.load(text: Self.header + rule, path: "limits.policy", limits: limits).1
      .filter { $0.severity == .error }
  }

  func codes(_ ds: [Diagnostic]) -> [String] { ds.map(\.code.rawValue) }

  // MARK: - nesting in policies

  /// The condition is one level; each step of a construct adds `perStep`
  /// (`not` and unary `-` take a level of their own besides the parentheses).
  @Test(arguments: [
    ("(", ")", "x", " > 0", 1), ("not (", ")", "true", "", 2), ("-(", ")", "x", " > 0", 2),
    ("[", "]", "x", " == []", 1), ("abs(", ")", "x", " > 0", 1),
  ])
  func policyNestingAtAndPastTheLimit(
    _ open: String, _ close: String, _ inner: String, _ tail: String, _ perStep: Int
  ) {
    var limits = PolicyLimits()
    limits.maxDepth = 12
    func rule(_ k: Int) -> String {
      "rule r \"t\" on f severity warning\n  forbid " + String(repeating: open, count: k) + inner
        + String(repeating: close, count: k) + tail + "\n"
    }
    let atLimit = (limits.maxDepth - 1) / perStep
    #expect(!codes(load(rule(atLimit), limits)).contains("P004"), "\(open) × \(atLimit)")
    #expect(codes(load(rule(atLimit + 1), limits)).contains("P004"), "\(open) × \(atLimit + 1)")
  }

  @Test func parenthesesExactlyAtTheDefaultLimit() {
    // The condition is level 1; each `(` adds one: 127 pairs reach 128.
    func rule(_ k: Int) -> String {
      "rule r \"t\" on f severity warning\n  forbid "
        + String(repeating: "(", count: k) + "x" + String(repeating: ")", count: k) + " > 0\n"
    }
    #expect(load(rule(127)).isEmpty)
    let past = load(rule(128))
    #expect(codes(past) == ["P004"])
    #expect(past.first?.message == "expression nested more than 128 levels deep")
    #expect(past.first?.location?.file == "limits.policy")
  }

  /// A hundred thousand levels of every recursive construct: one P004, no crash.
  @Test(arguments: [
    "forbid " + String(repeating: "(", count: 100_000) + "x",
    "forbid " + String(repeating: "not ", count: 100_000) + "true",
    "forbid x > " + String(repeating: "-", count: 100_000) + "1",
    "forbid " + String(repeating: "[", count: 100_000),
    "forbid " + String(repeating: "{a: ", count: 100_000),
    "forbid " + String(repeating: "abs(", count: 100_000),
    "forbid true because \"" + String(repeating: "{\"", count: 100_000),
    "forbid true because \"" + String(repeating: "{(", count: 100_000),
  ])
  func hundredThousandLevels(_ clause: String) {
    let ds = load("rule r \"t\" on f severity warning\n  " + clause + "\n")
    #expect(ds.contains { $0.code == .tooDeeplyNested || $0.code == .unterminatedString })
    #expect(ds.count < 10)
  }

  @Test func nestedTypes() {
    var limits = PolicyLimits()
    limits.maxDepth = 5
    func decl(_ k: Int) -> String {
      "record R { a: " + String(repeating: "list of ", count: k) + "int }\n"
    }
    #expect(load(decl(5), limits).isEmpty)
    #expect(codes(load(decl(6), limits)) == ["P004"])
    #expect(codes(load(decl(100_000))) == ["P004"])
  }

  @Test func strayBytesAreCappedPerFile() {
    var limits = PolicyLimits()
    limits.maxErrorsPerFile = 5
    let ds = load(String(repeating: "@", count: 200_000), limits)
    #expect(ds.count == 6)
    #expect(ds.last?.code == .limitExceeded)
    #expect(ds.last?.message == "too many errors in `limits.policy`: 199995 more errors not shown")
    // At the limit: no summary.
    #expect(!load(String(repeating: "@", count: 5), limits).contains { $0.code == .limitExceeded })
  }

  @Test func codeFramesShowAWindowOfLongLines() throws {
    var limits = PolicyLimits()
    limits.maxErrorsPerFile = 1
    let line = String(repeating: "@", count: 2000) + "x" + String(repeating: "@", count: 2000)
    let ds = load(line, limits)
    let text = DiagnosticRenderer().render(ds)
    #expect(text.count < 800, "\(text.count) characters")
    #expect(text.contains("@@@…"))
    // Further along the line, the window moves with the caret.
    let d = Diagnostic(
      .unexpectedCharacter, "x", source: SourceFile(path: "l.policy", text: line),
      span: SourceSpan(2000, 2001))
    let shown = DiagnosticRenderer().render(d)
    let lines = shown.split(separator: "\n").map(String.init)
    let code = try #require(lines.first { $0.hasPrefix("1 |") })
    let caret = try #require(lines.first { $0.contains("^") })
    let column = code.unicodeScalars.firstIndex(of: "x").map {
      code.unicodeScalars.distance(from: code.unicodeScalars.startIndex, to: $0)
    }
    let caretColumn = caret.unicodeScalars.firstIndex(of: "^").map {
      caret.unicodeScalars.distance(from: caret.unicodeScalars.startIndex, to: $0)
    }
    #expect(column != nil && column == caretColumn)
  }

  // MARK: - expansion

  /// `let a_i = a_(i-1) + 1` makes evaluating `a_n` recurse 2n + 3 levels.
  @Test func letChainsAtAndPastTheExpandedDepth() {
    var limits = PolicyLimits()
    limits.maxDepth = 8  // expanded depth 32: n = 14 reaches 31, n = 15 reaches 33
    func rule(_ n: Int) -> String {
      var s = "rule r \"t\" on f severity warning\n  let a0 = x\n"
      for i in stride(from: 1, through: n, by: 1) { s += "  let a\(i) = a\(i - 1) + 1\n" }
      return s + "  forbid a\(n) > 0\n"
    }
    #expect(load(rule(14), limits).isEmpty)
    #expect(codes(load(rule(15), limits)) == ["T014"])
    #expect(codes(load(rule(20_000))) == ["T014"])
  }

  @Test func definitionChains() {
    var s = "define e0 = x\n"
    for i in 1...3000 { s += "define e\(i) = [e\(i - 1)]\n" }
    s += "rule r \"t\" on f severity warning forbid count(e3000) > 0\n"
    #expect(codes(load(s)) == ["T014"])
  }

  /// `count([1, …, 1]) > 0` with k elements checks k + 4 nodes.
  @Test func expandedNodesAtAndPastTheLimit() {
    var limits = PolicyLimits()
    limits.maxExpandedNodes = 50
    func rule(_ k: Int) -> String {
      "rule r \"t\" on f severity warning forbid count(["
        + Array(repeating: "1", count: k).joined(separator: ", ") + "]) > 0\n"
    }
    #expect(load(rule(46), limits).isEmpty)
    #expect(codes(load(rule(47), limits)) == ["T014"])
  }

  @Test func exponentialDefinitionsAreRefusedQuickly() {
    var s = "define d0 = x\n"
    for i in 1...60 { s += "define d\(i) = d\(i - 1) + d\(i - 1)\n" }
    s += "rule r \"t\" on f severity warning forbid d60 > 0\n"
    let start = ContinuousClock.now
    let ds = load(s)
    #expect(codes(ds) == ["T014"])
    #expect(ds.first?.message == "definitions expand to more than 100000 nodes here")
    #expect(ContinuousClock.now - start < .seconds(30))
  }

  // MARK: - evaluation

  func evaluate(_ text: String, budget: Int = Evaluator.defaultBudget) -> Result<
    ExpressionEvaluator.Result, ExpressionEvaluator.Failure
  > {
    ExpressionEvaluator.evaluate(text, program: nil, budget: budget)
  }

  /// The exact number of steps an expression needs passes; one fewer fails.
  @Test(arguments: [
    "count([1, 2, 3] where it > 1)", "sum([1, 2, 3])", "3 in [1, 2, 3]", "join([\"ab\", \"c\"])",
    "any([1, 2], all([3, 4], it > 0))", "[1, 2] + [3, 4]", "contains(\"abcdef\", \"cd\")",
    "\"a\" + \"bc\"", "text([1, 2])",
  ])
  func budgetAtAndPastTheLimit(_ text: String) throws {
    let source = SourceFile(path: "<e>", text: text)
    let expr = try #require(Parser.parseExpression(source).0)
    var checker = Checker(source: source)
    var scope = Scope(filing: nil)
    let node = checker.checkExpr(expr, &scope)
    var probe = Evaluator(filing: nil, params: [], budget: 1_000_000)
    _ = try probe.eval(node)
    let used = 1_000_000 - probe.budget
    #expect(used > 0)
    var exact = Evaluator(filing: nil, params: [], budget: used)
    #expect(throws: Never.self) { _ = try exact.eval(node) }
    var short = Evaluator(filing: nil, params: [], budget: used - 1)
    do {
      _ = try short.eval(node)
      Issue.record("\(text) ran within \(used - 1) steps")
    } catch {
      #expect(error.code == .budgetExceeded)
    }
  }

  @Test func quantifiersOverLargeListsRunOutOfBudget() throws {
    let result = evaluate(
      "any(each([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], it), all([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], it > 0 and it < 0))",
      budget: 100)
    guard case .failure(let f) = result else {
      Issue.record("expected R004")
      return
    }
    #expect(f.diagnostics.map(\.code) == [.budgetExceeded])
  }

  @Test func computedTextAtAndPastTheLimit() throws {
    let source = SourceFile(path: "<e>", text: "\"ab\" + \"cd\"")
    let expr = try #require(Parser.parseExpression(source).0)
    var checker = Checker(source: source)
    var scope = Scope(filing: nil)
    let node = checker.checkExpr(expr, &scope)
    var at = Evaluator(filing: nil, params: [])
    at.maxTextBytes = 4
    #expect(throws: Never.self) { _ = try at.eval(node) }
    var past = Evaluator(filing: nil, params: [])
    past.maxTextBytes = 3
    do {
      _ = try past.eval(node)
      Issue.record("a 4-byte text passed a 3-byte limit")
    } catch {
      #expect(error.code == .budgetExceeded)
      #expect(error.message == "`\"ab\" + \"cd\"` gives text longer than 3 bytes")
    }
  }

  @Test func textDoubledFortyTimesStopsAtTheLimit() throws {
    var rule = "rule r \"t\" on f severity warning\n  let s0 = t\n"
    for i in 1...40 { rule += "  let s\(i) = s\(i - 1) + s\(i - 1)\n" }
    rule += "  forbid length(s40) > 0\n"
    let (program, ds) = PolicyLoader.load(text: Self.header + rule)
    let p = try #require(program, "\(ds)")
    let line =
      #"{"kind":"f","id":"F-1","region":"r","department":"d","report_date":"2023-01-01","x":1,"xs":[],"t":"ab"}"#
    let result = FilingReader.read(bytes: Array(line.utf8), file: "f.jsonl", format: .jsonl)
    let report = CheckRun(program: p).check(result)
    #expect(report.errors.map(\.code) == [.budgetExceeded])
    #expect(report.errors.first?.message.contains("gives text longer than 1048576 bytes") == true)
  }

  // MARK: - flags, and the ceilings they may be raised to

  func cli(_ args: [String], policy: String, filing: String, name: String = "f.jsonl") throws
    -> (out: String, err: String, status: Int32)
  {
    let dir = try TestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let p = dir.appendingPathComponent("p.policy").path
    let f = dir.appendingPathComponent(name).path
    try (Self.header + policy).write(toFile: p, atomically: true, encoding: .utf8)
    try filing.write(toFile: f, atomically: true, encoding: .utf8)
    return try TestSupport.run(
      TestSupport.policyBinary, ["check", "--lang", "en", "--policy", p] + args + [f])
  }

  static let filing =
    #"{"kind":"f","id":"F-1","region":"r","department":"d","report_date":"2023-01-01","x":1,"xs":[1],"t":"ab"}"#

  func letChain(_ n: Int) -> String {
    var s = "rule r \"t\" on f severity warning\n  let a0 = x\n"
    for i in stride(from: 1, through: n, by: 1) { s += "  let a\(i) = a\(i - 1) + 1\n" }
    return s + "  forbid a\(n) > 0\n  because \"{a\(n)}\"\n"
  }

  /// At the ceiling of `--max-policy-depth` (500), a rule evaluating 1999
  /// levels deep runs on the checker's stacks, even in a debug build.
  @Test func policyDepthAtItsCeiling() throws {
    let at = try cli(["--max-policy-depth", "500"], policy: letChain(998), filing: Self.filing)
    #expect(at.status == 1, "\(at.out)\(at.err)")
    let past = try cli(["--max-policy-depth", "500"], policy: letChain(999), filing: Self.filing)
    #expect(past.status == 2)
    #expect(past.err.contains("error[T014]: expression nests more than 2000 levels deep"))
    let over = try cli(["--max-policy-depth", "501"], policy: letChain(1), filing: Self.filing)
    #expect(over.status != 0 && over.err.contains("--max-policy-depth must be from 1 to 500"))
  }

  @Test func policyDepthFlag() throws {
    let nested = "rule r \"t\" on f severity warning\n  forbid ((((x)))) > 0\n"
    #expect(try cli(["--max-policy-depth", "5"], policy: nested, filing: Self.filing).status == 1)
    let past = try cli(["--max-policy-depth", "4"], policy: nested, filing: Self.filing)
    #expect(past.status == 2)
    #expect(past.err.contains("expression nested more than 4 levels deep"))
  }

  static let plain = "rule r \"t\" on f severity warning\n  forbid x > 100\n"

  /// A filing whose field `a` (not in the schema) nests `depth` levels deep.
  func deep(_ depth: Int) -> String {
    let open = String(repeating: "[", count: depth - 1)
    let close = String(repeating: "]", count: depth - 1)
    return String(Self.filing.dropLast()) + #","a":"# + open + close + "}\n"
  }

  @Test(arguments: [("f.json", 1000), ("f.jsonl", 1000), ("f.yaml", 1000), ("f.json", 5)])
  func filingDepthAtAndPastTheFlag(_ name: String, _ limit: Int) throws {
    let args = ["--max-depth", "\(limit)"]
    let at = try cli(args, policy: Self.plain, filing: deep(limit), name: name)
    #expect(at.status == 0, "\(at.out)")
    let past = try cli(args, policy: Self.plain, filing: deep(limit + 1), name: name)
    #expect(past.status == 3)
    #expect(past.out.contains("nesting deeper than \(limit) levels"), "\(past.out)")
  }

  @Test func valueBytesFlag() throws {
    func filing(_ n: Int) -> String {
      String(Self.filing.dropLast()) + #","note":""# + String(repeating: "x", count: n) + "\"}\n"
    }
    let args = ["--max-value-bytes", "100"]
    #expect(try cli(args, policy: Self.plain, filing: filing(100)).status == 0)
    let past = try cli(args, policy: Self.plain, filing: filing(101))
    #expect(past.status == 3)
    #expect(past.out.contains("string longer than 100 bytes"))
  }

  @Test func computedTextFlag() throws {
    // The filing's longest string is 10 bytes; the rule builds 12.
    let rule = "rule r \"t\" on f severity warning\n  forbid length(t + t + t + t + t + t) > 100\n"
    let at = try cli(["--max-value-bytes", "12"], policy: rule, filing: Self.filing)
    #expect(at.status == 0, "\(at.out)")
    let past = try cli(["--max-value-bytes", "11"], policy: rule, filing: Self.filing)
    #expect(past.status == 3)
    #expect(past.out.contains("error[R004]") && past.out.contains("longer than 11 bytes"))
  }

  @Test func lineBytesFlag() throws {
    let n = Self.filing.utf8.count
    let at = try cli(["--max-line-bytes", "\(n)"], policy: Self.plain, filing: Self.filing + "\n")
    #expect(at.status == 0, "\(at.out)")
    let past = try cli(
      ["--max-line-bytes", "\(n - 1)"], policy: Self.plain, filing: Self.filing + "\n")
    #expect(past.status == 3)
    #expect(past.out.contains("line longer than \(n - 1) bytes"))
  }

  @Test func maxErrorsFlag() throws {
    let broken = String(repeating: "{broken\n", count: 5)
    let at = try cli(["--max-errors", "5"], policy: Self.plain, filing: broken)
    #expect(at.out.components(separatedBy: "error[D001]").count - 1 == 5)
    #expect(!at.out.contains("D010"))
    let past = try cli(["--max-errors", "4"], policy: Self.plain, filing: broken)
    #expect(past.status == 3)
    #expect(past.out.components(separatedBy: "error[D001]").count - 1 == 4)
    #expect(past.out.contains("error[D010]"))
    #expect(past.out.contains("too many errors in this file: errors after the first 4"))
    // Every broken line still counts as an invalid filing.
    #expect(past.out.contains("5 could not be checked"), "\(past.out)")
  }

  @Test func budgetFlag() throws {
    let rule = "rule r \"t\" on f severity warning\n  forbid count(xs, it > 0) > 5\n"
    #expect(try cli(["--budget", "1000"], policy: rule, filing: Self.filing).status == 0)
    let past = try cli(["--budget", "3"], policy: rule, filing: Self.filing)
    #expect(past.status == 3)
    #expect(past.out.contains("error[R004]"))
  }

  /// "Did you mean …?" for a megabyte-long `kind` once compared it letter by
  /// letter with every kind: seconds per filing.
  @Test func aHugeKindIsRefusedQuicklyAndShownShort() throws {
    let kind = String(repeating: "d", count: 1_000_000)
    let line = "{\"kind\":\"\(kind)\",\"id\":\"K\"}"
    let result = FilingReader.read(bytes: Array(line.utf8), file: "k.jsonl", format: .jsonl)
    let program = try TestSupport.loadPack()
    let start = ContinuousClock.now
    let report = CheckRun(program: program).check(result)
    #expect(ContinuousClock.now - start < .seconds(2))
    #expect(report.errors.map(\.code) == [.unknownKind])
    #expect((report.errors.first?.message.count ?? .max) < 80)
  }

  // MARK: - stacks

  /// The deepest trees the default limits allow, loaded and evaluated from a
  /// thread with macOS's 512 KiB secondary-thread stack: the work hops to
  /// `LargeStack` threads, so nothing depends on the caller's stack.
  @Test func deepButAllowedTreesAreSafeOnSmallStacks() throws {
    var rule = "rule r \"t\" on f severity warning\n  let a0 = x\n"
    for i in 1...254 { rule += "  let a\(i) = a\(i - 1) + 1\n" }
    rule += "  forbid a254 > 0 and count(" + String(repeating: "[", count: 120) + "x"
    rule += String(repeating: "]", count: 120) + ") > 0\n  because \"{a254}\"\n"
    let text = Self.header + rule
    final class Box: @unchecked Sendable { var outcome: (Int, Int)? }
    let box = Box()
    let done = DispatchSemaphore(value: 0)
    let thread = Thread {
      let (program, _) = PolicyLoader.load(text: text)
      if let program {
        let result = FilingReader.read(
          bytes: Array(Self.filing.utf8), file: "f.jsonl", format: .jsonl)
        let report = CheckRun(program: program).check(result)
        box.outcome = (report.violations.count, report.errors.count)
      }
      done.signal()
    }
    thread.stackSize = 512 << 10
    thread.start()
    done.wait()
    #expect(box.outcome?.0 == 1)
    #expect(box.outcome?.1 == 0)
  }
}
