extension Dec: LosslessStringConvertible {
  /// Parses `s` with `Dec.parse(_:)`.
  public init?(_ s: String) {
    guard let d = Dec.parse(s.utf8) else { return nil }
    self = d
  }

  /// Parses a number in the strict JSON grammar, exactly.
  ///
  ///     number = [ "-" ] int [ "." digit+ ] [ ( "e" | "E" ) [ "+" | "-" ] digit+ ]
  ///     int    = "0" | nonzero-digit digit*
  ///
  /// No leading `+`, no leading zeros, no spaces, no empty parts, no trailing bytes.
  /// Returns nil when the text is not in the grammar, when the value has more than
  /// `maxScale` significant fractional digits once the exponent is applied (`1e-19`), or
  /// when it does not fit (`1e39`). Trailing zeros cost nothing (`1.000…0` and `0e999999`
  /// parse), and a huge exponent is rejected without looping over it. `-0` is zero.
  public static func parse<C: Collection>(_ bytes: C) -> Dec? where C.Element == UInt8 {
    var i = bytes.startIndex
    let end = bytes.endIndex
    var negative = false
    if i != end, bytes[i] == UInt8(ascii: "-") {
      negative = true
      bytes.formIndex(after: &i)
    }

    var digits = MantissaAccumulator()
    guard i != end, let first = decimalDigit(bytes[i]) else { return nil }
    digits.push(first, fractional: false)
    bytes.formIndex(after: &i)
    if first == 0 {
      if i != end, decimalDigit(bytes[i]) != nil { return nil }
    } else {
      while i != end, let d = decimalDigit(bytes[i]) {
        digits.push(d, fractional: false)
        bytes.formIndex(after: &i)
      }
    }

    if i != end, bytes[i] == UInt8(ascii: ".") {
      bytes.formIndex(after: &i)
      guard i != end, decimalDigit(bytes[i]) != nil else { return nil }
      while i != end, let d = decimalDigit(bytes[i]) {
        digits.push(d, fractional: true)
        bytes.formIndex(after: &i)
      }
    }

    var exponent = 0
    var exponentTooLarge = false
    if i != end, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
      bytes.formIndex(after: &i)
      var exponentNegative = false
      if i != end, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") {
        exponentNegative = bytes[i] == UInt8(ascii: "-")
        bytes.formIndex(after: &i)
      }
      guard i != end, decimalDigit(bytes[i]) != nil else { return nil }
      while i != end, let d = decimalDigit(bytes[i]) {
        if !exponentTooLarge {
          let (m, o1) = exponent.multipliedReportingOverflow(by: 10)
          let (s, o2) = m.addingReportingOverflow(d)
          if o1 || o2 { exponentTooLarge = true } else { exponent = s }
        }
        bytes.formIndex(after: &i)
      }
      if exponentNegative { exponent = -exponent }
    }
    guard i == end else { return nil }
    return digits.value(negative: negative, exponent: exponent, exponentTooLarge: exponentTooLarge)
  }

  private static func decimalDigit(_ b: UInt8) -> Int? {
    b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") ? Int(b &- UInt8(ascii: "0")) : nil
  }
}

/// Collects the digits of a number as `mantissa * 10^pendingZeros`, holding back trailing
/// zeros so that `1.000…0` or `1000…0e-40` never overflow on the way to a small value.
private struct MantissaAccumulator {
  /// The digits read so far without their trailing zeros.
  var mantissa: UInt128 = 0
  /// Zeros read after the last nonzero digit.
  var pendingZeros = 0
  /// Digits read after the decimal point.
  var fractionDigits = 0
  /// The mantissa has outgrown 128 bits (so the value cannot fit).
  var overflow = false

  mutating func push(_ digit: Int, fractional: Bool) {
    if fractional { fractionDigits += 1 }
    if digit == 0 {
      if mantissa != 0 || overflow { pendingZeros += 1 }
      return
    }
    guard !overflow else { return }
    guard pendingZeros < 38 else {
      overflow = true
      return
    }
    let (m, o1) = mantissa.multipliedReportingOverflow(by: Dec.powersOfTen[pendingZeros + 1])
    let (s, o2) = m.addingReportingOverflow(UInt128(digit))
    if o1 || o2 { overflow = true } else { mantissa = s }
    pendingZeros = 0
  }

  /// The number `mantissa * 10^(pendingZeros - fractionDigits + exponent)`, if a `Dec`
  /// holds it exactly.
  func value(negative: Bool, exponent: Int, exponentTooLarge: Bool) -> Dec? {
    if mantissa == 0 && !overflow { return .zero }
    guard !overflow, !exponentTooLarge else { return nil }
    let (e1, o1) = exponent.addingReportingOverflow(pendingZeros)
    let (e, o2) = e1.subtractingReportingOverflow(fractionDigits)
    guard !o1, !o2 else { return nil }
    var magnitude = mantissa
    var scale = 0
    if e >= 0 {
      guard e <= 38 else { return nil }
      let (m, o) = mantissa.multipliedReportingOverflow(by: Dec.powersOfTen[e])
      guard !o else { return nil }
      magnitude = m
    } else {
      // The mantissa has no trailing zero, so the value really has -e fractional digits.
      guard e >= -Dec.maxScale else { return nil }
      scale = -e
    }
    guard magnitude <= Dec.maxMagnitude else { return nil }
    let s = Int128(magnitude)
    return Dec(uncheckedSignificand: negative ? -s : s, scale: scale)
  }
}
