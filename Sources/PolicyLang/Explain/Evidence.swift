/// Why a rule fired (or did not), read from the values recorded while the
/// rule was evaluated, never re-derived by rule-specific code.
public struct Evidence: Sendable {
  /// The deciding sub-conditions of the rule's condition, outermost first.
  public var facts: [Fact] = []
  /// The rule's `let` values that the facts rely on.
  public var bindings: [Binding] = []
  /// Each `unless`: whether it applied, and the values that decided it.
  public var exceptions: [ExceptionOutcome] = []
  /// For graded rules: which grade's condition held.
  public var grade: Fact?
}

public struct Binding: Sendable {
  public var name: String
  public var value: LocalText
  public var elements: [ElementRef]
}

/// One deciding comparison or test, with its operands' values.
public struct Fact: Sendable {
  /// The expression as written in the rule: `debt_balance > debt_limit`.
  public var expression: String
  public var holds: Bool
  public var operands: [Operand]
  /// For comparisons of numbers: by how much (`超出 1.5亿元`).
  public var difference: LocalText?
  /// For filters and quantifiers: the list elements that matched.
  public var elements: [ElementRef]
}

public struct Operand: Sendable {
  public var expression: String
  public var value: LocalText
  /// Where the value was read from, when it is a filing field.
  public var field: String?
  public var line: Int?
  public var column: Int?
  /// A constant written in the rule, not a value from the filing.
  public var isLiteral: Bool = false
}

/// A list element that matched, with where it stands in the filing.
public struct ElementRef: Sendable {
  public var index: Int
  public var line: Int
  public var column: Int
  public var summary: LocalText
}

public struct ExceptionOutcome: Sendable {
  public var label: String?
  public var expression: String
  public var applied: Bool
  public var facts: [Fact]
}
