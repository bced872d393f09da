/// The words of the diff reports, in Chinese and English.
struct DiffLabels {
  let language: Language

  private func t(_ zh: String, _ en: String) -> String { language == .zh ? zh : en }

  func title(draft: String, base: String) -> String {
    t("草案 \(draft) 与现行 \(base) 的影响对比", "Impact of the draft \(draft) against \(base)")
  }

  func overview(_ s: DiffSummary) -> String {
    language == .zh
      ? "读取 \(s.filings) 份填报：\(s.unchanged) 份无变化，\(s.newlyViolating) 份新增违规，\(s.noLongerViolating) 份不再违规，\(s.changedViolating) 份违规情况有变化"
        + (s.becameInvalid + s.becameValid > 0
          ? "，\(s.becameInvalid) 份变为无法检查，\(s.becameValid) 份变为可检查" : "")
      : "\(s.filings) filings read: \(s.unchanged) unchanged, \(s.newlyViolating) newly violating, \(s.noLongerViolating) no longer violating, \(s.changedViolating) violating differently"
        + (s.becameInvalid + s.becameValid > 0
          ? ", \(s.becameInvalid) no longer valid, \(s.becameValid) newly valid" : "")
  }

  func totals(_ s: DiffSummary) -> String {
    let dv = s.violationsDraft - s.violationsBase
    let delta = dv > 0 ? "+\(dv)" : String(dv)
    return language == .zh
      ? "违规：现行 \(s.violationsBase) 项，草案 \(s.violationsDraft) 项（\(delta)）；违规填报：\(s.violatingBase) → \(s.violatingDraft) 份"
      : "violations: \(s.violationsBase) under the base, \(s.violationsDraft) under the draft (\(delta)); filings violating: \(s.violatingBase) → \(s.violatingDraft)"
  }

  func errors(_ n: Int) -> String {
    t(
      "\(n) 个错误（无法读取的行或文件、无法求值的规则），详情请用 policy check 查看",
      "\(n) error\(n == 1 ? "" : "s") (unreadable lines or files, rules that could not be evaluated); `policy check` shows them"
    )
  }

  var noChanges: String { t("草案不改变任何填报的检查结果", "the draft changes no filing's outcome") }
  var byRule: String { t("按规则", "By rule") }
  var byRegion: String { t("按地区", "By region") }
  var byKind: String { t("按填报类型", "By kind of filing") }
  var validity: String { t("（填报有效性）", "(validity of filings)") }
  var region: String { t("地区", "region") }
  var kind: String { t("类型", "kind") }
  var filingsColumn: String { t("填报", "filings") }
  var rule: String { t("规则", "rule") }
  var ruleTitle: String { t("标题", "title") }
  var filing: String { t("填报", "filing") }
  var location: String { t("位置", "location") }
  var severityColumn: String { t("严重程度", "severity") }
  var message: String { t("说明", "message") }
  var item: String { t("项目", "item") }
  var count: String { t("数量", "count") }
  var affected: String { t("受影响的填报", "Filings affected") }
  var summaryHeading: String { t("概要", "Summary") }
  var reportTitle: String { t("政策制定前评估报告", "Pre-adoption assessment of a draft policy") }

  func reportIntro(draft: String, base: String) -> String {
    t(
      "依据《辽宁省人民政府关于加强诚信政府建设的决定》二（二）开展政策制定前评估：以草案 \(draft) 与现行 \(base) 检查同一批填报，比较结果。",
      "A pre-adoption assessment (辽政发〔2019〕24号 二（二）): the same filings checked under the draft \(draft) and under the policies in force, \(base)."
    )
  }

  func summaryRows(_ s: DiffSummary) -> [(String, Int)] {
    var rows: [(String, Int)] = [
      (t("读取的填报", "filings read"), s.filings),
      (t("结果无变化", "unchanged"), s.unchanged),
      (t("新增违规的填报", "newly violating"), s.newlyViolating),
      (t("不再违规的填报", "no longer violating"), s.noLongerViolating),
      (t("违规情况有变化的填报", "violating differently"), s.changedViolating),
      (t("现行规则下的违规", "violations under the base"), s.violationsBase),
      (t("草案下的违规", "violations under the draft"), s.violationsDraft),
      (t("新增违规", "new violations"), s.total.new),
      (t("消除的违规", "resolved violations"), s.total.resolved),
      (t("严重程度升级", "severity raised"), s.total.raised),
      (t("严重程度降级", "severity lowered"), s.total.lowered),
    ]
    if s.becameInvalid + s.becameValid > 0 {
      rows.append((t("变为无法检查的填报", "no longer valid"), s.becameInvalid))
      rows.append((t("变为可检查的填报", "newly valid"), s.becameValid))
    }
    if s.errors > 0 { rows.append((t("错误", "errors"), s.errors)) }
    return rows
  }

  func counts(_ c: DiffCounts, _ kinds: [DiffChange.Kind]) -> String {
    kinds.map { "\(kindColumn($0)) \(c[$0])" }.joined(separator: "  ")
  }

  func kindColumn(_ k: DiffChange.Kind) -> String {
    switch k {
    case .new: t("新增", "new")
    case .resolved: t("消除", "resolved")
    case .raised: t("升级", "raised")
    case .lowered: t("降级", "lowered")
    case .invalid: t("变为无效", "invalid")
    case .valid: t("变为有效", "valid")
    }
  }

  func kindHeading(_ k: DiffChange.Kind) -> String {
    switch k {
    case .new: t("新增违规：", "newly violating:")
    case .resolved: t("不再违规：", "no longer violating:")
    case .raised: t("严重程度升级：", "severity raised:")
    case .lowered: t("严重程度降级：", "severity lowered:")
    case .invalid: t("草案下无法检查：", "invalid under the draft:")
    case .valid: t("草案下可以检查：", "valid under the draft:")
    }
  }

  func more(_ n: Int) -> String { t("… 及其余 \(n) 份", "… and \(n) more") }

  func severity(_ s: Severity) -> String { Labels(language: language).severity(s) }
}
