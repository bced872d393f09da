import Foundation

/// What Tab offers for the text before the cursor: the words that could
/// finish the partial `word`, and what to insert when they agree.
public struct ReplCompletion: Sendable, Equatable {
  /// The partial word before the cursor that the candidates complete.
  public var word: String
  /// Whole words, sorted, each starting with `word`.
  public var candidates: [String]
  /// Add a space after the only candidate (a command or an argument).
  public var appendSpace: Bool

  public init(word: String, candidates: [String], appendSpace: Bool = false) {
    self.word = word
    self.candidates = candidates
    self.appendSpace = appendSpace
  }

  /// The text to type after `word`: the candidates' common prefix (and a
  /// space when there is only one and it ends an argument).
  public var insertion: String {
    guard var common = candidates.first else { return "" }
    for c in candidates.dropFirst() {
      while !c.hasPrefix(common) { common.removeLast() }
    }
    guard common.count >= word.count else { return "" }
    var s = String(common.dropFirst(word.count))
    if candidates.count == 1, appendSpace { s += " " }
    return s
  }

  /// The candidates in columns across a terminal `width` cells wide.
  public func listing(width: Int) -> String {
    guard !candidates.isEmpty else { return "" }
    let cell = (candidates.map { DisplayWidth.of($0) }.max() ?? 0) + 2
    let perLine = max(1, width / cell)
    let lines = (candidates.count + perLine - 1) / perLine
    var out = ""
    for row in 0..<lines {
      var line = ""
      // Down the columns, as `ls` lists.
      for col in 0..<perLine {
        let i = col * lines + row
        guard i < candidates.count else { break }
        let c = candidates[i]
        line += c + String(repeating: " ", count: cell - DisplayWidth.of(c))
      }
      while line.last == " " { line.removeLast() }
      out += line + "\n"
    }
    return out
  }
}

extension ReplSession {
  static let clauseWords = [
    "cites", "quote", "on", "severity", "let", "forbid", "require", "unless", "because",
    "consequence",
    "effective", "until", "en", "critical", "major", "warning", "given", "expect", "nothing",
    "invalid",
    "mitigated", "doc",
  ]
  static let queryWords = [
    "where", "group", "by", "select", "sort", "desc", "asc", "limit", "count", "avg",
  ]

