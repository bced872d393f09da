/// The syntax tree of a file as indented text, without spans and ids: two
/// files that mean the same and are written with the same literals have the
/// same dump, whatever their layout. The formatter checks its output with it.
///
/// Literals appear as written (`1_000`, `3.5亿`), and so do the words the tree
/// does not tell apart (`day`/`days`, `is absent`/`is not present`, `三(一)`),
/// so that the dump also shows that the formatter kept them.
public struct SyntaxDump {
  let source: SourceFile
  private var lines: [String] = []
  private var depth = 0

  public static func dump(_ file: PolicyFile) -> String {
    var d = SyntaxDump(source: file.source)
    for decl in file.declarations { d.declaration(decl) }
    return d.lines.joined(separator: "\n")
  }

  public static func dump(_ e: Expr, in source: SourceFile) -> String {
    var d = SyntaxDump(source: source)
    d.expr(e)
    return d.lines.joined(separator: "\n")
  }

  init(source: SourceFile) { self.source = source }

  private mutating func put(_ s: String) {
    lines.append(String(repeating: "  ", count: depth) + s)
  }

  private mutating func nested(_ head: String, _ body: (inout SyntaxDump) -> Void) {
    put(head)
    depth += 1
    body(&self)
    depth -= 1
  }

  // MARK: - declarations

  private mutating func declaration(_ d: Declaration) {
    switch d {
    case .policy(let h):
      nested("policy \(string(h.id))") { s in
        if let t = h.title { s.put("title \(s.bilingual(t))") }
        if let e = h.effective { s.put(s.effective(e)) }
        if let src = h.sourceText { s.put("source \(s.string(src))") }
      }
    case .param(let p):
      nested("param \(p.name.text): \(type(p.type))") { s in
        s.expr(p.value)
        if let doc = p.doc { s.put("doc \(s.bilingual(doc))") }
        if let e = p.effective { s.put(s.effective(e)) }
      }
    case .record(let r):
      nested("record \(r.name.text)") { s in
        for f in r.fields { s.put("field \(f.name.text): \(s.type(f.type))") }
      }
    case .filing(let f):
      nested("filing \(f.name.text)") { s in
        for fd in f.fields { s.put("field \(fd.name.text): \(s.type(fd.type))") }
        for inv in f.invariants {
          s.nested("invalid because \(s.string(inv.message))") { $0.expr(inv.condition) }
        }
      }
    case .define(let d):
      let params = d.parameters.map { "\($0.name.text): \(type($0.type))" }
      nested("define \(d.name.text)(\(params.joined(separator: ", ")))") { $0.expr(d.body) }
    case .rule(let r):
      rule(r)
    case .fixture(let f):
      nested("fixture \(f.name.text)") { $0.expr(f.value) }
    case .test(let t):
      nested("test \(string(t.name))") { s in
        if let file = t.file {
          s.put("given file \(s.string(file.path)) filing \(s.string(file.filing))")
        } else {
          s.nested("given") { $0.expr(t.given) }
        }
        for (n, v) in t.params { s.nested("param \(n.text)") { $0.expr(v) } }
        for (e, _) in t.expectations { s.put("expect \(s.expectation(e))") }
      }
    }
  }

  private mutating func rule(_ r: RuleDecl) {
    nested("rule \(r.id.text) \(bilingual(r.title))") { s in
      if let c = r.citation {
        let raw = SourceTokens(source: s.source).article(in: c.span) ?? ""
        s.put("cites \(c.articles.joined(separator: "、")) as \(raw)")
        if let q = c.quote { s.put("quote \(s.string(q))") }
      }
      if let k = r.kind { s.put("on \(k.text)") }
      if let scope = r.scope { s.nested("where") { $0.expr(scope) } }
      for l in r.lets { s.nested("let \(l.name.text)") { $0.expr(l.value) } }
      for g in r.severity {
        if let c = g.condition {
          s.nested("severity \(g.severity.text) when") { $0.expr(c) }
        } else {
          s.put("severity \(g.severity.text)")
        }
      }
      if let c = r.condition {
        s.nested(r.mode == .forbid ? "forbid" : "require") { $0.expr(c) }
      }
      for x in r.exceptions {
        s.nested("unless \(x.label.map { s.string($0) } ?? "-")") { $0.expr(x.condition) }
      }
      if let m = r.message { s.put("because \(s.bilingual(m))") }
      for c in r.consequences { s.put("consequence \(s.bilingual(c))") }
      if let e = r.effective { s.put(s.effective(e)) }
    }
  }

  private func expectation(_ e: TestDecl.Expectation) -> String {
    switch e {
    case .fires(let rule, let severity, let mitigated):
      return "\(rule.text) \(severity?.text ?? "-")\(mitigated ? " mitigated" : "")"
    case .doesNotFire(let rule): return "no \(rule.text)"
    case .nothing: return "nothing"
    case .invalid: return "invalid"
    }
  }

  private func type(_ t: TypeExpr) -> String {
    switch t {
    case .named(let n): n.text
    case .list(let inner, _): "(list \(type(inner)))"
    case .optional(let inner, _): "(optional \(type(inner)))"
    }
  }

