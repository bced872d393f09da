/// One end of an interval of exact decimals; dates are counted in days since
/// the epoch, so they share the arithmetic.
struct Bound: Sendable, Equatable {
  var value: Dec
  /// Whether the end itself is excluded.
  var open: Bool
}

/// A set of numbers `lo … hi` with open or closed ends; a missing end is
/// unbounded. Arithmetic on intervals is exact: an operation that would
/// overflow widens the result to unbounded, which keeps every claim sound.
struct Interval: Sendable, Equatable {
  var lo: Bound?
  var hi: Bound?

  static let all = Interval(lo: nil, hi: nil)
  static let nonNegative = Interval(lo: Bound(value: .zero, open: false), hi: nil)
  static let nonPositive = Interval(lo: nil, hi: Bound(value: .zero, open: false))

  static func point(_ v: Dec) -> Interval {
    Interval(lo: Bound(value: v, open: false), hi: Bound(value: v, open: false))
  }

  static func closed(_ a: Dec, _ b: Dec) -> Interval {
    Interval(lo: Bound(value: a, open: false), hi: Bound(value: b, open: false))
  }

  /// Every day a `CivilDate` can hold.
  static let dates = Interval.closed(
    Dec(CivilDate.validDays.lowerBound), Dec(CivilDate.validDays.upperBound))

  var isEmpty: Bool {
    guard let lo, let hi else { return false }
    if lo.value < hi.value { return false }
    if hi.value < lo.value { return true }
    return lo.open || hi.open
  }

  /// The single value in the interval, when it holds exactly one.
  var single: Dec? {
    guard let lo, let hi, !lo.open, !hi.open, lo.value == hi.value else { return nil }
    return lo.value
  }

  var isNonNegative: Bool { lo.map { !$0.value.isNegative } ?? false }
  var isNonPositive: Bool { hi.map { $0.value.isNegative || $0.value.isZero } ?? false }

  func contains(_ v: Dec) -> Bool {
    if let lo, v < lo.value || (lo.open && v == lo.value) { return false }
    if let hi, hi.value < v || (hi.open && v == hi.value) { return false }
    return true
  }

  func intersection(_ o: Interval) -> Interval {
    Interval(
      lo: Interval.tighter(lo, o.lo, lower: true), hi: Interval.tighter(hi, o.hi, lower: false))
  }

  /// The smallest interval holding both.
  func hull(_ o: Interval) -> Interval {
    Interval(
      lo: Interval.looser(lo, o.lo, lower: true), hi: Interval.looser(hi, o.hi, lower: false))
  }

  /// The same set of integers with closed, integral ends (`x > 5` is `x >= 6`).
  var integral: Interval {
    var r = self
    if let lo, var c = try? lo.value.rounded(places: 0, rule: .ceiling) {
      if lo.open && c == lo.value { c = (try? c.adding(1)) ?? c }
      if c != lo.value || !lo.open { r.lo = Bound(value: c, open: false) }
    }
    if let hi, var f = try? hi.value.rounded(places: 0, rule: .floor) {
      if hi.open && f == hi.value { f = (try? f.subtracting(1)) ?? f }
      if f != hi.value || !hi.open { r.hi = Bound(value: f, open: false) }
    }
    return r
  }

  static func + (a: Interval, b: Interval) -> Interval {
    Interval(
      lo: combine(a.lo, b.lo, { try $0.adding($1) }), hi: combine(a.hi, b.hi, { try $0.adding($1) })
    )
  }

  static prefix func - (a: Interval) -> Interval {
    Interval(lo: negate(a.hi), hi: negate(a.lo))
  }

  static func - (a: Interval, b: Interval) -> Interval { a + (-b) }

  /// Multiplication by an integer coefficient.
  func scaled(by k: Int) -> Interval {
    if k == 1 { return self }
    if k == 0 { return .point(.zero) }
    if k == Int.min { return .all }
    let m = Dec(Swift.abs(k))
    func mul(_ b: Bound?) -> Bound? {
      guard let b, let v = try? b.value.multiplying(m) else { return nil }
      return Bound(value: v, open: b.open)
    }
    let r = Interval(lo: mul(lo), hi: mul(hi))
    return k < 0 ? -r : r
  }

  /// The sign of a product or quotient, from the signs of its operands; the
  /// magnitudes are not tracked because decimal products may be rounded.
  static func signOfProduct(_ a: Interval, _ b: Interval) -> Interval {
    let aPos = a.isNonNegative
    let aNeg = a.isNonPositive
    let bPos = b.isNonNegative
    let bNeg = b.isNonPositive
    if (aPos && bPos) || (aNeg && bNeg) { return .nonNegative }
    if (aPos && bNeg) || (aNeg && bPos) { return .nonPositive }
    return .all
  }

  private static func combine(_ a: Bound?, _ b: Bound?, _ f: (Dec, Dec) throws -> Dec) -> Bound? {
    guard let a, let b, let v = try? f(a.value, b.value) else { return nil }
    return Bound(value: v, open: a.open || b.open)
  }

  private static func negate(_ b: Bound?) -> Bound? {
    guard let b, let v = try? b.value.negated() else { return nil }
    return Bound(value: v, open: b.open)
  }

  private static func tighter(_ a: Bound?, _ b: Bound?, lower: Bool) -> Bound? {
    guard let a else { return b }
    guard let b else { return a }
    if a.value == b.value { return Bound(value: a.value, open: a.open || b.open) }
    return (a.value < b.value) == lower ? b : a
  }

  private static func looser(_ a: Bound?, _ b: Bound?, lower: Bool) -> Bound? {
    guard let a, let b else { return nil }
    if a.value == b.value { return Bound(value: a.value, open: a.open && b.open) }
    return (a.value < b.value) == lower ? a : b
  }
}
