/// How the REPL shows a value: like messages do (`ValueFormatter`: money in
/// 万/亿, dates as dates), with text quoted and lists bracketed so that the
/// shape of a value can be seen, and a ratio also as a percentage.
struct ValuePresenter {
  var language: Language
  /// Records longer than this many cells are shown one field per line.
  var width = 100

  var formatter: ValueFormatter { ValueFormatter(language: language) }

  /// A value as the answer to an expression.
  func show(_ v: Value, as type: PType, indent: Int = 0) -> String {
    switch v {
    case .text(let s): return quote(s)
    case .dec(let d) where type.unwrapped == .decimal:
      return ratio(d)
    case .list(let items):
      let elem = type.unwrapped.elementType ?? .never
      let parts = items.map { show($0, as: elem, indent: indent + 2) }
      let flat = "[" + parts.joined(separator: ", ") + "]"
      if DisplayWidth.of(flat) + indent <= width && !flat.contains("\n") { return flat }
      let pad = String(repeating: " ", count: indent + 2)
      return "[\n" + parts.map { pad + $0 }.joined(separator: ",\n") + ",\n"
        + String(repeating: " ", count: indent) + "]"
    case .record(let r):
      let parts = zip(r.type.fields, r.fields).map { f, v in
        "\(f.name): \(show(v, as: f.type, indent: indent + 2))"
      }
      let flat = "{" + parts.joined(separator: ", ") + "}"
      if DisplayWidth.of(flat) + indent <= width && !flat.contains("\n") { return flat }
      let pad = String(repeating: " ", count: indent + 2)
      return "{\n" + parts.map { pad + $0 }.joined(separator: ",\n") + ",\n"
        + String(repeating: " ", count: indent) + "}"
    default:
      return formatter.format(v, as: type)
    }
  }

  /// A value in a table cell: as messages show it, ratios with a percentage.
  func cell(_ v: Value, as type: PType) -> String {
    if case .dec(let d) = v, type.unwrapped == .decimal { return ratio(d) }
    return formatter.format(v, as: type)
  }

  /// `1.2` reads better as `1.2 (120%)` when it is a ratio.
  func ratio(_ d: Dec) -> String {
    if d.isInteger || d.magnitude >= Dec(10) { return d.description }
    return "\(d.description) (\(d.percent()))"
  }

  func quote(_ s: String) -> String {
    var out = "\""
    for c in s {
      switch c {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\t": out += "\\t"
      default: out.append(c)
      }
    }
    return out + "\""
  }
}
