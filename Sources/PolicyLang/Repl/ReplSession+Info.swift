import Foundation

extension ReplSession {
  func shortLocation(_ file: SourceFile, _ span: SourceSpan) -> String {
    let loc = file.location(of: span.start)
    let name = loc.file.split(separator: "/").last.map(String.init) ?? loc.file
    return "\(name):\(loc.line)"
  }

  func rowsNote(_ n: Int) -> String {
    note(t("（\(n) 行）", "(\(n) row\(n == 1 ? "" : "s"))"))
  }

  /// `:rules [KIND]`
  func rules(kind: String?) -> String {
    let (program, out) = requireProgram()
    guard let program else { return out }
    if let kind, program.filings[kind] == nil { return out + unknownKind(kind, program) }
    var table = TextTable(headers: [
      t("规则", "rule"), t("填报", "kind"), t("严重程度", "severity"), t("条款", "article"),
      t("生效", "effective"), t("标题", "title"), t("位置", "source"),
    ])
    for r in program.rules where kind == nil || r.kind.name == kind {
      let severities = r.grades.map(\.severity.rawValue).joined(separator: "/")
      table.add([
        r.id, r.kind.name, severities, r.citation, r.effective.description, r.title.text(language),
        shortLocation(r.source, r.idSpan),
      ])
    }
    return out + table.render(color: color) + rowsNote(table.rows.count)
  }

  func unknownKind(_ kind: String, _ program: Program) -> String {
    problem(
      t("没有填报种类 `\(kind)`", "no filing kind `\(kind)`"),
      hint: didYouMean(kind, program.filings.keys)
        ?? t("种类有 ", "kinds are ")
        + program.filings.keys.sorted().map { "`\($0)`" }.joined(separator: ", "))
  }

  /// `:schema [KIND]`: the filing kinds, or the fields of one kind or record.
  func schema(_ name: String?) -> String {
    let (program, out) = requireProgram()
    guard let program else { return out }
    guard let name else {
      var table = TextTable(
        headers: [t("种类", "kind"), t("字段", "fields"), t("规则", "rules"), t("已加载", "loaded")],
        rightAligned: [false, true, true, true])
      for (k, type) in program.filings.sorted(by: { $0.key < $1.key }) {
        let loaded = corpus.entries.count { $0.record?.type === type }
        table.add([k, "\(type.fields.count)", "\(program.rulesByKind[k]?.count ?? 0)", "\(loaded)"])
      }
      let records = program.records.keys.sorted().map { "`\($0)`" }.joined(separator: ", ")
      return out + table.render(color: color)
        + (records.isEmpty ? "" : note(t("记录：", "records: ") + records))
    }
    guard let type = program.filings[name] ?? program.records[name] else {
      let all = Array(program.filings.keys) + Array(program.records.keys)
      return out
        + problem(
          t("没有填报种类或记录 `\(name)`", "no filing kind or record `\(name)`"),
          hint: didYouMean(name, all)
            ?? t("种类有 ", "kinds are ")
            + program.filings.keys.sorted().map { "`\($0)`" }.joined(separator: ", "))
    }
    let common = Set(RecordType.commonFields.map(\.0))
    var table = TextTable(headers: [t("字段", "field"), t("类型", "type"), t("说明", "note")])
    for f in type.fields {
      var notes: [String] = []
      if type.isFiling && common.contains(f.name) {
        notes.append(t("每份填报都有", "every filing has it"))
      }
      if let d = f.defaultValue {
        notes.append(t("默认 ", "default ") + presenter.cell(d, as: f.type))
      }
      if f.type.isOptional { notes.append(t("可缺省", "may be absent")) }
      table.add([f.name, "\(f.type)", notes.joined(separator: t("；", "; "))])
    }
    var s = out + paint((type.isFiling ? "filing " : "record ") + name, "1") + "\n"
    s += table.render(color: color)
    for inv in type.invariants {
      s +=
        t("无效条件：", "invalid when: ")
        + (type.source?.slice(inv.condition.span) ?? inv.condition.text) + "\n"
    }
    return s
  }

