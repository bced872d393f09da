extension Checker {
  mutating func declareParam(_ p: ParamDecl) {
    resetExpansion()
    let type = resolveType(p.type)
    var scope = Scope(filing: nil)
    scope.constantOnly = true
    let node = checkExpr(p.value, &scope)
    if !node.type.fits(type) {
      error(
        .typeMismatch,
        "param `\(p.name.text)` is declared `\(type)` but its value is `\(node.type)`",
        p.value.span)
    }
    let value: Value
    do {
      value = try Evaluator.constant(node, as: type)
    } catch {
      self.error(
        .evaluationError, "the value of `\(p.name.text)` cannot be computed: \(error.message)",
        p.value.span)
      value = .null
    }
    let version = ParamSpec.Version(period: period(p.effective), value: value, span: p.span)
    var isPercent = false
    if case .literal(.percent, _) = p.value.kind { isPercent = true }
    if let i = paramIndex[p.name.text] {
      params[i].isPercent = params[i].isPercent || isPercent
      if params[i].type != type {
        error(
          .duplicateDeclaration,
          "param `\(p.name.text)` is declared again with another type (`\(params[i].type)`, now `\(type)`)",
          p.name.span)
      } else if params[i].versions.contains(where: { $0.period.overlaps(version.period) }) {
        error(
          .duplicateDeclaration, "param `\(p.name.text)` is declared twice for the same dates",
          p.name.span,
          hint: "give each version an `effective FROM until TO` period that does not overlap")
      } else {
        params[i].versions.append(version)
        params[i].versions.sort { ($0.period.from ?? .earliest) < ($1.period.from ?? .earliest) }
      }
      return
    }
    if defines[p.name.text] != nil {
      error(.duplicateDeclaration, "`\(p.name.text)` is declared twice", p.name.span)
    }
    paramIndex[p.name.text] = params.count
    params.append(
      ParamSpec(
        name: p.name.text, type: type, versions: [version], doc: p.doc.map(localText),
        source: source, span: p.name.span, override: nil, isPercent: isPercent))
  }

  mutating func checkInvariants(_ decl: FilingDecl) {
    guard let type = filings[decl.name.text], type.source === source else { return }
    for inv in decl.invariants {
      resetExpansion()
      var scope = Scope(filing: type)
      let (cond, whenTrue, _) = checkCondition(inv.condition, &scope)
      scope.facts = whenTrue
      let msg = checkExpr(
        Expr(id: 0, kind: .string(inv.message, []), span: inv.message.span), &scope,
        interpolationsOf: inv.message)
      type.invariants.append(CheckedInvariant(condition: cond, message: msg, span: inv.span))
    }
  }

  mutating func checkRule(_ r: RuleDecl, policyID: String?) -> CheckedRule? {
    guard let kindName = r.kind else { return nil }
    guard let kind = filings[kindName.text] else {
      error(
        .unknownFilingKind, "unknown filing kind `\(kindName.text)`", kindName.span,
        hint: suggestion(for: kindName.text, among: filings.keys).map { "did you mean `\($0)`?" }
          ?? "declare it with `filing \(kindName.text) { … }`")
      return nil
    }
    localCount = 0
    resetExpansion()
    letHeights = [:]
    var scope = Scope(filing: kind)
    var scopeNode: CheckedExpr? = nil
    if let s = r.scope {
      let (n, whenTrue, _) = checkCondition(s, &scope)
      scopeNode = n
      scope.facts = whenTrue
    }
    var lets: [CheckedLet] = []
    for l in r.lets {
      if scope.lets[l.name.text] != nil {
        error(
          .duplicateDeclaration, "`let \(l.name.text)` is declared twice in this rule", l.name.span)
      }
      deepest = depth
      let node = checkExpr(l.value, &scope)
      let slot = localCount
      letHeights[slot] = deepest - depth
      localCount += 1
      scope.lets[l.name.text] = (slot, node.type)
      lets.append(CheckedLet(name: l.name.text, slot: slot, node: node))
    }
    guard let condExpr = r.condition else { return nil }
    let (cond, whenTrue, whenFalse) = checkCondition(condExpr, &scope)
    scope.facts = r.mode == .forbid ? whenTrue : whenFalse
    var exceptions: [CheckedException] = []
    for ex in r.exceptions {
      var s = scope
      let (n, _, _) = checkCondition(ex.condition, &s)
      exceptions.append(
        CheckedException(
          label: ex.label.map { LocalText(zh: $0.plain ?? "") }, condition: n, span: ex.span))
    }
    let grades = checkGrades(r, &scope)
    var message: CheckedExpr? = nil
    var messageEn: CheckedExpr? = nil
    if let m = r.message {
      message = checkMessage(m.zh, &scope)
      messageEn = m.en.map { checkMessage($0, &scope) }
    }
    return CheckedRule(
      id: r.id.text, title: localText(r.title), articles: r.citation?.articles ?? [],
      quote: r.citation?.quote.flatMap(\.plain), kind: kind, scope: scopeNode, lets: lets,
      mode: r.mode, condition: cond, exceptions: exceptions, grades: grades, message: message,
      messageEn: messageEn, consequences: r.consequences.map(localText),
      effective: period(r.effective),
      localCount: localCount, policyID: policyID, source: source, span: r.span, idSpan: r.id.span)
  }

  mutating func checkMessage(_ s: StringLiteral, _ scope: inout Scope) -> CheckedExpr {
    checkExpr(Expr(id: 0, kind: .string(s, []), span: s.span), &scope, interpolationsOf: s)
  }

  mutating func checkGrades(_ r: RuleDecl, _ scope: inout Scope) -> [CheckedGrade] {
    var grades: [CheckedGrade] = []
    for (i, g) in r.severity.enumerated() {
      guard let sev = Severity(rawValue: g.severity.text) else {
        error(
          .badGrade, "unknown severity `\(g.severity.text)`", g.severity.span,
          hint: suggestion(for: g.severity.text, among: Severity.allCases.map(\.rawValue)).map {
            "did you mean `\($0)`?"
          } ?? "severities are `critical`, `major` and `warning`")
        continue
      }
      var cond: CheckedExpr? = nil
      if let c = g.condition {
        var s = scope
        cond = checkCondition(c, &s).0
      } else if i < r.severity.count - 1 {
        error(.badGrade, "only the last severity may have no `when`", g.severity.span)
      }
      grades.append(CheckedGrade(severity: sev, condition: cond))
    }
    if let last = r.severity.last, last.condition != nil {
      error(
        .badGrade, "a graded severity needs a final `else`", r.severitySpan,
        hint: "end with `else warning` (or another severity) for when no grade's condition holds")
    }
    return grades
  }

  mutating func checkRuleVersions(_ rules: [CheckedRule]) {
    var byID: [String: [CheckedRule]] = [:]
    for r in rules { byID[r.id, default: []].append(r) }
    for (_, versions) in byID where versions.count > 1 {
      for (i, r) in versions.enumerated() {
        for earlier in versions[..<i] where earlier.effective.overlaps(r.effective) {
          diagnostics.append(
            Diagnostic(
              .duplicateRule,
              "rule id `\(r.id)` is used twice for the same dates (first at \(earlier.location))",
              source: r.source, span: r.idSpan,
              hint: earlier.effective == .always && r.effective == .always
                ? "rename one rule, or give each version an `effective FROM until TO` period"
                : "an amended version must start after the earlier one's `until`"))
        }
      }
    }
  }

  mutating func checkTest(_ t: TestDecl) {
    for (name, _) in t.params where paramIndex[name.text] == nil {
      error(
        .unknownParam, "unknown param `\(name.text)`", name.span,
        hint: suggestion(for: name.text, among: paramIndex.keys).map { "did you mean `\($0)`?" })
    }
    for (e, _) in t.expectations {
      switch e {
      case .fires(let rule, let sev, _):
        if let sev, Severity(rawValue: sev.text) == nil {
          error(.badTest, "unknown severity `\(sev.text)`", sev.span)
        }
        checkRuleReference(rule)
      case .doesNotFire(let rule): checkRuleReference(rule)
      default: break
      }
    }
  }

  mutating func checkRuleReference(_ rule: Name) {
    knownRuleReferences.append((rule, source))
  }
}
