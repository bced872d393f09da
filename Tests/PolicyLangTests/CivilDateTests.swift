import Testing

@testable import PolicyLang

private func date(_ s: String) -> CivilDate {
  guard let d = CivilDate(s) else {
    Issue.record("not a date: \(s)")
    return .earliest
  }
  return d
}

@Suite struct CivilDateTests {
  @Test func epochAndRange() {
    #expect(date("1970-01-01").daysSinceEpoch == 0)
    #expect(date("1970-01-02").daysSinceEpoch == 1)
    #expect(date("1969-12-31").daysSinceEpoch == -1)
    #expect(date("2000-03-01").daysSinceEpoch == 11_017)
    #expect(date("0001-01-01") == CivilDate.earliest)
    #expect(date("9999-12-31") == CivilDate.latest)
    #expect(CivilDate.earliest.daysSinceEpoch == -719_162)
    #expect(CivilDate.latest.daysSinceEpoch == 2_932_896)
    #expect(CivilDate(daysSinceEpoch: 2_932_897) == nil)
    #expect(CivilDate(daysSinceEpoch: -719_163) == nil)
    #expect(CivilDate(daysSinceEpoch: Int.min) == nil)
  }

  @Test func validatesLeapYears() {
    #expect(CivilDate(year: 2024, month: 2, day: 29) != nil)
    #expect(CivilDate(year: 2023, month: 2, day: 29) == nil)
    #expect(CivilDate(year: 1900, month: 2, day: 29) == nil)
    #expect(CivilDate(year: 2000, month: 2, day: 29) != nil)
    #expect(CivilDate(year: 2024, month: 2, day: 30) == nil)
    #expect(CivilDate(year: 2024, month: 4, day: 31) == nil)
    #expect(CivilDate(year: 2024, month: 12, day: 31) != nil)
    #expect(CivilDate(year: 2024, month: 13, day: 1) == nil)
    #expect(CivilDate(year: 2024, month: 0, day: 1) == nil)
    #expect(CivilDate(year: 2024, month: 1, day: 0) == nil)
    #expect(CivilDate(year: 0, month: 1, day: 1) == nil)
    #expect(CivilDate(year: 10_000, month: 1, day: 1) == nil)
    #expect(CivilDate(year: Int.max, month: Int.min, day: Int.max) == nil)
    #expect(CivilDate.isLeapYear(2024) && !CivilDate.isLeapYear(2100) && CivilDate.isLeapYear(2400))
  }

  @Test func componentsAndDescription() {
    let d = date("2024-02-29")
    #expect(d.year == 2024 && d.month == 2 && d.day == 29)
    #expect(d.description == "2024-02-29")
    #expect(CivilDate(year: 7, month: 3, day: 5)?.description == "0007-03-05")
    #expect(CivilDate.earliest.description == "0001-01-01")
    #expect(CivilDate.latest.description == "9999-12-31")
  }

  @Test func weekdays() {
    #expect(date("1970-01-01").weekday == .thursday)
    #expect(date("2024-02-29").weekday == .thursday)
    #expect(date("2000-01-01").weekday == .saturday)
    #expect(date("1969-12-29").weekday == .monday)
    #expect(date("1969-12-28").weekday == .sunday)
    #expect(CivilDate.earliest.weekday == .monday)
    #expect(CivilDate.latest.weekday == .friday)
  }

  @Test func parseIsStrict() {
    #expect(CivilDate("2023-05-01") == CivilDate(year: 2023, month: 5, day: 1))
    let bytes = Array("on 2019-12-12.".utf8)
    #expect(CivilDate.parse(bytes[3..<13]) == CivilDate(year: 2019, month: 12, day: 12))
    let rejected = [
      "", "2023-5-1", "2023-05-1", "2023-5-01", "23-05-01", "2023/05/01", "2023-05-01 ",
      " 2023-05-01", "2023-05-01T00:00", "+2023-05-01", "-2023-05-01", "20230501", "2023-13-01",
      "2023-00-10", "2023-02-29", "0000-01-01", "2023-04-31", "2023-05-00", "2O23-05-01",
      "２０２３-05-01", "2023-05-0１", "2023--5-01", "10000-01-01",
    ]
    for text in rejected {
      #expect(CivilDate(text) == nil, "\(text.debugDescription) should be rejected")
    }
  }

