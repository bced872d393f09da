/// Checks validated filings against the rules of their kind that are in
/// force on their `report_date`. One runner per thread: it caches parameter
/// values by date and is not shared.
public struct RuleRunner {
  public let program: Program
  public var explain: Bool
  public var recordPasses: Bool
  public var budget: Int
  /// Also record the rules of the filing's kind that did not apply to it
  /// (left out by `where`, or not in force), for `policy explain`.
  public var recordNotApplicable = false
  /// When set, a violation's message and its evidence's texts are made in
  /// this language only (a report shows one, and each language costs as much
  /// as the check that found the violation); `text` gives it for either.
  public var reportLanguage: Language?
  /// Longest text a rule may compute (`Evaluator.maxTextBytes`).
  public var maxTextBytes = 1 << 20
  /// Decide rules on the fast path when no trace is needed (see `Bail`);
  /// off, the tree walker decides every rule (tests compare the two).
  public var fastPath = true
  /// How many times the fast path gave a rule back to the walker.
  public private(set) var fastFallbacks = 0
  /// Whether the fast path spent any of the budget of the rule being applied.
  private var fastSpent = false
  private var paramCache: (CivilDate, [Value])?
  /// The violations `findingsInPlace` found in the last filing, and their
  /// messages end to end (`placedText`).
  private(set) var placed: [PlacedViolation] = []
  private var placedStore: PlacedBytes?
  /// Set while `findingsInPlace` applies the rules.
  private var placing = false
  /// One evaluator, reset for each rule: making one per rule applied (its
  /// arrays allocated and freed each time) cost as much as evaluating the
  /// conditions of the Liaoning pack.
  private var scratch: Evaluator?
  /// Set when no param has versions in time: then every filing sees the same values.
  private let constantParams: [Value]?
  private let percentParams: Set<Int>
  /// `program.rulesByKind` by the filing type's identity, looked through in
  /// turn (a pack has a handful of filing kinds): no text hashed per filing,
  /// nor the identity. The indexes are in one table (`RuleTable`): an array
  /// per kind, handed out per filing, was retained and released each time.
  private let rulesByType: [(type: ObjectIdentifier, rules: UnsafeBufferPointer<Int>)]
  private let ruleTable: RuleTable
  /// `program.rules`, unretained: the program holds them as long as this runner.
  private let ruleRefs: [Unmanaged<CheckedRule>]

  public init(
    program: Program, explain: Bool = false, recordPasses: Bool = false,
    budget: Int = Evaluator.defaultBudget
  ) {
    self.program = program
    self.explain = explain
    self.recordPasses = recordPasses
    self.budget = budget
    self.percentParams = Set(program.params.indices.filter { program.params[$0].isPercent })
    self.ruleRefs = program.rules.map { Unmanaged.passUnretained($0) }
    let kinds = program.filings.sorted { $0.key < $1.key }
    let table = RuleTable(kinds.map { program.rulesByKind[$0.key] ?? [] })
    self.ruleTable = table
    self.rulesByType = zip(kinds, table.lists).map { (ObjectIdentifier($0.value), $1) }
    let versioned = program.params.contains { $0.override == nil && $0.versions.count > 1 }
    self.constantParams = versioned ? nil : program.params.map { $0.value(on: nil) }
  }

  /// The rules of a filing's kind, by its type; nil for a record read with
  /// another program's schema, whose rules are found by the kind's name.
  private func knownRules(of type: RecordType) -> UnsafeBufferPointer<Int>? {
    let id = ObjectIdentifier(type)
    for i in rulesByType.indices where rulesByType[i].type == id { return rulesByType[i].rules }
    return nil
  }

  mutating func params(on date: CivilDate) -> [Value] {
    if let constant = constantParams { return constant }
    if let (d, v) = paramCache, d == date { return v }
    let v = program.params.map { $0.value(on: date) }
    paramCache = (date, v)
    return v
  }

  public static func reference(_ r: RecordValue, file: String, index: Int) -> FilingRef {
    let date = r.reportDate
    return FilingRef(
      id: r.commonText(CommonSlot.id), kind: r.type.name, region: r.commonText(CommonSlot.region),
      department: r.commonText(CommonSlot.department),
      file: file, index: index, line: Int(r.position.line), column: Int(r.position.column),
      reportDate: date)
  }

