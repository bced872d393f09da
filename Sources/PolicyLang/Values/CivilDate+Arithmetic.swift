extension CivilDate {
  /// The date `days` later (earlier if negative). Throws `.dateOutOfRange` if that leaves
  /// years 1...9999, for any `Int` argument.
  public func adding(days: Int) throws(ArithmeticError) -> CivilDate {
    let (d, o) = daysSinceEpoch.addingReportingOverflow(days)
    guard !o, let date = CivilDate(daysSinceEpoch: d) else { throw .dateOutOfRange }
    return date
  }

  /// The same day `months` later (earlier if negative), clamped to the end of a shorter
  /// month: 2024-01-31 + 1 month = 2024-02-29, 2023-01-31 + 1 month = 2023-02-28,
  /// 2024-03-31 − 1 month = 2024-02-29. Throws `.dateOutOfRange` outside years 1...9999.
  public func adding(months: Int) throws(ArithmeticError) -> CivilDate {
    let (y, m, d) = components
    // Months since year 0, January; cannot overflow for y <= 9999.
    let (total, o) = (y * 12 + (m - 1)).addingReportingOverflow(months)
    guard !o else { throw .dateOutOfRange }
    let year = total >= 0 ? total / 12 : (total + 1) / 12 - 1
    let month = total - year * 12 + 1
    guard CivilDate.validYears.contains(year) else { throw .dateOutOfRange }
    let day = Swift.min(d, CivilDate.daysInMonth(year: year, month: month))
    return CivilDate(unchecked: CivilDate.days(year: year, month: month, day: day))
  }

  /// `adding(months: 12 * years)`: 2024-02-29 + 1 year = 2025-02-28.
  public func adding(years: Int) throws(ArithmeticError) -> CivilDate {
    let (months, o) = years.multipliedReportingOverflow(by: 12)
    guard !o else { throw .dateOutOfRange }
    return try adding(months: months)
  }

  /// Applies the months of `duration` first (with month-end clamping), then its days:
  /// 2024-01-31 + (1 month 1 day) = 2024-03-01.
  public func adding(_ duration: Duration) throws(ArithmeticError) -> CivilDate {
    try adding(months: duration.months).adding(days: duration.days)
  }
}
