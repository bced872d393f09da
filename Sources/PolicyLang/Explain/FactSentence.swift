/// A fact as one line an official can read, with the values put in place of
/// the names: `debt_balance 12.5亿元 > debt_limit 11亿元，超出 1.5亿元`.
/// A comparison that did not hold says so rather than turning the operator
/// round, so the line still matches the rule as written.
enum FactSentence {
  static func render(_ f: Fact, _ language: Language) -> String {
    let zh = language == .zh
    // Written as bytes, made a String once: each append to a String cost
    // ~350 instructions (callgrind), and a sentence has about ten parts.
    var s: [UInt8] = []
    s.reserveCapacity(128)
    // By index, field by field: an operand passed whole was copied, its
    // dozen references retained and released.
    func side(_ i: Int) {
      if !f.operands[i].isLiteral {
        s += f.operands[i].expression.utf8
        s.append(0x20)
      }
      s += f.operands[i].value.text(language).utf8
    }
    switch f.kind {
    case .comparison(let op) where f.operands.count == 2:
      side(0)
      s.append(0x20)
      s += op.utf8
      s.append(0x20)
      side(1)
    case .membership(let negated) where f.operands.count == 2:
      side(0)
      s += (negated ? " not in " : " in ").utf8
      side(1)
    case .presence where f.operands.count == 1:
      // Whether the value is there says it all, whichever way the rule asked.
      let o = f.operands[0]
      if o.raw.isNull { return zh ? "\(o.expression) 未填写" : "\(o.expression) is absent" }
      return zh
        ? "\(o.expression) 已填写：\(o.value.text(language))"
        : "\(o.expression) is present: \(o.value.text(language))"
    case .test where f.operands.count == 1:
      return "\(f.operands[0].expression) = \(f.operands[0].value.text(language))"
    default:
      s += f.expression.utf8
    }
    if !f.holds { s += (zh ? "（不成立）" : " (false)").utf8 }
    if let d = f.difference {
      s += (zh ? "，" : ", ").utf8
      s += d.text(language).utf8
    }
    return String(decoding: s, as: UTF8.self)
  }
}
