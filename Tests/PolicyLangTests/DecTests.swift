import Testing

@testable import PolicyLang

/// Parses a literal that the test knows is valid.
private func dec(_ s: String) -> Dec {
  guard let d = Dec(s) else {
    Issue.record("not a decimal: \(s)")
    return .zero
  }
  return d
}

private let maxText = "170141183460469231731687303715884105727"

@Suite struct DecTests {
  @Test func pointOnePlusPointTwoIsPointThree() throws {
    let sum = try dec("0.1").adding(dec("0.2"))
    #expect(sum == dec("0.3"))
    #expect(sum.description == "0.3")
    #expect(sum.significand == 3 && sum.scale == 1)
  }

  @Test func equalityAndHashAreByValue() {
    let a = dec("1.50")
    let b = dec("1.5")
    #expect(a == b)
    #expect(a.hashValue == b.hashValue)
    #expect(Set([a, b, dec("1.500000"), dec("15e-1")]).count == 1)
    #expect(a.significand == 15 && a.scale == 1)
    #expect(Dec(significand: 150, scale: 2) == b)
    #expect(dec("120").significand == 120 && dec("120").scale == 0)
    #expect(dec("-0") == .zero && dec("-0.000").description == "0")
    #expect(dec("1.0") == Dec.one)
    #expect(Dec(7) == dec("7.000"))
    let literal: Dec = 42
    #expect(literal == dec("42"))
  }

