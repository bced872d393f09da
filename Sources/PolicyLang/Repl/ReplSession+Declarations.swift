/// A declaration (or several) typed at the prompt, kept as a small policy file.
struct PromptEntry {
  var file: PolicyFile
  /// What it declares (`rule:debt-over-limit`, `param:debt_ratio_high` …): a
  /// later declaration of the same name replaces it, in the files too.
  var keys: [String]
}

extension ReplSession {
  static func key(_ d: Declaration) -> String {
    switch d {
    case .rule(let r): "rule:" + r.id.text
    case .param(let p): "param:" + p.name.text
    case .define(let x): "define:" + x.name.text
    case .record(let r): "type:" + r.name.text
    case .filing(let f): "type:" + f.name.text
    case .fixture(let f): "fixture:" + f.name.text
    case .test(let x): "test:" + (x.name.plain ?? "\(x.span.start)")
    case .policy(let p): "policy:" + (p.id.plain ?? "")
    }
  }

  static func name(ofKey key: String) -> String {
    String(key[key.index(after: key.firstIndex(of: ":") ?? key.startIndex)...])
  }

  /// The files to check: the loaded ones, then the prompt's, each without the
  /// declarations that a later prompt entry replaces.
  static func combine(base: [PolicyFile], prompt: [PromptEntry]) -> [PolicyFile] {
    var later = Set<String>()
    var promptFiles: [PolicyFile] = []
    for e in prompt.reversed() {
      promptFiles.append(without(later, e.file))
      later.formUnion(e.keys)
    }
    return base.map { without(later, $0) } + promptFiles.reversed()
  }

  static func without(_ keys: Set<String>, _ file: PolicyFile) -> PolicyFile {
    if keys.isEmpty { return file }
    var f = file
    f.declarations.removeAll { keys.contains(key($0)) }
    return f
  }

  /// Checks the loaded files and the prompt's declarations as one program,
  /// with the params set by `:set`.
  func build(base: [PolicyFile], prompt: [PromptEntry]) -> (Program?, [Diagnostic]) {
    let files = ReplSession.combine(base: base, prompt: prompt)
    guard !files.isEmpty else { return (nil, []) }
    let (p, ds) = Checker.check(files)
    guard let p else { return (nil, ds.sortedByLocation()) }
    let kept = overrides.filter { name, _ in p.paramIndex[name] != nil }
    return (kept.isEmpty ? p : p.with(overrides: kept), ds.sortedByLocation())
  }

  func rebuild() -> [Diagnostic] {
    let (p, ds) = build(base: baseFiles, prompt: promptEntries)
    if let p { setProgram(p) }
    return ds
  }

  /// The names declared now, in the files and at the prompt.
  var activeKeys: [String: SourceLocation] {
    var out: [String: SourceLocation] = [:]
    for f in ReplSession.combine(base: baseFiles, prompt: promptEntries) {
      for d in f.declarations {
        out[ReplSession.key(d)] = f.source.location(of: d.span.start)
      }
    }
    return out
  }

  /// A declaration typed at the prompt: checked with everything loaded, kept
  /// when it is sound, and a rule is at once checked against the filings.
  func declare(_ text: String) -> String {
    entryCount += 1
    let source = SourceFile(path: "<repl-\(entryCount)>", text: text)
    let (file, parseDiagnostics) = Parser.parse(source)
    if parseDiagnostics.hasErrors { return render(parseDiagnostics) }
    let keys = file.declarations.map(ReplSession.key)
    let before = activeKeys
    let candidate = promptEntries + [PromptEntry(file: file, keys: keys)]
    let (p, ds) = build(base: baseFiles, prompt: candidate)
    // The files' own warnings were shown when they were loaded.
    let own = ds.filter { $0.source === source }
    guard let p else {
      if own.hasErrors { return render(parseDiagnostics + own) }
      // The declaration itself is sound but breaks what uses it (a schema
      // without a field that rules read): show where, briefly.
      let others = ds.filter { $0.severity == .error }
      let shown = 5
      var out = render(parseDiagnostics + own + others.prefix(shown))
      if others.count > shown {
        out += note(
          t(
            "……另有 \(others.count - shown) 个错误",
            "… and \(others.count - shown) more error\(others.count - shown == 1 ? "" : "s")"))
      }
      return out + note(t("声明未保留", "the declaration was not kept"))
    }
    let shown = own
    promptEntries = candidate
    setProgram(p)
    var out = render(parseDiagnostics + shown)
    var newRules: [String] = []
    for d in file.declarations {
      let key = ReplSession.key(d)
      let replaced =
        before[key].map {
          t("（替换 \($0) 的声明）", " (replaces the one at \($0))")
        } ?? ""
      out += describe(d, in: p) + replaced + "\n"
      if case .rule(let r) = d { newRules.append(r.id.text) }
    }
    if !newRules.isEmpty { out += checkNewRules(Set(newRules), p) }
    let newTests = p.tests.filter { $0.source === source }
    if !newTests.isEmpty { out += runTests(newTests, p) }
    return out
  }

