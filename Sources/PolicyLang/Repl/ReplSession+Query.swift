/// Totals of one aggregate column over the filings of one group.
struct QueryAccumulator {
  var count = 0
  var sum: Dec = .zero
  var best: Value?

  mutating func add(_ v: Value, _ aggregate: QueryPlan.Aggregate) throws(ArithmeticError) {
    switch aggregate {
    case .count: count += 1
    case .countIf: if case .bool(true) = v { count += 1 }
    case .sum, .avg:
      guard let d = v.asDec else { return }
      sum = try sum.adding(d)
      count += 1
    case .min, .max:
      guard !v.isNull else { return }
      if let b = best {
        let order = QueryAccumulator.compare(v, b)
        if aggregate == .min ? order < 0 : order > 0 { best = v }
      } else {
        best = v
      }
    }
  }

  func result(_ aggregate: QueryPlan.Aggregate) throws(ArithmeticError) -> Value {
    switch aggregate {
    case .count, .countIf: return .int(count)
    case .sum: return .dec(sum)
    case .min, .max: return best ?? .null
    case .avg:
      guard count > 0 else { return .null }
      return .dec(try sum.dividing(by: Dec(count)).rounded(places: 2, rule: .halfUp))
    }
  }

  /// Orders values for `min`, `max` and sorting: absent first, then by value.
  static func compare(_ a: Value, _ b: Value) -> Int {
    switch (a, b) {
    case (.null, .null): return 0
    case (.null, _): return -1
    case (_, .null): return 1
    case (.text(let x), .text(let y)): return x == y ? 0 : (x < y ? -1 : 1)
    case (.date(let x), .date(let y)): return x == y ? 0 : (x < y ? -1 : 1)
    case (.bool(let x), .bool(let y)): return x == y ? 0 : (!x ? -1 : 1)
    default:
      if let x = a.asDec, let y = b.asDec { return x == y ? 0 : (x < y ? -1 : 1) }
      let x = ValueFormatter(language: .en).format(a, as: .never)
      let y = ValueFormatter(language: .en).format(b, as: .never)
      return x == y ? 0 : (x < y ? -1 : 1)
    }
  }
}

extension ReplSession {
  /// `:query …` (see `QuerySpec`): runs over the valid loaded filings of the
  /// kind and prints a table.
  func query(line: String, argumentsAt offset: Int) -> String {
    let (program, out) = requireProgram()
    guard let program else { return out }
    entryCount += 1
    let source = SourceFile(path: "<repl-\(entryCount)>", text: line)
    let spec: QuerySpec
    switch QuerySpec.parse(source, range: SourceSpan(offset, source.bytes.count)) {
    case .failure(let d): return out + render([d])
    case .success(let s): spec = s
    }
    let kinds: [RecordType]
    if spec.kind == "*" {
      let present = Set(corpus.entries.compactMap { $0.record?.type.name })
      kinds = program.filings.keys.sorted().filter { present.contains($0) }.compactMap {
        program.filings[$0]
      }
    } else {
      guard let k = program.filings[spec.kind] else {
        return out
          + render([
            Diagnostic(
              .unknownFilingKind, "unknown filing kind `\(spec.kind)`", source: source,
              span: spec.kindSpan,
              hint: suggestion(for: spec.kind, among: program.filings.keys).map {
                "did you mean `\($0)`?"
              }
                ?? "kinds are \(program.filings.keys.sorted().map { "`\($0)`" }.joined(separator: ", "))"
            )
          ])
      }
      kinds = [k]
    }
    var plans: [String: QueryPlan] = [:]
    for k in kinds {
      switch QueryPlan.compile(spec, source: source, kind: k, program: program) {
      case .failure(let f): return out + render(f.diagnostics)
      case .success(let p): plans[k.name] = p
      }
    }
    // The query is checked even with no filings, so that mistakes show at once.
    guard !corpus.isEmpty, let shape = plans[kinds.first?.name ?? ""] else {
      return out + noFilings()
    }
    return out + run(spec, plans: plans, shape: shape, source: source, program: program)
  }

