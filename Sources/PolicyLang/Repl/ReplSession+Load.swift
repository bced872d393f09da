import Foundation

extension ReplSession {
  /// `:load PATH...`: `.policy` files are policies, `.json`, `.jsonl`,
  /// `.yaml` and `.yml` files are filings; a directory may hold either or
  /// both. Policies are loaded first, so the filings are validated against
  /// them.
  public func load(_ paths: [String]) -> String {
    var out = ""
    var policies: [String] = []
    var filings: [String] = []
    for raw in paths {
      let path = (raw as NSString).expandingTildeInPath
      var isDir: ObjCBool = false
      guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
        out += problem(t("找不到文件或目录 `\(raw)`", "no such file or directory `\(raw)`"))
        continue
      }
      if !isDir.boolValue {
        if path.hasSuffix(".\(PolicyLoader.fileExtension)") {
          policies.append(path)
        } else if FilingFormat(path: path) != nil {
          filings.append(path)
        } else {
          out += problem(
            t("无法识别的文件类型 `\(raw)`", "unknown file type `\(raw)`"),
            hint: t(
              "策略文件以 .policy 结尾，填报文件以 .json、.jsonl、.yaml 或 .yml 结尾",
              "policies end in .policy; filings in .json, .jsonl, .yaml or .yml"))
        }
        continue
      }
      var ignored: [Diagnostic] = []
      let hasPolicies = !PolicyLoader.collect([path], &ignored).isEmpty
      let hasFilings = !InputCollector.collect([path]).files.isEmpty
      if hasPolicies { policies.append(path) }
      if hasFilings { filings.append(path) }
      if !hasPolicies && !hasFilings {
        out += problem(
          t("`\(raw)` 中没有策略文件或填报文件", "no policy or filing files in `\(raw)`"))
      }
    }
    if !policies.isEmpty {
      triedDefault = true
      out += loadPolicies(policies)
    } else if !filings.isEmpty {
      out += ensureDefaultPolicies()
    }
    if !filings.isEmpty { out += loadFilings(filings) }
    return out
  }

  /// Adds policy files to the session and checks them with the declarations
  /// made at the prompt. On any error the session keeps what it had.
  func loadPolicies(_ paths: [String]) -> String {
    let all = policyPaths + paths.filter { !policyPaths.contains($0) }
    return readPolicies(all)
  }

  func readPolicies(_ all: [String]) -> String {
    let (loaded, ds) = PolicyLoader.load(paths: all)
    guard let loaded else {
      // Kept, so that `:reload` tries again once the files are fixed.
      policyPaths = all
      return render(ds)
        + note(
          t(
            "策略有错误，未加载；改正后用 `:reload` 重新加载",
            "the policies have errors and were not loaded; fix them and `:reload`"))
    }
    let (combined, cds) = build(base: loaded.files, prompt: promptEntries)
    guard let combined else {
      return render(ds) + render(cds)
        + note(
          t(
            "策略与提示符下的声明冲突，会话保持不变（可用 `:drop NAME` 删除声明）",
            "the policies conflict with declarations made at the prompt; the session is unchanged (`:drop NAME` removes one)"
          ))
    }
    policyPaths = all
    baseFiles = loaded.files
    setProgram(combined)
    let kinds = combined.filings.count
    let rules = Set(combined.rules.map(\.id)).count
    var out = render(ds)
    out += note(
      t(
        "已加载策略 \(all.joined(separator: "、"))：\(loaded.files.count) 个文件，\(rules) 条规则，\(kinds) 种填报，\(combined.params.count) 个参数",
        "loaded \(all.joined(separator: ", ")): \(loaded.files.count) file\(loaded.files.count == 1 ? "" : "s"), \(rules) rule\(rules == 1 ? "" : "s"), \(kinds) filing kind\(kinds == 1 ? "" : "s"), \(combined.params.count) param\(combined.params.count == 1 ? "" : "s")"
      ))
    if !corpus.isEmpty { out += corpusStatus() }
    return out
  }

  /// Reads filing files (directories are walked) into the corpus.
  func loadFilings(_ paths: [String]) -> String {
    let (files, errors) = InputCollector.collect(paths)
    for p in paths where !corpus.paths.contains(p) { corpus.paths.append(p) }
    let read = corpus.read(files)
    corpus.validate(with: program)
    var out = render(errors.map(\.diagnostic))
    let count = read.reduce(0) { $0 + $1.entries.count }
    out += note(
      t(
        "已读取 \(read.count) 个文件中的 \(count) 份填报",
        "read \(count) filing\(count == 1 ? "" : "s") from \(read.count) file\(read.count == 1 ? "" : "s")"
      ))
    out += corpusStatus(only: Set(read.map(\.path)))
    return out
  }

  /// How many filings are valid, with the first few errors.
  func corpusStatus(only paths: Set<String>? = nil) -> String {
    let files = corpus.files.filter { paths?.contains($0.path) ?? true }
    let entries = files.flatMap(\.entries)
    guard program != nil else {
      return note(
        t(
          "尚未加载策略，填报未校验（`:load` 策略目录）",
          "no policies loaded, so the filings are not validated yet (`:load` a policy directory)"))
    }
    let valid = entries.count { $0.record != nil }
    let errors = files.flatMap(\.readErrors) + entries.flatMap(\.errors)
    var out = ""
    let shown = 5
    if !errors.isEmpty {
      out += render(Array(errors.prefix(shown)).map(\.diagnostic))
      if errors.count > shown {
        out += note(
          t(
            "……另有 \(errors.count - shown) 个错误（`:check` 全部列出）",
            "… and \(errors.count - shown) more error\(errors.count - shown == 1 ? "" : "s") (`:check` lists them all)"
          ))
      }
    }
    let invalid = entries.count - valid
    out += note(
      t(
        "有效填报 \(valid) 份" + (invalid > 0 ? "，无效 \(invalid) 份" : ""),
        "\(valid) valid filing\(valid == 1 ? "" : "s")"
          + (invalid > 0 ? ", \(invalid) invalid" : "")))
    return out
  }

  /// `:reload`: reads the policy files and filings again from disk; the
  /// declarations made at the prompt stay.
  func reload() -> String {
    var out = ""
    if !policyPaths.isEmpty { out += readPolicies(policyPaths) }
    if !corpus.paths.isEmpty {
      let paths = corpus.paths
      corpus = ReplCorpus()
      out += loadFilings(paths)
    }
    if out.isEmpty {
      out = note(t("没有可重新加载的内容", "nothing to reload"))
    }
    return out
  }
}
