/// Charts drawn as inline SVG on the server side, so the report needs no
/// script or network to show them and prints as it is shown.
enum SVGCharts {
  struct Bar {
    var label: String
    var value: Int
    var color: String = "#b03a2e"
  }

  static let palette = ["critical": "#b03a2e", "major": "#d68910", "warning": "#2e86c1"]

  /// Horizontal bars, longest first, each labelled with its count.
  static func bars(_ bars: [Bar], title: String, width: Int = 640) -> String {
    let rowHeight = 22
    let labelWidth = 220
    let height = max(1, bars.count) * rowHeight + 30
    let maxValue = max(1, bars.map(\.value).max() ?? 1)
    var s =
      "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" xmlns=\"http://www.w3.org/2000/svg\"><title>\(HTMLEscape.text(title))</title>"
    for (i, b) in bars.enumerated() {
      let y = 10 + i * rowHeight
      let w = b.value * (width - labelWidth - 60) / maxValue
      s +=
        "<text x=\"\(labelWidth - 6)\" y=\"\(y + 15)\" text-anchor=\"end\" font-size=\"12\">\(HTMLEscape.text(b.label))</text>"
      s +=
        "<rect x=\"\(labelWidth)\" y=\"\(y + 3)\" width=\"\(max(w, 1))\" height=\"\(rowHeight - 6)\" fill=\"\(b.color)\"></rect>"
      s +=
        "<text x=\"\(labelWidth + max(w, 1) + 6)\" y=\"\(y + 15)\" font-size=\"12\">\(b.value)</text>"
    }
    return s + "</svg>"
  }

  struct Stack {
    var label: String
    var parts: [(String, Int)]
  }

  /// One horizontal bar per row, split by severity.
  static func stacked(_ rows: [Stack], title: String, width: Int = 640) -> String {
    let rowHeight = 22
    let labelWidth = 220
    let height = max(1, rows.count) * rowHeight + 30
    let maxValue = max(1, rows.map { $0.parts.reduce(0) { $0 + $1.1 } }.max() ?? 1)
    var s =
      "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" xmlns=\"http://www.w3.org/2000/svg\"><title>\(HTMLEscape.text(title))</title>"
    for (i, r) in rows.enumerated() {
      let y = 10 + i * rowHeight
      s +=
        "<text x=\"\(labelWidth - 6)\" y=\"\(y + 15)\" text-anchor=\"end\" font-size=\"12\">\(HTMLEscape.text(r.label))</text>"
      // Integer pixels: each segment's width is its count scaled to the row.
      var x = labelWidth
      for (sev, n) in r.parts where n > 0 {
        let w = n * (width - labelWidth - 60) / maxValue
        s +=
          "<rect x=\"\(x)\" y=\"\(y + 3)\" width=\"\(max(w, 1))\" height=\"\(rowHeight - 6)\" fill=\"\(palette[sev] ?? "#888")\"><title>\(sev): \(n)</title></rect>"
        x += w
      }
      let total = r.parts.reduce(0) { $0 + $1.1 }
      s += "<text x=\"\(x + 6)\" y=\"\(y + 15)\" font-size=\"12\">\(total)</text>"
    }
    return s + "</svg>"
  }

  struct Ratio {
    var label: String
    /// Percent, already rounded for drawing (the exact value is in the text).
    var percent: Int
    var text: String
    /// 0 below the first line, 1 above it, 2 above the second: decided on
    /// the exact ratio, not the rounded percent.
    var level: Int
  }

  /// Debt ratio per region, with the warning and high lines drawn across.
  static func ratios(_ rows: [Ratio], lines: [(Int, String)], title: String, width: Int = 640)
    -> String
  {
    let rowHeight = 22
    let labelWidth = 160
    let height = max(1, rows.count) * rowHeight + 44
    let top = max(150, (rows.map(\.percent).max() ?? 0) + 20, (lines.map(\.0).max() ?? 0) + 20)
    let span = width - labelWidth - 70
    var s =
      "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" xmlns=\"http://www.w3.org/2000/svg\"><title>\(HTMLEscape.text(title))</title>"
    for (i, r) in rows.enumerated() {
      let y = 10 + i * rowHeight
      let w = max(0, r.percent) * span / top
      let color = ["#27ae60", "#d68910", "#b03a2e"][min(max(r.level, 0), 2)]
      s +=
        "<text x=\"\(labelWidth - 6)\" y=\"\(y + 15)\" text-anchor=\"end\" font-size=\"12\">\(HTMLEscape.text(r.label))</text>"
      s +=
        "<rect x=\"\(labelWidth)\" y=\"\(y + 3)\" width=\"\(max(w, 1))\" height=\"\(rowHeight - 6)\" fill=\"\(color)\"></rect>"
      s +=
        "<text x=\"\(labelWidth + max(w, 1) + 6)\" y=\"\(y + 15)\" font-size=\"12\">\(HTMLEscape.text(r.text))</text>"
    }
    let bottom = 10 + rows.count * rowHeight
    for (p, label) in lines {
      let x = labelWidth + p * span / top
      s +=
        "<line x1=\"\(x)\" y1=\"4\" x2=\"\(x)\" y2=\"\(bottom + 4)\" stroke=\"#555\" stroke-dasharray=\"4 3\"></line>"
      s +=
        "<text x=\"\(x)\" y=\"\(bottom + 18)\" text-anchor=\"middle\" font-size=\"11\">\(HTMLEscape.text(label))</text>"
    }
    return s + "</svg>"
  }
}