  /// Applies every rule in force for this filing's kind and date.
  public mutating func check(_ record: RecordValue, file: String, index: Int) -> FilingOutcome {
    var found = Findings()
    found.make(record, file, index)
    applyAll(record, file, index, &found)
    return found.outcome!
  }

  /// `check`, or nil for a filing that passes every rule with nothing to
  /// record: for it no outcome or `FilingRef` is made (a run that writes
  /// only what went wrong needs nothing else of most filings).
  mutating func findings(_ record: RecordValue, file: String, index: Int) -> FilingOutcome? {
    var found = Findings()
    applyAll(record, file, index, &found)
    return found.outcome
  }

  /// `findings` for a run that writes each violation as a JSON line and
  /// keeps nothing else of it (no evidence, no passes, the message in the
  /// report language only). The violations are not made: they are left in
  /// `placed`, their messages in `placedText`, until the next filing, for
  /// `JSONLinesWriter.violations` to write. Making each `Violation` (its
  /// filing's reference, its message, a place in an outcome), rendering it
  /// and freeing it was a large part of the time violations took (see
  /// `Benchmarks/NOTES.md`, item 45). Returns the outcome when the filing
  /// has one to render: an error, or no `report_date`. An outcome with
  /// errors travels whole to the caller, which caps errors per file, so
  /// the violations placed before the error are made into it.
  mutating func findingsInPlace(_ record: RecordValue, file: String, index: Int)
    -> FilingOutcome?
  {
    clearPlaced()
    // What `CheckPipeline.writesInPlace` asks of the pipeline, asked of the
    // runner it configured: no other caller may place what must be recorded.
    guard reportLanguage != nil, !explain, !recordPasses, !recordNotApplicable else {
      return findings(record, file: file, index: index)
    }
    placing = true
    var found = Findings()
    applyAll(record, file, index, &found)
    placing = false
    guard var o = found.outcome else { return nil }
    makePlaced(into: &o)
    return o
  }

  /// The placed violations as the `Violation`s `conclude` would have made,
  /// appended in order (the rules' order, as `conclude` appends them).
  private mutating func makePlaced(into o: inout FilingOutcome) {
    guard !placed.isEmpty, let language = reportLanguage else { return }
    for v in placed {
      // As `conclude` makes it for a report in one language.
      let body = LocalText.Body.utf8(Array(placedText[v.message]))
      let message = LocalText(body: body, en: language == .zh ? nil : body.string)
      o.violations.append(
        Violation(
          rule: v.facts, severity: v.severity, message: message, mitigated: v.mitigated,
          filing: o.filing))
    }
    clearPlaced()
  }

  /// Only what is there: most filings leave both empty, and emptying an
  /// array, even an empty one, goes through the generic `replaceSubrange`
  /// (one by one is cheaper for the one or two violations a filing has).
  private mutating func clearPlaced() {
    while !placed.isEmpty { placed.removeLast() }
    // A copy of the bytes' struct, not of the store: a second reference to
    // it would make it look shared to `placedBuffer`, which would make a
    // new one.
    guard let bytes = placedStore?.pointer.pointee else { return }
    // One filing's long messages (even cut back to empty) do not keep
    // their room for the rest.
    if bytes.capacity > PlacedBytes.kept {
      placedStore = nil
    } else if bytes.count > 0 {
      placedBuffer().pointee.clear()
    }
  }

  /// The placed violations' messages, end to end: valid until the runner
  /// next places or clears them, so read at once (`BatchOutput.addPlaced`),
  /// never kept.
  var placedText: UnsafeBufferPointer<UInt8> {
    placedStore?.pointer.pointee.bytes ?? UnsafeBufferPointer(start: nil, count: 0)
  }

  /// The room of the placed messages' store (0 without one): a filing's
  /// long messages must not keep theirs.
  var placedCapacity: Int { placedStore?.pointer.pointee.capacity ?? 0 }

  /// Where messages are placed: this runner's own (a copy of a runner
  /// shares its store until one of them places a message, or clears one
  /// that is not empty).
  private mutating func placedBuffer() -> UnsafeMutablePointer<RawBytes> {
    if !isKnownUniquelyReferenced(&placedStore) { placedStore = PlacedBytes() }
    return placedStore!.pointer
  }

