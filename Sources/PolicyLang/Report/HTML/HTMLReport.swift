/// `policy report` / `policy check --format html`: one self-contained HTML file
/// (no network, no external scripts or fonts) an official can open and print:
/// headline counts, charts as inline SVG, a sortable, filterable, paged table
/// of violations, and each violation's full explanation with the quoted article.
public struct HTMLReport: Sendable {
  public var language: Language
  public var title: String?

  public init(language: Language = .zh, title: String? = nil) {
    self.language = language
    self.title = title
  }

  /// A region's debt: sums of balances and fiscal capacities over its filings.
  public struct RegionDebt: Sendable {
    public var region: String
    public var balance: Dec
    public var capacity: Dec
    public init(region: String, balance: Dec, capacity: Dec) {
      self.region = region
      self.balance = balance
      self.capacity = capacity
    }
  }

  var t: HTMLLabels { HTMLLabels(language: language) }

  public func render(
    _ report: CheckReport, program: Program, debt: [RegionDebt] = []
  ) -> String {
    let vs = report.violations
    let bySeverity = Severity.allCases.map { s in (s, vs.count { $0.severity == s }) }
    var page = """
      <!DOCTYPE html>
      <html lang="\(language == .zh ? "zh-CN" : "en")">
      <head>
      <meta charset="utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <title>\(HTMLEscape.text(title ?? t.title))</title>
      <style>\(HTMLAssets.css)</style>
      </head>
      <body>
      <header>
      <h1>\(HTMLEscape.text(title ?? t.title))</h1>
      <p class="policies">\(program.policies.map { HTMLEscape.text($0.id + " " + ($0.title?.text(language) ?? "")) }.joined(separator: "<br>"))</p>
      </header>
      <main>
      <section class="cards" aria-label="\(t.summary)">
      \(card(t.filingsChecked, report.filingsChecked, id: "filings-checked"))
      \(card(t.filingsInvalid, report.filingsInvalid, id: "filings-invalid"))
      \(card(t.violations, vs.count, id: "violations"))
      \(bySeverity.map { card(Labels(language: language).severity($0.0), $0.1, id: "severity-\($0.0.rawValue)", css: $0.0.rawValue) }.joined(separator: "\n"))
      \(card(t.mitigated, vs.count { $0.mitigated }, id: "mitigated"))
      </section>

      """
    page += charts(vs, debt: debt, program: program)
    page += table(vs)
    page += errors(report.errors)
    page += """
      </main>
      <footer>\(HTMLEscape.text(t.footer))</footer>
      <script type="application/json" id="violations-data">\(HTMLEscape.scriptJSON(data(vs).serialized()))</script>
      <script type="application/json" id="labels">\(HTMLEscape.scriptJSON(t.scriptLabels.serialized()))</script>
      <script>\(HTMLAssets.script)</script>
      </body>
      </html>

      """
    return page
  }

  func card(_ label: String, _ n: Int, id: String, css: String = "") -> String {
    "<div class=\"card \(css)\"><div class=\"n\" id=\"\(id)\">\(n)</div><div class=\"l\">\(HTMLEscape.text(label))</div></div>"
  }

  func counted(_ vs: [Violation], _ key: (Violation) -> String) -> [(String, Int)] {
    var counts: [String: Int] = [:]
    for v in vs { counts[key(v), default: 0] += 1 }
    return counts.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
  }

