/// Checks validated filings against the rules of their kind that are in
/// force on their `report_date`. One runner per thread: it caches parameter
/// values by date and is not shared.
public struct RuleRunner {
  public let program: Program
  public var explain: Bool
  public var recordPasses: Bool
  public var budget: Int
  /// Longest text a rule may compute (`Evaluator.maxTextBytes`).
  public var maxTextBytes = 1 << 20
  private var paramCache: (CivilDate, [Value])?
  /// Set when no param has versions in time: then every filing sees the same values.
  private let constantParams: [Value]?

  public init(
    program: Program, explain: Bool = false, recordPasses: Bool = false,
    budget: Int = Evaluator.defaultBudget
  ) {
    self.program = program
    self.explain = explain
    self.recordPasses = recordPasses
    self.budget = budget
    let versioned = program.params.contains { $0.override == nil && $0.versions.count > 1 }
    self.constantParams = versioned ? nil : program.params.map { $0.value(on: nil) }
  }

  mutating func params(on date: CivilDate) -> [Value] {
    if let constant = constantParams { return constant }
    if let (d, v) = paramCache, d == date { return v }
    let v = program.params.map { $0.value(on: date) }
    paramCache = (date, v)
    return v
  }

  public static func reference(_ r: RecordValue, file: String, index: Int) -> FilingRef {
    func text(_ name: String) -> String? {
      if case .text(let s)? = r[name] { return s }
      return nil
    }
    return FilingRef(
      id: text("id"), kind: r.type.name, region: text("region"), department: text("department"),
      file: file, index: index, line: Int(r.position.line), column: Int(r.position.column))
  }

  /// Applies every rule in force for this filing's kind and date.
  public mutating func check(_ record: RecordValue, file: String, index: Int) -> FilingOutcome {
    let ref = RuleRunner.reference(record, file: file, index: index)
    var outcome = FilingOutcome(filing: ref, valid: true)
    guard case .date(let date)? = record["report_date"] else { return outcome }
    let ps = params(on: date)
    for ri in program.rulesByKind[record.type.name] ?? [] {
      let rule = program.rules[ri]
      guard rule.effective.contains(date) else { continue }
      do {
        try apply(rule, record, ps, ref, &outcome)
      } catch {
        var message = "rule `\(rule.id)` could not be evaluated: \(error.message)"
        if let f = error.field { message += " (field `\(f)`)" }
        let pos = error.position ?? record.position
        outcome.errors.append(
          FilingError(
            code: error.code, message: message, file: file, line: Int(pos.line),
            column: Int(pos.column), index: index, filingID: ref.id, ruleID: rule.id,
            policyLocation: rule.source.location(of: error.span.start)))
      }
    }
    return outcome
  }

  mutating func apply(
    _ rule: CheckedRule, _ record: RecordValue, _ ps: [Value], _ ref: FilingRef,
    _ outcome: inout FilingOutcome
  ) throws(EvalError) {
    var ev = Evaluator(rule: rule, filing: record, params: ps, budget: budget)
    ev.maxTextBytes = maxTextBytes
    if let scope = rule.scope, !(try ev.truth(scope)) { return }
    // Tracing costs a dictionary write per node, so a rule is first evaluated
    // without it; only when its evidence is wanted is it evaluated again, with
    // the trace on. Evaluation is pure, so the second run decides the same way.
    let wantsEvidenceOfPass = recordPasses && explain
    if wantsEvidenceOfPass { ev.trace = [:] }
    let cond = try ev.truth(rule.condition)
    let fired = rule.mode == .forbid ? cond : !cond
    var excusedBy: String? = nil
    if fired {
      for ex in rule.exceptions where try ev.truth(ex.condition) {
        excusedBy = ex.label?.zh ?? rule.source.slice(ex.span)
        break
      }
    }
    guard fired, excusedBy == nil else {
      if recordPasses {
        let evidence =
          wantsEvidenceOfPass ? Explainer(rule: rule, evaluator: ev).evidence(fired: false) : nil
        outcome.passes.append(
          RulePass(ruleID: rule.id, filing: ref, excusedBy: excusedBy, evidence: evidence))
      }
      return
    }
    if explain && ev.trace == nil {
      ev = Evaluator(rule: rule, filing: record, params: ps, budget: budget)
      ev.maxTextBytes = maxTextBytes
      ev.trace = [:]
      _ = try ev.truth(rule.condition)
      for ex in rule.exceptions { _ = try ev.truth(ex.condition) }
    }
    var severity = rule.grades.last?.severity ?? .major
    for g in rule.grades {
      guard let c = g.condition else {
        severity = g.severity
        break
      }
      if try ev.truth(c) {
        severity = g.severity
        break
      }
    }
    var zh = rule.title.zh
    var en = rule.title.en ?? rule.title.zh
    if let m = rule.message {
      ev.language = .zh
      if case .text(let s) = try ev.eval(m) { zh = s }
      ev.language = .en
      if case .text(let s) = try ev.eval(rule.messageEn ?? m) { en = s }
    }
    let mitigated: Bool
    if case .bool(true)? = record["remedied"] { mitigated = true } else { mitigated = false }
    outcome.violations.append(
      Violation(
        ruleID: rule.id, title: rule.title, severity: severity, articles: rule.articles,
        quote: rule.quote, consequences: rule.consequences, message: LocalText(zh: zh, en: en),
        mitigated: mitigated, policyID: rule.policyID, ruleEffective: rule.effective, filing: ref,
        evidence: explain ? Explainer(rule: rule, evaluator: ev).evidence(fired: true) : nil))
  }
}
