/// Canonical texts of checked expressions and values. Two expressions get
/// the same key only when they must have the same value wherever both are
/// evaluated in one rule: lets and definition arguments are replaced by what
/// they stand for, and every constant is written unambiguously.
enum ExprKey {
  static func value(_ v: Value) -> String {
    switch v {
    case .null: return "null"
    case .bool(let b): return b ? "true" : "false"
    case .int(let i): return "n" + Dec(i).canonical.description
    case .dec(let d): return "n" + d.canonical.description
    case .text(let s): return JSON.string(s).serialized()
    case .date(let d): return "d\(d.daysSinceEpoch)"
    case .duration(let d): return "p\(d.months)m\(d.days)d"
    case .list(let items): return "[" + items.map(value).joined(separator: ",") + "]"
    case .record(let r):
      return "\(r.type.name){" + r.fields.map(value).joined(separator: ",") + "}"
    }
  }

  static func op(_ o: ArithOp) -> String {
    switch o {
    case .add: "+"
    case .sub: "-"
    case .mul: "*"
    case .div: "/"
    }
  }
}
