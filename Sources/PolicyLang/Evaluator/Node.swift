/// A type-checked, name-resolved expression, ready to evaluate. Names have
/// become slots: a filing field is an index into the filing's values, not a
/// lookup by string.
public final class Node: Sendable {
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
  case minOf = "min2", maxOf = "max2"
}

public enum InterpolationPart: Sendable {
  case text(String)
  case value(Node)
}

public indirect enum NodeKind: Sendable {
  case constant(Value)
  case field(Int)
  case elementField(level: Int, slot: Int)
  case element(level: Int)
  case filing
  case local(Int)
  case param(Int)
  case member(Node, Int)
  /// `payables.amount`: one field of every record in a list.
  case project(Node, Int)
  case negate(Node)
  case not(Node)
  case arith(ArithOp, Node, Node)
  /// Element-wise arithmetic over lists (`overdue.amount - overdue.paid`).
  case listArith(ArithOp, Node, Node)
  case compare(BinaryOp, Node, Node)
  case and(Node, Node)
  case or(Node, Node)
  case coalesce(Node, Node)
  case member_in(Node, Node, negated: Bool)
  case presence(Node, present: Bool)
  case conditional(Node, Node, Node)
  case filter(Node, level: Int, Node)
  case quantifier(Quantifier, Node, level: Int, Node?)
  case aggregate(Aggregate, Node, level: Int, Node?)
  /// `each(list, expr)`: the expression's value for every element.
  case each(Node, level: Int, Node)
  case call(Builtin, [Node])
  case list([(Node, Node?)])
  case interpolate([InterpolationPart])
  case duration(Node, DurationUnit)
  /// A definition's arguments, evaluated once into local slots, then its body.
  case bind([Int], [Node], Node)
  case record(RecordType, [Node?])
}
