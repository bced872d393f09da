/// `policy lint`: static analysis of a checked program, beyond type errors.
/// Every finding is a located warning with a code (W001–W007, see
/// docs/diagnostics.md) and a hint; the analyses are sound, so a finding
/// about a condition (never true, always true) is a proof, not a guess.
public struct Linter {
  public let program: Program

  public init(program: Program) { self.program = program }

  /// All findings, sorted by position.
  public func run() -> [Diagnostic] {
    var out = UnusedDeclarations(program: program).findings()
    let conditions = RuleConditions(program: program)
    let shapes = program.rules.map(conditions.shape)
    var skip: Set<Int> = []
    for (i, s) in shapes.enumerated() {
      let o = conditions.findings(s)
      out += o.findings
      if o.neverFires || o.alwaysFires { skip.insert(i) }
    }
    out += DuplicateRules(conditions: conditions).findings(shapes, skipping: skip)
    out += Citations(program: program).findings()
    return out.sortedByLocation()
  }
}

/// How lint findings are shown: code frames and a summary line, or JSON
/// with one object per finding.
public struct LintReport: Sendable {
  public var findings: [Diagnostic]
  public var files: Int

  public init(findings: [Diagnostic], files: Int) {
    self.findings = findings
    self.files = files
  }

  public func text(language: Language, color: Bool = false) -> String {
    var out = ""
    let renderer = DiagnosticRenderer(color: color)
    for d in findings { out += renderer.render(d) + "\n" }
    out += summary(language) + "\n"
    return out
  }

  public func summary(_ language: Language) -> String {
    var counts: [String: Int] = [:]
    for d in findings { counts[d.code.rawValue, default: 0] += 1 }
    let byCode = counts.keys.sorted().map { "\($0) \(counts[$0] ?? 0)" }
    let n = findings.count
    if language == .zh {
      return n == 0
        ? "检查 \(files) 个策略文件，未发现问题"
        : "检查 \(files) 个策略文件，发现 \(n) 处问题（\(byCode.joined(separator: "，"))）"
    }
    let fileWord = "\(files) policy file\(files == 1 ? "" : "s") linted"
    return n == 0
      ? "\(fileWord): no findings"
      : "\(fileWord): \(n) finding\(n == 1 ? "" : "s") (\(byCode.joined(separator: ", ")))"
  }

  /// `{"findings": [{code, severity, message, file, line, column, hint}], "count": N}`.
  public func json() -> String {
    let items = findings.map { d -> JSON in
      let loc = d.location
      return .object([
        ("code", .string(d.code.rawValue)),
        ("severity", .string(d.severity.rawValue)),
        ("message", .string(d.message)),
        ("file", .optional(loc?.file)),
        ("line", loc.map { .int($0.line) } ?? .null),
        ("column", loc.map { .int($0.column) } ?? .null),
        ("hint", .optional(d.hint)),
      ])
    }
    return JSON.object([("findings", .array(items)), ("count", .int(findings.count))])
      .serialized(pretty: true) + "\n"
  }
}
