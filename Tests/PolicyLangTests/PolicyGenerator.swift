/// Random well-formed policy files for the formatter's property tests: every
/// construct of the language, expressions fully parenthesised, clauses in any
/// order, tokens separated by random layout and comments. Deterministic for a seed.
struct PolicyGenerator {
  var rng: SplitMix
  private var comments = 0

  /// Without comments, layout alone is exercised (groups are free to stay flat).
  var withComments: Bool

  init(seed: UInt64, comments: Bool = true) {
    rng = SplitMix(seed: seed)
    withComments = comments
  }

  mutating func chance(_ percent: UInt64) -> Bool { rng.next(below: 100) < percent }

  mutating func pick<T>(_ xs: [T]) -> T { xs[Int(rng.next(below: UInt64(xs.count)))] }

  mutating func count(_ range: ClosedRange<Int>) -> Int {
    range.lowerBound + Int(rng.next(below: UInt64(range.count)))
  }

  // MARK: - layout

  /// The tokens joined by spaces, line breaks, blank lines and comments.
  mutating func layout(_ tokens: [String]) -> String {
    var out = ""
    for (i, t) in tokens.enumerated() {
      if i > 0 { out += separator() }
      out += t
    }
    return out
  }

  private mutating func separator() -> String {
    let roll = rng.next(below: 40)
    if !withComments && roll >= 34 { return " " }
    switch roll {
    case 0..<28: return " "
    case 28..<32: return "\n    "
    case 32: return "\n\n"
    case 33: return "   "
    case 34..<37:
      comments += 1
      return "  # c\(comments)\n  "
    case 37..<39:
      comments += 1
      return "\n# own \(comments)\n"
    default:
      comments += 1
      return "\n\n  # 说明 \(comments)\n\n"
    }
  }

  // MARK: - files

  mutating func file() -> String {
    var decls: [[String]] = []
    for _ in 0..<count(2...6) { decls.append(declaration()) }
    return decls.map { layout($0) }.joined(separator: pick(["\n", "\n\n", "\n\n\n", " "])) + "\n"
  }

  mutating func declaration() -> [String] {
    switch rng.next(below: 9) {
    case 0: return policyHeader()
    case 1: return param()
    case 2: return record()
    case 3: return filing()
    case 4: return define()
    case 5: return fixture()
    case 6: return test()
    default: return rule()
    }
  }

  mutating func policyHeader() -> [String] {
    var clauses: [[String]] = []
    if chance(70) { clauses.append(["title"] + bilingual()) }
    if chance(70) { clauses.append(effective()) }
    if chance(70) { clauses.append(["source", string()]) }
    return ["policy", string()] + shuffled(clauses).flatMap { $0 }
  }

  mutating func param() -> [String] {
    var clauses: [[String]] = []
    if chance(60) { clauses.append(["doc"] + bilingual()) }
    if chance(40) { clauses.append(effective()) }
    return ["param", name(), ":"] + type() + ["="] + expr(2) + shuffled(clauses).flatMap { $0 }
  }

  mutating func record() -> [String] {
    var out = ["record", typeName(), "{"]
    let n = count(0...4)
    for i in 0..<n {
      if i > 0 && chance(50) { out.append(",") }
      out += [name(), ":"] + type()
    }
    if n > 0 && chance(20) { out.append(",") }
    return out + ["}"]
  }

  mutating func filing() -> [String] {
    var out = ["filing", name(), "{"]
    for _ in 0..<count(0...5) {
      if chance(25) {
        out += ["invalid", "when"] + expr(2) + ["because", string()]
      } else {
        out += [name(), ":"] + type()
        if chance(30) { out.append(",") }
      }
    }
    return out + ["}"]
  }

  mutating func define() -> [String] {
    var out = ["define", name()]
    if chance(50) {
      out.append("(")
      for i in 0..<count(1...3) {
        if i > 0 { out.append(",") }
        out += [name(), ":"] + type()
      }
      out.append(")")
    }
    return out + ["="] + expr(3)
  }

  mutating func fixture() -> [String] {
    ["fixture", name(), "="] + recordLiteral(2)
  }

