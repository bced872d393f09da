/// Where a JSON value is written, one token at a time: into a `JSON` tree
/// (the documents of `--format json` and SARIF) or straight into bytes (the
/// lines of `--format jsonl`). A shape written once against this protocol
/// comes out the same both ways; the bytes skip building, and freeing, a
/// tree that would only be serialized (for evidence, a third of the cost
/// of a violation line).
protocol JSONSink {
  mutating func beginObject()
  mutating func endObject()
  mutating func beginArray()
  mutating func endArray()
  /// A key of the object being written, from the code: plain ASCII with
  /// nothing to escape, written as it is.
  mutating func key(_ k: StaticString)
  /// A key from data (a record's field name), escaped.
  mutating func dataKey(_ k: String)
  mutating func string(_ s: String)
  /// A number, already formatted exactly.
  mutating func number(_ s: String)
  /// A decimal, exactly (`Dec.description`); by default through `number`.
  mutating func decimal(_ d: Dec)
  /// A date as a string, `YYYY-MM-DD`; by default through `string`.
  mutating func date(_ d: CivilDate)
  mutating func int(_ i: Int)
  mutating func bool(_ b: Bool)
  mutating func null()
}

extension JSONSink {
  mutating func decimal(_ d: Dec) { number(d.description) }
  mutating func date(_ d: CivilDate) { string(d.description) }

  mutating func optional(_ s: String?) {
    if let s { string(s) } else { null() }
  }

  mutating func array<T>(_ items: [T], _ write: (inout Self, T) -> Void) {
    beginArray()
    for x in items { write(&self, x) }
    endArray()
  }
}

/// Compact JSON bytes, as `JSON.writeCompact` writes the same value.
struct JSONBytes: JSONSink {
  private var out: RawBytes
  /// Whether the next key or value follows another in its container.
  private var comma = false

  private init(capacity: Int) { out = RawBytes(capacity: capacity) }

  /// Writes the value `body` writes at the end of `out`: into a buffer of
  /// its own (`RawBytes`), copied into `out` once at the end.
  static func writing<O: ByteOutput>(into out: inout O, _ body: (inout JSONBytes) -> Void) {
    var sink = JSONBytes(capacity: 4096)
    body(&sink)
    out.append(sink.out.bytes)
    sink.out.free()
  }

  private mutating func separate() {
    if comma { out.append(0x2C) }
  }

  mutating func beginObject() {
    separate()
    out.append(0x7B)
    comma = false
  }
  mutating func endObject() {
    out.append(0x7D)
    comma = true
  }
  mutating func beginArray() {
    separate()
    out.append(0x5B)
    comma = false
  }
  mutating func endArray() {
    out.append(0x5D)
    comma = true
  }
  /// `,"k":` in one step: a key is a fixed run of bytes.
  mutating func key(_ k: StaticString) {
    let comma = comma
    k.withUTF8Buffer { b in
      let n = b.count + (comma ? 4 : 3)
      var p = out.reserve(n)
      if comma {
        p[0] = 0x2C
        p += 1
      }
      p[0] = 0x22
      if let from = b.baseAddress { RawBytes.copy(from, b.count, to: p + 1) }
      p[b.count + 1] = 0x22
      p[b.count + 2] = 0x3A
      out.advance(by: n)
    }
    self.comma = false
  }
  mutating func dataKey(_ k: String) {
    separate()
    JSON.escape(k, into: &out)
    out.append(0x3A)
    comma = false
  }
  mutating func string(_ s: String) {
    separate()
    JSON.escape(s, into: &out)
    comma = true
  }
  mutating func number(_ s: String) {
    separate()
    for b in s.utf8 { out.append(b) }
    comma = true
  }
  mutating func decimal(_ d: Dec) {
    separate()
    d.writePlain(into: &out)
    comma = true
  }
  mutating func date(_ d: CivilDate) {
    separate()
    out.append(0x22)
    d.write(into: &out)
    out.append(0x22)
    comma = true
  }
  mutating func int(_ i: Int) {
    separate()
    JSON.digits(i, into: &out)
    comma = true
  }
  mutating func bool(_ b: Bool) {
    separate()
    JSON.put(b ? "true" : "false", into: &out)
    comma = true
  }
  mutating func null() {
    separate()
    JSON.put("null", into: &out)
    comma = true
  }
}

/// A `JSON` tree, for the documents that are assembled before they are written.
struct JSONTree: JSONSink {
  private enum Open {
    case object([(String, JSON)], key: String)
    case array([JSON])
  }

  private var open: [Open] = []
  /// The value written, once its last container is closed.
  private(set) var value = JSON.null

  private mutating func add(_ v: JSON) {
    guard let top = open.popLast() else {
      value = v
      return
    }
    switch top {
    case .object(var fields, let key):
      fields.append((key, v))
      open.append(.object(fields, key: ""))
    case .array(var items):
      items.append(v)
      open.append(.array(items))
    }
  }

  mutating func beginObject() { open.append(.object([], key: "")) }
  mutating func endObject() {
    guard case .object(let fields, _)? = open.popLast() else { return }
    add(.object(fields))
  }
  mutating func beginArray() { open.append(.array([])) }
  mutating func endArray() {
    guard case .array(let items)? = open.popLast() else { return }
    add(.array(items))
  }
  mutating func key(_ k: StaticString) { dataKey(k.description) }
  mutating func dataKey(_ k: String) {
    guard case .object(let fields, _)? = open.popLast() else { return }
    open.append(.object(fields, key: k))
  }
  mutating func string(_ s: String) { add(.string(s)) }
  mutating func number(_ s: String) { add(.number(s)) }
  mutating func int(_ i: Int) { add(.int(i)) }
  mutating func bool(_ b: Bool) { add(.bool(b)) }
  mutating func null() { add(.null) }
}
