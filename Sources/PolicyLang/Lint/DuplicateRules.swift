/// W005: a rule that another rule makes redundant. Two rules on the same kind
/// and dates are duplicates when their scopes, conditions and exceptions are
/// the same after normalisation (layout, names of lets and definitions, order
/// of `and`/`or` operands) or provably equivalent; a rule is shadowed when
/// every filing it flags is flagged by another rule without exceptions, with
/// the same single severity.
struct DuplicateRules {
  let conditions: RuleConditions

  func findings(_ shapes: [RuleConditions.Shape], skipping never: Set<Int>) -> [Diagnostic] {
    // Earlier in the files first, so the later copy is the one reported.
    let order = shapes.indices.sorted { shapes[$0].rule.location < shapes[$1].rule.location }
    var out: [Diagnostic] = []
    var reported: Set<Int> = []
    for (bi, b) in order.enumerated() where !never.contains(b) {
      let rb = shapes[b].rule
      for a in order where a != b && !never.contains(a) && !reported.contains(a) {
        let ra = shapes[a].rule
        guard ra.kind == rb.kind, ra.id != rb.id, ra.effective.overlaps(rb.effective) else {
          continue
        }
        let earlier = order.firstIndex(of: a).map { $0 < bi } ?? false
        if earlier, signature(shapes[a]) == signature(shapes[b]) {
          out.append(
            diagnostic(
              "rule `\(rb.id)` duplicates rule `\(ra.id)`", rb, ra,
              hint:
                "both apply to the same filings under the same condition (`\(ra.id)` is at \(ra.location)); keep one and cite both articles there"
            ))
          reported.insert(b)
          break
        }
        guard ra.exceptions.isEmpty, sameSeverity(ra, rb), covers(shapes[a], shapes[b]) else {
          continue
        }
        let equivalent = rb.exceptions.isEmpty && covers(shapes[b], shapes[a])
        if equivalent, !earlier { continue }  // reported on the later one
        out.append(
          diagnostic(
            equivalent
              ? "rule `\(rb.id)` is equivalent to rule `\(ra.id)`"
              : "rule `\(rb.id)` is shadowed by rule `\(ra.id)`", rb, ra,
            hint: equivalent
              ? "they flag exactly the same filings with the same severity (`\(ra.id)` is at \(ra.location)); keep one"
              : "every filing `\(rb.id)` flags is also flagged by `\(ra.id)` (at \(ra.location)) with the same severity; narrow one of them or merge them"
          ))
        reported.insert(b)
        break
      }
    }
    return out
  }

  func signature(_ s: RuleConditions.Shape) -> String {
    let exceptions = s.exceptions.map { $0.1.key }.sorted().joined(separator: ";")
    return "\(s.rule.kind.name)|\(s.scope.key)|\(s.fires.key)|\(exceptions)"
  }

  func sameSeverity(_ a: CheckedRule, _ b: CheckedRule) -> Bool {
    a.grades.count == 1 && b.grades.count == 1 && a.grades[0].severity == b.grades[0].severity
  }

  /// Whether `a` fires on every filing on which `b`'s condition holds.
  func covers(_ a: RuleConditions.Shape, _ b: RuleConditions.Shape) -> Bool {
    var solver = Solver()
    return solver.refutes(b.facts + [b.scope, b.fires, .any([a.notScope, a.holdsNot])])
  }

  func diagnostic(_ message: String, _ r: CheckedRule, _ other: CheckedRule, hint: String)
    -> Diagnostic
  {
    Diagnostic(
      .shadowedRule, message, source: r.source, span: r.idSpan, label: "redundant",
      hint: hint, severity: .warning)
  }
}
