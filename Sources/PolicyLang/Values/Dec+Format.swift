extension Dec: CustomStringConvertible {
  /// The canonical plain decimal: `0`, `-0.3`, `1234.5`, `120`. No exponent, no trailing
  /// zeros, no grouping; parsing it with `Dec.parse(_:)` gives back the same value.
  public var description: String {
    Dec.plainText(
      negative: isNegative, magnitude: significand.magnitude, scale: scale, grouped: false,
      minFractionDigits: 0)
  }

  /// The plain decimal with thousands separators in the integer part: `1,234,567.5`.
  ///
  /// The fractional part is padded with zeros to at least `minFractionDigits` digits
  /// (clamped to `0...maxScale`), never cut: `1234567.5` with 2 gives `1,234,567.50`.
  public func grouped(minFractionDigits: Int = 0) -> String {
    Dec.plainText(
      negative: isNegative, magnitude: significand.magnitude, scale: scale, grouped: true,
      minFractionDigits: Swift.min(Swift.max(minFractionDigits, 0), Dec.maxScale))
  }

  /// The exact reading in 万 (10^4) and 亿 (10^8), as in Chinese fiscal reports.
  ///
  /// At least 10^8 in magnitude: the value in 亿 (`1250000000` → `12.5亿`, `100000000` →
  /// `1亿`); at least 10^4: in 万 (`35000` → `3.5万`, `1200000` → `120万`); otherwise
  /// `grouped()` (`1234` → `1,234`). The division is a shift of the decimal point, so
  /// nothing is rounded: `123456789.01` → `1.2345678901亿`. The integer part is grouped
  /// (`1.5e15` → `15,000,000亿`), and a negative value keeps its sign (`-3.5万`).
  public func chineseMagnitude() -> String {
    let m = significand.magnitude
    // 10^(8 + scale) <= 10^26, well within the table.
    for (exponent, unit) in [(8, "亿"), (4, "万")] where m >= Dec.powersOfTen[exponent + scale] {
      return Dec.plainText(
        negative: isNegative, magnitude: m, scale: scale + exponent, grouped: true,
        minFractionDigits: 0) + unit
    }
    return grouped()
  }

  /// The value as a percentage: `1.25` → `125%`, `0.05` → `5%`, `1.125` → `112.5%`.
  ///
  /// The percentage is rounded half-even to `maxFractionDigits` (clamped to
  /// `0...maxScale`) and trailing zeros are dropped: `1.1363636363` → `113.64%`. No grouping.
  /// A value that rounds to zero prints as `0%`, without a sign.
  public func percent(maxFractionDigits: Int = 2) -> String {
    let places = Swift.min(Swift.max(maxFractionDigits, 0), Dec.maxScale)
    // value * 100 has the same digits at two fewer fractional places (maybe fewer than 0).
    var m = significand.magnitude
    var s = scale - 2
    if s > places {
      m = WideUInt(m).divided(by: Dec.powersOfTen[s - places], rounding: .halfEven).low
      s = places
    }
    return Dec.plainText(
      negative: isNegative, magnitude: m, scale: s, grouped: false, minFractionDigits: 0) + "%"
  }

  /// The text of `±magnitude / 10^scale` for any scale (negative: trailing zeros), with
  /// trailing fractional zeros dropped, then padded to `minFractionDigits`. Zero has no
  /// sign.
  static func plainText(
    negative: Bool, magnitude: UInt128, scale: Int, grouped: Bool, minFractionDigits: Int
  ) -> String {
    let digits = Array(String(magnitude).utf8)
    let zero = UInt8(ascii: "0")
    var integer: [UInt8]
    var fraction: [UInt8]
    if scale <= 0 {
      integer = magnitude == 0 ? digits : digits + [UInt8](repeating: zero, count: -scale)
      fraction = []
    } else if digits.count <= scale {
      integer = [zero]
      fraction = [UInt8](repeating: zero, count: scale - digits.count) + digits
    } else {
      integer = Array(digits[..<(digits.count - scale)])
      fraction = Array(digits[(digits.count - scale)...])
    }
    while fraction.last == zero { fraction.removeLast() }
    if fraction.count < minFractionDigits {
      fraction += [UInt8](repeating: zero, count: minFractionDigits - fraction.count)
    }
    var out: [UInt8] = []
    out.reserveCapacity(integer.count + integer.count / 3 + fraction.count + 2)
    if negative && magnitude != 0 { out.append(UInt8(ascii: "-")) }
    for (i, d) in integer.enumerated() {
      if grouped, i > 0, (integer.count - i) % 3 == 0 { out.append(UInt8(ascii: ",")) }
      out.append(d)
    }
    if !fraction.isEmpty {
      out.append(UInt8(ascii: "."))
      out += fraction
    }
    return String(decoding: out, as: UTF8.self)
  }
}
