/// Resolves names and checks types across all the files of a run, before any
/// filing is read. Every error in every file is reported in one pass.
public struct Checker {
  var diagnostics: [Diagnostic] = []
  var records: [String: RecordType] = [:]
  var filings: [String: RecordType] = [:]
  var params: [ParamSpec] = []
  var paramIndex: [String: Int] = [:]
  var defines: [String: (DefineDecl, SourceFile)] = [:]
  var usedDefines: Set<String> = []
  var usedParams: Set<String> = []
  var fixtures: [String: (FixtureDecl, SourceFile)] = [:]
  /// The file whose declarations are being checked, for diagnostics.
  var source: SourceFile
  var localCount = 0
  /// Rule ids named by tests, checked once every rule is known.
  var knownRuleReferences: [(Name, SourceFile)] = []
  var limits = PolicyLimits()
  /// Nesting of the expression being checked, counting expanded definitions
  /// and `let`s, and the deepest it has reached: evaluation recurses as deep.
  var depth = 0
  var deepest = 0
  /// How deep evaluating each `let` (by slot) recurses below its use.
  var letHeights: [Int: Int] = [:]
  /// Nodes checked since the last `resetExpansion()`, and whether the
  /// expansion limit has been reported (then everything left is skipped).
  var expandedNodes = 0
  var expansionFailed = false
  /// Definitions whose body had an error at one use: later uses are not
  /// checked again (the error is the same and shown once), or a definition
  /// used twice in another, many times over, would repeat the work of
  /// reporting it an exponential number of times.
  var failedDefines: Set<String> = []

  static let builtinTypes: [String: PType] = [
    "text": .text, "int": .int, "decimal": .decimal, "number": .decimal, "money": .money,
    "bool": .bool, "date": .date, "duration": .duration,
  ]

  init(source: SourceFile) { self.source = source }

  /// Checks parsed files together, as one program.
  public static func check(_ files: [PolicyFile], limits: PolicyLimits = .init()) -> (
    Program?, [Diagnostic]
  ) {
    guard let first = files.first else {
      return (nil, [Diagnostic(.expectedDeclaration, "no policy files were given")])
    }
    var c = Checker(source: first.source)
    c.limits = limits
    let program = c.run(files)
    let ds = c.diagnostics.deduplicated()
    return (ds.hasErrors ? nil : program, ds)
  }

  mutating func error(
    _ code: DiagnosticCode, _ message: String, _ span: SourceSpan, label: String? = nil,
    hint: String? = nil
  ) {
    diagnostics.append(
      Diagnostic(code, message, source: source, span: span, label: label, hint: hint))
  }

  mutating func run(_ files: [PolicyFile]) -> Program {
    // Pass 1: names of records and filings, so they may refer to each other.
    for f in files {
      source = f.source
      for d in f.declarations {
        switch d {
        case .record(let r): declareType(r.name, isFiling: false)
        case .filing(let r): declareType(r.name, isFiling: true)
        default: break
        }
      }
    }
    // Pass 2: fields, params, definitions, fixtures.
    var policies: [PolicyInfo] = []
    for f in files {
      source = f.source
      for d in f.declarations {
        switch d {
        case .record(let r): defineFields(of: records[r.name.text], r.fields, isFiling: false)
        case .filing(let r): defineFields(of: filings[r.name.text], r.fields, isFiling: true)
        case .define(let def):
          if defines[def.name.text] != nil || paramIndex[def.name.text] != nil {
            error(.duplicateDeclaration, "`\(def.name.text)` is declared twice", def.name.span)
          }
          defines[def.name.text] = (def, f.source)
        case .fixture(let fx):
          if fixtures[fx.name.text] != nil {
            error(
              .duplicateDeclaration, "fixture `\(fx.name.text)` is declared twice", fx.name.span)
          }
          fixtures[fx.name.text] = (fx, f.source)
        case .policy(let p): policies.append(policyInfo(p, f.source))
        default: break
        }
      }
    }
    for f in files {
      source = f.source
      for case .param(let p) in f.declarations { declareParam(p) }
    }
    // Pass 3: invariants, rules and tests, which may use everything above.
    var rules: [CheckedRule] = []
    var tests: [CheckedTest] = []
    for f in files {
      source = f.source
      let policyID = f.declarations.lazy.compactMap { d -> String? in
        if case .policy(let p) = d { return p.id.plain }
        return nil
      }.first
      for d in f.declarations {
        switch d {
        case .filing(let decl): checkInvariants(decl)
        case .rule(let r):
          if let checked = checkRule(r, policyID: policyID) { rules.append(checked) }
        case .test(let t):
          checkTest(t)
          tests.append(CheckedTest(decl: t, source: f.source))
        default: break
        }
      }
    }
    checkRuleVersions(rules)
    let ids = Set(rules.map(\.id))
    for (name, file) in knownRuleReferences where !ids.contains(name.text) {
      diagnostics.append(
        Diagnostic(
          .badTest, "unknown rule `\(name.text)`", source: file, span: name.span,
          hint: suggestion(for: name.text, among: ids).map { "did you mean `\($0)`?" }))
    }
    return Program(
      policies: policies, params: params, records: records, filings: filings, rules: rules,
      fixtures: fixtures, defines: defines, tests: tests, files: files, usedParams: usedParams,
      usedDefines: usedDefines)
  }

