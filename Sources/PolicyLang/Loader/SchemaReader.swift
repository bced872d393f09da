#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads one JSON filing straight into a typed record, guided by its kind's
/// schema: no `DataNode` tree in between, field names matched as bytes,
/// numbers and dates parsed from the bytes, repeated texts shared.
///
/// It is a fast path for well-formed filings and nothing more: it reports no
/// errors. On anything it does not expect (a syntax or schema error, a key or
/// date with escapes, a missing required field, `kind` not the first member)
/// it returns nil, and the caller reads the filing the general way
/// (`JSONParser` then `FilingValidator`), which gives the same record or the
/// located errors. It is never more lenient than that path: every check the
/// parser makes (grammar, UTF-8, duplicate keys, depth and size limits) is
/// made here too or leads to nil. Tests hold the two paths to the same result.
struct SchemaReader: ~Copyable {
  private var parser: JSONParser
  private let plan: SchemaPlan
  private var texts: TextInterner
  /// Byte ranges of the keys not in the schema, per object being read, to
  /// find duplicates among them.
  private var unknownKeys: [Range<Int>] = []

  /// What the parser points at before the first `read`.
  private let placeholder: UnsafeMutablePointer<UInt8>

  /// `texts`: the texts already shared, from the reader of an earlier
  /// batch (see `CheckPipeline.processBatch`).
  init(plan: SchemaPlan, limits: LoaderLimits, file: String, texts: TextInterner = TextInterner()) {
    self.plan = plan
    self.texts = texts
    placeholder = .allocate(capacity: 1)
    placeholder.initialize(to: 0)
    parser = JSONParser(
      base: placeholder, start: 0, end: 0, line: 1, file: file, limits: limits)
    parser.lineMode = true
  }

  deinit { placeholder.deallocate() }

  /// The texts shared so far, for the next batch's reader; this one keeps none.
  mutating func takeTexts() -> TextInterner {
    var t = TextInterner()
    swap(&t, &texts)
    return t
  }

  /// The filing on the line `bytes` (no line end), which is line `lineNumber`
  /// of its file; nil when the general path must read it.
  mutating func read(_ bytes: UnsafeBufferPointer<UInt8>, lineNumber: Int) -> RecordValue? {
    guard bytes.count <= parser.limits.maxLineBytes else { return nil }
    return readObject(bytes, from: 0, line: lineNumber, column: 1, depth: 1)
  }

  /// The filing that is the element `bytes` of a top-level array, starting
  /// at `line` and `column` of its file (see `JSONArrayScanner`); nil when
  /// the general path must read it.
  mutating func readElement(_ bytes: UnsafeBufferPointer<UInt8>, line: Int, column: Int)
    -> RecordValue?
  {
    readObject(bytes, from: 0, line: line, column: column, depth: 2)
  }

  /// The filing that is a whole `.json` file holding one object (arrays
  /// are read element by element, `readElement`); nil when the general path
  /// must read it.
  mutating func readDocument(_ bytes: UnsafeBufferPointer<UInt8>) -> RecordValue? {
    readObject(bytes, from: TextScan.bomLength(bytes), line: 1, column: 1, depth: 1)
  }

  /// The one object that `bytes` hold from `start` on, with whitespace
  /// around it, nested `depth` deep.
  private mutating func readObject(
    _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, line: Int, column: Int, depth: Int
  ) -> RecordValue? {
    guard let base = bytes.baseAddress else { return nil }
    parser.reset(base: base, start: start, end: bytes.count, line: line, column: column)
    do throws(DataError) {
      parser.skipWhitespace()
      guard parser.i < parser.end, parser.p[parser.i] == 0x7B else { return nil }
      let record = try readFiling(depth: depth)
      parser.skipWhitespace()
      return parser.i == parser.end ? record : nil
    } catch {
      return nil
    }
  }

  private static let giveUp = DataError(.syntaxError, "", file: "", line: 0, column: 0)

  private var position: DataPos {
    DataPos(line: Int32(clamping: parser.line), column: Int32(clamping: parser.column))
  }

