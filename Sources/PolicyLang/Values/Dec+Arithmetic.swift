extension Dec {
  /// The exact sum. Throws `.overflow` only if the sum itself does not fit.
  public func adding(_ other: Dec) throws(ArithmeticError) -> Dec {
    if scale == other.scale {
      let (r, o) = significand.addingReportingOverflow(other.significand)
      if !o, r != .min { return Dec(normalizing: r, scale: scale) }
    } else {
      let (fine, coarse) = scale > other.scale ? (self, other) : (other, self)
      let factor = Int128(Dec.powersOfTen[fine.scale - coarse.scale])
      let (x, o1) = coarse.significand.multipliedReportingOverflow(by: factor)
      if !o1 {
        let (r, o2) = x.addingReportingOverflow(fine.significand)
        if !o2, r != .min { return Dec(normalizing: r, scale: fine.scale) }
      }
    }
    return try Dec.wideSum(self, other)
  }

  /// The exact difference. Throws `.overflow` only if the difference itself does not fit.
  public func subtracting(_ other: Dec) throws(ArithmeticError) -> Dec {
    try adding(Dec(uncheckedSignificand: -other.significand, scale: other.scale))
  }

  /// The product: exact when it has at most `maxScale` fractional digits, otherwise rounded
  /// half-even to `maxScale` fractional digits. Throws `.overflow` only if that result does
  /// not fit (an intermediate product beyond 128 bits is carried exactly).
  public func multiplying(_ other: Dec) throws(ArithmeticError) -> Dec {
    let productScale = scale + other.scale
    if productScale <= Dec.maxScale {
      let (r, o) = significand.multipliedReportingOverflow(by: other.significand)
      if !o, r != .min { return Dec(normalizing: r, scale: productScale) }
    }
    var m = WideUInt.product(significand.magnitude, other.significand.magnitude)
    var s = productScale
    if s > Dec.maxScale {
      m = m.divided(by: Dec.powersOfTen[s - Dec.maxScale], rounding: .halfEven)
      s = Dec.maxScale
    }
    return try Dec.make(negative: isNegative != other.isNegative, magnitude: m, scale: s)
  }

  /// The quotient `self / other`, with the language's documented division precision:
  ///
  /// - If the exact quotient has at most 18 (`maxScale`) fractional digits, the result is
  ///   exact: `1 / 4 = 0.25`, `10 / 8 = 1.25`, `1 / 1024 = 0.0009765625`.
  /// - Otherwise the exact quotient is rounded to 18 fractional digits, half to even (a
  ///   tie, where the remaining digits are exactly 5 followed by zeros, goes to the even
  ///   18th digit): `1 / 3 = 0.333333333333333333`, `2 / 3 = 0.666666666666666667`,
  ///   `-2 / 3 = -0.666666666666666667` (rounding is symmetric about zero).
  ///
  /// So the precision is 18 fractional digits, not a number of significant digits: a very
  /// small quotient keeps few of them (`1 / 3e15 = 0.000000000000000333`), and one below
  /// `0.5e-18` in magnitude is zero. The result is computed from the exact operands in
  /// 256-bit arithmetic and rounded once.
  ///
  /// Throws `.divisionByZero` if `other` is zero, and `.overflow` if the rounded quotient
  /// does not fit. Since a quotient that does not terminate keeps all 18 fractional digits,
  /// it fits only below about 1.7e20 in magnitude: `1e21 / 3` throws `.overflow`, while
  /// `1e21 / 4` is exact and fits.
  public func dividing(by other: Dec) throws(ArithmeticError) -> Dec {
    guard !other.isZero else { throw .divisionByZero }
    if isZero { return .zero }
    // self / other * 10^18 = |a| * 10^(18 + other.scale - scale) / |b|, with the shift in 0...36.
    let shift = Dec.maxScale + other.scale - scale
    let n = WideUInt.product(significand.magnitude, Dec.powersOfTen[shift])
    let q = n.divided(by: other.significand.magnitude, rounding: .halfEven)
    return try Dec.make(negative: isNegative != other.isNegative, magnitude: q, scale: Dec.maxScale)
  }

  /// The value with its sign flipped. Never throws in practice (the significand is never
  /// `Int128.min`); it is `throws` to match the other operations.
  public func negated() throws(ArithmeticError) -> Dec {
    Dec(uncheckedSignificand: -significand, scale: scale)
  }

  /// The exact sum of two values whose aligned significands may exceed 128 bits.
  static func wideSum(_ a: Dec, _ b: Dec) throws(ArithmeticError) -> Dec {
    let s = Swift.max(a.scale, b.scale)
    let ma = WideUInt.product(a.significand.magnitude, Dec.powersOfTen[s - a.scale])
    let mb = WideUInt.product(b.significand.magnitude, Dec.powersOfTen[s - b.scale])
    if a.isNegative == b.isNegative {
      return try make(negative: a.isNegative, magnitude: ma.adding(mb), scale: s)
    }
    if mb < ma {
      return try make(negative: a.isNegative, magnitude: ma.subtracting(mb), scale: s)
    }
    return try make(negative: b.isNegative, magnitude: mb.subtracting(ma), scale: s)
  }

  /// The normalised value `±magnitude / 10^scale` for `scale` in `0...maxScale`, or
  /// `.overflow` if its significand does not fit.
  static func make(negative: Bool, magnitude: WideUInt, scale: Int) throws(ArithmeticError)
    -> Dec
  {
    var m = magnitude
    var s = scale
    if m.isZero { return .zero }
    // Strip trailing zeros until the magnitude fits; `Dec(normalizing:)` strips the rest.
    while s > 0, m.high != 0 || m.low > Dec.maxMagnitude {
      let (q, r) = m.quotientAndRemainder(dividingBy: 10)
      if r != 0 { break }
      m = q
      s -= 1
    }
    guard let narrow = m.narrow, narrow <= Dec.maxMagnitude else { throw .overflow }
    let v = Int128(narrow)
    return Dec(normalizing: negative ? -v : v, scale: s)
  }
}
