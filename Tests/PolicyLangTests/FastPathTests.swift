import Foundation
import Testing

@testable import PolicyLang

/// The fast path (`FastCompiler`) against the tree walker: whichever decides
/// a rule, every filing must get the same violations, severities, messages
/// and errors. And the fast path must actually decide: a fast path that
/// always gave up would pass the first test and be worthless.
@Suite struct FastPathTests {
  /// What the walker and the fast path must agree on, as comparable lines.
  static func lines(_ o: FilingOutcome) -> [String] {
    o.violations.map {
      "\(o.filing.id ?? "?") \($0.ruleID) \($0.severity) \($0.mitigated) \($0.message.zh) | \($0.message.en ?? "")"
    } + o.errors.map { "\(o.filing.id ?? "?") error \($0.code) \($0.ruleID ?? "") \($0.message)" }
  }

  /// Every outcome of every filing, by the walker and by the fast path, with
  /// how often the fast path gave a rule back.
  static func both(_ program: Program, _ result: FilingFileResult, budget: Int? = nil) -> (
    walker: [String], fast: [String], fallbacks: Int, decided: Int
  ) {
    let validator = FilingValidator(program: program)
    var walker = RuleRunner(program: program)
    walker.fastPath = false
    var fast = RuleRunner(program: program)
    if let budget {
      walker.budget = budget
      fast.budget = budget
    }
    var (w, f) = ([String](), [String]())
    var decided = 0
    for (i, raw) in result.filings.enumerated() {
      guard case .success(let record) = validator.validate(raw) else { continue }
      w += lines(walker.check(record, file: result.file, index: i))
      let before = fast.fastFallbacks
      f += lines(fast.check(record, file: result.file, index: i))
      if fast.fastFallbacks == before { decided += 1 }
    }
    return (w, f, fast.fastFallbacks, decided)
  }

  @Test func liaoningPackAgreesOnAGeneratedCorpus() throws {
    let program = try TestSupport.loadPack()
    let bytes = try TestSupport.generatedCorpus(seed: 7, count: 3000, format: "jsonl")
    let result = FilingReader.read(bytes: Array(bytes), file: "c.jsonl", format: .jsonl)
    let r = Self.both(program, result)
    #expect(r.walker.count > 500)
    #expect(r.walker == r.fast)
    // Only a rule that fails (a ratio over a zero capacity, say) is given back.
    #expect(r.fallbacks * 100 < r.decided, "fast path gave \(r.fallbacks) rules back")
  }

  @Test func liaoningPackAgreesOnTheExamples() throws {
    let program = try TestSupport.loadPack()
    let dir = TestSupport.path("examples/filings")
    let files = try FileManager.default.subpathsOfDirectory(atPath: dir).sorted()
      .filter { $0.hasSuffix(".json") || $0.hasSuffix(".jsonl") || $0.hasSuffix(".yaml") }
    #expect(files.count >= 6)
    for file in files {
      let result = FilingReader.read(path: dir + "/" + file, limits: LoaderLimits())
      let r = Self.both(program, result)
      #expect(r.walker == r.fast, "\(file)")
    }
  }

