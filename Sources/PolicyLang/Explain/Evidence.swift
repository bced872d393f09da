/// Why a rule fired (or did not), read from the values recorded while the
/// rule was evaluated, never re-derived by rule-specific code.
///
/// The JSON form is documented in docs/output-formats.md ("Evidence"); its
/// field names are a contract, so add fields rather than rename them.
public struct Evidence: Sendable {
  /// The deciding sub-conditions of the rule's condition, outermost first.
  public var facts: [Fact] = []
  /// The rule's `let` values that the facts rely on, in declaration order.
  public var bindings: [Binding] = []
  /// Each `unless`: whether it applied, and the values that decided it.
  public var exceptions: [ExceptionOutcome] = []
  /// For graded rules: which grade's condition held.
  public var grade: Fact?
  /// The deciding parts of the rule's `where` (its scope), when it has one.
  public var scope: [Fact] = []

  public init() {}
}

/// What kind of value an operand holds, as evidence shows it. `percent` is
/// a decimal that is a ratio: it came from dividing like by like, from a
/// percentage written in the policy, or is compared with one.
public enum ValueUnit: String, Sendable {
  case money, percent, decimal, int, text, bool, date, duration, list, record, none
}

/// A `let` of the rule and its value.
public struct Binding: Sendable {
  public var name: String
  /// The value, exactly (with a 万/亿 reading in Chinese; ratios as percentages).
  public var value: LocalText
  public var elements: [ElementRef]
  /// The expression the `let` binds, as written.
  public var expression: String = ""
  public var raw: Value = .null
  public var unit: ValueUnit = .none
  /// The filing fields and params the expression read, with their values.
  public var inputs: [Operand] = []
}

/// How a fact tests its operands.
public enum FactKind: Sendable, Equatable {
  /// `a > b`, `a == b`: `op` as written.
  case comparison(String)
  /// `a in b` or `a not in b`.
  case membership(negated: Bool)
  /// `a is present` or `a is absent`.
  case presence(present: Bool)
  /// Any other condition: a boolean field, a call, a quantifier.
  case test
}

/// One deciding comparison or test, with its operands' values.
public struct Fact: Sendable {
  /// The expression as written in the rule: `debt_balance > debt_limit`.
  public var expression: String
  public var holds: Bool
  public var operands: [Operand]
  /// For comparisons of numbers or dates: by how much (`超出 1.5亿元`).
  public var difference: LocalText?
  /// For filters and quantifiers: the list elements that matched.
  public var elements: [ElementRef]
  public var kind: FactKind = .test
  /// Values read inside compound operands (`falsification_tolerance` in
  /// `falsification_tolerance * abs(verified)`), with where they were read.
  public var inputs: [Operand] = []
  /// The signed difference (left minus right): money, decimal, percentage
  /// points or days, as `differenceUnit` says.
  public var differenceValue: Dec?
  public var differenceUnit: DifferenceUnit?
  /// The fact as one sentence with the values filled in:
  /// `debt_balance 12.5亿元 > debt_limit 11亿元，超出 1.5亿元`.
  public var text: LocalText = LocalText(zh: "")
}

public enum DifferenceUnit: String, Sendable {
  case money, decimal, days
  case percentagePoints = "percentage_points"
}

public struct Operand: Sendable {
  public var expression: String
  /// The value as a sentence shows it (`12.5亿元`, `107.78%`).
  public var value: LocalText
  /// Where the value was read from, when it is a filing field.
  public var field: String?
  public var line: Int?
  public var column: Int?
  /// A constant written in the rule, not a value from the filing.
  public var isLiteral: Bool = false
  /// The value in full: money with thousands separators (and the 万/亿
  /// reading in Chinese), a ratio to all its digits.
  public var exact: LocalText = LocalText(zh: "")
  public var raw: Value = .null
  public var unit: ValueUnit = .none
  /// The filing file the value was read from (with `line` and `column`).
  public var file: String?
  /// A param of the policy (named constant), not a filing value.
  public var isParam: Bool = false
}

/// A list element that matched, with where it stands in the filing.
public struct ElementRef: Sendable {
  /// Position in the list it was taken from (`list`), 0-based.
  public var index: Int
  public var line: Int
  public var column: Int
  public var summary: LocalText
  /// The list as written in the rule (`borrowings`).
  public var list: String = ""
  public var file: String?
  public var raw: Value = .null
  /// Why this element matched (or did not): the deciding parts of the
  /// filter's or quantifier's condition, evaluated for this element alone.
  public var facts: [Fact] = []
  /// False for an element listed to show why it did not match (in the
  /// evidence of a rule that did not fire).
  public var matched = true
}

public enum ExceptionStatus: String, Sendable {
  /// The exception held: the violation is excused.
  case applied
  /// The exception was considered and did not hold.
  case notApplied = "not_applied"
  /// Not considered: the rule's condition did not hold, or the exception
  /// could not be evaluated.
  case notEvaluated = "not_evaluated"
}

public struct ExceptionOutcome: Sendable {
  public var label: String?
  public var expression: String
  public var applied: Bool
  public var facts: [Fact]
  public var status: ExceptionStatus = .notApplied
  public var labelEn: String?
  /// The exception's position among the rule's `unless` clauses.
  public var index: Int = 0
}
