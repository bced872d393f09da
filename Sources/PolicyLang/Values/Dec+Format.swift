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
    var out: [UInt8] = []
    writeChineseMagnitude(into: &out)
    return String(decoding: out, as: UTF8.self)
  }

  /// `description`, appended to `out`.
  func writePlain<O: ByteOutput>(into out: inout O) {
    Dec.writePlain(
      negative: isNegative, magnitude: significand.magnitude, scale: scale, grouped: false,
      minFractionDigits: 0, into: &out)
  }

  /// `grouped()`, appended to `out`.
  func writeGrouped<O: ByteOutput>(into out: inout O) {
    Dec.writePlain(
      negative: isNegative, magnitude: significand.magnitude, scale: scale, grouped: true,
      minFractionDigits: 0, into: &out)
  }

  /// `String(i)`, appended to `out`, without the `String`.
  static func writeInt<O: ByteOutput>(_ i: Int, into out: inout O) {
    // A column of JSON Lines is 1: one byte, without the digit buffer.
    if i >= 0, i < 10 {
      out.append(UInt8(truncatingIfNeeded: i) &+ UInt8(ascii: "0"))
      return
    }
    if i < 0 { out.append(UInt8(ascii: "-")) }
    // 20 digits at most (`UInt64.max`).
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { buffer in
      let n = putDigits(UInt64(i.magnitude), width: 1, at: 0, buffer)
      out.append(UnsafePointer(buffer.baseAddress!), count: n)
    }
  }

  /// `chineseMagnitude()`, appended to `out`.
  func writeChineseMagnitude<O: ByteOutput>(into out: inout O) {
    let m = significand.magnitude
    // 10^(8 + scale) <= 10^26, well within the table.
    let exponent = m >= Dec.powersOfTen[8 + scale] ? 8 : m >= Dec.powersOfTen[4 + scale] ? 4 : 0
    Dec.writePlain(
      negative: isNegative, magnitude: m, scale: scale + exponent, grouped: true,
      minFractionDigits: 0, into: &out)
    if exponent == 8 {
      Dec.put("亿", into: &out)
    } else if exponent == 4 {
      Dec.put("万", into: &out)
    }
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

  /// A fixed text's bytes, appended without a `String` in between.
  @inline(__always)
  static func put<O: ByteOutput>(_ s: StaticString, into out: inout O) {
    // Not `utf8Start`: a one-character literal may be kept as a scalar.
    s.withUTF8Buffer { out.append($0) }
  }

  /// The text of `±magnitude / 10^scale` for any scale (negative: trailing zeros), with
  /// trailing fractional zeros dropped, then padded to `minFractionDigits`. Zero has no
  /// sign.
  static func plainText(
    negative: Bool, magnitude: UInt128, scale: Int, grouped: Bool, minFractionDigits: Int
  ) -> String {
    var out: [UInt8] = []
    out.reserveCapacity(48)
    writePlain(
      negative: negative, magnitude: magnitude, scale: scale, grouped: grouped,
      minFractionDigits: minFractionDigits, into: &out)
    return String(decoding: out, as: UTF8.self)
  }

  /// `plainText`, appended to `out`: the digits are made on the stack, and
  /// a caller that adds a unit (`万`, `元`) makes one `String` of it all.
  static func writePlain<O: ByteOutput>(
    negative: Bool, magnitude: UInt128, scale: Int, grouped: Bool, minFractionDigits: Int,
    into out: inout O
  ) {
    // 39 digits at most (`UInt128.max`).
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 40) { buffer in
      let count = decimalDigits(magnitude, into: buffer)
      writePlain(
        negative: negative, magnitude: magnitude,
        digits: UnsafeBufferPointer(rebasing: buffer[..<count]),
        scale: scale, grouped: grouped, minFractionDigits: minFractionDigits, into: &out)
    }
  }

  private static func writePlain<O: ByteOutput>(
    negative: Bool, magnitude: UInt128, digits: UnsafeBufferPointer<UInt8>, scale: Int,
    grouped: Bool, minFractionDigits: Int, into out: inout O
  ) {
    let zero = UInt8(ascii: "0")
    let n = digits.count
    // The integer part is digits[0..<integerDigits] then `padding` zeros; the
    // fraction is `leading` zeros then digits[fractionStart..<fractionEnd].
    let integerDigits: Int
    let padding: Int
    let leading: Int
    let fractionStart: Int
    if scale <= 0 {
      integerDigits = n
      padding = magnitude == 0 ? 0 : -scale
      leading = 0
      fractionStart = n
    } else if n <= scale {
      integerDigits = 0
      padding = 0
      leading = scale - n
      fractionStart = 0
    } else {
      integerDigits = n - scale
      padding = 0
      leading = 0
      fractionStart = n - scale
    }
    var fractionEnd = n
    while fractionEnd > fractionStart, digits[fractionEnd - 1] == zero { fractionEnd -= 1 }
    let significant = fractionEnd > fractionStart
    let fractionCount = significant ? leading + fractionEnd - fractionStart : 0
    let integerCount = max(1, integerDigits + padding)
    out.reserveMore(integerCount + integerCount / 3 + max(fractionCount, minFractionDigits) + 2)
    if negative && magnitude != 0 { out.append(UInt8(ascii: "-")) }
    for i in 0..<integerCount {
      if grouped, i > 0, (integerCount - i) % 3 == 0 { out.append(UInt8(ascii: ",")) }
      out.append(integerDigits + padding == 0 ? zero : i < integerDigits ? digits[i] : zero)
    }
    if max(fractionCount, minFractionDigits) > 0 {
      out.append(UInt8(ascii: "."))
      if significant {
        for _ in 0..<leading { out.append(zero) }
        if let p = digits.baseAddress {
          out.append(p + fractionStart, count: fractionEnd - fractionStart)
        }
      }
      for _ in fractionCount..<max(fractionCount, minFractionDigits) { out.append(zero) }
    }
  }

  /// The decimal digits of `m` (`"0"` for zero), most significant first, as
  /// ASCII, written at the start of `buffer` (40 bytes or more); returns how
  /// many. `String(UInt128)` divides the whole 128-bit value once per digit;
  /// this divides it at most twice, by 10^19, and the rest in 64 bits.
  static func decimalDigits(_ m: UInt128, into buffer: UnsafeMutableBufferPointer<UInt8>) -> Int {
    let chunk: UInt128 = 10_000_000_000_000_000_000
    // `UInt128.max` is below 10^39: two divisions by 10^19 at most.
    var low: (UInt64, UInt64) = (0, 0)
    var chunks = 0
    var rest = m
    while rest >= chunk {
      let (q, r) = rest.quotientAndRemainder(dividingBy: chunk)
      if chunks == 0 { low.0 = UInt64(r) } else { low.1 = UInt64(r) }
      chunks += 1
      rest = q
    }
    var n = putDigits(UInt64(rest), width: 1, at: 0, buffer)
    if chunks == 2 { n = putDigits(low.1, width: 19, at: n, buffer) }
    if chunks >= 1 { n = putDigits(low.0, width: 19, at: n, buffer) }
    return n
  }

  /// `v` in decimal, left-padded with zeros to `width` digits, at `at`;
  /// returns where it ends.
  static func putDigits(
    _ v: UInt64, width: Int, at start: Int, _ buffer: UnsafeMutableBufferPointer<UInt8>
  ) -> Int {
    var count = 1
    var x = v / 10
    while x != 0 {
      count += 1
      x /= 10
    }
    count = max(count, width)
    var i = start + count
    x = v
    while i > start {
      i -= 1
      buffer[i] = UInt8(truncatingIfNeeded: x % 10) &+ UInt8(ascii: "0")
      x /= 10
    }
    return start + count
  }
}