  /// The filing object at `i`: `{"kind": "…", …}`, nested `depth` deep (2
  /// as an element of a top-level array).
  private mutating func readFiling(depth: Int) throws(DataError) -> RecordValue? {
    if depth > parser.limits.maxDepth { return nil }
    let at = position
    parser.i += 1
    parser.skipWhitespace()
    let key = try readKey()
    guard equal(SchemaReader.kind, key) else { return nil }
    try colon()
    let kindAt = position
    guard parser.i < parser.end, parser.p[parser.i] == 0x22 else { return nil }
    let name = try rawString()
    guard
      let kind = plan.kinds.first(where: { equal($0.name, name) }),
      plan.tables[kind.table].readable
    else { return nil }
    var values = [Value](filled: .null, count: plan.tables[kind.table].fields.count)
    var positions = [DataPos](filled: at, count: values.count)
    values[CommonSlot.kind] = .text(texts.text(parser.p + name.lowerBound, name.count))
    positions[CommonSlot.kind] = kindAt
    return try readMembers(
      plan.tables[kind.table], at: at, depth: depth, found: 1 << CommonSlot.kind, values: &values,
      positions: &positions)
  }

  private static let kind = Array("kind".utf8)

  /// The key at `i`, as the range of its bytes.
  private mutating func readKey() throws(DataError) -> Range<Int> {
    guard parser.i < parser.end, parser.p[parser.i] == 0x22 else { throw SchemaReader.giveUp }
    return try rawString()
  }

  /// Steps over the key at `i` when it is the field at `cursor`, the one
  /// that follows in schema order: its exact bytes between quotes (field
  /// names are plain ASCII, so there is nothing to unescape or validate).
  @inline(__always)
  private mutating func expected(_ table: SchemaPlan.Table, _ cursor: Int) -> Int? {
    guard cursor < table.fields.count else { return nil }
    let n = table.fields[cursor].key.count
    let start = parser.i + 1
    guard start + n < parser.end, parser.p[parser.i] == 0x22, parser.p[start + n] == 0x22,
      matches(table.fields[cursor], start..<start + n, keyWord(start..<start + n))
    else { return nil }
    parser.i = start + n + 1
    return cursor
  }

  private mutating func colon() throws(DataError) {
    // Usually `": "` then the value.
    if parser.i + 2 < parser.end, parser.p[parser.i] == 0x3A, parser.p[parser.i + 1] == 0x20,
      parser.p[parser.i + 2] > 0x20
    {
      parser.i += 2
      return
    }
    parser.skipWhitespace()
    guard parser.i < parser.end, parser.p[parser.i] == 0x3A else { throw SchemaReader.giveUp }
    parser.i += 1
    parser.skipWhitespace()
  }

  /// The members of an object, up to and including its `}`, into a record of
  /// `table`'s type. The `{` has been read, and so have the members in
  /// `found` (a filing's `kind`), if any.
  private mutating func readMembers(
    _ table: SchemaPlan.Table, at: DataPos, depth: Int, found: UInt64,
    values: inout [Value], positions: inout [DataPos]
  ) throws(DataError) -> RecordValue? {
    var found = found
    var cursor = found == 0 ? 0 : 1
    let unknownBase = unknownKeys.count
    defer {
      if unknownKeys.count > unknownBase { unknownKeys.removeLast(unknownKeys.count - unknownBase) }
    }
    var started = found != 0
    parser.skipWhitespace()
    if !started, parser.i < parser.end, parser.p[parser.i] == 0x7D {
      parser.i += 1
      return try complete(table, at: at, found: 0, values: &values, positions: positions)
    }
    while true {
      if started {
        parser.skipWhitespace()
        guard parser.i < parser.end else { return nil }
        if parser.p[parser.i] == 0x7D {
          parser.i += 1
          break
        }
        guard parser.p[parser.i] == 0x2C else { return nil }
        parser.i += 1
        parser.skipWhitespace()
      }
      started = true
      // After a `,`, a `}` is a trailing comma: not a key, so the general path.
      let slot: Int
      if let next = expected(table, cursor) {
        slot = next
        try colon()
      } else {
        let key = try readKey()
        try colon()
        guard let s = self.slot(of: key, in: table, from: cursor) else {
          try skipUnknown(key, unknownBase: unknownBase, depth: depth)
          continue
        }
        slot = s
      }
      if found & (1 << slot) != 0 { return nil }  // a duplicate key
      found |= 1 << slot
      cursor = slot + 1
      positions[slot] = position
      guard parser.i < parser.end else { return nil }
      if parser.p[parser.i] == 0x6E {  // null
        guard try literal() == nil else { return nil }
        if let d = table.fields[slot].defaultValue {
          values[slot] = d
        } else if !table.fields[slot].optional {
          return nil
        }
        continue
      }
      guard let v = try value(table.fields[slot].reading, depth: depth) else { return nil }
      values[slot] = v
    }
    return try complete(table, at: at, found: found, values: &values, positions: positions)
  }