  // The filing's parts as arguments, not in `Findings`: kept there, each
  // would be retained and released once more per filing.
  private mutating func applyAll(
    _ record: RecordValue, _ file: String, _ index: Int, _ found: inout Findings
  ) {
    guard let date = record.reportDate else {
      found.make(record, file, index)
      return
    }
    // Params that do not change with the date are bound once, when the
    // evaluator is made: fetched per filing, they were retained and released.
    var ev = scratch.take() ?? Evaluator(filing: nil, params: constantParams ?? [])
    if constantParams == nil { ev.bind(params: params(on: date)) }
    ev.maxTextBytes = maxTextBytes
    ev.bind(newFiling: record)
    // With nothing to record but violations, a rule is decided on the fast
    // path alone, outside `apply`: its verdict is all most filings need.
    let quick = fastPath && !explain && !recordPasses && !recordNotApplicable
    if let indexes = knownRules(of: record.type) {
      applyRules(indexes, record, date, file, index, quick, &found, &ev)
    } else {
      // A record read with another program's schema (the REPL keeps records
      // across `:reload`) is found by its kind's name.
      let named = RuleTable([program.rulesByKind[record.type.name] ?? []])
      applyRules(named.lists[0], record, date, file, index, quick, &found, &ev)
      withExtendedLifetime(named) {}
    }
    scratch = ev
  }

  private mutating func applyRules(
    _ indexes: UnsafeBufferPointer<Int>, _ record: RecordValue, _ date: CivilDate,
    _ file: String, _ index: Int, _ quick: Bool, _ found: inout Findings, _ ev: inout Evaluator
  ) {
    // Not `defer`: returning from under one copied the outcome.
    for n in indexes.indices {
      // Lent, not copied out of the program's array: a retain and a
      // release of each rule applied, atomic, per rule and filing.
      ruleRefs[indexes[n]]._withUnsafeGuaranteedRef { rule in
        applyRule(rule, n, indexes, record, date, file, index, quick, &found, &ev)
      }
    }
  }

  /// One rule of `applyAll`'s loop: the `n`th of `indexes`.
  private mutating func applyRule(
    _ rule: CheckedRule, _ n: Int, _ indexes: UnsafeBufferPointer<Int>, _ record: RecordValue,
    _ date: CivilDate, _ file: String, _ index: Int, _ quick: Bool, _ found: inout Findings,
    _ ev: inout Evaluator
  ) {
    guard rule.effective.contains(date) else {
      // Versions of one rule are adjacent; say "not in force" once, after the last.
      let last = n + 1 == indexes.count || program.rules[indexes[n + 1]].id != rule.id
      if recordNotApplicable, last,
        !indexes.contains(where: {
          program.rules[$0].id == rule.id && program.rules[$0].effective.contains(date)
        })
      {
        let ref = found.make(record, file, index)
        found.outcome!.passes.append(pass(rule, ref, .notInForce, evidence: nil))
      }
      return
    }
    var failure: EvalError? = nil
    if quick, let verdict = quickVerdict(rule, &ev) {
      // Most rules pass most filings: nothing more to do for them.
      guard verdict.inScope, verdict.cond == (rule.mode == .forbid) else { return }
      do {
        try conclude(rule, record, file, index, &found, &ev, cond: verdict.cond, fast: true)
      } catch { failure = error }
    } else {
      do { try apply(rule, record, file, index, &found, &ev, fast: fastPath) } catch {
        failure = error
      }
    }
    // The fast path charges the budget at least as much as the walker, so
    // what it spent may be what the rest of the rule then lacked: then,
    // and only then, the walker alone decides the rule again.
    if let f = failure, f.code == .budgetExceeded, fastSpent {
      failure = nil
      do { try apply(rule, record, file, index, &found, &ev, fast: false) } catch {
        failure = error
      }
    }
    if let error = failure {
      var message = "rule `\(rule.id)` could not be evaluated: \(error.message)"
      if let f = error.field { message += " (field `\(f)`)" }
      let pos = error.position ?? record.position
      let ref = found.make(record, file, index)
      found.outcome!.errors.append(
        FilingError(
          code: error.code, message: message, file: file, line: Int(pos.line),
          column: Int(pos.column), index: index, filingID: ref.id, ruleID: rule.id,
          policyLocation: rule.source.location(of: error.span.start)))
    }
  }

