/// How evidence shows values to an official. A sentence uses the short form
/// (`12.5亿元`, `107.78%`); the detail lines under it use the exact form
/// (`1,250,000,000元（12.5亿元）`, `107.7793103448275862%`). Both are exact for
/// money: the 万/亿 reading only moves the decimal point.
struct EvidenceFormat {
  var language: Language
  /// Fraction digits for percentages in the short form.
  var percentPlaces = 2

  static func unit(_ v: Value, _ type: PType, ratio: Bool) -> ValueUnit {
    switch v {
    case .null: return .none
    case .bool: return .bool
    case .int: return type.unwrapped == .money ? .money : ratio ? .percent : .int
    case .dec: return type.unwrapped == .money ? .money : ratio ? .percent : .decimal
    case .text: return .text
    case .date: return .date
    case .duration: return .duration
    case .list: return .list
    case .record: return .record
    }
  }

  var zh: Bool { language == .zh }

  func short(_ v: Value, _ type: PType, _ unit: ValueUnit) -> String {
    switch v {
    case .null: return zh ? "（无）" : "(none)"
    case .bool(let b): return zh ? (b ? "是" : "否") : (b ? "true" : "false")
    case .int(let i): return number(Dec(i), unit, exact: false)
    case .dec(let d): return number(d, unit, exact: false)
    case .text(let s): return zh ? "“\(s)”" : "\"\(s)\""
    case .date(let d): return d.description
    case .duration: return ValueFormatter(language: language).format(v, as: type)
    case .list(let items): return list(items, type)
    case .record(let r): return record(r)
    }
  }

  func exact(_ v: Value, _ type: PType, _ unit: ValueUnit) -> String {
    switch v {
    case .int(let i): return number(Dec(i), unit, exact: true)
    case .dec(let d): return number(d, unit, exact: true)
    default: return short(v, type, unit)
    }
  }

  func number(_ d: Dec, _ unit: ValueUnit, exact: Bool) -> String {
    let large = d.magnitude >= Dec(10_000)
    switch unit {
    case .money:
      // As a message writes money (`12.5亿元`, `¥1,250,000,000`), the exact
      // Chinese form with the full amount before it; made as bytes, one
      // String at the end.
      let full = zh && exact && large
      var out: [UInt8] = []
      out.reserveCapacity(64)
      if full {
        d.writeGrouped(into: &out)
        Dec.put("元（", into: &out)
      }
      ValueFormatter(language: language).writeMoney(d, into: &out)
      if full { Dec.put("）", into: &out) }
      return String(decoding: out, as: UTF8.self)
    case .percent:
      return d.percent(maxFractionDigits: exact ? Dec.maxScale : percentPlaces)
    default:
      if exact, zh, large { return d.grouped() + "（" + d.chineseMagnitude() + "）" }
      return d.grouped()
    }
  }

  func list(_ items: [Value], _ type: PType) -> String {
    let elem = type.unwrapped.elementType ?? .never
    if case .record = elem.unwrapped {
      return zh ? "\(items.count) 项" : "\(items.count) item\(items.count == 1 ? "" : "s")"
    }
    if case .record? = items.first {
      return zh ? "\(items.count) 项" : "\(items.count) item\(items.count == 1 ? "" : "s")"
    }
    let parts = items.map { short($0, elem, EvidenceFormat.unit($0, elem, ratio: false)) }
    return "[" + parts.joined(separator: zh ? "、" : ", ") + "]"
  }

  func record(_ r: RecordValue) -> String {
    // One String appended to, not one per field joined.
    var s = "{"
    s.reserveCapacity(96)
    for (i, (f, v)) in zip(r.type.fields, r.fields).enumerated() {
      if i > 0 { s += ", " }
      s += f.name
      s += ": "
      s += short(v, f.type, EvidenceFormat.unit(v, f.type, ratio: false))
    }
    s += "}"
    return s
  }

  /// Both languages at once, for the evidence model; or only `only`, which
  /// `text` then gives for either language.
  static func both(
    _ body: (EvidenceFormat) -> String, percentPlaces: Int = 2, only: Language? = nil
  ) -> LocalText {
    local(only) { body(EvidenceFormat(language: $0, percentPlaces: percentPlaces)) }
  }

  /// A text in both languages, or in `only`.
  static func local(_ only: Language?, _ text: (Language) -> String) -> LocalText {
    switch only {
    case nil: return LocalText(zh: text(.zh), en: text(.en))
    case .zh: return LocalText(zh: text(.zh))
    case .en:
      let en = text(.en)
      return LocalText(zh: en, en: en)
    }
  }
}
