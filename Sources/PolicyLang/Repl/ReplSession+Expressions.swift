extension ReplSession {
  /// Checks an expression against the program and the filing in scope.
  func compile(_ text: String) -> Result<CompiledExpression, ExpressionEvaluator.Failure> {
    entryCount += 1
    let record = scopeEntry?.record
    let result = CompiledExpression.compile(
      text, program: program, kind: record?.type, path: "<repl-\(entryCount)>",
      allowOptional: true)
    guard case .failure(let f) = result, record == nil else { return result }
    return .failure(ExpressionEvaluator.Failure(diagnostics: f.diagnostics.map(scopeHint)))
  }

  /// A filing's field used with no filing in scope: say how to get one.
  func scopeHint(_ d: Diagnostic) -> Diagnostic {
    guard d.code == .unknownName, let program, let source = d.source else { return d }
    let name = source.slice(d.span)
    let kinds = program.filings.values.filter { $0.slot(name) != nil }.map(\.name).sorted()
    guard !kinds.isEmpty else { return d }
    var out = d
    let k =
      kinds.count > 3 ? t("每种填报", "every filing") : kinds.map { "`\($0)`" }.joined(separator: ", ")
    out.label = t("这是 \(k) 的字段", "a field of \(k)")
    out.hint = t("先用 `:use ID` 选定一份填报", "put a filing in scope first with `:use ID`")
    return out
  }

  /// An expression: its type and value, for the filing in scope.
  func evaluate(_ text: String) -> String {
    switch compile(text) {
    case .failure(let f): return render(f.diagnostics)
    case .success(let c):
      let record = scopeEntry?.record
      do {
        let v = try c.evaluate(
          filing: record, params: program?.paramValues(for: record) ?? [], language: language)
        return render(c.warnings) + paint("\(c.type)", "2") + " = " + presenter.show(v, as: c.type)
          + "\n"
      } catch {
        return render([Diagnostic(error.code, error.message, source: c.source, span: error.span)])
      }
    }
  }

  /// `:type EXPR`
  func typeOf(_ text: String) -> String {
    switch compile(text) {
    case .failure(let f): return render(f.diagnostics)
    case .success(let c): return render(c.warnings) + "\(c.type)\n"
    }
  }

  /// `:use [ID]`: the filing whose fields expressions can use.
  func use(_ id: String?) -> String {
    guard let id else {
      scopeID = nil
      return note(t("已清除当前填报", "no filing in scope"))
    }
    let out = ensureDefaultPolicies()
    let entries = corpus.entries(id: id)
    guard let entry = entries.first else { return out + unknownFiling(id) }
    guard let record = entry.record else {
      if program == nil { return out + corpusStatus() }
      return out + render(entry.errors.map(\.diagnostic))
        + problem(t("填报 `\(id)` 无效，不能选定", "`\(id)` is invalid, so it cannot be put in scope"))
    }
    scopeID = id
    var meta = [record.type.name]
    for f in ["region", "department", "report_date"] {
      if let v = record[f], !v.isNull {
        meta.append(presenter.cell(v, as: record.type.fields[record.type.slot(f) ?? 0].type))
      }
    }
    var s = out + t("当前填报：", "in scope: ") + paint(id, "1")
    s += t("（\(meta.joined(separator: "，"))） ", " (\(meta.joined(separator: ", "))) ")
    s += paint("\(entry.raw.file):\(record.position.line)", "4") + "\n"
    if entries.count > 1 {
      s += note(
        t(
          "有 \(entries.count) 份填报的 id 是 `\(id)`，选定第一份",
          "\(entries.count) filings have the id `\(id)`; the first is in scope"))
    }
    return s
  }
}
