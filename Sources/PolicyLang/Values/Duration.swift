/// A calendar length of time: a number of months and a number of days, kept apart because
/// a month has no fixed number of days. Years are stored as 12 months.
///
/// Inside PolicyLang this type shadows `Swift.Duration`; code in the module that needs the
/// standard library's clock duration must write `Swift.Duration`.
public struct Duration: Sendable, Hashable {
  public let months: Int
  public let days: Int

  public static let zero = Duration(months: 0, days: 0)

  public init(months: Int, days: Int) {
    self.months = months
    self.days = days
  }

  public init(days: Int) {
    self.init(months: 0, days: days)
  }

  public init(months: Int) {
    self.init(months: months, days: 0)
  }

  /// `years * 12` months; throws `.overflow` if that does not fit an `Int`.
  public init(years: Int) throws(ArithmeticError) {
    let (m, o) = years.multipliedReportingOverflow(by: 12)
    guard !o else { throw .overflow }
    self.init(months: m, days: 0)
  }

  /// Both parts negated; throws `.overflow` for `Int.min`.
  public func negated() throws(ArithmeticError) -> Duration {
    let (m, o1) = Int(0).subtractingReportingOverflow(months)
    let (d, o2) = Int(0).subtractingReportingOverflow(days)
    guard !o1, !o2 else { throw .overflow }
    return Duration(months: m, days: d)
  }

  /// Months added to months and days to days; throws `.overflow` if either does not fit.
  public func adding(_ other: Duration) throws(ArithmeticError) -> Duration {
    let (m, o1) = months.addingReportingOverflow(other.months)
    let (d, o2) = days.addingReportingOverflow(other.days)
    guard !o1, !o2 else { throw .overflow }
    return Duration(months: m, days: d)
  }
}

extension Duration: CustomStringConvertible {
  /// English, largest unit first, zero parts left out: `30 days`, `1 month`, `2 years`,
  /// `1 year 3 months 2 days`; `0 days` for zero. Each part carries its own sign:
  /// `-1 year -3 months`.
  public var description: String {
    var parts: [String] = []
    func part(_ n: Int, _ unit: String) {
      guard n != 0 else { return }
      parts.append("\(n) \(unit)\(n == 1 || n == -1 ? "" : "s")")
    }
    part(months / 12, "year")
    part(months % 12, "month")
    part(days, "day")
    return parts.isEmpty ? "0 days" : parts.joined(separator: " ")
  }
}
