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
  public func format(_ i: Int, as type: PType) -> String { text { write(i, as: type, into: &$0) } }

  public func format(_ d: Dec, as type: PType) -> String { text { write(d, as: type, into: &$0) } }

  public func money(_ d: Dec) -> String { text { writeMoney(d, into: &$0) } }

  /// One `String` of what `write` makes (digits, magnitude and unit).
  private func text(_ write: (inout [UInt8]) -> Void) -> String {
    var out: [UInt8] = []
    out.reserveCapacity(48)
    write(&out)
    return String(decoding: out, as: UTF8.self)
  }

  // The texts as UTF-8, appended to a message being made; `format` makes
  // its `String`s of them.

  func write<O: ByteOutput>(_ i: Int, as type: PType, into out: inout O) {
    write(i, money: type.unwrapped == .money, into: &out)
  }

  func write<O: ByteOutput>(_ d: Dec, as type: PType, into out: inout O) {
    write(d, money: type.unwrapped == .money, into: &out)
  }

  /// A number of a type already known to be money or not: a message
  /// compiled for the fast path decides that once, not per value.
  func write<O: ByteOutput>(_ i: Int, money: Bool, into out: inout O) {
    if money { writeMoney(Dec(i), into: &out) } else { Dec.writeInt(i, into: &out) }
  }

  func write<O: ByteOutput>(_ d: Dec, money: Bool, into out: inout O) {
    if money { writeMoney(d, into: &out) } else { d.writePlain(into: &out) }
  }

  func writeMoney<O: ByteOutput>(_ d: Dec, into out: inout O) {
    if language == .zh {
      d.writeChineseMagnitude(into: &out)
      Dec.put("元", into: &out)
    } else {
      Dec.put("¥", into: &out)
      d.writeGrouped(into: &out)
    }
  }

  func write<O: ByteOutput>(_ v: Value, as type: PType, into out: inout O) {
    switch v {
    case .int(let i): write(i, as: type, into: &out)
    case .dec(let d): write(d, as: type, into: &out)
    case .text(let s): out.append(utf8: s)
    case .date(let d): d.write(into: &out)
    default: out.append(utf8: format(v, as: type))
    }
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
