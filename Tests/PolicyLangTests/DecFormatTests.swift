import Testing

@testable import PolicyLang

private func dec(_ s: String) -> Dec {
  guard let d = Dec(s) else {
    Issue.record("not a decimal: \(s)")
    return .zero
  }
  return d
}

@Suite struct DecFormatTests {
  @Test func descriptionIsCanonicalPlainDecimal() {
    let cases: [(String, String)] = [
      ("0", "0"), ("-0.0", "0"), ("-0.3", "-0.3"), ("1234.5", "1234.5"), ("120", "120"),
      ("1.500", "1.5"), ("1e3", "1000"), ("0.000000000000000001", "0.000000000000000001"),
      ("-0.05", "-0.05"), ("1234567.5", "1234567.5"),
      ("-170141183460469231731.687303715884105727", "-170141183460469231731.687303715884105727"),
    ]
    for (text, want) in cases {
      #expect(dec(text).description == want, "\(text)")
    }
    #expect("\(Dec(-7))" == "-7")
  }

  @Test func groupedInsertsThousandsSeparators() {
    #expect(dec("1234567.5").grouped() == "1,234,567.5")
    #expect(dec("1234567.5").grouped(minFractionDigits: 2) == "1,234,567.50")
    #expect(dec("-1234567.5").grouped(minFractionDigits: 2) == "-1,234,567.50")
    #expect(dec("1234").grouped() == "1,234")
    #expect(dec("123").grouped() == "123")
    #expect(dec("100000").grouped() == "100,000")
    #expect(dec("-999").grouped() == "-999")
    #expect(dec("-1000").grouped() == "-1,000")
    #expect(dec("0").grouped() == "0")
    #expect(dec("0").grouped(minFractionDigits: 2) == "0.00")
    #expect(dec("0.125").grouped(minFractionDigits: 2) == "0.125")  // padded, never cut
    #expect(dec("12").grouped(minFractionDigits: -3) == "12")
    #expect(dec("12").grouped(minFractionDigits: Int.max) == "12.000000000000000000")
    #expect(
      dec("170141183460469231731687303715884105727").grouped()
        == "170,141,183,460,469,231,731,687,303,715,884,105,727")
  }

  @Test func chineseMagnitudeReadsInWanAndYi() {
    let cases: [(String, String)] = [
      ("1250000000", "12.5亿"), ("100000000", "1亿"), ("35000", "3.5万"), ("1200000", "120万"),
      ("1234", "1,234"), ("9999.99", "9,999.99"), ("10000", "1万"), ("99999999", "9,999.9999万"),
      ("123456789.01", "1.2345678901亿"), ("0", "0"), ("0.5", "0.5"),
      ("-35000", "-3.5万"), ("-1250000000", "-12.5亿"), ("-1234.5", "-1,234.5"),
      ("1500000000000000", "15,000,000亿"),
      // Exact even past 18 fractional digits of the reading.
      ("100000000.000000000000000001", "1.00000000000000000000000001亿"),
      ("12345.000000000000000001", "1.2345000000000000000001万"),
    ]
    for (text, want) in cases {
      #expect(dec(text).chineseMagnitude() == want, "\(text)")
    }
  }

  @Test func percentRoundsHalfEvenAndDropsZeros() {
    let cases: [(String, Int, String)] = [
      ("1.25", 2, "125%"), ("1.125", 2, "112.5%"), ("0.05", 2, "5%"),
      ("1.1363636363", 2, "113.64%"), ("0", 2, "0%"), ("1", 2, "100%"),
      ("-0.05", 2, "-5%"), ("-1.1363636363", 2, "-113.64%"),
      ("0.123455", 2, "12.35%"),  // 12.3455 → 12.35 (above the tie)
      ("0.1234500", 2, "12.34%"),  // 12.345 tie → 12.34 (even)
      ("0.1235500", 2, "12.36%"),  // 12.355 tie → 12.36 (even)
      ("0.5", 0, "50%"), ("0.125", 0, "12%"), ("0.135", 0, "14%"),
      ("0.00001", 2, "0%"), ("-0.00001", 2, "0%"),  // rounds to zero: no sign
      ("123.456789", 4, "12345.6789%"), ("2", -1, "200%"),
      ("0.000000000000000001", 18, "0.0000000000000001%"),
      (
        "170141183460469231731687303715884105727", 2,
        "17014118346046923173168730371588410572700%"
      ),
    ]
    for (text, places, want) in cases {
      #expect(dec(text).percent(maxFractionDigits: places) == want, "\(text) \(places)")
    }
    #expect(dec("0.5").percent() == "50%")
  }

  @Test func descriptionRoundTripsThroughParse() {
    for text in ["0", "-0.3", "1234.5", "120", "0.000000000000000001", "-99.99"] {
      #expect(Dec(dec(text).description) == dec(text))
    }
  }
}