  @Test func significandInitialiser() {
    #expect(Dec(significand: 10, scale: 19) == dec("0.000000000000000001"))
    #expect(Dec(significand: 1, scale: 19) == nil)
    #expect(Dec(significand: 5, scale: -2) == dec("500"))
    #expect(Dec(significand: 2, scale: -38) == nil)  // 2e38 > Int128.max
    #expect(Dec(significand: 1, scale: -38) == dec("1e38"))
    #expect(Dec(significand: 1, scale: -39) == nil)
    #expect(Dec(significand: .min, scale: 0) == nil)
    #expect(Dec(significand: 0, scale: Int.max) == .zero)
    #expect(Dec(significand: 7, scale: Int.max) == nil)
    #expect(Dec(significand: 7, scale: Int.min) == nil)
    #expect(Dec(significand: 0, scale: Int.min) == .zero)
    #expect(
      Dec(significand: .max, scale: 18)?.description == "170141183460469231731.687303715884105727")
  }

  @Test func parseAcceptsTheJSONGrammar() {
    let cases: [(String, String)] = [
      ("0", "0"), ("-0", "0"), ("7", "7"), ("-7", "-7"), ("120", "120"),
      ("1.50", "1.5"), ("0.05", "0.05"), ("-0.3", "-0.3"), ("1234.5", "1234.5"),
      ("0.000000000000000001", "0.000000000000000001"),
      ("1.000000000000000000000000000000000000000000000000", "1"),
      ("0.5", "0.5"), ("10.25", "10.25"),
      (maxText, maxText), ("-" + maxText, "-" + maxText),
    ]
    for (text, canonical) in cases {
      #expect(Dec(text)?.description == canonical, "\(text)")
    }
  }

  @Test func parseAppliesExponents() {
    let cases: [(String, String)] = [
      ("1e3", "1000"), ("1E3", "1000"), ("1e+3", "1000"), ("1E-3", "0.001"),
      ("1.5e-3", "0.0015"), ("12.34e1", "123.4"), ("12.34e2", "1234"), ("1e0", "1"),
      ("1e-0", "1"), ("1e007", "10000000"), ("-2.5e1", "-25"), ("100e-20", "0.000000000000000001"),
      ("1e-18", "0.000000000000000001"), ("1e38", "100000000000000000000000000000000000000"),
      ("1.70141183460469231731687303715884105727e38", maxText),
      ("0e999999999", "0"), ("0e99999999999999999999999999999", "0"), ("0.0e-999999999", "0"),
      ("10000000000000000000000000000000000000000e-10", "1000000000000000000000000000000"),
      ("5000000000000000000000000000000000000000000000000e-60", "0.000000000005"),
    ]
    for (text, canonical) in cases {
      #expect(Dec(text)?.description == canonical, "\(text)")
    }
  }

  @Test func parseRejectsEverythingElse() {
    let rejected = [
      "", "-", "+1", " 1", "1 ", "\t1", "1\n", "01", "-01", "00", "00.5", "1.", ".5", "-.5",
      "1.e3", "1e", "1E", "1e+", "1e-", "e5", "12abc", "1x", "0x10", "1,000", "1_000",
      "1..2", "1.2.3", "--1", "-+1", "1e1.5", "1e--2", "1e+-2", "NaN", "nan", "Infinity",
      "-Infinity", "inf", "１", "1\u{0}", "٣",
    ]
    for text in rejected {
      #expect(Dec(text) == nil, "\(text.debugDescription) should be rejected")
    }
  }

  @Test func parseRejectsWhatDoesNotFit() {
    let rejected = [
      "1e-19", "0.0000000000000000001", "1.0000000000000000001", "-1e-19", "123e-21",
      "170141183460469231731687303715884105728",  // Int128.max + 1
      "-170141183460469231731687303715884105728",  // Int128.min: excluded by design
      "1e39", "2e38", "1.7015e38", "1e999999999", "1e-999999999",
      "1e99999999999999999999999999999", "1e-99999999999999999999999999999",
      "1" + String(repeating: "0", count: 39),
      "0." + String(repeating: "0", count: 100) + "1",
      "1" + String(repeating: "0", count: 200) + "1e-100",
    ]
    for text in rejected {
      #expect(Dec(text) == nil, "\(text) should be rejected")
    }
  }

  @Test func parseTakesAnyByteCollection() {
    let bytes: [UInt8] = Array("x12.5y".utf8)
    #expect(Dec.parse(bytes[1..<5]) == dec("12.5"))
    #expect(Dec.parse(bytes) == nil)
    let s: Substring = "price=9.99".split(separator: "=")[1]
    #expect(Dec.parse(s.utf8) == dec("9.99"))
  }

  @Test func addAndSubtractAlignScales() throws {
    #expect(try dec("1.5").adding(dec("2.25")) == dec("3.75"))
    #expect(try dec("0.15").adding(dec("0.05")).description == "0.2")
    #expect(try dec("100").subtracting(dec("0.001")) == dec("99.999"))
    #expect(try dec("-1.5").adding(dec("1.5")) == .zero)
    #expect(try dec("-1.5").adding(dec("1.5")).scale == 0)
    #expect(
      try dec("0.000000000000000001").adding(dec("1e20")).description
        == "100000000000000000000.000000000000000001")
  }

  @Test func addOverflowsOnlyAtInt128Edges() throws {
    let max = dec(maxText)
    let min = dec("-" + maxText)
    #expect(throws: ArithmeticError.overflow) { try max.adding(.one) }
    #expect(throws: ArithmeticError.overflow) { try min.subtracting(.one) }
    #expect(throws: ArithmeticError.overflow) { try min.adding(min) }
    #expect(throws: ArithmeticError.overflow) { try max.adding(dec("0.5")) }
    #expect(try max.adding(dec("-1")).description == "170141183460469231731687303715884105726")
    #expect(try max.subtracting(max) == .zero)
    #expect(try min.adding(max) == .zero)
    // Aligning 1.8e20 to 18 places overflows Int128, yet the sum fits.
    let sum = try dec("180000000000000000000").adding(
      dec("-169999999999999999999.999999999999999999"))
    #expect(sum.description == "10000000000000000000.000000000000000001")
    // Same scale: the raw sum overflows, but its trailing zero is stripped.
    let big = dec("15000000000000000000000000000000000000.5")
    #expect(try big.adding(big).description == "30000000000000000000000000000000000001")
  }

  @Test func multiplyIsExactOrRoundsHalfEvenAt18Places() throws {
    #expect(try dec("1.5").multiplying(dec("1.5")) == dec("2.25"))
    #expect(try dec("0.5").multiplying(dec("0.2")).description == "0.1")
    #expect(try dec("-3").multiplying(dec("0.25")) == dec("-0.75"))
    #expect(try dec("0").multiplying(dec("-5")).description == "0")
    #expect(try dec("1e-9").multiplying(dec("1e-9")) == dec("1e-18"))
    // Products with 19 or more fractional digits round half-even at 18.
    #expect(try dec("1e-9").multiplying(dec("1e-10")) == .zero)  // 0.1e-18 → 0
    #expect(try dec("5e-10").multiplying(dec("1e-9")) == .zero)  // tie 0.5e-18 → 0 (even)
    #expect(try dec("1.5e-9").multiplying(dec("1e-9")) == dec("2e-18"))  // tie → 2
    #expect(try dec("2.5e-9").multiplying(dec("1e-9")) == dec("2e-18"))  // tie → 2
    #expect(try dec("2.51e-9").multiplying(dec("1e-9")) == dec("3e-18"))
    #expect(try dec("-1.5e-9").multiplying(dec("1e-9")) == dec("-2e-18"))
    #expect(try dec("-2.5e-9").multiplying(dec("1e-9")) == dec("-2e-18"))
    // The 256-bit product is rounded: max * 0.5 ends in a tie (…63.5 → …64).
    let max18 = try #require(Dec(significand: .max, scale: 18))
    #expect(
      try max18.multiplying(dec("0.5")).description
        == "85070591730234615865.843651857942052864")
    #expect(
      try max18.multiplying(dec("0.3")).description
        == "51042355038140769519.506191114765231718")
    #expect(throws: ArithmeticError.overflow) { try max18.multiplying(dec("3")) }
  }

  @Test func multiplyOverflow() throws {
    #expect(try dec("1e19").multiplying(dec("1e19")) == dec("1e38"))
    #expect(throws: ArithmeticError.overflow) { try dec("1e20").multiplying(dec("1e19")) }
    #expect(throws: ArithmeticError.overflow) { try dec(maxText).multiplying(dec("2")) }
    #expect(throws: ArithmeticError.overflow) { try dec(maxText).multiplying(dec("-1.1")) }
    #expect(throws: ArithmeticError.overflow) {
      try dec(maxText).multiplying(dec(maxText))
    }
    #expect(try dec(maxText).multiplying(dec("-1")) == dec("-" + maxText))
    // An intermediate beyond 128 bits that rounds back into range.
    #expect(
      try dec(maxText).multiplying(dec("0.1")).description
        == "17014118346046923173168730371588410572.7")
  }

  @Test func divisionIsExactWhenItTerminates() throws {
    #expect(try dec("1").dividing(by: dec("4")) == dec("0.25"))
    #expect(try dec("10").dividing(by: dec("8")) == dec("1.25"))
    #expect(try dec("1").dividing(by: dec("1024")) == dec("0.0009765625"))
    #expect(try dec("7.5").dividing(by: dec("-2.5")) == dec("-3"))
    #expect(try dec("0").dividing(by: dec("3")) == .zero)
    #expect(try dec("1e20").dividing(by: dec("1e-18")) == dec("1e38"))
    #expect(try dec(maxText).dividing(by: .one) == dec(maxText))
    #expect(try dec("1e-18").dividing(by: dec("1e-18")) == .one)
  }

  @Test func divisionRoundsHalfEvenAt18Places() throws {
    #expect(try dec("1").dividing(by: dec("3")).description == "0.333333333333333333")
    #expect(try dec("2").dividing(by: dec("3")).description == "0.666666666666666667")
    #expect(try dec("-2").dividing(by: dec("3")).description == "-0.666666666666666667")
    #expect(try dec("2").dividing(by: dec("-3")).description == "-0.666666666666666667")
    #expect(try dec("1").dividing(by: dec("3e15")).description == "0.000000000000000333")
    #expect(
      try dec("1e20").dividing(by: dec("3")).description
        == "33333333333333333333.333333333333333333")
    // The 19th digit is exactly 5 followed by nothing: ties go to the even 18th digit.
    #expect(try dec("1e-18").dividing(by: dec("2")) == .zero)  // 0.5e-18 → 0
    #expect(try dec("3e-18").dividing(by: dec("2")) == dec("2e-18"))  // 1.5e-18 → 2e-18
    #expect(try dec("5e-18").dividing(by: dec("2")) == dec("2e-18"))  // 2.5e-18 → 2e-18
    #expect(try dec("-3e-18").dividing(by: dec("2")) == dec("-2e-18"))
    #expect(try dec("-5e-18").dividing(by: dec("2")) == dec("-2e-18"))
    #expect(
      try dec("0.123456789012345678").dividing(by: dec("10")).description
        == "0.012345678901234568")  // …678 / 10 = …67.8 → …68
    #expect(
      try dec("0.123456789012345665").dividing(by: dec("10")).description
        == "0.012345678901234566")  // …66.5 → …66 (even)
    #expect(
      try dec("0.123456789012345675").dividing(by: dec("10")).description
        == "0.012345678901234568")  // …67.5 → …68 (even)
    // Below and above the tie.
    #expect(try dec("1e-18").dividing(by: dec("4")) == .zero)  // 0.25e-18
    #expect(try dec("3e-18").dividing(by: dec("4")) == dec("1e-18"))  // 0.75e-18
  }

  @Test func divisionErrors() throws {
    #expect(throws: ArithmeticError.divisionByZero) { try dec("1").dividing(by: .zero) }
    #expect(throws: ArithmeticError.divisionByZero) { try Dec.zero.dividing(by: dec("-0.0")) }
    #expect(throws: ArithmeticError.overflow) { try dec(maxText).dividing(by: dec("0.5")) }
    #expect(throws: ArithmeticError.overflow) { try dec("1e37").dividing(by: dec("0.01")) }
    // Non-terminating quotients keep 18 places, so a huge one does not fit.
    #expect(throws: ArithmeticError.overflow) { try dec("1e21").dividing(by: dec("3")) }
    #expect(try dec("1e21").dividing(by: dec("4")) == dec("250000000000000000000"))
  }

  @Test func negationAndSign() throws {
    #expect(try dec("1.5").negated() == dec("-1.5"))
    #expect(try Dec.zero.negated() == .zero)
    #expect(try dec("-" + maxText).negated() == dec(maxText))
    #expect(dec("-2.5").magnitude == dec("2.5"))
    #expect(dec("-2.5").abs == dec("2.5"))
    #expect(dec("-" + maxText).magnitude == dec(maxText))
    #expect(dec("-0.1").isNegative && !dec("0").isNegative && !dec("0.1").isNegative)
    #expect(dec("0").isZero && !dec("1e-18").isZero)
    #expect(dec("-3").signum == -1 && Dec.zero.signum == 0 && dec("1e-18").signum == 1)
  }

  @Test func integerViews() {
    #expect(dec("42").isInteger && !dec("42.5").isInteger && dec("4.0").isInteger)
    #expect(dec("42").intValue == 42)
    #expect(dec("-42").int64Value == -42)
    #expect(dec("42.5").intValue == nil)
    #expect(dec("9223372036854775807").intValue == Int.max)
    #expect(dec("9223372036854775808").intValue == nil)
    #expect(dec("-9223372036854775808").int64Value == Int64.min)
    #expect(dec("-9223372036854775809").int64Value == nil)
  }

  @Test func orderingAcrossScales() throws {
    #expect(dec("1.5") < dec("2"))
    #expect(dec("2") > dec("1.999999999999999999"))
    #expect(dec("-1.5") < dec("-1.25"))
    #expect(dec("-1") < dec("-0.999999999999999999"))
    #expect(dec("0") < dec("1e-18"))
    #expect(dec("-1e-18") < dec("0"))
    #expect(!(dec("1.50") < dec("1.5")) && !(dec("1.5") < dec("1.50")))
    // Scaling the coarser value up overflows Int128: decided by its sign.
    let max = dec(maxText)
    #expect(dec("0.5") < max && !(max < dec("0.5")))
    #expect(dec("-" + maxText) < dec("0.5") && !(dec("0.5") < dec("-" + maxText)))
    #expect(dec("1e20") > dec("99999999999999999999.999999999999999999"))
    let sorted = ["3", "-0.5", "2.75", "0", "-10", "2.7", "1e-18", "-1e-18"].map(dec).sorted()
    #expect(
      sorted.map(\.description) == [
        "-10", "-0.5", "-0.000000000000000001", "0", "0.000000000000000001", "2.7", "2.75", "3",
      ])
  }

  @Test func roundingRules() throws {
    // (value, halfEven, halfUp, down, up, floor, ceiling) to 0 places.
    let table: [(String, [String])] = [
      ("2.5", ["2", "3", "2", "3", "2", "3"]),
      ("3.5", ["4", "4", "3", "4", "3", "4"]),
      ("-2.5", ["-2", "-3", "-2", "-3", "-3", "-2"]),
      ("-3.5", ["-4", "-4", "-3", "-4", "-4", "-3"]),
      ("2.51", ["3", "3", "2", "3", "2", "3"]),
      ("-2.51", ["-3", "-3", "-2", "-3", "-3", "-2"]),
      ("2.1", ["2", "2", "2", "3", "2", "3"]),
      ("-2.1", ["-2", "-2", "-2", "-3", "-3", "-2"]),
      ("-2.7", ["-3", "-3", "-2", "-3", "-3", "-2"]),
      ("0.4", ["0", "0", "0", "1", "0", "1"]),
      ("-0.4", ["0", "0", "0", "-1", "-1", "0"]),
    ]
    let rules: [RoundingRule] = [.halfEven, .halfUp, .down, .up, .floor, .ceiling]
    for (value, expected) in table {
      for (rule, want) in zip(rules, expected) {
        #expect(
          try dec(value).rounded(places: 0, rule: rule).description == want, "\(value) \(rule)")
      }
    }
  }

  @Test func roundingPlaces() throws {
    #expect(try dec("1.005").rounded(places: 2) == dec("1"))
    #expect(try dec("1.015").rounded(places: 2) == dec("1.02"))
    #expect(try dec("1.125").rounded(places: 2) == dec("1.12"))
    #expect(try dec("1.125").rounded(places: 2, rule: .halfUp) == dec("1.13"))
    #expect(try dec("-1.125").rounded(places: 2, rule: .halfUp) == dec("-1.13"))
    #expect(try dec("-1.125").rounded(places: 2, rule: .floor) == dec("-1.13"))
    #expect(try dec("1.5").rounded(places: 3) == dec("1.5"))
    #expect(try dec("1.5").rounded(places: Int.max) == dec("1.5"))
    #expect(try dec("1250").rounded(places: -2) == dec("1200"))
    #expect(try dec("1350").rounded(places: -2) == dec("1400"))
    #expect(try dec("1250").rounded(places: -2, rule: .halfUp) == dec("1300"))
    #expect(try dec("-1250.5").rounded(places: -2) == dec("-1300"))
    #expect(try dec("5").rounded(places: -38, rule: .up) == dec("1e38"))
    #expect(throws: ArithmeticError.overflow) { try dec("5").rounded(places: -39, rule: .up) }
    #expect(throws: ArithmeticError.overflow) { try dec("5").rounded(places: Int.min, rule: .up) }
    #expect(try dec("5").rounded(places: Int.min, rule: .halfUp) == .zero)
    #expect(try dec(maxText).rounded(places: -100, rule: .down) == .zero)
    #expect(try dec(maxText).rounded(places: -38, rule: .down) == dec("1e38"))
    #expect(throws: ArithmeticError.overflow) { try dec(maxText).rounded(places: -38) }  // 2e38
    #expect(try dec("-" + maxText).rounded(places: 0, rule: .floor) == dec("-" + maxText))
  }

  @Test func propertiesHoldForManyValues() throws {
    var rng = SplitMix(seed: 0x5eed)
    var checked = 0
    for _ in 0..<3000 {
      let a = rng.nextDec()
      let b = rng.nextDec()
      #expect(Dec(a.description) == a)
      if let difference = try? a.subtracting(b) {
        #expect((a < b) == difference.isNegative)
        #expect((a == b) == difference.isZero)
      } else {
        // The exact difference needs more digits than fit; check the order on floors.
        let fa = try a.rounded(places: 0, rule: .floor)
        let fb = try b.rounded(places: 0, rule: .floor)
        if fa != fb { #expect((a < b) == (fa < fb)) }
      }
      guard let sum = try? a.adding(b) else { continue }
      #expect(try sum.subtracting(b) == a, "(\(a) + \(b)) - \(b)")
      #expect(try b.adding(a) == sum)
      if let product = try? a.multiplying(b), !b.isZero, a.scale + b.scale <= Dec.maxScale {
        #expect(try product.dividing(by: b) == a, "(\(a) * \(b)) / \(b)")
      }
      checked += 1
    }
    #expect(checked > 2000)
  }
}

/// A small deterministic generator for property-style loops.
struct SplitMix {
  var state: UInt64
  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  mutating func next(below n: UInt64) -> UInt64 { next() % n }

  /// Decimals of widely varying size and scale, including large ones near the edges.
  mutating func nextDec() -> Dec {
    let digits = Int(next(below: 38)) + 1
    var text = ""
    for i in 0..<digits {
      let d = i == 0 ? next(below: 9) + 1 : next(below: 10)
      text += String(d)
    }
    let scale = Int(next(below: 19))
    let negative = next(below: 2) == 0
    let sig = Int128(text) ?? 1
    return Dec(significand: negative ? -sig : sig, scale: scale) ?? .one
  }
}