  static let policy = """
    record Item { amount: money, due: date, paid: bool, tag: text }

    filing sample {
      a: int
      b: int
      m: money
      n: money?
      d: date
      e: date?
      flag: bool
      items: list of Item
      info: Item?
      note: text?
    }

    rule counts "counts"
      on sample
      severity major
      let open = items where not paid
      let late = items where due < report_date and not paid
      forbid count(open) > 1 and any(items, tag == "x") or count(late) >= 2
      because "{count(open)} open"

    rule sums "sums"
      on sample where flag
      severity major
      let owed = sum(items where not paid, amount)
      let total = sum(items, amount)
      forbid owed * 2 > total or all(items, paid) or none(items, paid)
      because "{owed} of {total}"

    rule arithmetic "arithmetic"
      on sample
      severity critical when a > 100 else warning
      let gap = a - b
      forbid abs(gap) * 3 > a + 10 or a * b < -5 or (if a > b then m else 2) > 5
      because "{gap}"

    rule dates "dates"
      on sample
      severity major
      let due = d + a days
      let later = d + 1 months
      let much = d + 2 years
      forbid due > report_date and days(d, report_date) > b or later == much
      because "{due}"

    rule optionals "optionals"
      on sample where e is present
      severity major
      forbid e > d and n is present and n > m or n is absent
      because "{e}"

    rule lists "lists"
      on sample
      severity major
      let missing = ["a" when a < 0, "b" when b < 0, "flag" when not flag]
      forbid count(missing) > 0 or "x" in each(items, tag)
      because "{missing}"

    # Quotients are ordered exactly (`x / y > c` as `x > c × y`): through a
    # `let`, on either side, over a negative divisor, and where the rounded
    # quotient (18 places) would compare otherwise.
    rule quotient-let "quotient-let"
      on sample where a != 0
      severity major
      let r = m / a
      forbid r > 1.5
      because "{r}"

    rule quotient-right "quotient-right"
      on sample where a != 0
      severity major
      forbid 2 < m / a

    rule quotient-negative "quotient-negative"
      on sample where b != 0
      severity major
      forbid m / b < 1

    rule quotient-exact "quotient-exact"
      on sample where a != 0
      severity major
      forbid m / a > 33.333333333333333333

    # A money value that is an int at run time (`n ?? 1` with `n` absent):
    # the walker adds two ints, and overflows.
    rule coalesce "coalesce"
      on sample where b == 1
      severity major
      forbid (n ?? 1) + a > 0 or abs(n ?? a) > 5

    rule messages "messages"
      on sample
      severity major
      let unpaid = items where not paid
      let names = ["a" when a < 0, "b" when b < 0]
      forbid count(items) >= 0
      because "{join(each(unpaid, "{tag} {amount}（{due}）"), "；")} | {join(each(items, tag))} | {join(names)} | {join(each(items, amount))} | {percent(m)} / {percent(b)} | {text(d) + " / " + text(a) + text(m)} | {if flag then "on " + text(m) else "off"} | {n ?? 0} {e ?? d} {flag} | {d + b days} | {b days} | {m} {a} {items}"
        en "{join(each(items, tag), ", ")}: {percent(m)}, {if e is present then text(e) else "none"}, {m}"

    # A constant on the right of a comparison, of every shape: int with
    # decimal, optional money with int, dates, truth values, texts, absence.
    rule constants "constants"
      on sample where a != 5
      severity major
      forbid a > 2.5 and n is present and n > 2 or (flag == true and d < 2024-03-01)
        or e is present and e == 2023-01-01 or info is present and info.tag == "i"
        or m >= 7 and b <= 0 or b != -4
      because "{a} {n ?? 0}"

    # A text against a text constant, and in a constant list of texts:
    # absent, empty, and canonically equivalent (é composed and decomposed).
    define known = ["x", "café", ""]

    rule text-equal "text-equal"
      on sample where note is present
      severity major
      forbid note == "café" or (note ?? "-") == "" or note != "y" and note == "x"
      because "{note ?? "-"}"

    rule text-in "text-in"
      on sample where note is present
      severity major
      forbid note in known and note != "x"
      because "{note ?? "-"}"

    # Members of a record-typed field, read in one step.
    rule members "members"
      on sample where info is present
      severity major
      forbid info.paid or info.amount > 5 and info.due < report_date
      because "{info.tag}: {info.amount}"

    # A function (its arguments bound to its parameters), a member of a
    # record, the element itself (`it`), `trim`, an interpolation in a list.
    define labels(i: Item) = ["{i.tag}：{i.amount}" when trim(i.tag) != "", "未付" when not i.paid]

    rule functions "functions"
      on sample
      severity major
      let tagged = items where trim(tag) == "x"
      forbid count(tagged) > 0 or any(items, count(labels(it)) > 1)
      because "{join(each(items, "[{trim(tag)}] {join(labels(it), "，")}"), "；")}"
        en "{count(tagged)}: {join(each(items, join(labels(it), ", ")), "; ")}"
    """

  static let filings = """
    {"kind": "sample", "id": "s1", "report_date": "2024-06-30", "region": "r", "department": "d",
     "a": 3, "b": -4, "m": 100, "d": "2024-01-31", "e": "2024-02-01", "flag": true,
     "note": "cafe\\u0301",
     "info": {"amount": 7, "due": "2024-01-01", "paid": false, "tag": "i"},
     "items": [{"amount": 10, "due": "2024-01-01", "paid": false, "tag": "x"},
               {"amount": 5.5, "due": "2024-12-01", "paid": true, "tag": "y"},
               {"amount": 2, "due": "2023-01-01", "paid": false, "tag": "z"}]}
    {"kind": "sample", "id": "s2", "report_date": "2024-06-30", "region": "r", "department": "d",
     "a": 9223372036854775807, "b": 2, "m": 1, "n": 3, "d": "2024-02-29", "e": "2023-01-01",
     "flag": false, "items": [], "note": ""}
    {"kind": "sample", "id": "s3", "report_date": "2024-06-30", "region": "r", "department": "d",
     "a": -9223372036854775807, "b": 5, "m": 0.5, "n": 0.25, "d": "9999-12-01", "flag": true,
     "items": [{"amount": 0.1, "due": "2024-01-01", "paid": true, "tag": "x"}]}
    {"kind": "sample", "id": "s5", "report_date": "2024-06-30", "region": "r", "department": "d",
     "a": 9223372036854775807, "b": 1, "m": 1, "d": "2024-01-01", "flag": false, "items": [],
     "note": "x"}
    {"kind": "sample", "id": "s4", "report_date": "2024-06-30", "region": "r", "department": "d",
     "a": 0, "b": 0, "m": 7, "d": "2024-06-30", "e": "2024-06-30", "flag": true, "note": "y",
     "info": {"amount": 1, "due": "2024-09-01", "paid": true, "tag": "j"},
     "items": [{"amount": 1, "due": "2024-06-29", "paid": false, "tag": "y"},
               {"amount": 1, "due": "2024-06-28", "paid": false, "tag": "y"},
               {"amount": 3, "due": "2024-06-27", "paid": true, "tag": " x\u{3000}"},
               {"amount": 4, "due": "2024-06-26", "paid": true, "tag": " \u{3000}"}]}
    """

