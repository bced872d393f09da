/// An exact decimal number for money and quantities: `significand / 10^scale`.
///
/// The value is fixed point with up to `maxScale` (18) fractional digits and a 128-bit
/// significand, so about 38 significant digits in all. There is no binary floating point
/// anywhere: `0.1 + 0.2` is exactly `0.3`.
///
/// Every value is kept normalised: the significand has no trailing zero while the scale is
/// above zero, and zero has scale 0. So `1.50` and `1.5` are the same value with the same
/// stored fields, and equality, hashing and ordering are all by value. The significand is
/// never `Int128.min`, so negation and `magnitude` cannot overflow.
///
/// Operations that could leave the representable range throw `ArithmeticError` rather than
/// trap; see `Dec+Arithmetic.swift` for the exact rounding rules.
public struct Dec: Sendable, Hashable {
  /// The digits of the value: the value is `significand / 10^scale`.
  public let significand: Int128
  /// The number of fractional digits, in `0...maxScale`.
  public let scale: Int

  /// The largest number of fractional digits a `Dec` can hold.
  public static let maxScale = 18

  public static let zero = Dec(uncheckedSignificand: 0, scale: 0)
  public static let one = Dec(uncheckedSignificand: 1, scale: 0)

  /// Stores the fields as given. The caller guarantees the invariants: the significand is
  /// not `Int128.min`, the scale is in `0...maxScale`, and the value is normalised.
  init(uncheckedSignificand significand: Int128, scale: Int) {
    self.significand = significand
    self.scale = scale
  }

  /// Strips trailing fractional zeros. The caller guarantees `significand != .min` and
  /// `0...maxScale ~= scale`.
  init(normalizing significand: Int128, scale: Int) {
    var s = significand
    var sc = scale
    if s == 0 {
      sc = 0
    }
    // An odd significand cannot be a multiple of ten: skip the division.
    guard sc > 0, s & 1 == 0 else {
      self.init(uncheckedSignificand: s, scale: sc)
      return
    }
    // Most significands fit 64 bits, where division is far cheaper than in 128.
    if let small = Int64(exactly: s) {
      var t = small
      while sc > 0, t % 10 == 0 {
        t /= 10
        sc -= 1
      }
      s = Int128(t)
    } else {
      while sc > 0, s % 10 == 0 {
        s /= 10
        sc -= 1
      }
    }
    self.init(uncheckedSignificand: s, scale: sc)
  }

  public init(_ value: Int) {
    self.init(uncheckedSignificand: Int128(value), scale: 0)
  }

  /// The value `significand / 10^scale`, normalised.
  ///
  /// A negative `scale` multiplies by a power of ten. Returns nil when the value is not
  /// representable: more than `maxScale` significant fractional digits, a magnitude that
  /// does not fit, or a significand of `Int128.min`.
  public init?(significand: Int128, scale: Int) {
    guard significand != .min else { return nil }
    if significand == 0 {
      self = .zero
      return
    }
    if scale < 0 {
      // 10^39 exceeds Int128, so any larger shift of a nonzero value overflows.
      guard scale >= -38 else { return nil }
      let (r, o) = significand.multipliedReportingOverflow(by: Int128(Dec.powersOfTen[-scale]))
      guard !o, r != .min else { return nil }
      self.init(uncheckedSignificand: r, scale: 0)
      return
    }
    var s = significand
    var sc = scale
    // Ends after at most 38 steps: a nonzero Int128 has at most 38 trailing zeros.
    while sc > Dec.maxScale, s % 10 == 0 {
      s /= 10
      sc -= 1
    }
    guard sc <= Dec.maxScale else { return nil }
    self.init(normalizing: s, scale: sc)
  }

  /// 10^0 through 10^38 (the largest power of ten below `Int128.max`). A literal table, so
  /// that the optimiser can emit it as static data.
  static let powersOfTen: [UInt128] = [
    1,
    10,
    100,
    1_000,
    10_000,
    100_000,
    1_000_000,
    10_000_000,
    100_000_000,
    1_000_000_000,
    10_000_000_000,
    100_000_000_000,
    1_000_000_000_000,
    10_000_000_000_000,
    100_000_000_000_000,
    1_000_000_000_000_000,
    10_000_000_000_000_000,
    100_000_000_000_000_000,
    1_000_000_000_000_000_000,
    10_000_000_000_000_000_000,
    100_000_000_000_000_000_000,
    1_000_000_000_000_000_000_000,
    10_000_000_000_000_000_000_000,
    100_000_000_000_000_000_000_000,
    1_000_000_000_000_000_000_000_000,
    10_000_000_000_000_000_000_000_000,
    100_000_000_000_000_000_000_000_000,
    1_000_000_000_000_000_000_000_000_000,
    10_000_000_000_000_000_000_000_000_000,
    100_000_000_000_000_000_000_000_000_000,
    1_000_000_000_000_000_000_000_000_000_000,
    10_000_000_000_000_000_000_000_000_000_000,
    100_000_000_000_000_000_000_000_000_000_000,
    1_000_000_000_000_000_000_000_000_000_000_000,
    10_000_000_000_000_000_000_000_000_000_000_000,
    100_000_000_000_000_000_000_000_000_000_000_000,
    1_000_000_000_000_000_000_000_000_000_000_000_000,
    10_000_000_000_000_000_000_000_000_000_000_000_000,
    100_000_000_000_000_000_000_000_000_000_000_000_000,
  ]

  /// `Int128.max` as a magnitude: the largest significand magnitude a `Dec` may have.
  static let maxMagnitude = UInt128(Int128.max)
}

extension Dec: ExpressibleByIntegerLiteral {
  public init(integerLiteral value: Int) {
    self.init(value)
  }
}

extension Dec: Comparable {
  public static func < (a: Dec, b: Dec) -> Bool {
    if a.scale == b.scale {
      return a.significand < b.significand
    }
    if a.scale < b.scale {
      let factor = Int128(Dec.powersOfTen[b.scale - a.scale])
      let (x, o) = a.significand.multipliedReportingOverflow(by: factor)
      // If `a` scaled up overflows, its magnitude exceeds any significand of `b`.
      return o ? a.significand < 0 : x < b.significand
    }
    let factor = Int128(Dec.powersOfTen[a.scale - b.scale])
    let (y, o) = b.significand.multipliedReportingOverflow(by: factor)
    return o ? b.significand > 0 : a.significand < y
  }
}

extension Dec {
  public var isZero: Bool { significand == 0 }
  public var isNegative: Bool { significand < 0 }
  /// -1, 0 or 1.
  public var signum: Int { significand < 0 ? -1 : (significand == 0 ? 0 : 1) }

  /// The absolute value. Never overflows: the significand is never `Int128.min`.
  public var magnitude: Dec {
    Dec(uncheckedSignificand: significand < 0 ? -significand : significand, scale: scale)
  }

  /// The absolute value (same as `magnitude`).
  public var abs: Dec { magnitude }

  /// Whether the value has no fractional part.
  public var isInteger: Bool { scale == 0 }

  /// The value as an `Int`, or nil if it has a fractional part or is out of `Int`'s range.
  public var intValue: Int? { scale == 0 ? Int(exactly: significand) : nil }

  /// The value as an `Int64`, or nil if it has a fractional part or is out of range.
  public var int64Value: Int64? { scale == 0 ? Int64(exactly: significand) : nil }
}