  mutating func test() -> [String] {
    var items: [[String]] = [["given"] + pick([recordLiteral(2), [name(), "with"] + fields(2)])]
    for _ in 0..<count(0...2) { items.append(["param", name(), "="] + expr(1)) }
    for _ in 0..<count(1...3) {
      switch rng.next(below: 5) {
      case 0: items.append(["expect", "nothing"])
      case 1: items.append(["expect", "invalid"])
      case 2: items.append(["expect", "no", ruleID()])
      default:
        var e = ["expect", ruleID()]
        if chance(50) { e.append(pick(["critical", "major", "warning"])) }
        if chance(30) { e.append("mitigated") }
        items.append(e)
      }
    }
    return ["test", string(), "{"] + shuffled(items).flatMap { $0 } + ["}"]
  }

  mutating func rule() -> [String] {
    var clauses: [[String]] = []
    if chance(70) {
      var c = ["cites", pick(["三（一）", "三(一)", "二（二）、二（三）", "五(二),五(三)"])]
      if chance(70) {
        c.append("quote")
        for _ in 0..<count(1...3) { c.append(plainString()) }
      }
      clauses.append(c)
    }
    var on = ["on", name()]
    if chance(40) { on += ["where"] + expr(2) }
    clauses.append(on)
    var lets: [[String]] = []
    for _ in 0..<count(0...2) { lets.append(["let", name(), "="] + expr(3)) }
    if chance(60) {
      clauses.append(["severity", severity()])
    } else {
      var s = ["severity"]
      for i in 0..<count(1...3) {
        if i > 0 { s.append(",") }
        s += [severity(), "when"] + expr(2)
      }
      if chance(70) { s += ["else", severity()] }
      clauses.append(s)
    }
    clauses.append([pick(["forbid", "require"])] + expr(3))
    for _ in 0..<count(0...2) {
      if chance(50) {
        clauses.append(["unless", string(), ":"] + expr(2))
      } else if chance(20) {
        clauses.append(["unless", "(", string(), "==", name(), ")"])
      } else {
        // A condition starting with a string would read as a label.
        let c = expr(2)
        clauses.append(["unless"] + (c.first?.hasPrefix("\"") == true ? ["("] + c + [")"] : c))
      }
    }
    if chance(80) { clauses.append(["because"] + bilingual()) }
    for _ in 0..<count(0...2) { clauses.append(["consequence"] + bilingual()) }
    if chance(30) { clauses.append(effective()) }
    // Lets keep their order among themselves; everything else in any order.
    var ordered = shuffled(clauses)
    for l in lets { ordered.insert(l, at: Int(rng.next(below: UInt64(ordered.count + 1)))) }
    return ["rule", ruleID()] + bilingual() + ordered.flatMap { $0 }
  }

  // MARK: - pieces

  mutating func shuffled<T>(_ xs: [T]) -> [T] {
    var a = xs
    if a.count < 2 { return a }
    for i in stride(from: a.count - 1, to: 0, by: -1) {
      a.swapAt(i, Int(rng.next(below: UInt64(i + 1))))
    }
    return a
  }

  mutating func effective() -> [String] {
    switch rng.next(below: 3) {
    case 0: ["effective", "2019-12-12"]
    case 1: ["effective", "until", "2024-12-31"]
    default: ["effective", "2020-01-01", "until", "2021-06-30"]
    }
  }

  mutating func severity() -> String { pick(["critical", "major", "warning"]) }

  mutating func name() -> String {
    pick(["a", "b", "x", "amount", "due_date", "金额", "未付", "_n", "r2", "report_date", "title"])
  }

  mutating func typeName() -> String { pick(["R", "Payable", "记录"]) }

  mutating func ruleID() -> String { pick(["r", "no-new-arrears", "debt-over-limit", "x-1-y"]) }

  mutating func type() -> [String] {
    var t: [String] = chance(25) ? ["list", "of"] : []
    t.append(pick(["text", "int", "decimal", "money", "date", "bool", "R"]))
    if chance(25) { t.append("?") }
    return t
  }

  mutating func bilingual() -> [String] {
    var out = [string()]
    if chance(60) { out += ["en", string()] }
    return out
  }

