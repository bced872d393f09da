/// W001: params and definitions nothing uses. The checker records a use
/// wherever a name is resolved: rule scopes, lets, conditions, exceptions,
/// grades, messages in both languages and filing invariants. A definition is
/// resolved only when it is expanded at a use, so one that only unused
/// definitions refer to is unused too. Tests and `--param` do not count.
struct UnusedDeclarations {
  let program: Program

  func findings() -> [Diagnostic] {
    var out: [Diagnostic] = []
    for p in program.params where !program.usedParams.contains(p.name) {
      out.append(
        Diagnostic(
          .unusedDeclaration, "param `\(p.name)` is never used", source: p.source, span: p.span,
          label: "unused",
          hint:
            "no rule, exception, grade, message or invariant refers to it; use it or remove it",
          severity: .warning))
    }
    let unused = program.defines.filter { !program.usedDefines.contains($0.key) }
    // Names that unused definitions mention, to say why a mentioned one is unused.
    var mentioned: Set<String> = []
    for (_, (decl, _)) in unused { UnusedDeclarations.names(in: decl.body, into: &mentioned) }
    for (name, (decl, source)) in unused {
      let onlyByUnused = mentioned.contains(name)
      out.append(
        Diagnostic(
          .unusedDeclaration, "definition `\(name)` is never used", source: source,
          span: decl.name.span, label: "unused",
          hint: onlyByUnused
            ? "only definitions that are themselves unused refer to it; use it or remove it"
            : "no rule, exception, grade, message or invariant refers to it; use it or remove it",
          severity: .warning))
    }
    return out
  }

  /// Every name and function name in an expression, as written.
  static func names(in e: Expr, into out: inout Set<String>) {
    func walk(_ e: Expr) { names(in: e, into: &out) }
    switch e.kind {
    case .name(let n): out.insert(n)
    case .call(let n, let args):
      out.insert(n.text)
      args.forEach(walk)
    case .literal, .filingRef, .itRef: break
    case .string(_, let parts): parts.forEach(walk)
    case .list(let items):
      for i in items {
        walk(i.value)
        if let g = i.guardCondition { walk(g) }
      }
    case .record(_, let fields):
      for f in fields { walk(f.value) }
    case .with(let base, let fields):
      walk(base)
      for f in fields { walk(f.value) }
    case .member(let b, _): walk(b)
    case .unary(_, let a): walk(a)
    case .binary(_, let a, let b), .filter(let a, let b):
      walk(a)
      walk(b)
    case .conditional(let c, let a, let b):
      walk(c)
      walk(a)
      walk(b)
    case .presence(let a, _), .duration(let a, _): walk(a)
    }
  }
}