  /// `:params`
  func params() -> String {
    let (program, out) = requireProgram()
    guard let program else { return out }
    var table = TextTable(headers: [
      t("参数", "param"), t("类型", "type"), t("值", "value"), t("来源", "source"), t("说明", "doc"),
    ])
    for p in program.params {
      var source = shortLocation(p.source, p.span)
      if p.override != nil { source = t("`:set` 设定", "set by `:set`") }
      var value = presenter.cell(p.value(on: nil), as: p.type)
      if p.override == nil, p.versions.count > 1 {
        value = p.versions.map {
          "\(presenter.cell($0.value, as: p.type)) (\($0.period.description))"
        }
        .joined(separator: "; ")
      }
      table.add([p.name, "\(p.type)", value, source, p.doc?.text(language) ?? ""])
    }
    return out + table.render(color: color)
  }

  /// `:set NAME VALUE`: the value is read like `--param NAME=VALUE`.
  func set(_ args: String) -> String {
    let (program, out) = requireProgram()
    guard let program else { return out }
    let trimmed = args.trimmingCharacters(in: .whitespaces)
    guard let space = trimmed.firstIndex(where: { $0 == " " || $0 == "=" }) else {
      return out
        + problem(
          t("用法：`:set NAME VALUE`", "usage: `:set NAME VALUE`"),
          hint: t("例如 `:set debt_ratio_high 130%`", "for example `:set debt_ratio_high 130%`"))
    }
    let name = String(trimmed[..<space])
    let value = trimmed[trimmed.index(after: space)...].trimmingCharacters(in: .whitespaces)
    switch ParamOverride.parse("\(name)=\(value)", for: program) {
    case .failure(let d): return out + render([d])
    case .success(let (n, v)):
      overrides[n] = v
      let ds = rebuild()
      let spec = self.program?.params[self.program?.paramIndex[n] ?? 0]
      return out + render(ds) + "param `\(n)` = \(presenter.cell(v, as: spec?.type ?? .never))\n"
    }
  }

  /// `:unset NAME`: back to the value declared in the policy.
  func unset(_ name: String) -> String {
    guard overrides.removeValue(forKey: name) != nil else {
      return problem(
        t("参数 `\(name)` 没有用 `:set` 设定", "param `\(name)` was not set with `:set`"),
        hint: didYouMean(name, overrides.keys))
    }
    let ds = rebuild()
    guard let program, let i = program.paramIndex[name] else { return render(ds) }
    let p = program.params[i]
    return render(ds) + "param `\(name)` = \(presenter.cell(p.value(on: nil), as: p.type))\n"
  }

  /// `:filings [KIND]`
  func filings(kind: String?) -> String {
    let out = ensureDefaultPolicies()
    guard !corpus.isEmpty else { return out + noFilings() }
    var table = TextTable(headers: [
      "id", t("种类", "kind"), t("地区", "region"), t("报告日期", "report date"), t("位置", "file"),
      t("状态", "status"),
    ])
    for file in corpus.files {
      for e in file.entries where kind == nil || e.kind == kind {
        let node = e.raw.node
        let status: String
        if e.record != nil {
          status = t("有效", "valid")
        } else if program == nil {
          status = t("未校验", "not validated")
        } else {
          status = t(
            "无效（\(e.errors.count) 个错误）",
            "invalid (\(e.errors.count) error\(e.errors.count == 1 ? "" : "s"))")
        }
        table.add([
          e.id ?? "?", e.kind ?? "?", ReplCorpus.text("region", node) ?? "",
          ReplCorpus.text("report_date", node) ?? dateText(node), "\(file.path):\(node.line)",
          status,
        ])
      }
    }
    var s = out + table.render(color: color) + rowsNote(table.rows.count)
    let readErrors = corpus.files.flatMap(\.readErrors)
    if !readErrors.isEmpty { s += render(readErrors.map(\.diagnostic)) }
    return s
  }

  /// YAML dates may be written unquoted; they are read as text all the same.
  func dateText(_ node: DataNode) -> String {
    guard let e = node[key: "report_date"] else { return "" }
    if case .number(let n) = e.node.value { return n }
    return ""
  }
}
