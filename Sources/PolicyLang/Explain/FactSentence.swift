/// A fact as one line an official can read, with the values put in place of
/// the names: `debt_balance 12.5亿元 > debt_limit 11亿元，超出 1.5亿元`.
/// A comparison that did not hold says so rather than turning the operator
/// round, so the line still matches the rule as written.
enum FactSentence {
  static func render(_ f: Fact, _ language: Language) -> String {
    let zh = language == .zh
    // Appended piece by piece into one String: interpolated, each side was
    // a String of its own.
    var s = ""
    s.reserveCapacity(96)
    func side(_ o: Operand) {
      if !o.isLiteral {
        s += o.expression
        s += " "
      }
      s += o.value.text(language)
    }
    switch f.kind {
    case .comparison(let op) where f.operands.count == 2:
      side(f.operands[0])
      s += " "
      s += op
      s += " "
      side(f.operands[1])
    case .membership(let negated) where f.operands.count == 2:
      side(f.operands[0])
      s += negated ? " not in " : " in "
      side(f.operands[1])
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
      s = f.expression
    }
    if !f.holds { s += zh ? "（不成立）" : " (false)" }
    if let d = f.difference {
      s += zh ? "，" : ", "
      s += d.text(language)
    }
    return s
  }
}