  /// The rule against the filing and params `applyAll` bound to `ev`.
  mutating func apply(
    _ rule: CheckedRule, _ record: RecordValue, _ file: String, _ index: Int,
    _ found: inout Findings, _ ev: inout Evaluator, fast: Bool
  ) throws(EvalError) {
    ev.reset(rule: rule, budget: budget)
    // Tracing costs a dictionary write per node, so when only violations need
    // evidence a rule is first evaluated without it, and evaluated again with
    // the trace on only if it fires. Evaluation is pure: the verdict is the same.
    let traceAll = explain && (recordPasses || recordNotApplicable)
    if traceAll { ev.trace = Evaluator.emptyTrace() }
    var inScope = true
    var cond = false
    var decided = false
    fastSpent = false
    if fast && !traceAll {
      if let verdict = fastVerdict(rule, &ev) {
        (inScope, cond) = verdict
        decided = true
        fastSpent = true
      } else {
        ev.reset(rule: rule, budget: budget)
      }
    }
    // Not a nested function: one capturing `ev` would put it in a heap box
    // for every rule applied.
    if !decided {
      if let scope = rule.scope { inScope = try ev.truth(scope) }
      if inScope { cond = try ev.truth(rule.condition) }
    }
    if !inScope {
      if recordNotApplicable {
        let ref = found.make(record, file, index)
        found.outcome!.passes.append(
          pass(
            rule, ref, .notApplicable,
            evidence: explain ? explainer(rule, ev, ref).evidence(fired: false) : nil)
        )
      }
      return
    }
    try conclude(rule, record, file, index, &found, &ev, cond: cond, fast: fast)
  }

  /// A rule's scope and condition on the fast path, from a reset
  /// evaluator, when nothing but violations is recorded; nil when the fast
  /// path gave up and `apply` must decide the rule.
  private mutating func quickVerdict(_ rule: CheckedRule, _ ev: inout Evaluator) -> (
    inScope: Bool, cond: Bool
  )? {
    // The filing and params were bound by `applyAll`.
    ev.reset(rule: rule, budget: budget)
    fastSpent = true
    return fastVerdict(rule, &ev)
  }

  /// Whether the rule is in scope and what its condition gives (false when
  /// out of scope, as the walker leaves it), on the fast path; nil when it
  /// gave up.
  private mutating func fastVerdict(_ rule: CheckedRule, _ ev: inout Evaluator) -> (
    inScope: Bool, cond: Bool
  )? {
    do throws(Bail) {
      // Called through the optional, not bound: binding it copied the
      // closure, a retain and a release per rule applied.
      if try rule.fast.scope?(&ev) == false { return (false, false) }
      return (true, try rule.fast.condition(&ev))
    } catch {
      fastFallbacks += 1
      return nil
    }
  }