  func run(
    _ spec: QuerySpec, plans: [String: QueryPlan], shape: QueryPlan, source: SourceFile,
    program: Program
  ) -> String {
    var rows: [[Value]] = []
    var groups: [String: Int] = [:]
    var accumulators: [[QueryAccumulator]] = []
    var considered = 0
    var matched = 0
    var failures: [(String, String)] = []
    var stopped = false
    outer: for file in corpus.files {
      for e in file.entries {
        guard let record = e.record, let plan = plans[record.type.name] else { continue }
        if isInterrupted() {
          stopped = true
          break outer
        }
        considered += 1
        let params = program.paramValues(for: record)
        func value(_ c: CompiledExpression?) throws(EvalError) -> Value {
          guard let c else { return .null }
          return try c.evaluate(filing: record, params: params, language: language)
        }
        do throws(EvalError) {
          if let cond = plan.condition, case .bool(let b) = try value(cond), !b { continue }
          matched += 1
          if plan.grouped {
            var keys: [Value] = []
            for k in plan.keys { keys.append(try value(k.expr)) }
            let id = keys.map { ValueFormatter(language: .en).format($0, as: .never) }
              .joined(separator: "\u{1F}")
            let g: Int
            if let i = groups[id] {
              g = i
            } else {
              g = rows.count
              groups[id] = g
              rows.append(keys)
              accumulators.append(Array(repeating: QueryAccumulator(), count: plan.columns.count))
            }
            for (i, c) in plan.columns.enumerated() {
              let v = c.aggregate == .count ? Value.null : try value(c.expr)
              do {
                try accumulators[g][i].add(v, c.aggregate ?? .count)
              } catch {
                throw EvalError(.overflow, "`\(c.header)` is too large to total", span: .none)
              }
            }
          } else {
            var row: [Value] = []
            for c in plan.columns { row.append(try value(c.expr)) }
            rows.append(row)
          }
        } catch {
          failures.append((e.id ?? "\(e.raw.file):\(e.raw.node.line)", error.message))
        }
      }
    }
    let columns = shape.keys + shape.columns
    if shape.grouped {
      for g in rows.indices {
        for (i, c) in shape.columns.enumerated() {
          rows[g].append((try? accumulators[g][i].result(c.aggregate ?? .count)) ?? .null)
        }
      }
    }
    // Sort: by the named columns; groups by their keys otherwise.
    var order: [(Int, Bool)] = []
    for (span, descending) in spec.sorts {
      let wanted = QueryPlan.header(source, span).filter { $0 != " " }
      if let n = Int(wanted), n >= 1, n <= columns.count {
        order.append((n - 1, descending))
      } else if let i = columns.firstIndex(where: { $0.header.filter { $0 != " " } == wanted }) {
        order.append((i, descending))
      } else {
        return render([
          Diagnostic(
            .unknownName, "no column `\(QueryPlan.header(source, span))` to sort by",
            source: source, span: span,
            hint:
              "sort by a column as written (\(columns.map { "`\($0.header)`" }.joined(separator: ", "))) or by its number"
          )
        ])
      }
    }
    if order.isEmpty, shape.grouped { order = shape.keys.indices.map { ($0, false) } }
    if !order.isEmpty {
      rows = rows.enumerated().sorted { a, b in
        for (i, descending) in order {
          let c = QueryAccumulator.compare(a.element[i], b.element[i])
          if c != 0 { return descending ? c > 0 : c < 0 }
        }
        return a.offset < b.offset
      }.map(\.element)
    }
    let total = rows.count
    if let limit = spec.limit { rows = Array(rows.prefix(limit)) }
    var table = TextTable(
      headers: columns.map(\.header),
      rightAligned: columns.map { $0.type.unwrapped.isNumeric && $0.type.unwrapped != .never })
    for row in rows {
      table.add(zip(row, columns).map { v, c in presenter.cell(v, as: c.type) })
    }
    var s = table.render(color: color)
    let kindText = spec.kind == "*" ? "" : " \(spec.kind)"
    let kindTextZh = spec.kind == "*" ? "" : " \(spec.kind) "
    var summary = t("\(rows.count) 行", "\(rows.count) row\(rows.count == 1 ? "" : "s")")
    if rows.count < total { summary += t("，共 \(total) 行", " of \(total)") }
    if spec.condition != nil {
      summary += t(
        "；\(considered) 份\(kindTextZh)填报中 \(matched) 份符合条件",
        "; \(matched) of \(considered)\(kindText) filing\(considered == 1 ? "" : "s") matched")
    } else {
      summary += t(
        "；\(considered) 份\(kindTextZh)填报",
        "; \(considered)\(kindText) filing\(considered == 1 ? "" : "s")")
    }
    s += note(t("（\(summary)）", "(\(summary))"))
    if !failures.isEmpty {
      s +=
        paint(
          t(
            "\(failures.count) 份填报无法计算，已跳过：",
            "\(failures.count) filing\(failures.count == 1 ? "" : "s") skipped, could not be evaluated:"
          ),
          "33;1") + "\n"
      for (id, message) in failures.prefix(10) { s += "  \(id): \(message)\n" }
      if failures.count > 10 { s += "  …\n" }
    }
    if stopped { s += interruptedNote }
    return s
  }
}
