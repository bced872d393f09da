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

  // A text of several parts (a record's summary, a list, an amount with
  // its exact form) is written as bytes and made a String once: appended
  // to a String, each part cost ~350 instructions (callgrind). A text of
  // one part is returned as it is made.

  func short(_ v: Value, _ type: PType, _ unit: ValueUnit) -> String {
    switch v {
    case .null: return zh ? "（无）" : "(none)"
    case .bool(let b): return zh ? (b ? "是" : "否") : (b ? "true" : "false")
    case .int(let i): return number(Dec(i), unit, exact: false)
    case .dec(let d): return number(d, unit, exact: false)
    case .text(let s): return zh ? "“\(s)”" : "\"\(s)\""
    case .date(let d): return d.description
    case .duration, .list, .record:
      var out: [UInt8] = []
      writeShort(v, type, unit, into: &out)
      return String(decoding: out, as: UTF8.self)
    }
  }

  func exact(_ v: Value, _ type: PType, _ unit: ValueUnit) -> String {
    switch v {
    case .int(let i): return number(Dec(i), unit, exact: true)
    case .dec(let d): return number(d, unit, exact: true)
    default: return short(v, type, unit)
    }
  }

  /// Whether `exact` writes what `short` does, in either language: for all
  /// but numbers, and for numbers under 10,000 that are not percentages.
  static func exactIsShort(_ v: Value, _ unit: ValueUnit) -> Bool {
    switch v {
    case .int(let i): unit != .percent && Dec(i).magnitude < Dec(10_000)
    case .dec(let d): unit != .percent && d.magnitude < Dec(10_000)
    default: true
    }
  }

  func number(_ d: Dec, _ unit: ValueUnit, exact: Bool) -> String {
    if unit == .percent {
      return d.percent(maxFractionDigits: exact ? Dec.maxScale : percentPlaces)
    }
    if unit != .money, !(exact && zh && d.magnitude >= Dec(10_000)) { return d.grouped() }
    var out: [UInt8] = []
    out.reserveCapacity(64)
    writeNumber(d, unit, exact: exact, into: &out)
    return String(decoding: out, as: UTF8.self)
  }

  func list(_ items: [Value], _ type: PType) -> String {
    var out: [UInt8] = []
    writeList(items, type, into: &out)
    return String(decoding: out, as: UTF8.self)
  }

  func record(_ r: RecordValue) -> String {
    var out: [UInt8] = []
    out.reserveCapacity(160)
    writeRecord(r, into: &out)
    return String(decoding: out, as: UTF8.self)
  }

  func writeShort(_ v: Value, _ type: PType, _ unit: ValueUnit, into out: inout [UInt8]) {
    switch v {
    case .null, .bool: out += short(v, type, unit).utf8
    case .int(let i): writeNumber(Dec(i), unit, exact: false, into: &out)
    case .dec(let d): writeNumber(d, unit, exact: false, into: &out)
    case .text(let s):
      out += (zh ? "“" : "\"").utf8
      out += s.utf8
      out += (zh ? "”" : "\"").utf8
    case .date(let d): d.write(into: &out)
    case .duration: ValueFormatter(language: language).write(v, as: type, into: &out)
    case .list(let items): writeList(items, type, into: &out)
    case .record(let r): writeRecord(r, into: &out)
    }
  }

  func writeNumber(_ d: Dec, _ unit: ValueUnit, exact: Bool, into out: inout [UInt8]) {
    let large = d.magnitude >= Dec(10_000)
    switch unit {
    case .money:
      // As a message writes money (`12.5亿元`, `¥1,250,000,000`), the exact
      // Chinese form with the full amount before it.
      let full = zh && exact && large
      if full {
        d.writeGrouped(into: &out)
        Dec.put("元（", into: &out)
      }
      ValueFormatter(language: language).writeMoney(d, into: &out)
      if full { Dec.put("）", into: &out) }
    case .percent:
      out += d.percent(maxFractionDigits: exact ? Dec.maxScale : percentPlaces).utf8
    default:
      d.writeGrouped(into: &out)
      if exact, zh, large {
        Dec.put("（", into: &out)
        d.writeChineseMagnitude(into: &out)
        Dec.put("）", into: &out)
      }
    }
  }

  func writeList(_ items: [Value], _ type: PType, into out: inout [UInt8]) {
    let elem = type.unwrapped.elementType ?? .never
    var records = false
    if case .record = elem.unwrapped { records = true }
    if case .record? = items.first { records = true }
    if records {
      Dec.writeInt(items.count, into: &out)
      out += (zh ? " 项" : items.count == 1 ? " item" : " items").utf8
      return
    }
    out.append(0x5B)
    for i in items.indices {
      if i > 0 { out += (zh ? "、" : ", ").utf8 }
      writeShort(items[i], elem, EvidenceFormat.unit(items[i], elem, ratio: false), into: &out)
    }
    out.append(0x5D)
  }

  func writeRecord(_ r: RecordValue, into out: inout [UInt8]) {
    out.append(0x7B)
    let fields = r.type.fields
    for i in 0..<min(fields.count, r.fields.count) {
      if i > 0 { out += ", ".utf8 }
      out += fields[i].name.utf8
      out += ": ".utf8
      let (v, type) = (r.fields[i], fields[i].type)
      writeShort(v, type, EvidenceFormat.unit(v, type, ratio: false), into: &out)
    }
    out.append(0x7D)
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
