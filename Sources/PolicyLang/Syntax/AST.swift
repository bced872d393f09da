/// The syntax tree of a policy file, as written. Names are not resolved and
/// nothing is typed yet; the checker turns this into the typed program.
public struct PolicyFile: Sendable {
  public var source: SourceFile
  public var declarations: [Declaration]
  public var comments: [Comment]
}

public enum Declaration: Sendable {
  case policy(PolicyHeader)
  case param(ParamDecl)
  case record(RecordDecl)
  case filing(FilingDecl)
  case define(DefineDecl)
  case rule(RuleDecl)
  case fixture(FixtureDecl)
  case test(TestDecl)

  public var span: SourceSpan {
    switch self {
    case .policy(let d): d.span
    case .param(let d): d.span
    case .record(let d): d.span
    case .filing(let d): d.span
    case .define(let d): d.span
    case .rule(let d): d.span
    case .fixture(let d): d.span
    case .test(let d): d.span
    }
  }
}

public struct Name: Sendable, Hashable {
  public var text: String
  public var span: SourceSpan
}

/// Text in Chinese with an optional English rendering: `"标题" en "Title"`.
public struct Bilingual: Sendable, Equatable {
  public var zh: StringLiteral
  public var en: StringLiteral?
}

public struct StringLiteral: Sendable, Equatable {
  public var parts: [StringPart]
  public var span: SourceSpan
  /// The literal's text when it has no interpolation.
  public var plain: String? {
    var s = ""
    for p in parts {
      guard case .text(let t) = p else { return nil }
      s += t
    }
    return s
  }
}

public struct DateLiteral: Sendable, Equatable {
  public var text: String
  public var span: SourceSpan
}

/// `effective 2019-12-12 until 2024-12-31`: the period in which a rule, param or
/// policy is in force; `until` is the last day in force.
public struct EffectivePeriod: Sendable, Equatable {
  public var from: DateLiteral?
  public var until: DateLiteral?
  public var span: SourceSpan
}

public struct PolicyHeader: Sendable {
  public var id: StringLiteral
  public var title: Bilingual?
  public var effective: EffectivePeriod?
  /// The regulation's text, relative to the policy file; `policy lint` looks
  /// quotes up in it.
  public var sourceText: StringLiteral?
  public var span: SourceSpan
}

public indirect enum TypeExpr: Sendable, Equatable {
  case named(Name)
  case list(TypeExpr, SourceSpan)
  case optional(TypeExpr, SourceSpan)

  public var span: SourceSpan {
    switch self {
    case .named(let n): n.span
    case .list(_, let s), .optional(_, let s): s
    }
  }
}

public struct ParamDecl: Sendable {
  public var name: Name
  public var type: TypeExpr
  public var value: Expr
  public var doc: Bilingual?
  public var effective: EffectivePeriod?
  public var span: SourceSpan
}

public struct FieldDecl: Sendable {
  public var name: Name
  public var type: TypeExpr
  public var span: SourceSpan
}

public struct RecordDecl: Sendable {
  public var name: Name
  public var fields: [FieldDecl]
  public var span: SourceSpan
}

/// `invalid when fiscal_capacity <= 0 because "…"`: a condition that makes a
/// filing a data error rather than something to check.
public struct Invariant: Sendable {
  public var condition: Expr
  public var message: StringLiteral
  public var span: SourceSpan
}

public struct FilingDecl: Sendable {
  public var name: Name
  public var fields: [FieldDecl]
  public var invariants: [Invariant]
  public var span: SourceSpan
}

public struct DefineDecl: Sendable {
  public var name: Name
  public var parameters: [FieldDecl]
  public var body: Expr
  public var span: SourceSpan
}

public struct Citation: Sendable, Equatable {
  public var articles: [String]
  public var quote: StringLiteral?
  public var span: SourceSpan
}

public struct SeverityGrade: Sendable {
  public var severity: Name
  public var condition: Expr?
}

public struct Exception: Sendable {
  public var label: StringLiteral?
  public var condition: Expr
  public var span: SourceSpan
}

public struct LetBinding: Sendable {
  public var name: Name
  public var value: Expr
  public var span: SourceSpan
}