/// The digit writer against the simplest reading of the format: the
/// magnitude's digits from `String`, the decimal point placed by the scale,
/// trailing zeros dropped, then padded.
@Suite struct DecPlainTextTests {
  static func reference(
    negative: Bool, magnitude: UInt128, scale: Int, grouped: Bool, minFractionDigits: Int
  ) -> String {
    let digits = Array(String(magnitude))
    var integer: [Character]
    var fraction: [Character]
    if scale <= 0 {
      integer = magnitude == 0 ? digits : digits + Array(repeating: "0", count: -scale)
      fraction = []
    } else if digits.count <= scale {
      integer = ["0"]
      fraction = Array(repeating: "0", count: scale - digits.count) + digits
    } else {
      integer = Array(digits[..<(digits.count - scale)])
      fraction = Array(digits[(digits.count - scale)...])
    }
    while fraction.last == "0" { fraction.removeLast() }
    while fraction.count < minFractionDigits { fraction += ["0"] }
    var out = negative && magnitude != 0 ? "-" : ""
    for (i, d) in integer.enumerated() {
      if grouped, i > 0, (integer.count - i) % 3 == 0 { out += "," }
      out.append(d)
    }
    return fraction.isEmpty ? out : out + "." + String(fraction)
  }

  @Test func matchesTheReferenceOnRandomValues() {
    var rng = SplitMix(seed: 0xD1617)
    var cases: [(UInt128, Int)] = [
      (0, 0), (0, 5), (0, -3), (1, 0), (10, 1), (100, 2), (UInt128.max, 0),
    ]
    cases.append((UInt128.max, 18))
    cases.append((10_000_000_000_000_000_000, 19))
    cases.append((9_999_999_999_999_999_999, 0))
    for _ in 0..<3000 {
      let d = rng.nextDec()
      cases.append((d.significand.magnitude, d.scale))
      cases.append((UInt128(rng.next()), Int(rng.next(below: 30)) - 8))
    }
    for (m, scale) in cases {
      for grouped in [false, true] {
        for minFraction in [0, 2] {
          for negative in [false, true] {
            #expect(
              Dec.plainText(
                negative: negative, magnitude: m, scale: scale, grouped: grouped,
                minFractionDigits: minFraction)
                == Self.reference(
                  negative: negative, magnitude: m, scale: scale, grouped: grouped,
                  minFractionDigits: minFraction), "\(m) scale \(scale)")
          }
        }
      }
    }
  }

  /// `writeInt` (line and column numbers in JSON Lines) writes what
  /// `String(i)` writes, one-digit values included.
  @Test func writeIntMatchesString() {
    var values = [0, 1, 9, 10, 11, 99, 100, 1_000_000, -1, -9, -10, Int.min, Int.max, Int.min + 1]
    var rng = SplitMix(seed: 11)
    for _ in 0..<200 {
      values.append(Int(truncatingIfNeeded: rng.next()) >> Int(rng.next(below: 64)))
    }
    for v in values {
      var out: [UInt8] = Array("x".utf8)
      Dec.writeInt(v, into: &out)
      #expect(String(decoding: out, as: UTF8.self) == "x" + String(v), "\(v)")
    }
  }
}
