/// A query's expressions checked against one filing kind.
struct QueryPlan {
  enum Aggregate: String {
    case count, countIf, sum, min, max, avg
  }

  struct Column {
    var header: String
    /// The value per filing, or the aggregate's argument.
    var expr: CompiledExpression?
    var aggregate: Aggregate?
    var type: PType
  }

  var kind: RecordType
  var condition: CompiledExpression?
  var keys: [Column] = []
  var columns: [Column] = []
  /// Grouped or aggregated: one row per group rather than per filing.
  var grouped: Bool

  static let aggregateNames: Set<String> = ["count", "sum", "min", "max", "avg"]

  /// The text of a column header: the expression as written, with runs of
  /// spaces made one.
  static func header(_ source: SourceFile, _ span: SourceSpan) -> String {
    source.slice(span).split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" })
      .joined(separator: " ")
  }

  static func compile(
    _ spec: QuerySpec, source: SourceFile, kind: RecordType, program: Program
  ) -> Result<QueryPlan, ExpressionEvaluator.Failure> {
    func fail(_ d: Diagnostic) -> Result<QueryPlan, ExpressionEvaluator.Failure> {
      .failure(ExpressionEvaluator.Failure(diagnostics: [d]))
    }
    func expression(_ span: SourceSpan, optional: Bool) -> Result<
      CompiledExpression, ExpressionEvaluator.Failure
    > {
      CompiledExpression.compile(
        source: source, range: span, program: program, kind: kind, allowOptional: optional)
    }
    var plan = QueryPlan(kind: kind, grouped: !spec.groups.isEmpty)
    if let c = spec.condition {
      switch expression(c, optional: false) {
      case .failure(let f): return .failure(f)
      case .success(let e):
        guard e.type.fits(.bool) else {
          return fail(
            Diagnostic(
              .typeMismatch,
              "a `where` condition must be `bool`, but `\(source.slice(c))` is `\(e.type)`",
              source: source, span: c))
        }
        plan.condition = e
      }
    }
    for g in spec.groups {
      switch expression(g, optional: true) {
      case .failure(let f): return .failure(f)
      case .success(let e):
        plan.keys.append(Column(header: header(source, g), expr: e, type: e.type))
      }
    }
    for s in spec.selects {
      switch column(s, source: source, kind: kind, program: program) {
      case .failure(let f): return .failure(f)
      case .success(let c): plan.columns.append(c)
      }
    }
    if plan.columns.contains(where: { $0.aggregate != nil }) { plan.grouped = true }
    if plan.grouped {
      let keyHeaders = Set(plan.keys.map { $0.header.filter { $0 != " " } })
      for (c, span) in zip(plan.columns, spec.selects) where c.aggregate == nil {
        guard keyHeaders.contains(c.header.filter { $0 != " " }) else {
          return fail(
            Diagnostic(
              .typeMismatch, "`\(c.header)` is neither grouped nor totalled", source: source,
              span: span,
              hint:
                "add it to `group by`, or use `count()`, `count(CONDITION)`, `sum(…)`, `min(…)`, `max(…)` or `avg(…)`"
            ))
        }
      }
      plan.columns.removeAll { $0.aggregate == nil }
      if plan.columns.isEmpty {
        plan.columns = [Column(header: "count()", expr: nil, aggregate: .count, type: .int)]
      }
    } else {
      if plan.columns.isEmpty {
        for f in ["region", "report_date"] {
          guard let slot = kind.slot(f) else { continue }
          plan.columns.append(
            Column(
              header: f, expr: field(f, kind, program), aggregate: nil, type: kind.fields[slot].type
            ))
        }
      }
      if !plan.columns.contains(where: { $0.header == "id" }) {
        plan.columns.insert(
          Column(header: "id", expr: field("id", kind, program), aggregate: nil, type: .text), at: 0
        )
      }
    }
    return .success(plan)
  }

  static func field(_ name: String, _ kind: RecordType, _ program: Program) -> CompiledExpression? {
    if case .success(let e) = CompiledExpression.compile(
      name, program: program, kind: kind, allowOptional: true)
    {
      return e
    }
    return nil
  }

  /// A `select` item: an aggregate when it is `count()`, `count(CONDITION)`,
  /// or `sum`, `avg`, `min`, `max` of one value per filing; otherwise a value
  /// per filing (`count(payables)` counts one filing's list, as in a rule).
  static func column(
    _ span: SourceSpan, source: SourceFile, kind: RecordType, program: Program
  ) -> Result<Column, ExpressionEvaluator.Failure> {
    let (parsed, ds) = Parser.parseExpression(source, range: span)
    guard let parsed, !ds.hasErrors else {
      return .failure(ExpressionEvaluator.Failure(diagnostics: ds))
    }
    let head = header(source, span)
    func fail(_ message: String, hint: String? = nil) -> Result<Column, ExpressionEvaluator.Failure>
    {
      .failure(
        ExpressionEvaluator.Failure(diagnostics: [
          Diagnostic(.wrongArguments, message, source: source, span: span, hint: hint)
        ]))
    }
    if case .call(let name, let args) = parsed.kind, aggregateNames.contains(name.text),
      args.count <= 1
    {
      guard let arg = args.first else {
        if name.text == "count" {
          return .success(Column(header: head, expr: nil, aggregate: .count, type: .int))
        }
        return fail("`\(name.text)` needs a value: `\(name.text)(EXPRESSION)`")
      }
      let compiled: CompiledExpression
      switch CompiledExpression.compile(
        arg, source: source, program: program, kind: kind, allowOptional: true)
      {
      case .failure(let f): return .failure(f)
      case .success(let c): compiled = c
      }
      let t = compiled.type.unwrapped
      if t.elementType == nil {
        switch name.text {
        case "count":
          guard t == .bool else {
            return fail(
              "`count(…)` in a query counts the filings where a condition holds, but `\(compiled.node.text)` is `\(compiled.type)`",
              hint: "write `count()` for the number of filings, or `count(CONDITION)`")
          }
          return .success(Column(header: head, expr: compiled, aggregate: .countIf, type: .int))
        case "sum", "avg":
          guard t.isNumeric else {
            return fail(
              "`\(name.text)` needs a number per filing, but `\(compiled.node.text)` is `\(compiled.type)`"
            )
          }
          let type: PType = name.text == "sum" ? t : (t == .money ? .money : .decimal)
          return .success(
            Column(
              header: head, expr: compiled, aggregate: name.text == "sum" ? .sum : .avg, type: type)
          )
        default:
          guard t.isNumeric || t == .date || t == .text else {
            return fail(
              "`\(name.text)` needs numbers, dates or text, but `\(compiled.node.text)` is `\(compiled.type)`"
            )
          }
          return .success(
            Column(
              header: head, expr: compiled, aggregate: name.text == "min" ? .min : .max,
              type: .optional(t)))
        }
      }
      if name.text == "avg" {
        return fail(
          "`avg` needs a number per filing, but `\(compiled.node.text)` is `\(compiled.type)`")
      }
    }
    switch CompiledExpression.compile(
      parsed, source: source, program: program, kind: kind, allowOptional: true)
    {
    case .failure(let f): return .failure(f)
    case .success(let c):
      return .success(Column(header: head, expr: c, aggregate: nil, type: c.type))
    }
  }
}