public struct RuleDecl: Sendable {
  public enum Mode: Sendable { case forbid, require }
  public var id: Name
  public var title: Bilingual
  public var citation: Citation?
  public var kind: Name?
  public var scope: Expr?
  /// One grade without a condition, or several `S when C` and a final `else S`.
  public var severity: [SeverityGrade]
  public var severitySpan: SourceSpan
  public var lets: [LetBinding]
  public var mode: Mode
  public var condition: Expr?
  public var exceptions: [Exception]
  public var message: Bilingual?
  public var consequences: [Bilingual]
  public var effective: EffectivePeriod?
  public var span: SourceSpan
}

/// `fixture base_debt = debt { … }`: a filing written in the language, for tests.
public struct FixtureDecl: Sendable {
  public var name: Name
  public var value: Expr
  public var span: SourceSpan
}

public struct TestDecl: Sendable {
  public enum Expectation: Sendable {
    /// `expect RULE [SEVERITY] [mitigated]`
    case fires(rule: Name, severity: Name?, mitigated: Bool)
    /// `expect no RULE`
    case doesNotFire(rule: Name)
    /// `expect nothing`: no rule fires at all.
    case nothing(SourceSpan)
    /// `expect invalid`: the filing is a data error.
    case invalid(SourceSpan)
  }
  public var name: StringLiteral
  /// `given EXPR`: a filing literal, a fixture, or `fixture with { … }`.
  public var given: Expr
  /// `param NAME = VALUE` overrides for this test.
  public var params: [(Name, Expr)]
  public var expectations: [(Expectation, SourceSpan)]
  public var span: SourceSpan
  /// `given file "filings.jsonl" filing "ID"`: a filing read from a data file
  /// (relative to the policy file) instead of written out; `given` is then
  /// the path's string literal.
  public var file: GivenFile? = nil
}

public struct GivenFile: Sendable {
  public var path: StringLiteral
  public var filing: StringLiteral
  public var span: SourceSpan
}

public enum BinaryOp: String, Sendable {
  case add = "+"
  case sub = "-"
  case mul = "*"
  case div = "/"
  case eq = "=="
  case ne = "!="
  case lt = "<"
  case le = "<="
  case gt = ">"
  case ge = ">="
  case and, or
  case coalesce = "??"
  case `in`
  case notIn = "not in"
}

public enum DurationUnit: String, Sendable {
  case day, month, year
}

/// An expression as written. Every node has an id, unique in its file, which
/// the evaluator uses to record values for explanations.
public final class Expr: Sendable {
  public let id: Int
  public let kind: ExprKind
  public let span: SourceSpan
  public init(id: Int, kind: ExprKind, span: SourceSpan) {
    self.id = id
    self.kind = kind
    self.span = span
  }
}

public enum LiteralKind: Sendable, Equatable {
  case int, decimal, percent, money, date
  case bool(Bool)
}

public struct ListItem: Sendable {
  public var value: Expr
  /// `"风险评估" when not risk_assessment`: the element is there only when the guard holds.
  public var guardCondition: Expr?
}

public struct FieldInit: Sendable {
  public var name: Name
  public var value: Expr
}

public enum ExprKind: Sendable {
  case literal(LiteralKind, String)
  case string(StringLiteral, [Expr])
  case name(String)
  /// `filing`: the whole filing being checked.
  case filingRef
  /// `it`: the list element inside a filter or quantifier.
  case itRef
  case list([ListItem])
  /// `debt { … }` or `{ … }`: a record written out, for tests and fixtures.
  case record(type: Name?, fields: [FieldInit])
  /// `base with { … }`: a record with some fields replaced.
  case with(Expr, [FieldInit])
  case member(Expr, Name)
  case call(Name, [Expr])
  case unary(UnaryOp, Expr)
  case binary(BinaryOp, Expr, Expr)
  case filter(Expr, Expr)
  case conditional(Expr, Expr, Expr)
  case presence(Expr, present: Bool)
  case duration(Expr, DurationUnit)
}

public enum UnaryOp: String, Sendable {
  case neg = "-"
  case not
}