  func charts(_ vs: [Violation], debt: [RegionDebt], program: Program) -> String {
    var s = "<section class=\"charts\">\n"
    if !vs.isEmpty {
      let byRule = counted(vs) { $0.ruleID }.map {
        SVGCharts.Bar(label: $0.0, value: $0.1, color: "#7d3c98")
      }
      let byRegion = counted(vs) { $0.filing.region ?? "?" }.map {
        SVGCharts.Bar(label: $0.0, value: $0.1, color: "#1f618d")
      }
      let byArticle = counted(vs) { $0.cites.isEmpty ? "?" : $0.cites }.map {
        SVGCharts.Bar(label: $0.0, value: $0.1, color: "#117a65")
      }
      let regions = counted(vs) { $0.filing.region ?? "?" }.map(\.0)
      let stacks = regions.map { region in
        SVGCharts.Stack(
          label: region,
          parts: Severity.allCases.map { sev in
            (sev.rawValue, vs.count { ($0.filing.region ?? "?") == region && $0.severity == sev })
          })
      }
      s += figure(t.byRule, SVGCharts.bars(byRule, title: t.byRule))
      s += figure(t.byRegion, SVGCharts.bars(byRegion, title: t.byRegion))
      s += figure(t.byArticle, SVGCharts.bars(byArticle, title: t.byArticle))
      s += figure(t.severityByRegion, SVGCharts.stacked(stacks, title: t.severityByRegion))
    }
    if !debt.isEmpty {
      s += figure(t.debtRatio, debtChart(debt, program: program))
    }
    return s + "</section>\n"
  }

  func debtChart(_ debt: [RegionDebt], program: Program) -> String {
    func param(_ name: String, _ fallback: Dec) -> Dec {
      program.paramIndex[name].flatMap { program.params[$0].value(on: nil).asDec } ?? fallback
    }
    let warning = param("debt_ratio_warning", Dec(1))
    let high = param("debt_ratio_high", Dec(significand: 12, scale: 1) ?? Dec(1))
    func percentInt(_ d: Dec) -> Int {
      ((try? d.multiplying(Dec(100)).rounded(places: 0, rule: .halfUp))?.intValue) ?? 0
    }
    let rows = debt.sorted { $0.region < $1.region }.compactMap { r -> SVGCharts.Ratio? in
      guard !r.capacity.isZero, let ratio = try? r.balance.dividing(by: r.capacity) else {
        return nil
      }
      let level = ratio > high ? 2 : ratio > warning ? 1 : 0
      return SVGCharts.Ratio(
        label: r.region, percent: percentInt(ratio), text: ratio.percent(), level: level)
    }
    return SVGCharts.ratios(
      rows, lines: [(percentInt(warning), warning.percent()), (percentInt(high), high.percent())],
      title: t.debtRatio)
  }

  func figure(_ caption: String, _ svg: String) -> String {
    "<figure>\(svg)<figcaption>\(HTMLEscape.text(caption))</figcaption></figure>\n"
  }

  func table(_ vs: [Violation]) -> String {
    let regions = Set(vs.compactMap(\.filing.region)).sorted()
    let sevOptions = Severity.allCases.map {
      "<option value=\"\($0.rawValue)\">\(HTMLEscape.text(Labels(language: language).severity($0)))</option>"
    }.joined()
    let regionOptions = regions.map {
      "<option value=\"\(HTMLEscape.text($0))\">\(HTMLEscape.text($0))</option>"
    }.joined()
    let headers: [(String, String)] = [
      ("s", t.severity), ("r", t.rule), ("a", t.article), ("f", t.filing), ("g", t.region),
      ("l", t.location), ("m", t.message),
    ]
    return """
      <section class="violations">
      <h2>\(HTMLEscape.text(t.violations)) (<span id="count-shown">\(vs.count)</span> / \(vs.count))</h2>
      <div class="controls">
      <input id="filter" type="search" placeholder="\(HTMLEscape.text(t.search))" aria-label="\(HTMLEscape.text(t.search))">
      <select id="severity-filter" aria-label="\(HTMLEscape.text(t.severity))"><option value="">\(HTMLEscape.text(t.allSeverities))</option>\(sevOptions)</select>
      <select id="region-filter" aria-label="\(HTMLEscape.text(t.region))"><option value="">\(HTMLEscape.text(t.allRegions))</option>\(regionOptions)</select>
      </div>
      <table id="violations-table">
      <thead><tr>\(headers.map { "<th data-key=\"\($0.0)\" tabindex=\"0\">\(HTMLEscape.text($0.1))</th>" }.joined())</tr></thead>
      <tbody id="violations-body">\(vs.prefix(100).enumerated().map { staticRow($0.offset, $0.element) }.joined())</tbody>
      </table>
      <nav class="pager"><button id="prev" type="button">‹</button> <span id="page"></span> <button id="next" type="button">›</button></nav>
      </section>

      """
  }

