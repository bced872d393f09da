/// Decides, soundly but not completely, that a conjunction of formulas can
/// never hold: `refutes` answers true only when no assignment of values of
/// the declared types satisfies them all. Disjunctions are split case by
/// case, within a budget; when the budget runs out the answer is false
/// ("may hold"), never a guess.
struct Solver {
  /// Case splits allowed per question.
  var budget = 4096

  /// What is known about one term on one branch.
  struct State {
    var term: Term
    var range: Interval
    var allowed: Set<AtomValue>?
    var excluded: Set<AtomValue> = []

    init(_ term: Term) {
      self.term = term
      self.range = term.range
      if term.isBool { allowed = [.bool(true), .bool(false)] }
    }

    /// Whether some value is left for the term.
    var possible: Bool {
      let r = term.isInteger ? range.integral : range
      if r.isEmpty { return false }
      if let allowed {
        return allowed.contains { v in
          if excluded.contains(v) { return false }
          if term.isNumeric, case .number(let d) = v { return r.contains(d) }
          return true
        }
      }
      guard term.isNumeric else { return true }
      if let v = r.single { return !excluded.contains(.number(v.canonical)) }
      // A short run of whole numbers can be excluded one by one.
      if term.isInteger, let lo = r.lo?.value.intValue, let hi = r.hi?.value.intValue,
        case (let width, let overflow) = hi.subtractingReportingOverflow(lo), !overflow, width < 64
      {
        return (lo...hi).contains { !excluded.contains(.number(Dec($0))) }
      }
      return true
    }
  }

  typealias Env = [String: State]

  mutating func refutes(_ formulas: [Formula]) -> Bool {
    var budget = self.budget
    return refute(formulas, [:], &budget)
  }

  private func refute(_ formulas: [Formula], _ start: Env, _ budget: inout Int) -> Bool {
    var env = start
    var stack = formulas
    var choices: [[Formula]] = []
    while let f = stack.popLast() {
      switch f {
      case .top: continue
      case .bottom: return true
      case .and(let fs): stack += fs
      case .or(let fs): choices.append(fs)
      case .atom(let a):
        if !apply(a, &env) { return true }
      }
    }
    guard let split = choices.first else { return false }
    budget -= 1
    if budget <= 0 { return false }
    let rest = choices.dropFirst().map { Formula.or($0) }
    for option in split where !refute([option] + rest, env, &budget) { return false }
    return true
  }

  /// Adds an atom's constraint; false when its term has no value left.
  private func apply(_ a: Atom, _ env: inout Env) -> Bool {
    let t = a.term
    var s = env[t.key] ?? State(t)
    switch a {
    case .within(_, let i): s.range = s.range.intersection(i)
    case .notEqual(_, let v): s.excluded.insert(.number(v.canonical))
    case .oneOf(_, let vs): s.allowed = s.allowed.map { $0.intersection(vs) } ?? vs
    case .noneOf(_, let vs): s.excluded.formUnion(vs)
    }
    env[t.key] = s
    return s.possible
  }
}
