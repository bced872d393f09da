/// An unsigned 256-bit intermediate for `Dec` arithmetic.
///
/// Products and scale alignments of two 128-bit significands can exceed 128 bits before
/// rounding or the stripping of trailing zeros brings the result back into range; this type
/// holds them exactly. It has only the few operations `Dec` needs, none of which can trap.
struct WideUInt: Equatable {
  var high: UInt128
  var low: UInt128

  init(high: UInt128, low: UInt128) {
    self.high = high
    self.low = low
  }

  init(_ value: UInt128) {
    self.init(high: 0, low: value)
  }

  /// The exact product of two 128-bit values.
  static func product(_ a: UInt128, _ b: UInt128) -> WideUInt {
    let p = a.multipliedFullWidth(by: b)
    return WideUInt(high: p.high, low: p.low)
  }

  var isZero: Bool { high == 0 && low == 0 }

  /// The value as a `UInt128`, or nil when it needs more than 128 bits.
  var narrow: UInt128? { high == 0 ? low : nil }

  /// The sum, wrapping at 2^256 (callers only add values far below that).
  func adding(_ other: WideUInt) -> WideUInt {
    let (l, carry) = low.addingReportingOverflow(other.low)
    let h = high &+ other.high &+ (carry ? 1 : 0)
    return WideUInt(high: h, low: l)
  }

  /// The difference; the caller guarantees `other <= self`.
  func subtracting(_ other: WideUInt) -> WideUInt {
    let (l, borrow) = low.subtractingReportingOverflow(other.low)
    let h = high &- other.high &- (borrow ? 1 : 0)
    return WideUInt(high: h, low: l)
  }

  static func < (a: WideUInt, b: WideUInt) -> Bool {
    a.high != b.high ? a.high < b.high : a.low < b.low
  }

  /// Long division by a nonzero 128-bit divisor.
  func quotientAndRemainder(dividingBy d: UInt128) -> (quotient: WideUInt, remainder: UInt128) {
    let (qh, rh) = high.quotientAndRemainder(dividingBy: d)
    // rh < d, so the lower half of the quotient fits 128 bits.
    let (ql, r) = d.dividingFullWidth((high: rh, low: low))
    return (WideUInt(high: qh, low: ql), r)
  }

  /// The quotient by a nonzero divisor, rounded by `rule` (which acts on the magnitude).
  func divided(by d: UInt128, rounding rule: MagnitudeRounding) -> WideUInt {
    let (q, r) = quotientAndRemainder(dividingBy: d)
    guard r != 0 else { return q }
    let roundUp: Bool
    switch rule {
    case .towardZero:
      roundUp = false
    case .awayFromZero:
      roundUp = true
    case .halfUp:
      roundUp = r >= d - r
    case .halfEven:
      roundUp = r > d - r || (r == d - r && q.low & 1 == 1)
    }
    return roundUp ? q.adding(WideUInt(1)) : q
  }
}

/// A rounding rule restated for a non-negative magnitude: the sign has already been taken
/// into account (see `RoundingRule`).
enum MagnitudeRounding {
  case towardZero
  case awayFromZero
  case halfUp
  case halfEven
}