  /// The rest of `apply` once the rule is known to be in scope and its
  /// condition is `cond`: exceptions, then the pass or the violation.
  mutating func conclude(
    _ rule: CheckedRule, _ record: RecordValue, _ file: String, _ index: Int,
    _ found: inout Findings, _ ev: inout Evaluator, cond: Bool, fast: Bool
  ) throws(EvalError) {
    let traceAll = explain && (recordPasses || recordNotApplicable)
    let fired = rule.mode == .forbid ? cond : !cond
    var excusedBy: String? = nil
    if fired {
      for ex in rule.exceptions {
        if excusedBy == nil {
          if try ev.truth(ex.condition) { excusedBy = ex.label?.zh ?? rule.source.slice(ex.span) }
        } else if traceAll {
          // Only for the explanation: the verdict is already decided.
          _ = try? ev.truth(ex.condition)
        }
      }
    }
    guard fired, excusedBy == nil else {
      // Evidence of a pass costs as much as of a violation: only when asked.
      if recordPasses {
        let ref = found.make(record, file, index)
        let evidence = explain ? explainer(rule, ev, ref).evidence(fired: false) : nil
        var p = pass(rule, ref, excusedBy == nil ? .passed : .excused, evidence: evidence)
        p.excusedBy = excusedBy
        found.outcome!.passes.append(p)
      }
      return
    }
    let severity = try grade(rule, &ev)
    if placing, let language = reportLanguage {
      let out = placedBuffer()
      let start = out.pointee.count
      try placeMessage(rule, language, &ev, fast: fast, into: out)
      placed.append(
        PlacedViolation(
          facts: rule.facts, severity: severity, mitigated: record.remedied,
          message: start..<out.pointee.count))
      return
    }
    var zh = LocalText.Body.text(RuleRunner.title(rule, .zh))
    var en = LocalText.Body.text(RuleRunner.title(rule, .en))
    if rule.message != nil {
      if reportLanguage != .en { zh = try messageBody(rule, .zh, &ev, fast: fast) ?? zh }
      if reportLanguage != .zh { en = try messageBody(rule, .en, &ev, fast: fast) ?? en }
      if reportLanguage == .en { zh = en }
    }
    // The message is made first, on the fast path: traced, the walker made
    // it at twice the cost. The evidence is read from the rule evaluated
    // again with the trace on (evaluation is pure: the same values).
    if explain && !traceAll {
      // The `let`s the message computed count among the bindings too.
      let computed = ev.locals
      ev.reset(rule: rule, budget: budget)
      ev.trace = Evaluator.emptyTrace()
      if let scope = rule.scope { _ = try ev.truth(scope) }
      _ = try ev.truth(rule.condition)
      for ex in rule.exceptions { _ = try? ev.truth(ex.condition) }
      // For the evidence: which grade held.
      if rule.isGraded { _ = try grade(rule, &ev) }
      for slot in computed.indices where computed[slot] != nil { _ = try? ev.evalLet(slot) }
    }
    let mitigated = record.remedied
    let ref = found.make(record, file, index)
    found.outcome!.violations.append(
      Violation(
        rule: rule.facts, severity: severity,
        message: LocalText(body: zh, en: reportLanguage == .zh ? nil : en.string),
        mitigated: mitigated,
        filing: ref, evidence: explain ? explainer(rule, ev, ref).evidence(fired: true) : nil))
  }

  /// The severity of a violation: that of the first grade whose condition holds.
  func grade(_ rule: CheckedRule, _ ev: inout Evaluator) throws(EvalError) -> Severity {
    for g in rule.grades {
      guard let c = g.condition else { return g.severity }
      if try ev.truth(c) { return g.severity }
    }
    return rule.grades.last?.severity ?? .major
  }

  /// How `message` made a message.
  enum MadeMessage {
    /// On the fast path, its bytes appended where asked.
    case appended
    /// By the walker.
    case text(String)
  }

  /// A violation's message in `language`: on the fast path unless a trace
  /// is being kept (the explanation reads it), its bytes appended to `out`;
  /// the walker when that gives up. The budget the attempt spent stays
  /// spent (the `let`s it computed stay computed), so the two together
  /// charge at least what the walker alone would; if that runs out, `check`
  /// decides the rule again on the walker alone. Nil when the rule has no
  /// message, or it is not a text.
  mutating func message(
    _ rule: CheckedRule, _ language: Language, _ ev: inout Evaluator, fast: Bool,
    appendingTo out: inout some MessageSink
  ) throws(EvalError) -> MadeMessage? {
    guard let (compiled, expr) = RuleRunner.messageSource(rule, language) else { return nil }
    ev.language = language
    if fast, ev.trace == nil, let compiled {
      fastSpent = true
      do throws(Bail) {
        try out.appendMessage(compiled, &ev)
        return .appended
      } catch { fastFallbacks += 1 }
    }
    if case .text(let s) = try ev.eval(expr) { return .text(s) }
    return nil
  }

  /// `message` as a message's body of its own.
  private mutating func messageBody(
    _ rule: CheckedRule, _ language: Language, _ ev: inout Evaluator, fast: Bool
  ) throws(EvalError) -> LocalText.Body? {
    var bytes: [UInt8] = []
    switch try message(rule, language, &ev, fast: fast, appendingTo: &bytes) {
    case .appended: return .utf8(bytes)
    case .text(let s): return .text(s)
    case nil: return nil
    }
  }

