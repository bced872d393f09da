public enum Severity: String, Sendable, CaseIterable, Comparable, Codable {
  case critical, major, warning

  public var rank: Int {
    switch self {
    case .critical: 0
    case .major: 1
    case .warning: 2
    }
  }
  /// Higher severities sort first.
  public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// Text with an optional English version; output falls back to Chinese.
public struct LocalText: Sendable, Equatable {
  /// The Chinese text. A message made on the fast path keeps the UTF-8
  /// bytes it was made as: the JSON Lines writer copies them, and only a
  /// reader that needs a `String` pays for one (validating a message's
  /// bytes into a `String` cost ~1,300 instructions).
  public var zh: String {
    get { body.string }
    set { body = .text(newValue) }
  }
  public var en: String?
  var body: Body

  public init(zh: String, en: String? = nil) {
    self.body = .text(zh)
    self.en = en
  }

  init(body: Body, en: String?) {
    self.body = body
    self.en = en
  }

  public func text(_ lang: Language) -> String { showsChinese(lang) ? zh : en ?? zh }

  /// `text(lang)` as the bytes the fast path made, when that is how it is kept.
  func madeBytes(_ lang: Language) -> [UInt8]? {
    guard showsChinese(lang), case .utf8(let b) = body else { return nil }
    return b
  }

  private func showsChinese(_ lang: Language) -> Bool { lang != .en || en == nil }

  public static func == (a: LocalText, b: LocalText) -> Bool { a.zh == b.zh && a.en == b.en }

  /// A text as a `String`, or as the UTF-8 bytes of one (well-formed: the
  /// fast path makes them of texts, literals and digits only).
  enum Body: Sendable {
    case text(String)
    case utf8([UInt8])

    var string: String {
      switch self {
      case .text(let s): s
      case .utf8(let b): String(decoding: b, as: UTF8.self)
      }
    }
  }
}

public enum Language: String, Sendable, CaseIterable {
  case zh, en
}

/// The days a rule or parameter value is in force; both ends inclusive.
public struct Period: Sendable, Equatable {
  public var from: CivilDate?
  public var until: CivilDate?
  public static let always = Period(from: nil, until: nil)

  public func contains(_ d: CivilDate) -> Bool {
    if let from, d < from { return false }
    if let until, d > until { return false }
    return true
  }

  public func overlaps(_ o: Period) -> Bool {
    let aStart = from ?? CivilDate.earliest
    let bStart = o.from ?? CivilDate.earliest
    let aEnd = until ?? CivilDate.latest
    let bEnd = o.until ?? CivilDate.latest
    return aStart <= bEnd && bStart <= aEnd
  }

  public var description: String {
    switch (from, until) {
    case (nil, nil): "always"
    case (let f?, nil): "from \(f)"
    case (nil, let u?): "until \(u)"
    case (let f?, let u?): "\(f) to \(u)"
    }
  }
}

public struct PolicyInfo: Sendable {
  public var id: String
  public var title: LocalText?
  public var effective: Period
  public var sourceTextPath: String?
  public var file: SourceFile
}

public struct ParamSpec: Sendable {
  public struct Version: Sendable {
    public var period: Period
    public var value: Value
    public var span: SourceSpan
  }
  public var name: String
  public var type: PType
  public var versions: [Version]
  public var doc: LocalText?
  public var source: SourceFile
  public var span: SourceSpan
  /// Set from the command line or the prompt; replaces every version.
  public var override: Value?
  /// Declared as a percentage (`120%`): explanations show its values as such.
  public var isPercent = false

  /// The value in force on `date`. Between versions, the value last in force;
  /// before the first version, the first; with no date, the latest.
  public func value(on date: CivilDate?) -> Value {
    if let override { return override }
    guard let date else { return versions.last?.value ?? .null }
    if let v = versions.last(where: { $0.period.contains(date) }) { return v.value }
    if let v = versions.last(where: { ($0.period.until ?? .latest) < date }) { return v.value }
    return versions.first?.value ?? .null
  }

  public func version(on date: CivilDate) -> Version? {
    versions.last(where: { $0.period.contains(date) })
  }
}

public struct CheckedLet: Sendable {
  public var name: String
  public var slot: Int
  public var node: CheckedExpr
}

public struct CheckedException: Sendable {
  public var label: LocalText?
  public var condition: CheckedExpr
  public var span: SourceSpan
}

public struct CheckedGrade: Sendable {
  public var severity: Severity
  public var condition: CheckedExpr?
}

/// A checked rule. A class, so that the hot loop reads it without copying
/// its many fields; it never changes after checking.
public final class CheckedRule: Sendable {
  public let id: String
  public let title: LocalText
  public let articles: [String]
  public let quote: String?
  public let kind: RecordType
  public let scope: CheckedExpr?
  public let lets: [CheckedLet]
  public let mode: RuleDecl.Mode
  public let condition: CheckedExpr
  public let exceptions: [CheckedException]
  public let grades: [CheckedGrade]
  public let message: CheckedExpr?
  public let messageEn: CheckedExpr?
  public let consequences: [LocalText]
  public let effective: Period
  public let localCount: Int
  public let policyID: String?
  public let source: SourceFile
  public let span: SourceSpan
  public let idSpan: SourceSpan
  /// The `let` bodies by local slot, for lazy evaluation.
  public let letsBySlot: [CheckedExpr?]

  init(
    id: String,
    title: LocalText,
    articles: [String],
    quote: String?,
    kind: RecordType,
    scope: CheckedExpr?,
    lets: [CheckedLet],
    mode: RuleDecl.Mode,
    condition: CheckedExpr,
    exceptions: [CheckedException],
    grades: [CheckedGrade],
    message: CheckedExpr?,
    messageEn: CheckedExpr?,
    consequences: [LocalText],
    effective: Period,
    localCount: Int,
    policyID: String?,
    source: SourceFile,
    span: SourceSpan,
    idSpan: SourceSpan
  ) {
    self.id = id
    self.title = title
    self.articles = articles
    self.quote = quote
    self.kind = kind
    self.scope = scope
    self.lets = lets
    self.mode = mode
    self.condition = condition
    self.exceptions = exceptions
    self.grades = grades
    self.message = message
    self.messageEn = messageEn
    self.consequences = consequences
    self.effective = effective
    self.localCount = localCount
    self.policyID = policyID
    self.source = source
    self.span = span
    self.idSpan = idSpan
    location = source.location(of: idSpan.start)
    facts = RuleFacts(
      RuleParts(
        id: id, title: title, articles: articles, quote: quote, consequences: consequences,
        policyID: policyID, effective: effective, location: location))
    var slots = [CheckedExpr?](repeating: nil, count: localCount)
    for l in lets where l.slot < localCount { slots[l.slot] = l.node }
    self.letsBySlot = slots
    fast = FastCompiler.rule(
      scope: scope, condition: condition, message: message, messageEn: messageEn, lets: slots)
  }

  /// The `where`, condition and messages compiled for the fast path (see `Bail`).
  let fast: FastRule

  /// Where the rule id is written; every violation carries it.
  public let location: SourceLocation
  /// What each of its violations says about it, made once.
  public let facts: RuleFacts
  public var citation: String { articles.joined(separator: "、") }
  public var isGraded: Bool { grades.count > 1 }
}

public struct CheckedTest: Sendable {
  public var decl: TestDecl
  public var source: SourceFile
}

/// A checked policy pack (one or more files, one or more packs): everything
/// needed to check filings, with no reference back to the syntax tree.
public final class Program: Sendable {
  public let policies: [PolicyInfo]
  public let params: [ParamSpec]
  public let paramIndex: [String: Int]
  public let records: [String: RecordType]
  public let filings: [String: RecordType]
  public let rules: [CheckedRule]
  /// Rule indexes by filing kind, in rule-id order: only these are evaluated.
  public let rulesByKind: [String: [Int]]
  public let fixtures: [String: (FixtureDecl, SourceFile)]
  /// Definitions stay as syntax: each is checked where it is used.
  public let defines: [String: (DefineDecl, SourceFile)]
  public let tests: [CheckedTest]
  public let files: [PolicyFile]
  /// Params and definitions some rule, exception, grade, message or invariant
  /// uses (through definitions too): `policy lint` reports the others.
  public let usedParams: Set<String>
  public let usedDefines: Set<String>

  init(
    policies: [PolicyInfo], params: [ParamSpec], records: [String: RecordType],
    filings: [String: RecordType], rules: [CheckedRule],
    fixtures: [String: (FixtureDecl, SourceFile)], defines: [String: (DefineDecl, SourceFile)],
    tests: [CheckedTest], files: [PolicyFile], usedParams: Set<String> = [],
    usedDefines: Set<String> = []
  ) {
    self.policies = policies
    self.params = params
    var pi: [String: Int] = [:]
    for (i, p) in params.enumerated() { pi[p.name] = i }
    self.paramIndex = pi
    self.records = records
    self.filings = filings
    let sorted = rules.sorted {
      ($0.id, $0.effective.from ?? .earliest) < ($1.id, $1.effective.from ?? .earliest)
    }
    self.rules = sorted
    var byKind: [String: [Int]] = [:]
    for (i, r) in sorted.enumerated() { byKind[r.kind.name, default: []].append(i) }
    self.rulesByKind = byKind
    self.fixtures = fixtures
    self.defines = defines
    self.tests = tests
    self.files = files
    self.usedParams = usedParams
    self.usedDefines = usedDefines
  }

  /// The same program with some parameters set to new values.
  public func with(overrides: [String: Value]) -> Program {
    var ps = params
    for (name, v) in overrides {
      if let i = paramIndex[name] { ps[i].override = v }
    }
    return Program(
      policies: policies, params: ps, records: records, filings: filings, rules: rules,
      fixtures: fixtures, defines: defines, tests: tests, files: files, usedParams: usedParams,
      usedDefines: usedDefines)
  }
}