  /// Runs policy tests as `policy test` does, stopping at Ctrl-C.
  func runTests(_ tests: [CheckedTest], _ p: Program) -> String {
    let runner = PolicyTestRunner(program: p)
    var run = PolicyTestRun()
    for test in tests {
      if isInterrupted() {
        return TestTextReport(language: language, color: color).render(run) + interruptedNote
      }
      run.results.append(runner.run(test))
    }
    return TestTextReport(language: language, color: color).render(run)
  }

  /// `:test [NAME]`: the program's tests, or those whose name contains NAME.
  func test(_ name: String?) -> String {
    let (program, out) = requireProgram()
    guard let program else { return out }
    let tests = program.tests.filter {
      name.map(PolicyTestRunner.name(of: $0).contains) ?? true
    }
    guard !tests.isEmpty else {
      return out + note(t("没有符合的测试", "no tests") + (name.map { " `\($0)`" } ?? ""))
    }
    return out + runTests(tests, program)
  }

  func describe(_ d: Declaration, in p: Program) -> String {
    switch d {
    case .rule(let r):
      let kind = r.kind?.text ?? "?"
      return t("已添加规则 `\(r.id.text)`（\(kind)）", "rule `\(r.id.text)` added (on \(kind))")
    case .param(let x):
      guard let i = p.paramIndex[x.name.text] else { return "param `\(x.name.text)`" }
      let spec = p.params[i]
      return
        "param `\(spec.name)`: \(spec.type) = \(presenter.cell(spec.value(on: nil), as: spec.type))"
    case .define(let x):
      var s = t("已添加定义 `\(x.name.text)`", "define `\(x.name.text)` added")
      if x.parameters.isEmpty, let value = quietValue(of: x.name.text, in: p) { s += ": " + value }
      return s
    case .record(let r):
      return t("已声明记录 `\(r.name.text)`", "record `\(r.name.text)` declared")
    case .filing(let f):
      return t(
        "已声明填报种类 `\(f.name.text)`，重新校验了填报",
        "filing kind `\(f.name.text)` declared; filings validated again")
    case .fixture(let f):
      return t("已添加样例 `\(f.name.text)`", "fixture `\(f.name.text)` added")
    case .test(let x):
      return t("已添加测试 “\(x.name.plain ?? "")”", "test \"\(x.name.plain ?? "")\" added")
    case .policy(let h):
      return t("已声明策略 \(h.id.plain ?? "")", "policy \(h.id.plain ?? "") declared")
    }
  }

  /// A definition's type and value where it can be computed (in the filing in
  /// scope, or without one); nothing when it cannot.
  func quietValue(of name: String, in p: Program) -> String? {
    let record = scopeEntry?.record
    guard
      case .success(let c) = CompiledExpression.compile(
        name, program: p, kind: record?.type, allowOptional: true),
      let v = try? c.evaluate(
        filing: record, params: p.paramValues(for: record), language: language)
    else { return nil }
    return "\(c.type) = \(presenter.show(v, as: c.type))"
  }

  /// Checks rules just declared against the loaded filings of their kinds.
  func checkNewRules(_ ids: Set<String>, _ p: Program) -> String {
    let kinds = Set(p.rules.filter { ids.contains($0.id) }.map(\.kind.name))
    let count = corpus.entries.count { $0.record.map { kinds.contains($0.type.name) } ?? false }
    guard count > 0 else {
      let k = kinds.sorted().map { "`\($0)`" }.joined(separator: ", ")
      return note(
        t(
          "没有已加载的 \(k) 填报可供检查（`:load` 填报文件）",
          "no \(k) filings loaded to check it against (`:load` filings)"
        ))
    }
    let (report, interrupted) = runCheck(
      p.restricted(to: ids),
      where: { e in e.record.map { kinds.contains($0.type.name) } ?? false }, readErrors: false)
    return self.report.render(report) + (interrupted ? interruptedNote : "")
  }

  /// `:drop NAME`: forgets declarations made at the prompt with this name;
  /// a declaration it replaced in the files comes back.
  func drop(_ name: String) -> String {
    let matching = promptEntries.flatMap(\.keys).filter { ReplSession.name(ofKey: $0) == name }
    guard !matching.isEmpty else {
      let names = Set(promptEntries.flatMap(\.keys).map(ReplSession.name(ofKey:)))
      return problem(
        t("提示符下没有声明 `\(name)`", "nothing named `\(name)` was declared at the prompt"),
        hint: didYouMean(name, names))
    }
    var candidate = promptEntries
    for i in candidate.indices {
      candidate[i].file.declarations.removeAll { matching.contains(ReplSession.key($0)) }
      candidate[i].keys.removeAll { matching.contains($0) }
    }
    candidate.removeAll { $0.file.declarations.isEmpty }
    let (p, ds) = build(base: baseFiles, prompt: candidate)
    guard let p else {
      return render(ds.filter { $0.severity == .error })
        + note(t("删除后策略有错误，未删除", "the program would have errors without it; nothing dropped"))
    }
    promptEntries = candidate
    setProgram(p)
    return note(t("已删除 `\(name)`", "dropped `\(name)`"))
  }
}

extension Program {
  /// The same program with only some rules: to check a rule just written.
  func restricted(to ids: Set<String>) -> Program {
    Program(
      policies: policies, params: params, records: records, filings: filings,
      rules: rules.filter { ids.contains($0.id) }, fixtures: fixtures, defines: defines,
      tests: tests, files: files)
  }
}