  @Test func addingDays() throws {
    #expect(try date("2024-02-28").adding(days: 1) == date("2024-02-29"))
    #expect(try date("2023-02-28").adding(days: 1) == date("2023-03-01"))
    #expect(try date("2024-12-31").adding(days: 1) == date("2025-01-01"))
    #expect(try date("2024-03-01").adding(days: -1) == date("2024-02-29"))
    #expect(try date("2023-05-01").adding(days: 0) == date("2023-05-01"))
    #expect(try date("9999-12-30").adding(days: 1) == CivilDate.latest)
    #expect(throws: ArithmeticError.dateOutOfRange) { try CivilDate.latest.adding(days: 1) }
    #expect(throws: ArithmeticError.dateOutOfRange) { try CivilDate.earliest.adding(days: -1) }
    #expect(throws: ArithmeticError.dateOutOfRange) { try date("2000-01-01").adding(days: .max) }
    #expect(throws: ArithmeticError.dateOutOfRange) { try date("2000-01-01").adding(days: .min) }
  }

  @Test func addingMonthsClampsToMonthEnd() throws {
    #expect(try date("2024-01-31").adding(months: 1) == date("2024-02-29"))
    #expect(try date("2023-01-31").adding(months: 1) == date("2023-02-28"))
    #expect(try date("2024-03-31").adding(months: -1) == date("2024-02-29"))
    #expect(try date("2024-05-31").adding(months: 1) == date("2024-06-30"))
    #expect(try date("2024-01-15").adding(months: 13) == date("2025-02-15"))
    #expect(try date("2024-01-15").adding(months: -1) == date("2023-12-15"))
    #expect(try date("2024-01-15").adding(months: -13) == date("2022-12-15"))
    #expect(try date("2024-01-15").adding(months: -24) == date("2022-01-15"))
    #expect(try date("2024-12-31").adding(months: 2) == date("2025-02-28"))
    #expect(try date("2024-02-29").adding(years: 1) == date("2025-02-28"))
    #expect(try date("2024-02-29").adding(years: 4) == date("2028-02-29"))
    #expect(try date("2024-02-29").adding(years: -100) == date("1924-02-29"))
    #expect(try date("2000-02-29").adding(years: 100) == date("2100-02-28"))
    #expect(try date("9999-11-30").adding(months: 1) == date("9999-12-30"))
    #expect(try date("0001-02-28").adding(months: -1) == date("0001-01-28"))
  }

  @Test func monthAndYearOverflow() {
    #expect(throws: ArithmeticError.dateOutOfRange) { try date("9999-12-01").adding(months: 1) }
    #expect(throws: ArithmeticError.dateOutOfRange) { try date("9999-01-01").adding(years: 1) }
    #expect(throws: ArithmeticError.dateOutOfRange) { try date("0001-01-31").adding(months: -1) }
    #expect(throws: ArithmeticError.dateOutOfRange) { try date("2024-01-01").adding(months: .max) }
    #expect(throws: ArithmeticError.dateOutOfRange) { try date("2024-01-01").adding(months: .min) }
    #expect(throws: ArithmeticError.dateOutOfRange) { try date("2024-01-01").adding(years: .max) }
    #expect(throws: ArithmeticError.dateOutOfRange) { try date("2024-01-01").adding(years: .min) }
  }

  @Test func daysBetweenAcrossLeapYears() {
    #expect(CivilDate.days(from: date("2024-01-01"), to: date("2025-01-01")) == 366)
    #expect(CivilDate.days(from: date("2023-01-01"), to: date("2024-01-01")) == 365)
    #expect(CivilDate.days(from: date("2024-02-28"), to: date("2024-03-01")) == 2)
    #expect(CivilDate.days(from: date("2023-02-28"), to: date("2023-03-01")) == 1)
    #expect(CivilDate.days(from: date("2025-01-01"), to: date("2024-01-01")) == -366)
    #expect(CivilDate.days(from: date("1900-01-01"), to: date("2000-01-01")) == 36_524)
    #expect(CivilDate.days(from: date("2000-01-01"), to: date("2100-01-01")) == 36_525)
    #expect(CivilDate.days(from: date("2019-12-12"), to: date("2023-05-01")) == 1236)
    #expect(CivilDate.days(from: .earliest, to: .latest) == 3_652_058)
  }

