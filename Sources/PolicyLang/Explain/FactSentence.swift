/// A fact as one line an official can read, with the values put in place of
/// the names: `debt_balance 12.5亿元 > debt_limit 11亿元，超出 1.5亿元`.
/// A comparison that did not hold says so rather than turning the operator
/// round, so the line still matches the rule as written.
enum FactSentence {
  static func render(_ f: Fact, _ language: Language) -> String {
    let zh = language == .zh
    func side(_ o: Operand) -> String {
      o.isLiteral ? o.value.text(language) : "\(o.expression) \(o.value.text(language))"
    }
    var s: String
    switch f.kind {
    case .comparison(let op) where f.operands.count == 2:
      s = "\(side(f.operands[0])) \(op) \(side(f.operands[1]))"
    case .membership(let negated) where f.operands.count == 2:
      s = "\(side(f.operands[0])) \(negated ? "not in" : "in") \(side(f.operands[1]))"
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
    if let d = f.difference { s += (zh ? "，" : ", ") + d.text(language) }
    return s
  }
}