  mutating func declareType(_ name: Name, isFiling: Bool) {
    if records[name.text] != nil || filings[name.text] != nil
      || Checker.builtinTypes[name.text] != nil
    {
      error(.duplicateDeclaration, "type `\(name.text)` is declared twice", name.span)
      return
    }
    let t = RecordType(name: name.text, isFiling: isFiling, source: source, span: name.span)
    if isFiling {
      for (n, ty, def) in RecordType.commonFields {
        t.add(.init(name: n, type: ty, defaultValue: def, span: name.span))
      }
      filings[name.text] = t
    } else {
      records[name.text] = t
    }
  }

  mutating func defineFields(of type: RecordType?, _ fields: [FieldDecl], isFiling: Bool) {
    guard let type, type.source === source else { return }
    for f in fields {
      if type.slot(f.name.text) != nil {
        let common = RecordType.commonFields.contains { $0.0 == f.name.text }
        error(
          .duplicateDeclaration,
          common
            ? "every filing already has the field `\(f.name.text)`"
            : "field `\(f.name.text)` is declared twice in `\(type.name)`", f.name.span)
        continue
      }
      type.add(.init(name: f.name.text, type: resolveType(f.type), defaultValue: nil, span: f.span))
    }
  }

  mutating func resolveType(_ t: TypeExpr) -> PType {
    switch t {
    case .list(let inner, _): return .list(resolveType(inner))
    case .optional(let inner, let span):
      let r = resolveType(inner)
      if r.isOptional { error(.unknownType, "a type is optional once: `T?`, not `T??`", span) }
      return .optional(r.unwrapped)
    case .named(let n):
      if let b = Checker.builtinTypes[n.text] { return b }
      if let r = records[n.text] { return .record(r) }
      if filings[n.text] != nil {
        error(.unknownType, "`\(n.text)` is a filing kind, not a record type", n.span)
        return .never
      }
      let all = Array(Checker.builtinTypes.keys) + Array(records.keys)
      error(
        .unknownType, "unknown type `\(n.text)`", n.span,
        hint: suggestion(for: n.text, among: all).map { "did you mean `\($0)`?" }
          ?? "types are text, int, decimal, money, bool, date, duration, a record, `list of T` and `T?`"
      )
      return .never
    }
  }

  mutating func policyInfo(_ p: PolicyHeader, _ file: SourceFile) -> PolicyInfo {
    PolicyInfo(
      id: p.id.plain ?? file.slice(p.id.span),
      title: p.title.map(localText),
      effective: period(p.effective),
      sourceTextPath: p.sourceText?.plain,
      file: file)
  }

  func localText(_ b: Bilingual) -> LocalText {
    LocalText(zh: b.zh.plain ?? source.slice(b.zh.span), en: b.en.flatMap(\.plain))
  }

  mutating func date(_ d: DateLiteral) -> CivilDate? {
    guard let v = CivilDate(d.text) else {
      error(.badDate, "`\(d.text)` is not a calendar date", d.span)
      return nil
    }
    return v
  }

  mutating func period(_ e: EffectivePeriod?) -> Period {
    guard let e else { return .always }
    let p = Period(from: e.from.flatMap { date($0) }, until: e.until.flatMap { date($0) })
    if let f = p.from, let u = p.until, u < f {
      error(.typeMismatch, "the period ends before it starts", e.span)
    }
    return p
  }
}

extension Array where Element == Diagnostic {
  /// One diagnostic per position and message: a definition used in several
  /// rules is checked at each use, but its error is shown once.
  func deduplicated() -> [Diagnostic] {
    var seen: Set<String> = []
    return filter { d in
      let key = "\(d.source?.path ?? ""):\(d.span.start):\(d.span.end):\(d.code):\(d.message)"
      return seen.insert(key).inserted
    }
  }
}
