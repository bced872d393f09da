extension Parser {
  mutating func declaration() throws -> Declaration {
    let t = current
    if t.is(.filing) { return .filing(try filingDecl()) }
    guard t.kind == .name, Parser.declarationWords.contains(t.text) else {
      error(
        .expectedDeclaration,
        "expected a declaration (`policy`, `param`, `record`, `filing`, `define`, `rule`, `fixture` or `test`), found \(describe(t))",
        hint: suggestion(for: t.text, among: Parser.declarationWords).map {
          "did you mean `\($0)`?"
        })
      throw Failure()
    }
    switch t.text {
    case "policy": return .policy(try policyHeader())
    case "param": return .param(try paramDecl())
    case "record": return .record(try recordDecl())
    case "define": return .define(try defineDecl())
    case "rule": return .rule(try ruleDecl())
    case "fixture": return .fixture(try fixtureDecl())
    default: return .test(try testDecl())
    }
  }

  mutating func stringLiteral(_ context: String) throws -> StringLiteral {
    guard at(.string) else {
      error(.expectedToken, "expected a string \(context), found \(describe(current))")
      throw Failure()
    }
    var first = advance()
    var parts = first.parts
    // Adjacent literals are one string, so long quotations can span lines.
    while at(.string) {
      let next = advance()
      parts += next.parts
      first.span = first.span.to(next.span)
    }
    return StringLiteral(parts: Parser.mergeText(parts), span: first.span)
  }

  static func mergeText(_ parts: [StringPart]) -> [StringPart] {
    var out: [StringPart] = []
    for p in parts {
      if case .text(let b) = p, case .text(let a)? = out.last {
        out[out.count - 1] = .text(a + b)
      } else {
        out.append(p)
      }
    }
    return out
  }

  mutating func bilingual(_ context: String) throws -> Bilingual {
    let zh = try stringLiteral(context)
    var en: StringLiteral? = nil
    if acceptName("en") { en = try stringLiteral("after `en`") }
    return Bilingual(zh: zh, en: en)
  }

  mutating func dateLiteral(_ context: String) throws -> DateLiteral {
    guard at(.date) else {
      error(
        .expectedToken, "expected a date like `2019-12-12` \(context), found \(describe(current))")
      throw Failure()
    }
    let t = advance()
    return DateLiteral(text: t.text, span: t.span)
  }

  mutating func effectivePeriod() throws -> EffectivePeriod {
    let start = previousToken.span
    var from: DateLiteral? = nil
    if at(.date) { from = try dateLiteral("after `effective`") }
    var until: DateLiteral? = nil
    if acceptName("until") { until = try dateLiteral("after `until`") }
    if from == nil && until == nil {
      error(.expectedToken, "expected a date after `effective`, found \(describe(current))")
      throw Failure()
    }
    return EffectivePeriod(from: from, until: until, span: span(from: start))
  }

  mutating func policyHeader() throws -> PolicyHeader {
    let start = advance().span
    let id = try stringLiteral("naming the policy, like `policy \"辽政发〔2019〕24号\"`")
    var header = PolicyHeader(id: id, title: nil, effective: nil, sourceText: nil, span: start)
    while !at(.eof) && !atDeclarationStart() {
      let word = current
      if acceptName("title") {
        if header.title != nil { duplicate(word, in: "the policy header") }
        header.title = try bilingual("after `title`")
      } else if acceptName("effective") {
        if header.effective != nil { duplicate(word, in: "the policy header") }
        header.effective = try effectivePeriod()
      } else if acceptName("source") {
        if header.sourceText != nil { duplicate(word, in: "the policy header") }
        header.sourceText = try stringLiteral("after `source`: the regulation's text file")
      } else {
        error(
          .expectedToken,
          "expected `title`, `effective` or `source` in the policy header, found \(describe(current))"
        )
        throw Failure()
      }
    }
    header.span = span(from: start)
    return header
  }

  /// A clause given twice, where the second would silently replace the first.
  mutating func duplicate(_ word: Token, in place: String) {
    error(
      .duplicateClause, "\(place) has one `\(word.text)` clause", at: word.span,
      hint: "remove one of the `\(word.text)` clauses")
  }

  mutating func typeExpr() throws -> TypeExpr {
    let start = current.span
    var t: TypeExpr
    if atName("list") && peek().is(.of) {
      advance()
      advance()
      depth += 1
      defer { depth -= 1 }
      if depth > maxDepth {
        error(
          .tooDeeplyNested, "type nested more than \(maxDepth) levels deep",
          hint: "declare a record type for the inner lists")
        throw Failure()
      }
      let inner = try typeExpr()
      t = .list(inner, span(from: start))
    } else {
      t = .named(try expectName("for a type (`text`, `int`, `money`, `list of T`, …)"))
    }
    while at(.question) {
      advance()
      t = .optional(t, span(from: start))
    }
    return t
  }

  mutating func paramDecl() throws -> ParamDecl {
    let start = advance().span
    let name = try expectName("after `param`")
    try expect(.colon, "after the param's name, then its type")
    let type = try typeExpr()
    try expect(.assign, "and a default value after the param's type")
    let value = try expression()
    var decl = ParamDecl(
      name: name, type: type, value: value, doc: nil, effective: nil, span: start)
    while true {
      let word = current
      if acceptName("doc") {
        if decl.doc != nil { duplicate(word, in: "a param") }
        decl.doc = try bilingual("after `doc`")
      } else if acceptName("effective") {
        if decl.effective != nil { duplicate(word, in: "a param") }
        decl.effective = try effectivePeriod()
      } else {
        break
      }
    }
    decl.span = span(from: start)
    return decl
  }

  mutating func fieldList(invariants: inout [Invariant], allowInvariants: Bool) throws
    -> [FieldDecl]
  {
    try expect(.lbrace, "to open the field list")
    var fields: [FieldDecl] = []
    while !at(.rbrace) && !at(.eof) {
      if allowInvariants && atName("invalid") {
        let start = advance().span
        try expect(.when, "after `invalid`")
        let cond = try expression()
        guard acceptName("because") else {
          error(.expectedToken, "expected `because \"…\"` after the invalid condition")
          throw Failure()
        }
        let msg = try stringLiteral("after `because`")
        invariants.append(Invariant(condition: cond, message: msg, span: span(from: start)))
        continue
      }
      let name = try expectName("for a field")
      try expect(.colon, "after field `\(name.text)`")
      let type = try typeExpr()
      fields.append(FieldDecl(name: name, type: type, span: span(from: name.span)))
      _ = accept(.comma)
    }
    try expect(.rbrace, "to close the field list")
    return fields
  }

  mutating func recordDecl() throws -> RecordDecl {
    let start = advance().span
    let name = try expectName("after `record`")
    var none: [Invariant] = []
    let fields = try fieldList(invariants: &none, allowInvariants: false)
    return RecordDecl(name: name, fields: fields, span: span(from: start))
  }

  mutating func filingDecl() throws -> FilingDecl {
    let start = advance().span
    let name = try expectName("after `filing`: the filing kind")
    var invariants: [Invariant] = []
    let fields = try fieldList(invariants: &invariants, allowInvariants: true)
    return FilingDecl(name: name, fields: fields, invariants: invariants, span: span(from: start))
  }

  mutating func defineDecl() throws -> DefineDecl {
    let start = advance().span
    let name = try expectName("after `define`")
    var params: [FieldDecl] = []
    if accept(.lparen) {
      while !at(.rparen) && !at(.eof) {
        let p = try expectName("for a parameter of `\(name.text)`")
        try expect(.colon, "after parameter `\(p.text)`, then its type")
        let t = try typeExpr()
        params.append(FieldDecl(name: p, type: t, span: span(from: p.span)))
        if !accept(.comma) { break }
      }
      try expect(.rparen, "to close the parameter list of `\(name.text)`")
    }
    try expect(.assign, "after the definition's name")
    let body = try expression()
    return DefineDecl(name: name, parameters: params, body: body, span: span(from: start))
  }

  /// A rule id: words joined by `-` with no spaces, such as `no-new-arrears`.
  mutating func ruleID(_ context: String) throws -> Name {
    guard current.kind == .name || isKeyword(current) else {
      error(.expectedToken, "expected a rule id \(context), found \(describe(current))")
      throw Failure()
    }
    let first = advance()
    var text = first.text
    var sp = first.span
    while at(.minus), current.span.start == sp.end, peek().span.start == current.span.end,
      peek().kind == .name || isKeyword(peek()) || peek().kind == .number
    {
      advance()
      let part = advance()
      text += "-" + source.slice(part.span)
      sp = sp.to(part.span)
    }
    return Name(text: text, span: sp)
  }

  func isKeyword(_ t: Token) -> Bool {
    if case .keyword = t.kind { return true }
    return false
  }

  mutating func ruleDecl() throws -> RuleDecl {
    let start = advance().span
    let id = try ruleID("after `rule`")
    let title = try bilingual("after the rule id: the rule's title")
    var rule = RuleDecl(
      id: id, title: title, citation: nil, kind: nil, scope: nil, severity: [],
      severitySpan: .none, lets: [], mode: .forbid, condition: nil, exceptions: [], message: nil,
      consequences: [], effective: nil, span: start)
    var seen: Set<String> = []
    // After a clause that could not be read, a "missing clause" error would
    // most likely be about that same clause: report only the first.
    var clauseFailed = false
    while !at(.eof) && !atDeclarationStart() {
      let word = current
      guard word.kind == .name, Parser.ruleClauseWords.contains(word.text) else {
        clauseFailed = true
        error(
          .expectedToken, "expected a rule clause, found \(describe(word))",
          hint: suggestion(for: word.text, among: Parser.ruleClauseWords).map {
            "did you mean `\($0)`?"
          }
            ?? "a rule has `cites`, `on`, `severity`, `let`, `forbid` or `require`, `unless`, `because` and `consequence` clauses"
        )
        synchronize(toClause: true)
        continue
      }
      let once: Set<String> = ["cites", "on", "severity", "because", "effective"]
      var key = word.text
      if key == "require" { key = "forbid" }
      if once.union(["forbid"]).contains(key) {
        if seen.contains(key) {
          error(
            .duplicateClause, "a rule has one `\(word.text)` clause", at: word.span,
            hint: key == "forbid"
              ? "combine conditions with `and` or `or`" : "remove one of the `\(word.text)` clauses"
          )
        }
        seen.insert(key)
      }
      advance()
      do {
        try ruleClause(word, into: &rule)
      } catch {
        clauseFailed = true
        synchronize(toClause: true)
      }
    }
    if clauseFailed {
      rule.span = span(from: start)
      return rule
    }
    if !seen.contains("on") {
      error(
        .missingClause, "rule `\(id.text)` has no `on` clause", at: id.span,
        hint: "say which filings it checks, like `on debt`")
    }
    if !seen.contains("severity") {
      error(
        .missingClause, "rule `\(id.text)` has no `severity` clause", at: id.span,
        hint: "add `severity critical`, `severity major` or `severity warning`")
    }
    if !seen.contains("forbid") {
      error(
        .missingClause, "rule `\(id.text)` has no `forbid` or `require` clause", at: id.span,
        hint: "say what the rule forbids, like `forbid debt_balance > debt_limit`")
    }
    rule.span = span(from: start)
    return rule
  }

  mutating func ruleClause(_ word: Token, into rule: inout RuleDecl) throws {
    switch word.text {
    case "cites":
      guard at(.article) else {
        error(.expectedToken, "expected an article like `三（一）` after `cites`")
        throw Failure()
      }
      let art = advance()
      let articles = art.text.split(separator: "、").map(String.init)
      var quote: StringLiteral? = nil
      if acceptName("quote") { quote = try stringLiteral("after `quote`: the article's text") }
      rule.citation = Citation(articles: articles, quote: quote, span: span(from: word.span))
    case "on":
      rule.kind = try expectName("after `on`: the filing kind")
      if accept(.where) { rule.scope = try expression() }
    case "severity":
      rule.severity = try severityGrades()
      rule.severitySpan = span(from: word.span)
    case "let":
      let name = try expectName("after `let`")
      try expect(.assign, "after `let \(name.text)`")
      let value = try expression()
      rule.lets.append(LetBinding(name: name, value: value, span: span(from: word.span)))
    case "forbid", "require":
      rule.mode = word.text == "forbid" ? .forbid : .require
      rule.condition = try expression()
    case "unless":
      var label: StringLiteral? = nil
      if at(.string) {
        label = try stringLiteral("labelling the exception")
        try expect(.colon, "after the exception's label")
      }
      let cond = try expression()
      rule.exceptions.append(Exception(label: label, condition: cond, span: span(from: word.span)))
    case "because":
      rule.message = try bilingual("after `because`: the violation message")
    case "consequence":
      rule.consequences.append(try bilingual("after `consequence`"))
    default:
      rule.effective = try effectivePeriod()
    }
  }

  /// `severity critical`, or graded: `severity major when C, warning when D else …`.
  mutating func severityGrades() throws -> [SeverityGrade] {
    var grades: [SeverityGrade] = []
    while true {
      let sev = try expectName("for a severity (`critical`, `major` or `warning`)")
      if accept(.when) {
        grades.append(SeverityGrade(severity: sev, condition: try expression()))
        if accept(.comma) { continue }
        if accept(.else) {
          grades.append(
            SeverityGrade(
              severity: try expectName("after `else`: the remaining severity"), condition: nil))
        }
        return grades
      }
      grades.append(SeverityGrade(severity: sev, condition: nil))
      return grades
    }
  }

  mutating func fixtureDecl() throws -> FixtureDecl {
    let start = advance().span
    let name = try expectName("after `fixture`")
    try expect(.assign, "after the fixture's name")
    let value = try expression()
    return FixtureDecl(name: name, value: value, span: span(from: start))
  }

  mutating func testDecl() throws -> TestDecl {
    let start = advance().span
    let name = try stringLiteral("naming the test")
    try expect(.lbrace, "to open the test")
    var given: Expr? = nil
    var file: GivenFile? = nil
    var params: [(Name, Expr)] = []
    var expectations: [(TestDecl.Expectation, SourceSpan)] = []
    while !at(.rbrace) && !at(.eof) {
      let word = current
      if acceptName("given") {
        if given != nil { duplicate(word, in: "a test") }
        if atName("file"), peek().kind == .string {
          advance()
          let path = try stringLiteral("after `given file`: the data file")
          guard accept(.filing) else {
            error(
              .expectedToken,
              "expected `filing \"ID\"` after the data file, found \(describe(current))")
            throw Failure()
          }
          let id = try stringLiteral("after `filing`: the filing's id")
          file = GivenFile(path: path, filing: id, span: span(from: word.span))
          given = node(.string(path, []), path.span)
        } else {
          given = try expression()
        }
      } else if acceptName("param") {
        let n = try expectName("after `param`")
        try expect(.assign, "after `param \(n.text)`")
        params.append((n, try expression()))
      } else if acceptName("expect") {
        let e = try expectation()
        expectations.append((e, span(from: word.span)))
      } else {
        error(
          .expectedToken,
          "expected `given`, `param` or `expect` in a test, found \(describe(current))")
        throw Failure()
      }
    }
    try expect(.rbrace, "to close the test")
    guard let given else {
      error(
        .missingClause, "test has no `given` filing", at: name.span,
        hint: "add `given KIND { … }` or `given FIXTURE with { … }`")
      throw Failure()
    }
    if expectations.isEmpty {
      error(
        .missingClause, "test has no `expect` clause", at: name.span,
        hint: "add `expect RULE`, `expect no RULE`, `expect nothing` or `expect invalid`")
    }
    return TestDecl(
      name: name, given: given, params: params, expectations: expectations,
      span: span(from: start), file: file)
  }

  mutating func expectation() throws -> TestDecl.Expectation {
    if atName("nothing") { return .nothing(advance().span) }
    if atName("invalid") { return .invalid(advance().span) }
    if atName("no"), peek().span.start > current.span.end {
      advance()
      return .doesNotFire(rule: try ruleID("after `expect no`"))
    }
    let rule = try ruleID("after `expect`")
    var sev: Name? = nil
    if current.kind == .name, ["critical", "major", "warning"].contains(current.text) {
      let t = advance()
      sev = Name(text: t.text, span: t.span)
    }
    let mitigated = acceptName("mitigated")
    return .fires(rule: rule, severity: sev, mitigated: mitigated)
  }
}
