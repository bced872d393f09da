/// A type-checked, name-resolved expression, ready to evaluate. Names have
/// become slots: a filing field is an index into the filing's values, not a
/// lookup by string.
public final class CheckedExpr: Sendable {
  public let kind: NodeKind
  public let type: PType
  public let span: SourceSpan
  /// The id of the source expression; several nodes may share one when a
  /// definition is expanded at each use.
  public let id: Int
  /// The source text of the expression, for explanations (`debt_balance`).
  public let text: String
  /// `kind.children`, and those but the parts evaluated once per list
  /// element (`kind.elementScopeList`), made once:
  /// every explanation walks the rule's tree, and made per visit they were
  /// an allocation per node (~2% of a check with evidence).
  public let children: [CheckedExpr]
  public let childrenOutsideElementScopes: [CheckedExpr]

  init(_ kind: NodeKind, _ type: PType, span: SourceSpan, id: Int, text: String) {
    self.kind = kind
    self.type = type
    self.span = span
    self.id = id
    self.text = text
    children = kind.children
    childrenOutsideElementScopes = kind.elementScopeList.map { [$0] } ?? children
  }
}

public enum ArithOp: Sendable {
  case add, sub, mul, div
}

public enum Quantifier: String, Sendable {
  case any, all, none, count
}

public enum Aggregate: String, Sendable {
  case sum, min, max
}

public enum Builtin: String, Sendable, CaseIterable {
  case abs, round, days, trim, length, join, percent, text, year, month, day, contains
  case minOf = "min2"
  case maxOf = "max2"
}

public enum InterpolationPart: Sendable {
  case text(String)
  case value(CheckedExpr)
}

public indirect enum NodeKind: Sendable {
  case constant(Value)
  case field(Int)
  case elementField(level: Int, slot: Int)
  case element(level: Int)
  case filing
  case local(Int)
  case param(Int)
  case member(CheckedExpr, Int)
  /// `payables.amount`: one field of every record in a list.
  case project(CheckedExpr, Int)
  case negate(CheckedExpr)
  case not(CheckedExpr)
  case arith(ArithOp, CheckedExpr, CheckedExpr)
  /// Element-wise arithmetic over lists (`overdue.amount - overdue.paid`).
  case listArith(ArithOp, CheckedExpr, CheckedExpr)
  case compare(BinaryOp, CheckedExpr, CheckedExpr)
  case and(CheckedExpr, CheckedExpr)
  case or(CheckedExpr, CheckedExpr)
  case coalesce(CheckedExpr, CheckedExpr)
  case membership(CheckedExpr, CheckedExpr, negated: Bool)
  case presence(CheckedExpr, present: Bool)
  case conditional(CheckedExpr, CheckedExpr, CheckedExpr)
  case filter(CheckedExpr, level: Int, CheckedExpr)
  case quantifier(Quantifier, CheckedExpr, level: Int, CheckedExpr?)
  case aggregate(Aggregate, CheckedExpr, level: Int, CheckedExpr?)
  /// `each(list, expr)`: the expression's value for every element.
  case each(CheckedExpr, level: Int, CheckedExpr)
  case call(Builtin, [CheckedExpr])
  case list([(CheckedExpr, CheckedExpr?)])
  case interpolate([InterpolationPart])
  case duration(CheckedExpr, DurationUnit)
  /// A definition's arguments, evaluated once into local slots, then its body.
  case bind([Int], [CheckedExpr], CheckedExpr)
  case record(RecordType, [CheckedExpr?])
}

extension NodeKind {
  /// The direct subexpressions, for walks that do not care about meaning.
  public var children: [CheckedExpr] {
    switch self {
    case .constant, .field, .elementField, .element, .filing, .local, .param: return []
    case .member(let a, _), .project(let a, _), .negate(let a), .not(let a),
      .presence(let a, _), .duration(let a, _):
      return [a]
    case .arith(_, let a, let b), .listArith(_, let a, let b), .compare(_, let a, let b),
      .and(let a, let b), .or(let a, let b), .coalesce(let a, let b),
      .membership(let a, let b, _):
      return [a, b]
    case .conditional(let c, let a, let b): return [c, a, b]
    case .filter(let l, _, let c): return [l, c]
    case .quantifier(_, let l, _, let c), .aggregate(_, let l, _, let c):
      return [l] + (c.map { [$0] } ?? [])
    case .each(let l, _, let b): return [l, b]
    case .call(_, let args): return args
    case .list(let items): return items.flatMap { [$0.0] + ($0.1.map { [$0] } ?? []) }
    case .interpolate(let parts):
      return parts.compactMap {
        if case .value(let n) = $0 { return n }
        return nil
      }
    case .bind(_, let args, let body): return args + [body]
    case .record(_, let fields): return fields.compactMap { $0 }
    }
  }

  /// The list of a filter, `each`, quantifier or aggregate: its only part
  /// evaluated outside the element scopes (the condition or body is
  /// evaluated once per element, and the trace does not record it).
  var elementScopeList: CheckedExpr? {
    switch self {
    case .filter(let l, _, _), .each(let l, _, _), .quantifier(_, let l, _, _),
      .aggregate(_, let l, _, _):
      l
    default: nil
    }
  }
}
