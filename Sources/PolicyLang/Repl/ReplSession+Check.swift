extension ReplSession {
  var interruptedNote: String { note(t("已中断", "interrupted")) }

  /// Checks the loaded filings that `include` selects, filing by filing (so
  /// Ctrl-C can stop between two), in the order `policy check` reports them.
  func runCheck(
    _ p: Program, passes: Bool = false, where include: (ReplCorpus.Entry) -> Bool,
    readErrors: Bool
  ) -> (CheckReport, interrupted: Bool) {
    var run = CheckRun(program: p)
    run.explain = true
    run.recordPasses = passes
    var report = CheckReport()
    for file in corpus.files {
      var part = CheckReport()
      for e in file.entries where include(e) {
        if isInterrupted() {
          report.append(part)
          return (report, true)
        }
        part.outcomes +=
          run.check(FilingFileResult(file: file.path, filings: [e.raw], errors: []))
          .outcomes
      }
      if readErrors, !file.readErrors.isEmpty {
        part.outcomes +=
          run.check(
            FilingFileResult(file: file.path, filings: [], errors: file.readErrors)
          ).outcomes
      }
      part.outcomes = part.outcomes.enumerated().sorted {
        ($0.element.filing.line, $0.offset) < ($1.element.filing.line, $1.offset)
      }.map(\.element)
      part.filesRead = 1
      report.append(part)
    }
    return (report, false)
  }

  /// `:check [ID]`: every rule against every loaded filing (or one), as
  /// `policy check` prints it.
  func check(_ id: String?) -> String {
    let (program, out) = requireProgram()
    guard let program else { return out }
    guard !corpus.isEmpty else { return out + noFilings() }
    if let id {
      guard !corpus.entries(id: id).isEmpty else { return out + unknownFiling(id) }
      let (r, stopped) = runCheck(
        program, where: { $0.id == id }, readErrors: false)
      return out + report.render(r) + (stopped ? interruptedNote : "")
    }
    let (r, stopped) = runCheck(program, where: { _ in true }, readErrors: true)
    return out + report.render(r) + (stopped ? interruptedNote : "")
  }

  /// `:explain ID [RULE]`: why each rule fired or did not for one filing.
  func explain(_ id: String, rule: String?) -> String {
    let (program, out) = requireProgram()
    guard let program else { return out }
    let entries = corpus.entries(id: id)
    guard let entry = entries.first else { return out + unknownFiling(id) }
    guard let record = entry.record else {
      return out + render(entry.errors.map(\.diagnostic))
        + note(t("这份填报无效，未检查", "this filing is invalid, so it was not checked"))
    }
    var p = program
    if let rule {
      let versions = program.rules.filter { $0.id == rule }
      guard let first = versions.first else {
        return out
          + problem(
            t("没有规则 `\(rule)`", "no rule `\(rule)`"),
            hint: didYouMean(
              rule, program.rulesByKind[record.type.name]?.map { program.rules[$0].id } ?? []))
      }
      guard first.kind === record.type else {
        return out
          + problem(
            t(
              "规则 `\(rule)` 检查 `\(first.kind.name)` 填报，而 `\(id)` 是 `\(record.type.name)` 填报",
              "rule `\(rule)` is on `\(first.kind.name)` filings, and `\(id)` is a `\(record.type.name)` filing"
            ))
      }
      if case .date(let d)? = record["report_date"],
        !versions.contains(where: { $0.effective.contains(d) })
      {
        return out
          + note(
            t(
              "规则 `\(rule)` 在 \(d)（`\(id)` 的报告日期）不生效",
              "rule `\(rule)` is not in force on \(d), the report date of `\(id)`"))
      }
      p = program.restricted(to: [rule])
    }
    let (r, stopped) = runCheck(
      p, passes: true, where: { $0.raw.file == entry.raw.file && $0.raw.index == entry.raw.index },
      readErrors: false)
    var s = out
    for o in r.outcomes {
      for v in o.violations { s += report.violation(v) + "\n" }
      for pass in o.passes {
        s += report.pass(pass)
        if let e = pass.evidence { s += report.evidence(e) }
        s += "\n"
      }
    }
    for e in r.errors { s += report.error(e) + "\n" }
    if r.outcomes.allSatisfy({ $0.violations.isEmpty && $0.passes.isEmpty }) && r.errors.isEmpty {
      s += note(t("没有适用于这份填报的现行规则", "no rule in force applies to this filing"))
    }
    if entries.count > 1 {
      s += note(
        t(
          "有 \(entries.count) 份填报的 id 是 `\(id)`，这里只解释第一份",
          "\(entries.count) filings have the id `\(id)`; this explains the first"
        ))
    }
    return s + (stopped ? interruptedNote : "")
  }

  func noFilings() -> String {
    problem(
      t("还没有加载填报", "no filings are loaded"),
      hint: t("用 `:load PATH` 加载填报文件或目录", "load filing files or directories with `:load PATH`"))
  }

  func unknownFiling(_ id: String) -> String {
    problem(
      t("没有 id 为 `\(id)` 的填报", "no filing with the id `\(id)`"),
      hint: didYouMean(id, corpus.entries.compactMap(\.id)))
  }
}
