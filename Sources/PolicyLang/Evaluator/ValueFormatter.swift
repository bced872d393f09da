/// How values appear in messages and explanations: money exactly, with
/// thousands separators (and a 万/亿 reading in Chinese), dates as dates.
public struct ValueFormatter: Sendable {
  public var language: Language

  public init(language: Language) { self.language = language }

  public func format(_ v: Value, as type: PType) -> String {
    switch v {
    case .null: return language == .zh ? "（无）" : "(none)"
    case .bool(let b): return language == .zh ? (b ? "是" : "否") : (b ? "true" : "false")
    case .int(let i): return format(i, as: type)
    case .dec(let d): return format(d, as: type)
    case .text(let s): return s
    case .date(let d): return d.description
    case .duration(let d): return duration(d)
    case .list(let items):
      let elem = type.unwrapped.elementType ?? .never
      return items.map { format($0, as: elem) }.joined(separator: language == .zh ? "、" : ", ")
    case .record(let r):
      let parts = zip(r.type.fields, r.fields).map { f, v in "\(f.name): \(format(v, as: f.type))" }
      return "{" + parts.joined(separator: ", ") + "}"
    }
  }

  /// A number of `type`: money in 万/亿 (Chinese) or with ¥ and grouping.
  public func format(_ i: Int, as type: PType) -> String {
    type.unwrapped == .money ? money(Dec(i)) : String(i)
  }

  public func format(_ d: Dec, as type: PType) -> String {
    type.unwrapped == .money ? money(d) : d.description
  }

  public func money(_ d: Dec) -> String {
    guard language == .zh else { return "¥" + d.grouped() }
    // One `String` of the digits, the magnitude and the unit.
    var out: [UInt8] = []
    out.reserveCapacity(48)
    d.writeChineseMagnitude(into: &out)
    out += "元".utf8
    return String(decoding: out, as: UTF8.self)
  }

  func duration(_ d: Duration) -> String {
    guard language == .zh else { return d.description }
    var parts: [String] = []
    if d.months / 12 != 0 { parts.append("\(d.months / 12)年") }
    if d.months % 12 != 0 { parts.append("\(d.months % 12)个月") }
    if d.days != 0 || parts.isEmpty { parts.append("\(d.days)天") }
    return parts.joined()
  }
}