  @Test func orderingFollowsTheCalendar() {
    let dates = ["2024-03-01", "1999-12-31", "2024-02-29", "0001-01-01", "9999-12-31"]
    #expect(
      dates.map(date).sorted().map(\.description) == [
        "0001-01-01", "1999-12-31", "2024-02-29", "2024-03-01", "9999-12-31",
      ])
    #expect(date("2024-02-29") < date("2024-03-01"))
  }

  @Test func addDaysThenCountThemBack() throws {
    var rng = SplitMix(seed: 42)
    let span = UInt64(CivilDate.validDays.count)
    for _ in 0..<5000 {
      let start = try #require(
        CivilDate(daysSinceEpoch: CivilDate.validDays.lowerBound + Int(rng.next(below: span))))
      let n = Int(rng.next(below: 40_001)) - 20_000
      let (y, m, d) = start.components
      #expect(CivilDate(year: y, month: m, day: d) == start)
      #expect(CivilDate(start.description) == start)
      guard let end = try? start.adding(days: n) else {
        #expect(!CivilDate.validDays.contains(start.daysSinceEpoch + n))
        continue
      }
      #expect(CivilDate.days(from: start, to: end) == n)
      #expect(CivilDate.days(from: end, to: start) == -n)
    }
  }

  @Test func everyDayOfFourHundredYearsRoundTrips() throws {
    // One full Gregorian cycle: components, validation and day numbers agree day by day.
    var expected = try #require(CivilDate(year: 1600, month: 1, day: 1)).daysSinceEpoch
    for year in 1600..<2000 {
      for month in 1...12 {
        for day in 1...CivilDate.daysInMonth(year: year, month: month) {
          let d = try #require(CivilDate(year: year, month: month, day: day))
          #expect(d.daysSinceEpoch == expected)
          expected += 1
        }
      }
    }
    #expect(expected == (try #require(CivilDate(year: 2000, month: 1, day: 1))).daysSinceEpoch)
  }
}

@Suite struct DurationTests {
  @Test func constructionAndDescription() throws {
    #expect(Duration(days: 30).description == "30 days")
    #expect(Duration(days: 1).description == "1 day")
    #expect(Duration(months: 1).description == "1 month")
    #expect(try Duration(years: 2).description == "2 years")
    #expect(try Duration(years: 2).months == 24)
    #expect(Duration(months: 15, days: 2).description == "1 year 3 months 2 days")
    #expect(Duration(months: 12, days: 1).description == "1 year 1 day")
    #expect(Duration.zero.description == "0 days")
    #expect(Duration(months: -15).description == "-1 year -3 months")
    #expect(Duration(days: -1).description == "-1 day")
    #expect(throws: ArithmeticError.overflow) { try Duration(years: .max) }
  }

  @Test func arithmetic() throws {
    #expect(try Duration(months: 2, days: 3).negated() == Duration(months: -2, days: -3))
    #expect(try Duration(months: 1).adding(Duration(days: 5)) == Duration(months: 1, days: 5))
    #expect(throws: ArithmeticError.overflow) { try Duration(days: .min).negated() }
    #expect(throws: ArithmeticError.overflow) {
      try Duration(months: .max).adding(Duration(months: 1))
    }
  }

  @Test func applyMonthsThenDays() throws {
    let d = Duration(months: 1, days: 1)
    #expect(try date("2024-01-31").adding(d) == date("2024-03-01"))
    #expect(try date("2024-01-30").adding(Duration(days: 30)) == date("2024-02-29"))
    #expect(try date("2024-02-29").adding(try Duration(years: 1)) == date("2025-02-28"))
    #expect(throws: ArithmeticError.dateOutOfRange) {
      try CivilDate.latest.adding(Duration(days: 1))
    }
  }
}
