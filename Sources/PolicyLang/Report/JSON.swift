/// A JSON value with keys in the order written, so output is byte-for-byte
/// deterministic and follows the documented field order. Not `indirect`: the
/// arrays already hold nested values out of line, and boxing every node too
/// made freeing a report's tree cost more than writing it.
public enum JSON: Sendable, Equatable {
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
    guard pretty else { return String(decoding: compactBytes(), as: UTF8.self) }
    var out = ""
    writePretty(to: &out, indent: 0)
    return out
  }

  /// The value on one line, as UTF-8.
  public func compactBytes() -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(256)
    writeCompact(to: &out)
    return out
  }

  /// Two spaces of indentation per level, one member or element per line.
  func writePretty(to out: inout String, indent: Int) {
    let pad = String(repeating: "  ", count: indent + 1)
    let endPad = String(repeating: "  ", count: indent)
    switch self {
    case .object(let fields):
      if fields.isEmpty {
        out += "{}"
        return
      }
      out += "{\n"
      for (i, (k, v)) in fields.enumerated() {
        out += pad
        JSON.escape(k, into: &out)
        out += ": "
        v.writePretty(to: &out, indent: indent + 1)
        out += (i < fields.count - 1 ? "," : "") + "\n"
      }
      out += endPad + "}"
    case .array(let items):
      if items.isEmpty {
        out += "[]"
        return
      }
      out += "[\n"
      for (i, v) in items.enumerated() {
        out += pad
        v.writePretty(to: &out, indent: indent + 1)
        out += (i < items.count - 1 ? "," : "") + "\n"
      }
      out += endPad + "]"
    case .string(let s): JSON.escape(s, into: &out)
    case .number(let n): out += n
    case .bool(let b): out += b ? "true" : "false"
    case .null: out += "null"
    }
  }

  /// One line, no spaces: the hot path of `--format jsonl`, written as
  /// bytes (appending to a `String` costs several times more).
  func writeCompact(to out: inout [UInt8]) {
    switch self {
    case .object(let fields):
      out.append(0x7B)
      var first = true
      for (k, v) in fields {
        if !first { out.append(0x2C) }
        first = false
        JSON.escape(k, into: &out)
        out.append(0x3A)
        v.writeCompact(to: &out)
      }
      out.append(0x7D)
    case .array(let items):
      out.append(0x5B)
      var first = true
      for v in items {
        if !first { out.append(0x2C) }
        first = false
        v.writeCompact(to: &out)
      }
      out.append(0x5D)
    case .string(let s): JSON.escape(s, into: &out)
    case .number(let n): out.append(contentsOf: n.utf8)
    case .bool(let b): JSON.put(b ? "true" : "false", into: &out)
    case .null: JSON.put("null", into: &out)
    }
  }

  /// Appends fixed bytes. A `StaticString`, not a `static let` array: every
  /// append of a shared array retains and releases it, and on two threads
  /// those atomic updates move its cache line between the cores.
  @inline(__always)
  static func put<O: ByteOutput>(_ s: StaticString, into out: inout O) { Dec.put(s, into: &out) }

  /// `i` in decimal, as `String(i)` writes it, without the `String`.
  static func digits<O: ByteOutput>(_ i: Int, into out: inout O) {
    Dec.writeInt(i, into: &out)
  }

  /// `s` as a JSON string: the escapes of `escape(_:into:)` for `String`.
  static func escape<O: ByteOutput>(_ s: String, into out: inout O) {
    let copied =
      s.utf8.withContiguousStorageIfAvailable { b -> Bool in
        escape(utf8: b, into: &out)
        return true
      } ?? false
    if !copied {
      // The `String` escaper writes the quotes too.
      var escaped = ""
      escape(s, into: &escaped)
      for b in escaped.utf8 { out.append(b) }
    }
  }

  /// Well-formed UTF-8 as a JSON string, escaped as a `String` is.
  static func escape<O: ByteOutput>(utf8 b: UnsafeBufferPointer<UInt8>, into out: inout O) {
    out.append(0x22)
    if let p = b.baseAddress {
      let j = firstEscape(p, b.count)
      out.append(p, count: j)
      if j < b.count { escapeRest(p, from: j, count: b.count, into: &out) }
    }
    out.append(0x22)
  }

  /// The offset of the first byte that needs an escape (a quote, a
  /// backslash, a control character, U+2028 or U+2029), or `n`. Eight bytes
  /// at a time until a word holds a candidate (0xE2 starts U+2028, but also
  /// `…` and `—`), then byte by byte.
  @inline(__always)
  static func firstEscape(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int {
    var j = 0
    while j + 8 <= n {
      let w = UInt64(littleEndian: UnsafeRawPointer(p + j).loadUnaligned(as: UInt64.self))
      let marks =
        TextScan.bytesEqual(w, 0x22) | TextScan.bytesEqual(w, 0x5C) | TextScan.bytesEqual(w, 0xE2)
        | TextScan.bytesBelow(w, 0x20)
      if marks != 0 { break }
      j += 8
    }
    while j < n {
      let b = p[j]
      if b < 0x20 || b == 0x22 || b == 0x5C { return j }
      if b == 0xE2, j + 2 < n, p[j + 1] == 0x80, p[j + 2] == 0xA8 || p[j + 2] == 0xA9 { return j }
      j += 1
    }
    return n
  }

  /// From the first byte that needs an escape, at `j`: runs without one
  /// are copied whole, each escape is written as `escape(_:into: String)`
  /// writes it. Apart, so that the common case above stays small and inlined.
  @inline(never)
  private static func escapeRest<O: ByteOutput>(
    _ p: UnsafePointer<UInt8>, from j: Int, count n: Int, into out: inout O
  ) {
    var j = j + escapeAt(p, j, into: &out)
    while j < n {
      let k = j + firstEscape(p + j, n - j)
      out.append(p + j, count: k - j)
      guard k < n else { return }
      j = k + escapeAt(p, k, into: &out)
    }
  }

  /// Writes the escape of the character at `k` (which `firstEscape` found)
  /// and returns how many bytes it took.
  private static func escapeAt<O: ByteOutput>(
    _ p: UnsafePointer<UInt8>, _ k: Int, into out: inout O
  ) -> Int {
    let b = p[k]
    switch b {
    case 0x22: put("\\\"", into: &out)
    case 0x5C: put("\\\\", into: &out)
    case 0x0A: put("\\n", into: &out)
    case 0x0D: put("\\r", into: &out)
    case 0x09: put("\\t", into: &out)
    case 0xE2:
      // U+2028 or U+2029: E2 80 A8 or A9.
      put(p[k + 2] == 0xA8 ? "\\u2028" : "\\u2029", into: &out)
      return 3
    default:
      let hex: StaticString = "0123456789abcdef"
      put("\\u00", into: &out)
      hex.withUTF8Buffer {
        out.append($0[Int(b >> 4)])
        out.append($0[Int(b & 0xF)])
      }
    }
    return 1
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
