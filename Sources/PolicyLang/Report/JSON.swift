/// A JSON value with keys in the order written, so output is byte-for-byte
/// deterministic and follows the documented field order.
public indirect enum JSON: Sendable, Equatable {
  case object([(String, JSON)])
  case array([JSON])
  case string(String)
  /// A number, already formatted exactly (never through a binary float).
  case number(String)
  case bool(Bool)
  case null

  public static func == (a: JSON, b: JSON) -> Bool { a.serialized() == b.serialized() }

  public static func int(_ i: Int) -> JSON { .number(String(i)) }
  public static func optional(_ s: String?) -> JSON { s.map(JSON.string) ?? .null }

  public func serialized(pretty: Bool = false) -> String {
    var out = ""
    write(to: &out, pretty: pretty, indent: 0)
    return out
  }

  func write(to out: inout String, pretty: Bool, indent: Int) {
    guard pretty else {
      writeCompact(to: &out)
      return
    }
    let nl = pretty ? "\n" : ""
    let pad = pretty ? String(repeating: "  ", count: indent + 1) : ""
    let endPad = pretty ? String(repeating: "  ", count: indent) : ""
    switch self {
    case .object(let fields):
      if fields.isEmpty {
        out += "{}"
        return
      }
      out += "{" + nl
      for (i, (k, v)) in fields.enumerated() {
        out += pad
        JSON.escape(k, into: &out)
        out += pretty ? ": " : ":"
        v.write(to: &out, pretty: pretty, indent: indent + 1)
        out += (i < fields.count - 1 ? "," : "") + nl
      }
      out += endPad + "}"
    case .array(let items):
      if items.isEmpty {
        out += "[]"
        return
      }
      out += "[" + nl
      for (i, v) in items.enumerated() {
        out += pad
        v.write(to: &out, pretty: pretty, indent: indent + 1)
        out += (i < items.count - 1 ? "," : "") + nl
      }
      out += endPad + "]"
    case .string(let s): JSON.escape(s, into: &out)
    case .number(let n): out += n
    case .bool(let b): out += b ? "true" : "false"
    case .null: out += "null"
    }
  }

  /// One line, no spaces: the hot path of `--format jsonl`, written without
  /// building any temporary text.
  func writeCompact(to out: inout String) {
    switch self {
    case .object(let fields):
      out.append("{")
      var first = true
      for (k, v) in fields {
        if !first { out.append(",") }
        first = false
        JSON.escape(k, into: &out)
        out.append(":")
        v.writeCompact(to: &out)
      }
      out.append("}")
    case .array(let items):
      out.append("[")
      var first = true
      for v in items {
        if !first { out.append(",") }
        first = false
        v.writeCompact(to: &out)
      }
      out.append("]")
    case .string(let s): JSON.escape(s, into: &out)
    case .number(let n): out.append(n)
    case .bool(let b): out.append(b ? "true" : "false")
    case .null: out.append("null")
    }
  }

  static func escape(_ s: String, into out: inout String) {
    out += "\""
    // Most text needs no escape: then it is copied whole, not scalar by scalar.
    if !needsEscape(s) {
      out += s
      out += "\""
      return
    }
    for u in s.unicodeScalars {
      switch u {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      default:
        if u.value < 0x20 || u.value == 0x2028 || u.value == 0x2029 {
          let hex = String(u.value, radix: 16)
          out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          out.unicodeScalars.append(u)
        }
      }
    }
    out += "\""
  }

  /// Whether the text holds a quote, a backslash, a control character or
  /// U+2028/U+2029 (E2 80 A8/A9 in UTF-8).
  static func needsEscape(_ s: String) -> Bool {
    var it = s.utf8.makeIterator()
    while let b = it.next() {
      if b < 0x20 || b == 0x22 || b == 0x5C { return true }
      if b == 0xE2, it.next() == 0x80, let c = it.next(), c == 0xA8 || c == 0xA9 { return true }
    }
    return false
  }
}