  private func effective(_ e: EffectivePeriod) -> String {
    "effective \(e.from?.text ?? "-") until \(e.until?.text ?? "-")"
  }

  private func bilingual(_ b: Bilingual) -> String {
    string(b.zh) + (b.en.map { " en " + string($0) } ?? "")
  }

  /// Text parts quoted; an interpolation as the dump of its expression, on one line.
  private func string(_ s: StringLiteral) -> String {
    var out: [String] = []
    for p in s.parts {
      switch p {
      case .text(let t): out.append(quoted(t))
      case .interpolation(let range): out.append("{\(interpolation(range))}")
      }
    }
    return "(string \(out.joined(separator: " ")))"
  }

  private func interpolation(_ range: SourceSpan) -> String {
    let (e, _) = Parser.parseExpression(source, range: range)
    if let e {
      return SyntaxDump.dump(e, in: source).split(separator: "\n").map {
        $0.drop(while: { $0 == " " })
      }.joined(separator: " ")
    }
    return source.slice(range).split(whereSeparator: \.isWhitespace).joined(separator: " ")
  }

  private func quoted(_ t: String) -> String {
    var out = "\""
    for ch in t.unicodeScalars {
      switch ch {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\t": out += "\\t"
      default: out.unicodeScalars.append(ch)
      }
    }
    return out + "\""
  }

  // MARK: - expressions

  private mutating func expr(_ e: Expr) {
    switch e.kind {
    case .literal(let kind, let text):
      let raw = source.slice(e.span)
      switch kind {
      case .bool(let b): put("(bool \(b))")
      case .date: put("(date \(text))")
      case .int: put("(int \(text) as \(raw))")
      case .decimal: put("(decimal \(text) as \(raw))")
      case .percent: put("(percent \(text) as \(raw))")
      case .money: put("(money \(text) as \(raw))")
      }
    case .string(let lit, let parts):
      nested("(string") { s in
        var i = 0
        for p in lit.parts {
          switch p {
          case .text(let t): s.put(s.quoted(t))
          case .interpolation:
            if i < parts.count { s.expr(parts[i]) }
            i += 1
          }
        }
      }
    case .name(let n): put("(name \(n))")
    case .filingRef: put("(filing)")
    case .itRef: put("(it)")
    case .list(let items):
      nested("(list") { s in
        for item in items {
          if let g = item.guardCondition {
            s.nested("(when") { s in
              s.expr(item.value)
              s.expr(g)
            }
          } else {
            s.expr(item.value)
          }
        }
      }
    case .record(let type, let fields):
      nested("(record \(type?.text ?? "-")") { $0.fields(fields) }
    case .with, .member, .duration:
      postfixChain(e)
    case .call(let name, let args):
      nested("(call \(name.text)") { s in
        for a in args { s.expr(a) }
      }
    case .unary(let op, let operand):
      nested("(\(op == .neg ? "neg" : "not")") { $0.expr(operand) }
    case .binary(let op, let left, let right):
      // A left-nested chain of one level (`a + b - c`), which the parser
      // builds without limit, is dumped flat: no recursion on its length.
      let level = Precedence.of(op)
      var steps = [(op, right)]
      var head = left
      while case .binary(let o, let l, let r) = head.kind, Precedence.of(o) == level {
        steps.append((o, r))
        head = l
      }
      nested("(chain") { s in
        s.expr(head)
        for (o, x) in steps.reversed() { s.nested(o.rawValue) { $0.expr(x) } }
      }
    case .filter(let list, let condition):
      var conditions = [condition]
      var head = list
      while case .filter(let l, let c) = head.kind {
        conditions.append(c)
        head = l
      }
      nested("(filter") { s in
        s.expr(head)
        for c in conditions.reversed() { s.nested("where") { $0.expr(c) } }
      }
    case .conditional(let c, let a, let b):
      nested("(if") { s in
        s.expr(c)
        s.expr(a)
        s.expr(b)
      }
    case .presence(let operand, let present):
      let words = SourceTokens(source: source).presenceWords(e.span) ?? ""
      nested("(\(present ? "present" : "absent") as \(words)") { $0.expr(operand) }
    }
  }

  /// `a.b days with { … }`: the base and each step, flat.
  private mutating func postfixChain(_ e: Expr) {
    var steps: [Expr] = []
    var head = e
    loop: while true {
      switch head.kind {
      case .member(let t, _), .duration(let t, _), .with(let t, _):
        steps.append(head)
        head = t
      default: break loop
      }
    }
    nested("(postfix") { s in
      s.expr(head)
      for step in steps.reversed() {
        switch step.kind {
        case .member(_, let name): s.put(".\(name.text)")
        case .duration(_, let unit):
          let raw = SourceTokens(source: s.source).unitWord(of: step.span)
          s.put("\(unit.rawValue) as \(raw)")
        case .with(_, let fields): s.nested("with") { $0.fields(fields) }
        default: break
        }
      }
    }
  }

  private mutating func fields(_ fields: [FieldInit]) {
    for f in fields { nested("\(f.name.text):") { $0.expr(f.value) } }
  }
}