  /// `message` appended to the placed messages (`out`, the runner's
  /// `placedBuffer`): the walker's text, or the title when there is none.
  private mutating func placeMessage(
    _ rule: CheckedRule, _ language: Language, _ ev: inout Evaluator, fast: Bool,
    into out: UnsafeMutablePointer<RawBytes>
  ) throws(EvalError) {
    switch try message(rule, language, &ev, fast: fast, appendingTo: &out.pointee) {
    case .appended: break
    case .text(let s): out.pointee.append(utf8: s)
    case nil: out.pointee.append(utf8: RuleRunner.title(rule, language))
    }
  }

  /// The message of `rule` in `language`, compiled and as written: without
  /// an English one, the Chinese one, made in English.
  private static func messageSource(_ rule: CheckedRule, _ language: Language) -> (
    FastWriter?, CheckedExpr
  )? {
    guard let m = rule.message else { return nil }
    return language == .en ? (rule.fast.messageEn, rule.messageEn ?? m) : (rule.fast.message, m)
  }

  /// What a violation says in `language` when its rule has no message.
  private static func title(_ rule: CheckedRule, _ language: Language) -> String {
    language == .en ? rule.title.en ?? rule.title.zh : rule.title.zh
  }

  func explainer(_ rule: CheckedRule, _ ev: Evaluator, _ ref: FilingRef) -> Explainer {
    var e = Explainer(rule: rule, evaluator: ev, file: ref.file, percentParams: percentParams)
    // Elements are evaluated again in the language the rule was decided in,
    // not in that of the message made last (`text()` of a number differs).
    e.evaluator.language = .zh
    e.language = reportLanguage
    return e
  }

  func pass(_ rule: CheckedRule, _ ref: FilingRef, _ status: RulePass.Status, evidence: Evidence?)
    -> RulePass
  {
    RulePass(
      ruleID: rule.id, filing: ref, excusedBy: nil, evidence: evidence, status: status,
      title: rule.title, ruleEffective: rule.effective, policyID: rule.policyID,
      ruleLocation: rule.location)
  }
}

/// One filing's outcome while its rules are applied, made when something
/// is first recorded in it.
struct Findings {
  var outcome: FilingOutcome?

  /// Makes the outcome, unless it is made; returns its filing's reference.
  @discardableResult
  mutating func make(_ record: RecordValue, _ file: String, _ index: Int) -> FilingRef {
    if let o = outcome { return o.filing }
    let ref = RuleRunner.reference(record, file: file, index: index)
    outcome = FilingOutcome(filing: ref, valid: true)
    return ref
  }
}

/// A violation found by `RuleRunner.findingsInPlace` and not made: what its
/// line needs besides its filing's record.
struct PlacedViolation {
  /// Its rule version's.
  let facts: RuleFacts
  let severity: Severity
  let mitigated: Bool
  /// Where its message is in `RuleRunner.placedText`.
  let message: Range<Int>
}

/// The messages of a runner's placed violations, behind a pointer: the
/// message writers append to it where they are, with no exclusivity check
/// per append (as for a class's stored property) and no array's checks.
final class PlacedBytes {
  /// Room a store keeps from one filing to the next.
  static let kept = 1 << 20
  let pointer: UnsafeMutablePointer<RawBytes>

  init() {
    pointer = .allocate(capacity: 1)
    pointer.initialize(to: RawBytes(capacity: 4096))
  }

  deinit {
    pointer.pointee.free()
    pointer.deinitialize(count: 1)
    pointer.deallocate()
  }
}

/// The rule indexes of every filing kind, end to end in one allocation that
/// lives as long as the runners sharing it.
private final class RuleTable {
  private let storage: UnsafeMutableBufferPointer<Int>
  /// Each kind's indexes, in `storage`.
  let lists: [UnsafeBufferPointer<Int>]

  init(_ kinds: [[Int]]) {
    storage = .allocate(capacity: kinds.reduce(0) { $0 + $1.count })
    var lists: [UnsafeBufferPointer<Int>] = []
    var at = 0
    for rules in kinds {
      let part = UnsafeMutableBufferPointer(rebasing: storage[at..<at + rules.count])
      _ = part.initialize(from: rules)
      lists.append(UnsafeBufferPointer(part))
      at += rules.count
    }
    self.lists = lists
  }

  deinit { storage.deallocate() }
}