  static func sample() throws -> (Program, FilingFileResult) {
    let (program, ds) = PolicyLoader.load(text: policy, path: "fast.policy")
    let p = try #require(program, "\(DiagnosticRenderer().render(ds))")
    let result = FilingReader.read(
      bytes: Array(filings.replacingOccurrences(of: ",\n ", with: ", ").utf8),
      file: "s.jsonl", format: .jsonl)
    #expect(result.errors.isEmpty, "\(result.errors.map(\.message))")
    return (p, result)
  }

  /// Each compiled node against the walker, on values chosen to take every
  /// branch: absent optionals, overflow, dates off the calendar, int and
  /// money mixed, empty lists.
  @Test func everyCompiledNodeAgreesWithTheWalker() throws {
    let (program, result) = try Self.sample()
    #expect(result.filings.count == 5)
    let r = Self.both(program, result)
    #expect(r.walker.count >= 8)
    // The messages rule fired on every filing, with its message made.
    #expect(r.walker.filter { $0.contains(" messages major ") && $0.contains(" | ") }.count >= 3)
    #expect(r.walker.contains { $0.contains("error overflow") })
    #expect(r.walker.contains { $0.hasPrefix("s5 error overflow coalesce") })
    #expect(r.walker.contains { $0.contains("error dateOutOfRange") })
    #expect(r.walker == r.fast)
    #expect(r.decided >= 2)
  }

  /// The compiled message itself, on each sample filing and in both
  /// languages: it must make the walker's text, and make it without giving
  /// up (a compiled message that always gave up would pass the test above).
  @Test func messagesAreMadeOnTheFastPath() throws {
    let (program, result) = try Self.sample()
    let validator = FilingValidator(program: program)
    var made = 0
    for id in ["messages", "functions"] {
      let rule = try #require(program.rules.first { $0.id == id })
      for raw in result.filings {
        guard case .success(let record) = validator.validate(raw) else { continue }
        for (language, message, compiled) in [
          (Language.zh, rule.message, rule.fast.message),
          (.en, rule.messageEn, rule.fast.messageEn),
        ] {
          let m = try #require(message)
          let fast = try #require(compiled, "the \(language) message was not compiled")
          var walker = Evaluator(filing: nil, params: [])
          walker.reset(rule: rule, filing: record, params: [], budget: Evaluator.defaultBudget)
          walker.language = language
          var ev = walker
          let expected: String?
          do {
            if case .text(let t) = try walker.eval(m) { expected = t } else { expected = nil }
          } catch { expected = nil }
          let got: String?
          var bytes: [UInt8] = []
          do throws(Bail) {
            try bytes.appendMessage(fast, &ev)
            got = String(decoding: bytes, as: UTF8.self)
          } catch {
            got = nil
          }
          // Where the walker fails (an overflow), the fast path must give up.
          #expect(got == expected, "\(record.commonText(CommonSlot.id) ?? "?") \(language)")
          if got != nil {
            made += 1
            // Charged as the walker charges, or more.
            #expect(ev.budget <= walker.budget)
          }
        }
      }
    }
    #expect(made >= 16)
  }

  /// Budgets so small that some rules run out partway: the fast path charges
  /// at least what the walker does, and hands back what it cannot finish.
  @Test func budgetsRunOutAlike() throws {
    let (program, result) = try Self.sample()
    for budget in [1, 5, 12, 20, 40, 80] {
      let r = Self.both(program, result, budget: budget)
      #expect(r.walker == r.fast, "budget \(budget)")
    }
  }
}
