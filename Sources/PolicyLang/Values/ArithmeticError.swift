/// Why an exact computation on a policy value could not produce a result.
///
/// Every operation on `Dec`, `CivilDate` and `Duration` that could leave the representable
/// range throws one of these instead of trapping.
public enum ArithmeticError: Error, Sendable, Equatable {
  /// The exact result does not fit the type (for `Dec`: its significand needs more than
  /// 127 bits plus sign).
  case overflow
  /// A `Dec` was divided by zero.
  case divisionByZero
  /// A date computation left the supported years 1...9999.
  case dateOutOfRange
}