  mutating func plainString() -> String {
    pick([
      "\"政府债务要规模适度、风险可控\"", "\"plain text\"", "\"\"", "\"with \\\"quotes\\\" and \\\\\"",
      "\"braces \\{ \\} and \\n \\t\"", "\"a long English message that goes on for quite a while\"",
    ])
  }

  mutating func string() -> String {
    guard chance(50) else { return plainString() }
    let inner = expr(1).joined(separator: " ")
    return pick(["\"债务 {\(inner)} 超过\"", "\"{\(inner)}\"", "\"x {\(inner)} y {a}\""])
  }

  mutating func fields(_ depth: Int) -> [String] {
    var out = ["{"]
    let n = count(0...3)
    for i in 0..<n {
      if i > 0 { out.append(",") }
      out += [name(), ":"] + expr(depth)
    }
    if n > 0 && chance(20) { out.append(",") }
    return out + ["}"]
  }

  mutating func recordLiteral(_ depth: Int) -> [String] {
    (chance(70) ? [name()] : []) + fields(depth)
  }

  // MARK: - expressions

  mutating func atom() -> [String] {
    switch rng.next(below: 12) {
    case 0: [pick(["12", "1_000", "0", "3.25", "0.5", "1_000_000.25"])]
    case 1: [pick(["120%", "5%", "0.5%"])]
    case 2: [pick(["3.5亿", "120万元", "800元", "2亿元", "1_000万"])]
    case 3: [pick(["2019-12-12", "2024-02-29"])]
    case 4: [pick(["true", "false"])]
    case 5: [string()]
    case 6: [pick(["filing", "it"])]
    default: [name()]
    }
  }

  mutating func expr(_ depth: Int) -> [String] {
    if depth <= 0 || chance(25) { return atom() }
    let d = depth - 1
    switch rng.next(below: 16) {
    case 0, 1:
      let op = pick([
        ["+"], ["-"], ["*"], ["/"], ["=="], ["!="], ["<"], ["<="], [">"], [">="], ["and"], ["or"],
        ["??"], ["in"], ["not", "in"],
      ])
      return ["("] + expr(d) + op + expr(d) + [")"]
    case 2:
      // Chains without parentheses, to see precedence kept.
      let ops = [["+"], ["-"], ["*"], ["and"], ["or"], ["??"], ["/"]]
      var out = atomOrParen(d)
      for _ in 0..<count(1...3) { out += pick(ops) + atomOrParen(d) }
      return out
    case 3: return ["(", "not"] + expr(d) + [")"]
    case 4: return ["(", "-"] + expr(d) + [")"]
    case 5: return ["("] + expr(d) + ["where"] + expr(d) + [")"]
    case 6: return ["(", "if"] + expr(d) + ["then"] + expr(d) + ["else"] + expr(d) + [")"]
    case 7:
      return ["("] + expr(d) + ["is"] + (chance(30) ? ["not"] : []) + [pick(["present", "absent"])]
        + [")"]
    case 8:
      return ["("] + expr(d) + [")", pick(["day", "days", "month", "months", "year", "years"])]
    case 9: return ["("] + expr(d) + [")", ".", name()]
    case 10:
      var out = [pick(["count", "sum", "join", "f", "max"]), "("]
      for i in 0..<count(0...3) {
        if i > 0 { out.append(",") }
        out += expr(d)
      }
      return out + [")"]
    case 11:
      var out = ["["]
      let n = count(0...4)
      for i in 0..<n {
        if i > 0 { out.append(",") }
        out += expr(d)
        if chance(30) { out += ["when"] + expr(d) }
      }
      if n > 0 && chance(30) { out.append(",") }
      return out + ["]"]
    case 12: return recordLiteral(d)
    case 13: return ["("] + expr(d) + [")", "with"] + fields(d)
    default:
      // A long flat condition, so that breaking is exercised.
      var out = atom()
      for _ in 0..<count(3...8) {
        out += pick([["and"], ["or"], ["+"], ["-"]]) + [name()]
      }
      return ["("] + out + [")"]
    }
  }

  private mutating func atomOrParen(_ d: Int) -> [String] {
    chance(50) ? atom() : ["("] + expr(d) + [")"]
  }
}
