/// Evidence as labelled lines with indented details under them, shared by
/// the text, Markdown, JUnit and GitHub outputs so they all say the same.
///
///     依据  debt_balance 385亿元 > debt_limit 360亿元，超出 25亿元
///             debt_balance = 38,500,000,000元（385亿元）  debt.yaml:61:15
struct EvidenceLines {
  struct Line: Equatable {
    /// Set on the first line of a section (`依据`, `其中`, `例外`).
    var label: String?
    var text: String
    /// `file:line:column` of the value or element, when known.
    var location: String?
    /// 0 for a section's line; 1 for details under it; 2 under those.
    var depth: Int
  }

  var language: Language
  /// Include the rule's `where` (for `policy explain`).
  var includeScope = false

  var labels: Labels { Labels(language: language) }

  func lines(_ e: Evidence) -> [Line] {
    var out: [Line] = []
    var shown = Set<String>()
    let bound = Set(e.bindings.map(\.name))
    if includeScope {
      for (i, f) in e.scope.enumerated() {
        out += fact(f, label: i == 0 ? labels.scope : nil, bound: bound, shown: &shown)
      }
    }
    for (i, f) in e.facts.enumerated() {
      out += fact(f, label: i == 0 ? labels.because : nil, bound: bound, shown: &shown)
    }
    if let g = e.grade { out += fact(g, label: labels.grade, bound: bound, shown: &shown) }
    for (i, b) in e.bindings.enumerated() {
      out += binding(b, label: i == 0 ? labels.whereLabel : nil, shown: &shown)
    }
    for x in e.exceptions { out += exception(x, bound: bound, shown: &shown) }
    return out
  }

  static func location(file: String?, line: Int?, column: Int?) -> String? {
    guard let line, let column, line > 0 else { return nil }
    return file.map { "\($0):\(line):\(column)" } ?? "\(line):\(column)"
  }

  func location(_ o: Operand) -> String? {
    EvidenceLines.location(file: o.file, line: o.line, column: o.column)
  }

  /// Operands worth a line of their own: read from the filing (with where),
  /// or shown more exactly than the sentence does. `let`s have theirs.
  func details(_ f: Fact, bound: Set<String>) -> [Operand] {
    let ops = f.operands.filter {
      !$0.isLiteral && !bound.contains($0.expression)
        && ($0.file != nil || $0.exact.text(language) != $0.value.text(language))
    }
    return ops + f.inputs.filter { !bound.contains($0.expression) }
  }

  func fact(
    _ f: Fact, label: String?, depth: Int = 0, bound: Set<String>, shown: inout Set<String>
  ) -> [Line] {
    var out = [Line(label: label, text: f.text.text(language), location: nil, depth: depth)]
    let ds = details(f, bound: bound)
    if f.operands.count == 1, ds.count == 1, ds[0].expression == f.operands[0].expression,
      ds[0].exact.text(language) == ds[0].value.text(language)
    {
      // `fulfilled = 否` needs only where it was read.
      out[0].location = location(ds[0])
    } else {
      for o in ds {
        out.append(
          Line(
            label: nil, text: "\(o.expression) = \(o.exact.text(language))", location: location(o),
            depth: depth + 1))
      }
    }
    for el in f.elements where shown.insert("\(el.list)#\(el.index)").inserted {
      out += element(el, depth: depth + 1)
    }
    return out
  }

  func element(_ el: ElementRef, depth: Int) -> [Line] {
    var out = [
      Line(
        label: nil,
        text:
          "\(el.list)[\(el.index)]\(el.matched ? "" : labels.notMatched) \(el.summary.text(language))",
        location: EvidenceLines.location(file: el.file, line: el.line, column: el.column),
        depth: depth)
    ]
    for f in el.facts {
      var line = Line(label: nil, text: f.text.text(language), location: nil, depth: depth + 1)
      if f.operands.count == 1, f.inputs.isEmpty { line.location = location(f.operands[0]) }
      out.append(line)
    }
    return out
  }

  func binding(_ b: Binding, label: String?, shown: inout Set<String>) -> [Line] {
    let expr = b.expression.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" })
      .joined(separator: " ")
    let value = b.value.text(language)
    // A long definition is in the rule; the value is what matters here.
    let text =
      expr.isEmpty || expr == value || DisplayWidth.of(expr) > 60
      ? "\(b.name) = \(value)" : "\(b.name) = \(expr) = \(value)"
    var out = [Line(label: label, text: text, location: nil, depth: 0)]
    for o in b.inputs {
      out.append(
        Line(
          label: nil, text: "\(o.expression) = \(o.exact.text(language))", location: location(o),
          depth: 1))
    }
    for el in b.elements where shown.insert("\(el.list)#\(el.index)").inserted {
      out += element(el, depth: 1)
    }
    return out
  }

  func exception(_ x: ExceptionOutcome, bound: Set<String>, shown: inout Set<String>) -> [Line] {
    let name = (language == .en ? x.labelEn ?? x.label : x.label) ?? x.expression
    let head: String
    switch x.status {
    case .applied: head = labels.exceptionApplied
    case .notApplied: head = labels.exceptionNotApplied
    case .notEvaluated: head = labels.exceptionNotEvaluated
    }
    let sep = language == .zh ? "：" : ": "
    var out = [Line(label: labels.exception, text: head + sep + name, location: nil, depth: 0)]
    for f in x.facts { out += fact(f, label: nil, depth: 1, bound: bound, shown: &shown) }
    return out
  }
}
