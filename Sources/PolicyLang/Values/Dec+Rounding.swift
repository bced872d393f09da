/// How `Dec.rounded(places:rule:)` picks between the two candidates either side of a value.
public enum RoundingRule: Sendable, Hashable, CaseIterable {
  /// To the nearest; a tie goes to the even digit (banker's rounding): 2.5 → 2, 3.5 → 4.
  case halfEven
  /// To the nearest; a tie goes away from zero: 2.5 → 3, -2.5 → -3.
  case halfUp
  /// Toward zero (truncation): 2.7 → 2, -2.7 → -2.
  case down
  /// Away from zero: 2.1 → 3, -2.1 → -3.
  case up
  /// Toward negative infinity: 2.7 → 2, -2.1 → -3.
  case floor
  /// Toward positive infinity: 2.1 → 3, -2.7 → -2.
  case ceiling

  /// The rule as it acts on the magnitude of a value with the given sign.
  func forMagnitude(negative: Bool) -> MagnitudeRounding {
    switch self {
    case .halfEven: return .halfEven
    case .halfUp: return .halfUp
    case .down: return .towardZero
    case .up: return .awayFromZero
    case .floor: return negative ? .awayFromZero : .towardZero
    case .ceiling: return negative ? .towardZero : .awayFromZero
    }
  }
}

extension Dec {
  /// The value rounded to `places` fractional digits by `rule`.
  ///
  /// A value that already has at most `places` fractional digits is returned unchanged.
  /// Negative `places` round to tens, hundreds, …: `1250.rounded(places: -2) = 1200`.
  /// Throws `.overflow` only for negative `places`, when the value rounds away from zero to
  /// a multiple of a power of ten that does not fit (`maxValue.rounded(places: -38)` is
  /// 2e38).
  public func rounded(places: Int, rule: RoundingRule = .halfEven) throws(ArithmeticError)
    -> Dec
  {
    if places >= scale || isZero { return self }
    let magnitudeRule = rule.forMagnitude(negative: isNegative)
    let magnitude = significand.magnitude
    let q: UInt128
    // Digits dropped; beyond 38 the whole magnitude (< 2 * 10^38) is below half a unit.
    let dropped = places < -40 ? 40 : scale - places
    if dropped > 38 {
      q = magnitudeRule == .awayFromZero ? 1 : 0
    } else {
      let r = WideUInt(magnitude).divided(by: Dec.powersOfTen[dropped], rounding: magnitudeRule)
      q = r.low  // never larger than the magnitude
    }
    if places >= 0 {
      return try Dec.make(negative: isNegative, magnitude: WideUInt(q), scale: places)
    }
    if q == 0 { return .zero }
    guard places >= -38 else { throw .overflow }
    let (m, o) = q.multipliedReportingOverflow(by: Dec.powersOfTen[-places])
    guard !o else { throw .overflow }
    return try Dec.make(negative: isNegative, magnitude: WideUInt(m), scale: 0)
  }
}
