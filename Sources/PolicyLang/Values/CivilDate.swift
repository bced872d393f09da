/// A calendar date in the proleptic Gregorian calendar, years 1...9999, with no time of day
/// and no time zone.
///
/// Stored as the number of days since 1970-01-01, so comparison, hashing and the number of
/// days between two dates are integer operations. Year, month and day are computed from it
/// with Howard Hinnant's `civil_from_days` algorithm.
public struct CivilDate: Sendable, Hashable {
  /// Days since 1970-01-01 (negative before it), in
  /// `CivilDate.earliest.daysSinceEpoch...CivilDate.latest.daysSinceEpoch`.
  public let daysSinceEpoch: Int

  /// The range of `daysSinceEpoch`: 0001-01-01 through 9999-12-31.
  public static let validDays = -719_162...2_932_896
  public static let validYears = 1...9999

  /// 0001-01-01.
  public static let earliest = CivilDate(unchecked: validDays.lowerBound)
  /// 9999-12-31.
  public static let latest = CivilDate(unchecked: validDays.upperBound)

  init(unchecked days: Int) {
    daysSinceEpoch = days
  }

  /// The date `days` after 1970-01-01, or nil outside years 1...9999.
  public init?(daysSinceEpoch days: Int) {
    guard CivilDate.validDays.contains(days) else { return nil }
    self.init(unchecked: days)
  }

  /// The date, or nil if it does not exist (2023-02-29, 2024-04-31, month 13) or is
  /// outside years 1...9999.
  public init?(year: Int, month: Int, day: Int) {
    guard CivilDate.validYears.contains(year), (1...12).contains(month), day >= 1,
      day <= CivilDate.daysInMonth(year: year, month: month)
    else { return nil }
    self.init(unchecked: CivilDate.days(year: year, month: month, day: day))
  }

  /// Leap years: divisible by 4, except centuries not divisible by 400.
  public static func isLeapYear(_ year: Int) -> Bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
  }

  /// 28...31, or 0 for a month outside 1...12.
  public static func daysInMonth(year: Int, month: Int) -> Int {
    switch month {
    case 1, 3, 5, 7, 8, 10, 12: return 31
    case 4, 6, 9, 11: return 30
    case 2: return isLeapYear(year) ? 29 : 28
    default: return 0
    }
  }

  /// Hinnant's `days_from_civil` for a valid date in years 1...9999.
  static func days(year: Int, month: Int, day: Int) -> Int {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yearOfEra = y - era * 400
    let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
  }

  /// Year, month and day (Hinnant's `civil_from_days`).
  public var components: (year: Int, month: Int, day: Int) {
    let z = daysSinceEpoch + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let dayOfEra = z - era * 146_097
    let yearOfEra =
      (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let mp = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * mp + 2) / 5 + 1
    let month = mp < 10 ? mp + 3 : mp - 9
    let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    return (year, month, day)
  }

  public var year: Int { components.year }
  public var month: Int { components.month }
  public var day: Int { components.day }

  /// Days of the week, numbered as in ISO 8601 (Monday = 1 … Sunday = 7).
  public enum Weekday: Int, Sendable, Hashable, CaseIterable {
    case monday = 1
    case tuesday, wednesday, thursday, friday, saturday, sunday
  }

  public var weekday: Weekday {
    // 1970-01-01 was a Thursday (ISO 4).
    let r = ((daysSinceEpoch % 7) + 7 + 3) % 7
    return Weekday(rawValue: r + 1) ?? .monday
  }

  /// Whole calendar days from `a` to `b`: `b - a`, negative if `b` is earlier.
  public static func days(from a: CivilDate, to b: CivilDate) -> Int {
    b.daysSinceEpoch - a.daysSinceEpoch
  }
}

extension CivilDate: Comparable {
  public static func < (a: CivilDate, b: CivilDate) -> Bool {
    a.daysSinceEpoch < b.daysSinceEpoch
  }
}

extension CivilDate: CustomStringConvertible, LosslessStringConvertible {
  /// `YYYY-MM-DD`, zero-padded.
  public var description: String {
    var out: [UInt8] = []
    out.reserveCapacity(10)
    write(into: &out)
    return String(decoding: out, as: UTF8.self)
  }

  /// `description`, appended to `out`.
  func write<O: ByteOutput>(into out: inout O) {
    let (y, m, d) = components
    // Ten bytes on the stack, then one append.
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 10) { b in
      let zero = UInt8(ascii: "0")
      b[0] = zero + UInt8(y / 1000 % 10)
      b[1] = zero + UInt8(y / 100 % 10)
      b[2] = zero + UInt8(y / 10 % 10)
      b[3] = zero + UInt8(y % 10)
      b[4] = UInt8(ascii: "-")
      b[5] = zero + UInt8(m / 10 % 10)
      b[6] = zero + UInt8(m % 10)
      b[7] = UInt8(ascii: "-")
      b[8] = zero + UInt8(d / 10 % 10)
      b[9] = zero + UInt8(d % 10)
      out.append(UnsafePointer(b.baseAddress!), count: 10)
    }
  }

  /// Parses `s` with `CivilDate.parse(_:)`.
  public init?(_ s: String) {
    guard let d = CivilDate.parse(s.utf8) else { return nil }
    self = d
  }

  /// Parses exactly `YYYY-MM-DD`: ten ASCII bytes, zero-padded, a real date in years
  /// 1...9999. No sign, no spaces, no time part.
  public static func parse<C: Collection>(_ bytes: C) -> CivilDate? where C.Element == UInt8 {
    guard bytes.count == 10 else { return nil }
    var fields = (0, 0, 0)
    var offset = 0
    for b in bytes {
      if offset == 4 || offset == 7 {
        guard b == UInt8(ascii: "-") else { return nil }
      } else {
        guard b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") else { return nil }
        let d = Int(b - UInt8(ascii: "0"))
        if offset < 4 {
          fields.0 = fields.0 * 10 + d
        } else if offset < 7 {
          fields.1 = fields.1 * 10 + d
        } else {
          fields.2 = fields.2 * 10 + d
        }
      }
      offset += 1
    }
    return CivilDate(year: fields.0, month: fields.1, day: fields.2)
  }
}
