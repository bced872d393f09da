import Foundation

/// W002, W003 and W004: rules that can never fire or always fire, and
/// exceptions that can never apply, decided by the solver over the declared
/// types (see docs/lint.md for what it knows and what it does not).
struct RuleConditions {
  let program: Program

  /// A rule's conditions as formulas: the scope, the condition under which it
  /// fires (`forbid C`: C; `require C`: not C) and its opposite, the
  /// exceptions, and the invariants every checked filing of its kind meets.
  struct Shape {
    var rule: CheckedRule
    var translator: Translator
    var facts: [Formula]
    var scope: Formula
    var notScope: Formula
    var fires: Formula
    var holdsNot: Formula
    var exceptions: [(CheckedException, Formula, Formula)]
  }

  func shape(_ r: CheckedRule) -> Shape {
    let context = "\(r.id)@\(r.location)"
    let t = Translator(program: program, context: context, lets: r.lets)
    var facts: [Formula] = []
    for (i, inv) in r.kind.invariants.enumerated() {
      // Its own translator: an invariant's local slots are numbered apart from the rule's.
      let ti = Translator(program: program, context: "\(context)#inv\(i)")
      facts.append(ti.formula(inv.condition, false))
    }
    let forbid = r.mode == .forbid
    return Shape(
      rule: r, translator: t, facts: facts,
      scope: r.scope.map { t.formula($0, true) } ?? .top,
      notScope: r.scope.map { t.formula($0, false) } ?? .bottom,
      fires: t.formula(r.condition, forbid), holdsNot: t.formula(r.condition, !forbid),
      exceptions: r.exceptions.map {
        ($0, t.formula($0.condition, true), t.formula($0.condition, false))
      })
  }

  /// What was found, and whether the rule never or always fires (so that the
  /// duplicate check can leave it out: its finding says enough).
  struct Outcome {
    var findings: [Diagnostic] = []
    var neverFires = false
    var alwaysFires = false
  }

  func findings(_ s: Shape) -> Outcome {
    let r = s.rule
    let t = s.translator
    func refuted(_ fs: [Formula]) -> Bool {
      var solver = Solver()
      return solver.refutes(s.facts + fs)
    }
    var out: [Diagnostic] = []
    if let scope = r.scope, refuted([s.scope]) {
      out.append(
        finding(
          .neverFires, "rule `\(r.id)` can never fire: its `where` never holds", r, scope.span,
          label: "never true", t))
      return Outcome(findings: out, neverFires: true)
    }
    let within = r.scope == nil ? "" : " within its `where`"
    if refuted([s.scope, s.fires]) {
      let what =
        r.mode == .forbid
        ? "\(LintText.code(r.condition.text, or: "its condition")) is never true\(within)"
        : "\(LintText.code(r.condition.text, or: "its condition")) always holds\(within)"
      out.append(
        finding(
          .neverFires, "rule `\(r.id)` can never fire: \(what)", r, r.condition.span,
          label: r.mode == .forbid ? "never true" : "always true", t))
      return Outcome(findings: out, neverFires: true)
    }
    var everyExceptionFails = true
    for (ex, applies, fails) in s.exceptions {
      if refuted([s.scope, s.fires, applies]) {
        out.append(
          finding(
            .exceptionNeverApplies,
            "exception of rule `\(r.id)` can never apply when the rule's condition holds", r,
            ex.condition.span, label: "never true here", t))
      } else {
        everyExceptionFails = false
        if refuted([s.scope, s.fires, fails]) {
          out.append(
            finding(
              .neverFires,
              "rule `\(r.id)` can never fire: this exception applies whenever its condition holds",
              r, ex.condition.span, label: "always true here", t))
          return Outcome(findings: out, neverFires: true)
        }
      }
    }
    let scopeAlways = r.scope == nil || refuted([s.notScope])
    if scopeAlways, everyExceptionFails, refuted([s.scope, s.holdsNot]) {
      let what =
        r.mode == .forbid
        ? "\(LintText.code(r.condition.text, or: "its condition")) is always true"
        : "\(LintText.code(r.condition.text, or: "its condition")) never holds"
      out.append(
        finding(
          .alwaysFires,
          "rule `\(r.id)` always fires: \(what) for every `\(r.kind.name)` filing", r,
          r.condition.span, label: r.mode == .forbid ? "always true" : "never true", t))
      return Outcome(findings: out, alwaysFires: true)
    }
    return Outcome(findings: out)
  }

  func finding(
    _ code: DiagnosticCode, _ message: String, _ r: CheckedRule, _ span: SourceSpan,
    label: String, _ t: Translator, hint given: String? = nil
  ) -> Diagnostic {
    var hint: String
    switch code {
    case _ where given != nil:
      hint = given ?? ""
    case .exceptionNeverApplies:
      hint = "no filing meets both the rule's condition and this exception; remove it or fix it"
    case .alwaysFires:
      hint =
        "every `\(r.kind.name)` filing in force would be flagged; the condition is likely wrong"
    default:
      hint =
        "no `\(r.kind.name)` filing can meet it, by the bounds of the declared types; fix the comparison or remove the rule"
    }
    let folded = t.foldedParams.sorted().compactMap { i -> String? in
      guard i < program.params.count else { return nil }
      let p = program.params[i]
      let v = ValueFormatter(language: .en).format(p.value(on: nil), as: p.type)
      return "`\(p.name)` = \(v)"
    }
    if !folded.isEmpty {
      hint += " (params at their values in the pack: \(folded.joined(separator: ", ")))"
    }
    return Diagnostic(
      code, message, source: r.source, span: span, label: label, hint: hint, severity: .warning)
  }
}

enum LintText {
  /// The expression in backticks when it is short enough to read in a message.
  static func code(_ text: String, or fallback: String) -> String {
    let oneLine = text.split(whereSeparator: \.isNewline).map {
      $0.trimmingCharacters(in: .whitespaces)
    }.joined(separator: " ")
    // A span that starts inside parentheses would show them unbalanced.
    let balanced = oneLine.count { $0 == "(" } == oneLine.count { $0 == ")" }
    if oneLine.isEmpty || oneLine.count > 60 || !balanced { return fallback }
    return "`\(oneLine)`"
  }
}