  static func isWordCharacter(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" }

  /// Candidates for Tab, given the current line up to the cursor.
  public func complete(_ line: String) -> ReplCompletion {
    let trimmed = line.drop(while: { $0 == " " || $0 == "\t" })
    if !input.isContinuing, trimmed.hasPrefix(":") { return completeCommand(String(trimmed)) }
    return completeExpression(
      line, kind: scopeEntry?.record?.type ?? scopeKindFromTyping(), extra: [])
  }

  /// While a rule is being written (`rule … on debt`), the fields of its kind.
  func scopeKindFromTyping() -> RecordType? {
    guard let program, input.isContinuing else { return nil }
    let tokens = Lexer.tokenize(
      SourceFile(path: "<input>", text: input.lines.joined(separator: "\n"))
    ).tokens
    for (i, tok) in tokens.enumerated() where tok.isName("on") && i + 1 < tokens.count {
      if let k = program.filings[tokens[i + 1].text] { return k }
    }
    return nil
  }

  static func matching(_ word: String, _ words: some Sequence<String>, space: Bool = true)
    -> ReplCompletion
  {
    ReplCompletion(
      word: word, candidates: Set(words.filter { $0.hasPrefix(word) }).sorted(), appendSpace: space)
  }

  func completeCommand(_ line: String) -> ReplCompletion {
    let parts = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
    let endsWithSpace = line.last == " " || line.last == "\t"
    if parts.count <= 1, !endsWithSpace {
      return ReplSession.matching(parts.first ?? ":", ReplSession.commands.map { ":" + $0.name })
    }
    guard let command = ReplSession.resolve(String(parts[0].dropFirst())).command else {
      return ReplCompletion(word: "", candidates: [])
    }
    let argument = endsWithSpace ? parts.count - 1 : parts.count - 2
    let word = endsWithSpace ? "" : parts[parts.count - 1]
    let ids = corpus.entries.compactMap(\.id)
    let kinds = program.map { Array($0.filings.keys) } ?? []
    switch (command.name, argument) {
    case ("use", 0), ("check", 0), ("explain", 0): return ReplSession.matching(word, ids)
    case ("explain", 1):
      let kind = corpus.entries(id: parts[1]).first?.record?.type.name
      let rules = program?.rules.filter { kind == nil || $0.kind.name == kind }.map(\.id) ?? []
      return ReplSession.matching(word, rules)
    case ("schema", 0):
      return ReplSession.matching(word, kinds + (program.map { Array($0.records.keys) } ?? []))
    case ("rules", 0), ("filings", 0): return ReplSession.matching(word, kinds)
    case ("set", 0), ("unset", 0):
      return ReplSession.matching(word, program?.params.map(\.name) ?? [])
    case ("drop", 0):
      return ReplSession.matching(word, promptEntries.flatMap(\.keys).map(ReplSession.name(ofKey:)))
    case ("help", 0): return ReplSession.matching(word, ReplSession.commands.map(\.name))
    case ("load", _): return completePath(word)
    case ("query", 0): return ReplSession.matching(word, kinds + ["*"])
    case ("query", _):
      let kind = parts.count > 1 ? program?.filings[parts[1]] : nil
      return completeExpression(line, kind: kind, extra: ReplSession.queryWords)
    case ("type", _): return completeExpression(line, kind: scopeEntry?.record?.type, extra: [])
    default: return ReplCompletion(word: word, candidates: [])
    }
  }

  /// Names for an expression or declaration: the fields of the filing kind in
  /// scope (or of a record after `.`), params, definitions, functions and
  /// keywords; rule ids after `expect`, filing kinds after `on`.
  func completeExpression(_ line: String, kind: RecordType?, extra: [String]) -> ReplCompletion {
    let chars = Array(line)
    // Rule ids have hyphens: after `expect` (or `expect no`), complete a whole id.
    var idStart = chars.count
    while idStart > 0, ReplSession.isWordCharacter(chars[idStart - 1]) || chars[idStart - 1] == "-"
    {
      idStart -= 1
    }
    let wordsBeforeID = String(chars[..<idStart]).split(whereSeparator: { $0 == " " || $0 == "\t" })
    if let last = wordsBeforeID.last,
      last == "expect" || (last == "no" && wordsBeforeID.dropLast().last == "expect")
    {
      return ReplSession.matching(String(chars[idStart...]), program?.rules.map(\.id) ?? [])
    }
    var start = chars.count
    while start > 0, ReplSession.isWordCharacter(chars[start - 1]) { start -= 1 }
    let before = String(chars[..<start])
    let beforeWords = before.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
    let word = String(chars[start...])
    if start > 0, chars[start - 1] == "." {
      return ReplSession.matching(
        word, memberFields(before: Array(chars[..<(start - 1)]), kind: kind), space: false)
    }
    if beforeWords.last == "on", let program {
      return ReplSession.matching(word, program.filings.keys)
    }
    guard !word.isEmpty else { return ReplCompletion(word: word, candidates: []) }
    var names = Keyword.allCases.map(\.rawValue) + Checker.functionNames + extra
    names += kind?.fields.map(\.name) ?? []
    if let program {
      names += program.params.map(\.name)
      names += program.defines.keys
    }
    if beforeWords.isEmpty && !input.isContinuing {
      names += ReplInput.declarationWords
    }
    if input.isContinuing { names += ReplSession.clauseWords }
    return ReplSession.matching(word, names, space: false)
  }

  /// The fields of the record that `a.b.` leads to from the filing in scope.
  func memberFields(before chars: [Character], kind: RecordType?) -> [String] {
    var s = chars.count
    while s > 0, ReplSession.isWordCharacter(chars[s - 1]) || chars[s - 1] == "." { s -= 1 }
    let path = String(chars[s...]).split(separator: ".").map(String.init)
    guard let first = path.first, let kind else { return [] }
    var type: PType
    if first == "filing" {
      type = .record(kind)
    } else if let slot = kind.slot(first) {
      type = kind.fields[slot].type
    } else {
      return []
    }
    for name in path.dropFirst() {
      guard case .record(let r) = ReplSession.elementRecord(type), let slot = r.slot(name) else {
        return []
      }
      type = r.fields[slot].type
    }
    guard case .record(let r) = ReplSession.elementRecord(type) else { return [] }
    return r.fields.map(\.name)
  }

  /// A record, or the record a list holds (`payables.` projects its fields).
  static func elementRecord(_ t: PType) -> PType {
    let u = t.unwrapped
    if let e = u.elementType { return e.unwrapped }
    return u
  }

  /// File and directory names for `:load`.
  func completePath(_ word: String) -> ReplCompletion {
    let slash = word.lastIndex(of: "/")
    let dirPart = slash.map { String(word[...$0]) } ?? ""
    let partial = slash.map { String(word[word.index(after: $0)...]) } ?? word
    let dir = dirPart.isEmpty ? "." : (dirPart as NSString).expandingTildeInPath
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else {
      return ReplCompletion(word: word, candidates: [])
    }
    var out: [String] = []
    for name in names where name.hasPrefix(partial) {
      if name.hasPrefix(".") && !partial.hasPrefix(".") { continue }
      var isDir: ObjCBool = false
      _ = FileManager.default.fileExists(atPath: dir + "/" + name, isDirectory: &isDir)
      out.append(dirPart + name + (isDir.boolValue ? "/" : ""))
    }
    let single = out.count == 1 && !(out.first?.hasSuffix("/") ?? false)
    return ReplCompletion(word: word, candidates: out.sorted(), appendSpace: single)
  }
}