  /// The record, once absent fields have taken their defaults; nil when a
  /// required one is absent.
  private func complete(
    _ table: SchemaPlan.Table, at: DataPos, found: UInt64, values: inout [Value],
    positions: [DataPos]
  ) throws(DataError) -> RecordValue? {
    let all: UInt64 = table.fields.count == 64 ? ~0 : (1 << table.fields.count) - 1
    if found != all {
      for (slot, field) in table.fields.enumerated() where found & (1 << slot) == 0 {
        if let d = field.defaultValue {
          values[slot] = d
        } else if !field.optional {
          return nil
        }
      }
    }
    return RecordValue(type: table.type, fields: values, positions: positions, position: at)
  }

  /// The slot of the field named by the bytes `key`: first where the last
  /// field found was followed (filings usually list fields in schema order).
  private func slot(of key: Range<Int>, in table: SchemaPlan.Table, from cursor: Int) -> Int? {
    let word = keyWord(key)
    if cursor < table.fields.count, matches(table.fields[cursor], key, word) { return cursor }
    for slot in table.fields.indices where matches(table.fields[slot], key, word) { return slot }
    return nil
  }

  @inline(__always)
  private func matches(_ f: SchemaPlan.Field, _ key: Range<Int>, _ word: UInt64) -> Bool {
    f.keyWord == word && f.key.count == key.count && (key.count <= 8 || equal(f.key, key))
  }

  /// `SchemaPlan.word` of the key's bytes in the buffer.
  @inline(__always)
  private func keyWord(_ key: Range<Int>) -> UInt64 {
    let n = key.count
    // The key is followed by at least its closing quote, a colon and a
    // value, but not always by eight bytes: load whole words only inside.
    if n >= 8 || key.lowerBound + 8 <= parser.end {
      let w = UInt64(
        littleEndian: UnsafeRawPointer(parser.p + key.lowerBound).loadUnaligned(as: UInt64.self))
      return n >= 8 ? w : w & ((1 << (8 * UInt64(n))) - 1)
    }
    return SchemaPlan.word(UnsafeBufferPointer(start: parser.p + key.lowerBound, count: n))
  }

  /// A member not in the schema: checked like any JSON, then dropped.
  private mutating func skipUnknown(
    _ key: Range<Int>, unknownBase: Int, depth: Int
  ) throws(DataError) {
    for other in unknownKeys[unknownBase...]
    where other.count == key.count
      && memcmp(parser.p + other.lowerBound, parser.p + key.lowerBound, key.count) == 0
    {
      throw SchemaReader.giveUp
    }
    unknownKeys.append(key)
    _ = try parser.parseValue(depth: depth)
  }

  private mutating func value(_ reading: SchemaPlan.Reading, depth: Int) throws(DataError)
    -> Value?
  {
    guard parser.i < parser.end else { return nil }
    let b = parser.p[parser.i]
    switch reading {
    case .text:
      guard b == 0x22 else { return nil }
      let r = try rawString()
      return .text(texts.text(parser.p + r.lowerBound, r.count))
    case .date:
      guard b == 0x22 else { return nil }
      let r = try rawString()
      return CivilDate.parse(UnsafeBufferPointer(start: parser.p + r.lowerBound, count: r.count))
        .map { .date($0) }
    case .bool:
      return try literal().map { .bool($0) }
    case .int:
      guard b == 0x2D || isDigit(b) else { return nil }
      let s = try parser.scanNumber()
      return wholeNumber(s, parser.i).map { .int($0) }
    case .decimal:
      guard b == 0x2D || isDigit(b) else { return nil }
      let s = try parser.scanNumber()
      return Dec.parse(UnsafeBufferPointer(start: parser.p + s, count: parser.i - s)).map {
        .dec($0)
      }
    case .list(let l):
      guard b == 0x5B else { return nil }
      return try list(plan.lists[l].reading, plan.lists[l].optional, depth: depth + 1)
    case .record(let t):
      guard b == 0x7B else { return nil }
      if depth + 1 > parser.limits.maxDepth { return nil }
      let table = plan.tables[t]
      guard table.readable else { return nil }
      let at = position
      parser.i += 1
      var values = [Value](filled: .null, count: table.fields.count)
      var positions = [DataPos](filled: at, count: values.count)
      return try readMembers(
        table, at: at, depth: depth + 1, found: 0, values: &values, positions: &positions
      ).map { .record($0) }
    case .unsupported:
      return nil
    }
  }

