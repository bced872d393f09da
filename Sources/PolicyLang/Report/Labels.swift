/// The words of human-readable output, in Chinese and English.
struct Labels {
  let language: Language

  private func t(_ zh: String, _ en: String) -> String { language == .zh ? zh : en }

  var article: String { t("条款", "article") }
  var filing: String { t("填报", "filing") }
  var message: String { t("说明", "message") }
  var because: String { t("依据", "evidence") }
  var consequence: String { t("后果", "consequence") }
  var mitigated: String { t("减轻", "mitigated") }
  var mitigatedText: String {
    t(
      "已主动挽回损失或消除不良影响，可以从轻或者免于实施失信联合惩戒措施（四（四））",
      "remedied on the filer's own initiative: sanctions may be reduced or waived (四（四）)")
  }
  var error: String { t("错误", "error") }
  var exception: String { t("例外", "exception") }
  var exceptionApplied: String { t("成立，不作违规", "applies, so no violation") }
  var exceptionNotApplied: String { t("不成立", "does not apply") }
  var exceptionNotEvaluated: String {
    t("未考虑（规则条件不成立）", "not considered (the rule's condition did not hold)")
  }
  var grade: String { t("分级", "grade") }
  var whereLabel: String { t("其中", "where") }
  var scope: String { t("范围", "scope") }
  var matched: String { t("命中", "matched") }
  var notMatched: String { t("（未命中）", " (not matched)") }
  var version: String { t("版本", "version") }
  var passed: String { t("通过", "passed") }
  var excused: String { t("豁免", "excused") }
  var notApplicable: String { t("不适用", "n/a") }
  var notInForce: String { t("未生效", "not in force") }
  var violated: String { t("违规", "violated") }
  var always: String { t("长期有效", "always in force") }
  var summaryTitle: String { t("汇总", "summary") }
  var bySeverity: String { t("按严重程度", "by severity") }
  var byRule: String { t("按规则", "by rule") }

  /// Width, in terminal cells, that labels are padded to.
  var labelWidth: Int { language == .zh ? 4 : 11 }

  func period(_ p: Period) -> String {
    switch (p.from, p.until, language) {
    case (nil, nil, _): always
    case (let f?, nil, .zh): "\(f) 起"
    case (nil, let u?, .zh): "至 \(u)"
    case (let f?, let u?, .zh): "\(f) 至 \(u)"
    default: p.description
    }
  }

  func status(_ s: RulePass.Status) -> String {
    switch s {
    case .passed: passed
    case .excused: excused
    case .notApplicable: notApplicable
    case .notInForce: notInForce
    }
  }

  func severity(_ s: Severity) -> String {
    switch (s, language) {
    case (.critical, .zh): "严重"
    case (.major, .zh): "重要"
    case (.warning, .zh): "警示"
    default: s.rawValue
    }
  }

  func summary(
    checked: Int, invalid: Int, violations: Int, bySeverity: [(Severity, Int)], mitigated: Int,
    errors: Int
  ) -> String {
    let sev = bySeverity.map { "\(severity($0.0)) \($0.1)" }.joined(
      separator: language == .zh ? "，" : ", ")
    if language == .zh {
      var s = "检查 \(checked) 份填报"
      if invalid > 0 { s += "，\(invalid) 份无法检查" }
      s += "；发现 \(violations) 项违规"
      if violations > 0 { s += "（\(sev)）" }
      if mitigated > 0 { s += "，其中 \(mitigated) 项可从轻" }
      if errors > 0 { s += "；\(errors) 个错误" }
      return s
    }
    var s = "\(checked) filing\(checked == 1 ? "" : "s") checked"
    if invalid > 0 { s += ", \(invalid) could not be checked" }
    s += "; \(violations) violation\(violations == 1 ? "" : "s")"
    if violations > 0 { s += " (\(sev))" }
    if mitigated > 0 { s += ", \(mitigated) mitigated" }
    if errors > 0 { s += "; \(errors) error\(errors == 1 ? "" : "s")" }
    return s
  }
}