  /// The first page is written into the HTML itself, so the report shows
  /// violations (and prints them) even where scripts are disabled.
  func staticRow(_ i: Int, _ v: Violation) -> String {
    let cells = [
      Labels(language: language).severity(v.severity), v.ruleID, v.cites, v.filing.id ?? "?",
      v.filing.region ?? "", "\(v.filing.file):\(v.filing.line)", v.message.text(language),
    ]
    return "<tr class=\"\(v.severity.rawValue)\">"
      + cells.map { "<td>\(HTMLEscape.text($0))</td>" }.joined() + "</tr>"
  }

  func errors(_ es: [FilingError]) -> String {
    guard !es.isEmpty else { return "" }
    let items = es.prefix(1000).map { e in
      "<li><code>\(HTMLEscape.text("\(e.file):\(e.line):\(e.column)"))</code> \(HTMLEscape.text(e.filingID ?? "")) \(HTMLEscape.text(e.message))</li>"
    }.joined()
    let more = es.count > 1000 ? "<li>… \(es.count - 1000)</li>" : ""
    return """
      <section class="errors"><h2>\(HTMLEscape.text(t.errors)) (\(es.count))</h2><ul>\(items)\(more)</ul></section>

      """
  }

  func data(_ vs: [Violation]) -> JSON {
    let text = TextReport(language: language, color: false)
    return .array(
      vs.map { v in
        .object([
          ("s", .string(v.severity.rawValue)),
          ("sl", .string(Labels(language: language).severity(v.severity))),
          ("r", .string(v.ruleID)), ("t", .string(v.title.text(language))),
          ("a", .string(v.cites)), ("q", .optional(v.quote)), ("f", .optional(v.filing.id)),
          ("k", .optional(v.filing.kind)), ("g", .optional(v.filing.region)),
          ("d", .optional(v.filing.department)),
          ("l", .string("\(v.filing.file):\(v.filing.line)")),
          ("m", .string(v.message.text(language))),
          ("c", .array(v.consequences.map { .string($0.text(language)) })),
          ("x", .bool(v.mitigated)),
          ("e", .string(v.evidence.map { text.evidence($0) } ?? "")),
        ])
      })
  }
}

extension HTMLReport {
  /// Debt balances and fiscal capacities summed by region over the valid
  /// `debt` filings among the inputs, for the debt-ratio chart. Empty when the
  /// program has no such filing kind.
  public static func regionDebt(paths: [String], program: Program) -> [RegionDebt] {
    guard let debt = program.filings["debt"], let balanceSlot = debt.slot("debt_balance"),
      let capacitySlot = debt.slot("fiscal_capacity"), let regionSlot = debt.slot("region")
    else { return [] }
    var sums: [String: (Dec, Dec)] = [:]
    let validator = FilingValidator(program: program)
    for file in InputCollector.collect(paths).files where file != "-" {
      for raw in FilingReader.read(path: file).filings {
        guard case .success(let r) = validator.validate(raw), r.type === debt,
          case .text(let region) = r.fields[regionSlot],
          let balance = r.fields[balanceSlot].asDec, let capacity = r.fields[capacitySlot].asDec
        else { continue }
        let (b, c) = sums[region] ?? (.zero, .zero)
        guard let nb = try? b.adding(balance), let nc = try? c.adding(capacity) else { continue }
        sums[region] = (nb, nc)
      }
    }
    return sums.map { RegionDebt(region: $0.key, balance: $0.value.0, capacity: $0.value.1) }
      .sorted { $0.region < $1.region }
  }
}