  private mutating func list(
    _ element: SchemaPlan.Reading, _ elementOptional: Bool, depth: Int
  ) throws(DataError) -> Value? {
    if depth > parser.limits.maxDepth { return nil }
    parser.i += 1
    parser.skipWhitespace()
    var items: [Value] = []
    if parser.i < parser.end && parser.p[parser.i] == 0x5D {
      parser.i += 1
      return .list(items)
    }
    while true {
      guard parser.i < parser.end else { return nil }
      if parser.p[parser.i] == 0x6E {
        guard elementOptional, try literal() == nil else { return nil }
        items.append(.null)
      } else {
        guard let v = try value(element, depth: depth) else { return nil }
        items.append(v)
      }
      parser.skipWhitespace()
      guard parser.i < parser.end else { return nil }
      if parser.p[parser.i] == 0x5D {
        parser.i += 1
        return .list(items)
      }
      guard parser.p[parser.i] == 0x2C else { return nil }
      parser.i += 1
      parser.skipWhitespace()
      guard parser.i < parser.end, parser.p[parser.i] != 0x5D else { return nil }
    }
  }

  /// `true`, `false` or `null` (nil); anything else gives up.
  private mutating func literal() throws(DataError) -> Bool? {
    switch try parser.parseLiteral() {
    case .bool(let b): return b
    case .null: return nil
    default: throw SchemaReader.giveUp
    }
  }

  /// The string whose opening quote is at `i`, as the range of its bytes
  /// between the quotes. Strings with escapes give up: their text is not
  /// their bytes.
  private mutating func rawString() throws(DataError) -> Range<Int> {
    let start = parser.i + 1
    var j = start
    while true {
      j = parser.scanPlain(j)
      guard j < parser.end else { throw SchemaReader.giveUp }
      let b = parser.p[j]
      if b == 0x22 {
        if j - start > parser.limits.maxStringBytes { throw SchemaReader.giveUp }
        parser.i = j + 1
        return start..<j
      }
      guard b >= 0x80 else { throw SchemaReader.giveUp }
      // A run of multi-byte characters (a Chinese name) is checked here, not
      // one character per scan of eight bytes.
      var extra = 0
      while j < parser.end, parser.p[j] >= 0x80 {
        let n = TextScan.sequenceLength(parser.p, j, parser.end)
        guard n > 0 else { throw SchemaReader.giveUp }
        extra += n - 1
        j += n
      }
      parser.skipped += extra
    }
  }

  /// The number in `s..<e` as an `Int` if it is a whole number that fits,
  /// the way `Int(String)` reads it.
  private func wholeNumber(_ s: Int, _ e: Int) -> Int? {
    var k = s
    let negative = parser.p[k] == 0x2D
    if negative { k += 1 }
    // Accumulated negatively: Int.min has no positive counterpart.
    var v = 0
    while k < e {
      let d = parser.p[k] &- 0x30
      guard d < 10 else { return nil }
      let (m, o1) = v.multipliedReportingOverflow(by: 10)
      let (r, o2) = m.subtractingReportingOverflow(Int(d))
      if o1 || o2 { return nil }
      v = r
      k += 1
    }
    if negative { return v }
    let (r, o) = (0).subtractingReportingOverflow(v)
    return o ? nil : r
  }

  private func equal(_ bytes: [UInt8], _ r: Range<Int>) -> Bool {
    bytes.count == r.count
      && bytes.withUnsafeBufferPointer { b in
        b.baseAddress.map { memcmp($0, parser.p + r.lowerBound, r.count) == 0 } ?? true
      }
  }
}

/// Shares one `String` among the filings that repeat a text (regions,
/// departments, the listed values of a field), so that reading it again costs
/// a comparison instead of an allocation. Direct-mapped and bounded.
struct TextInterner: Sendable {
  /// Made at the first text to share: an interner is handed from one
  /// batch's reader to the next, and the empty one left behind costs nothing.
  private var slots: [String?] = []
  private static let size = 1024

  mutating func text(_ p: UnsafePointer<UInt8>, _ n: Int) -> String {
    // Short texts are stored inline in the `String` and cost no allocation.
    if n <= 15 || n > 256 {
      return String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self)
    }
    if slots.isEmpty { slots = [String?](repeating: nil, count: TextInterner.size) }
    let k = Int(truncatingIfNeeded: fingerprint(p, n) >> 54)
    if let s = slots[k],
      s.utf8.withContiguousStorageIfAvailable({
        $0.count == n && $0.baseAddress.map { memcmp($0, p, n) == 0 } == true
      }) == true
    {
      return s
    }
    let s = String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self)
    slots[k] = s
    return s
  }
}
