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

  init(_ kind: NodeKind, _ type: PType, span: SourceSpan, id: Int, text: String) {
    self.kind = kind
    self.type = type
    self.span = span
    self.id = id
    self.text = text
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
