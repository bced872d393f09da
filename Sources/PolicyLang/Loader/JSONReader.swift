/// Strict RFC 8259 JSON: no comments, trailing commas, NaN or Infinity, no
/// leading zeros, no raw control characters in strings, well-formed UTF-8 and
/// escapes (surrogates must pair up), and no duplicate keys in one object.
public enum JSONReader {
  /// Parses one complete JSON text, such as a whole `.json` file. A UTF-8
  /// byte order mark at the start is skipped. Any error ends the parse.
  public static func parse(
    _ bytes: UnsafeBufferPointer<UInt8>, file: String, limits: LoaderLimits = .init()
  ) -> Result<DataNode, DataError> {
    guard let base = bytes.baseAddress, !bytes.isEmpty else {
      return .failure(JSONParser.emptyFileError(file: file))
    }
    var parser = JSONParser(
      base: base, start: TextScan.bomLength(bytes), end: bytes.count, line: 1, file: file,
      limits: limits)
    do throws(DataError) {
      return .success(try parser.parseDocument())
    } catch {
      return .failure(error)
    }
  }

  public static func parse(
    _ bytes: [UInt8], file: String, limits: LoaderLimits = .init()
  ) -> Result<DataNode, DataError> {
    bytes.withUnsafeBufferPointer { parse($0, file: file, limits: limits) }
  }
}

/// The byte-level parser behind `JSONReader` and `JSONLinesReader`. It works
/// on a window `start..<end` of a buffer that must outlive it, tracking line
/// and column as it goes: the column is the byte offset in the line minus the
/// bytes that do not start a scalar (UTF-8 continuation bytes, carriage returns).
struct JSONParser: ~Copyable {
  var p: UnsafePointer<UInt8>
  var end: Int
  var i: Int
  var line: Int
  var lineStart: Int
  /// Bytes between `lineStart` and `i` that are not columns.
  var skipped = 0
  let file: String
  let limits: LoaderLimits
  /// JSON Lines: the input ends at the end of a line, and messages say so.
  var lineMode = false
  /// Decoded bytes of a string with escapes.
  private var scratch: [UInt8] = []
  /// Elements of the arrays being parsed, innermost last.
  private var nodeStack = MoveStack<DataNode>()
  /// Members of the objects being parsed, innermost last.
  private var entryStack = MoveStack<DataEntry>()
  /// Fingerprints of the keys of the objects being parsed, innermost last,
  /// to find duplicate keys with integer comparisons.
  private var keyPrints: [UInt64] = []
  /// Whether the last string parsed had escapes (its bytes are in `scratch`).
  private var lastStringEscaped = false

  /// `column`: the column of `start` on its line (an element of an array
  /// read on its own, see `JSONArrayScanner`).
  init(
    base: UnsafePointer<UInt8>, start: Int, end: Int, line: Int, column: Int = 1, file: String,
    limits: LoaderLimits
  ) {
    self.p = base
    self.i = start
    self.end = end
    self.line = line
    self.lineStart = start - (column - 1)
    self.file = file
    self.limits = limits
  }

  /// Points the parser at another window of the same or another buffer,
  /// keeping its scratch storage.
  mutating func reset(
    base: UnsafePointer<UInt8>, start: Int, end: Int, line: Int, column: Int = 1
  ) {
    p = base
    i = start
    self.end = end
    self.line = line
    lineStart = start - (column - 1)
    skipped = 0
    nodeStack.removeAll()
    entryStack.removeAll()
    keyPrints.removeAll(keepingCapacity: true)
  }

  static func emptyFileError(file: String) -> DataError {
    DataError(
      .syntaxError, "empty file, expected a JSON object or array", file: file, line: 1, column: 1)
  }

  // MARK: Documents

  /// A whole JSON text: one value with optional whitespace around it.
  mutating func parseDocument() throws(DataError) -> DataNode {
    skipWhitespace()
    guard i < end else { throw JSONParser.emptyFileError(file: file) }
    let node = try parseValue(depth: 0)
    skipWhitespace()
    guard i == end else { throw unexpected("expected end of input after the top-level value") }
    return node
  }

  /// One line of JSON Lines: an object with optional whitespace around it.
  mutating func parseLine() throws(DataError) -> DataNode {
    skipWhitespace()
    guard i < end else { throw unexpected("expected a JSON object") }
    let node = try parseValue(depth: 0)
    guard case .object = node.value else {
      throw DataError(
        .syntaxError, "each line must hold one JSON object, found \(node.kindName)", file: file,
        line: Int(node.line), column: Int(node.column))
    }
    skipWhitespace()
    guard i == end else { throw unexpected("expected end of line after the object") }
    return node
  }

  // MARK: Values

  var column: Int { i - lineStart - skipped + 1 }

  /// The column of byte `j` on the current line, provided every byte between
  /// `i` and `j` has been accounted for in `skipped`.
  @inline(__always)
  func column(at j: Int) -> Int { j - lineStart - skipped + 1 }

  @inline(__always)
  mutating func skipWhitespace() {
    while i < end {
      switch p[i] {
      case 0x20, 0x09:
        i += 1
      case 0x0A:
        i += 1
        line += 1
        lineStart = i
        skipped = 0
        // Indentation of pretty-printed JSON: eight spaces at a time.
        while i + 8 <= end,
          UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self) == 0x2020_2020_2020_2020
        {
          i += 8
        }
      case 0x0D:
        i += 1
        skipped += 1
      default:
        return
      }
    }
  }

  /// Parses the value at `i` (whitespace already skipped) inside containers
  /// nested `depth` deep.
  mutating func parseValue(depth: Int) throws(DataError) -> DataNode {
    guard i < end else { throw unexpected("expected a value") }
    let l = Int32(clamping: line)
    let c = Int32(clamping: column)
    let value: DataValue
    switch p[i] {
    case 0x22:  // "
      value = .string(try parseString())
    case 0x7B:  // {
      value = try parseObject(depth: depth + 1)
    case 0x5B:  // [
      value = try parseArray(depth: depth + 1)
    case 0x2D, 0x30...0x39:  // - 0-9
      value = try parseNumber()
    case 0x61...0x7A:  // a-z
      value = try parseLiteral()
    default:
      throw unexpected("expected a value")
    }
    return DataNode(value, line: l, column: c)
  }

  private mutating func parseObject(depth: Int) throws(DataError) -> DataValue {
    if depth > limits.maxDepth { throw tooDeep() }
    i += 1
    skipWhitespace()
    if i < end && p[i] == 0x7D {
      i += 1
      return .object([])
    }
    let base = entryStack.count
    let printBase = keyPrints.count
    var seen: Set<String>? = nil
    while true {
      guard i < end, p[i] == 0x22 else {
        throw unexpected("expected a member name in double quotes")
      }
      let keyLine = line
      let keyColumn = column
      let keyStart = i + 1
      let key = try parseString()
      let print =
        lastStringEscaped
        ? scratch.withUnsafeBufferPointer { b in b.baseAddress.map { fingerprint($0, b.count) } ?? 0
        }
        : fingerprint(p + keyStart, i - 1 - keyStart)
      try checkDuplicate(
        key, print, base: base, printBase: printBase, seen: &seen, line: keyLine,
        column: keyColumn)
      keyPrints.append(print)
      skipWhitespace()
      guard i < end, p[i] == 0x3A else { throw unexpected("expected `:` after member name") }
      i += 1
      skipWhitespace()
      let node = try parseValue(depth: depth)
      entryStack.push(
        DataEntry(
          key: key, keyLine: Int32(clamping: keyLine), keyColumn: Int32(clamping: keyColumn),
          node: node))
      skipWhitespace()
      guard i < end else { throw unexpected("expected `,` or `}` after object member") }
      let b = p[i]
      if b == 0x2C {
        try skipComma(closing: 0x7D)
        continue
      }
      guard b == 0x7D else { throw unexpected("expected `,` or `}` after object member") }
      i += 1
      break
    }
    keyPrints.removeLast(keyPrints.count - printBase)
    return .object(entryStack.pop(from: base))
  }

  private mutating func parseArray(depth: Int) throws(DataError) -> DataValue {
    if depth > limits.maxDepth { throw tooDeep() }
    i += 1
    skipWhitespace()
    if i < end && p[i] == 0x5D {
      i += 1
      return .array([])
    }
    let base = nodeStack.count
    while true {
      nodeStack.push(try parseValue(depth: depth))
      skipWhitespace()
      guard i < end else { throw unexpected("expected `,` or `]` after array element") }
      let b = p[i]
      if b == 0x2C {
        try skipComma(closing: 0x5D)
        continue
      }
      guard b == 0x5D else { throw unexpected("expected `,` or `]` after array element") }
      i += 1
      break
    }
    return .array(nodeStack.pop(from: base))
  }

  /// Steps over a `,` and the whitespace after it, rejecting a trailing comma.
  @inline(__always)
  private mutating func skipComma(closing: UInt8) throws(DataError) {
    let commaLine = line
    let commaColumn = column
    i += 1
    skipWhitespace()
    if i < end && p[i] == closing {
      let bracket = closing == 0x7D ? "}" : "]"
      throw DataError(
        .syntaxError, "trailing `,` before `\(bracket)` is not allowed", file: file,
        line: commaLine, column: commaColumn)
    }
  }

  /// Checks `key` against the members `base...` of the object being parsed,
  /// whose key fingerprints start at `printBase`.
  @inline(__always)
  private mutating func checkDuplicate(
    _ key: String, _ print: UInt64, base: Int, printBase: Int, seen: inout Set<String>?,
    line: Int, column: Int
  ) throws(DataError) {
    let count = entryStack.count - base
    if count <= 64 {
      for m in 0..<count where keyPrints[printBase + m] == print {
        if sameKey(entryStack[base + m].key, key) {
          throw duplicate(key, entryStack[base + m], line: line, column: column)
        }
      }
      return
    }
    if seen == nil {
      var keys = Set<String>(minimumCapacity: 2 * count)
      for k in base..<entryStack.count { keys.insert(entryStack[k].key) }
      seen = keys
    }
    // The set compares canonically equivalent text as equal; confirm byte-wise.
    if !seen!.insert(key).inserted {
      for k in base..<entryStack.count where sameKey(entryStack[k].key, key) {
        throw duplicate(key, entryStack[k], line: line, column: column)
      }
    }
  }

  private func duplicate(_ key: String, _ first: DataEntry, line: Int, column: Int) -> DataError {
    DataError(
      .syntaxError,
      "duplicate key `\(key)` in object (first at line \(first.keyLine), column \(first.keyColumn))",
      file: file, line: line, column: column)
  }

  mutating func parseLiteral() throws(DataError) -> DataValue {
    let s = i
    var j = i
    while j < end && isWordByte(p[j]) { j += 1 }
    switch j - s {
    case 4 where p[s] == 0x74 && p[s + 1] == 0x72 && p[s + 2] == 0x75 && p[s + 3] == 0x65:
      i = j
      return .bool(true)
    case 4 where p[s] == 0x6E && p[s + 1] == 0x75 && p[s + 2] == 0x6C && p[s + 3] == 0x6C:
      i = j
      return .null
    case 5
    where p[s] == 0x66 && p[s + 1] == 0x61 && p[s + 2] == 0x6C && p[s + 3] == 0x73
      && p[s + 4] == 0x65:
      i = j
      return .bool(false)
    default:
      throw unexpected("expected a value")
    }
  }

  mutating func parseNumber() throws(DataError) -> DataValue {
    let s = try scanNumber()
    return .number(String(decoding: UnsafeBufferPointer(start: p + s, count: i - s), as: UTF8.self))
  }

  /// Steps over the number at `i`, checking its grammar, and returns where it started.
  mutating func scanNumber() throws(DataError) -> Int {
    let s = i
    if p[i] == 0x2D { i += 1 }
    guard i < end, isDigit(p[i]) else { throw unexpected("expected a digit after `-`") }
    if p[i] == 0x30 {
      i += 1
      if i < end && isDigit(p[i]) {
        while i < end && isDigit(p[i]) { i += 1 }
        let text = String(decoding: UnsafeBufferPointer(start: p + s, count: i - s), as: UTF8.self)
        throw DataError(
          .syntaxError, "leading zeros are not allowed in number `\(text)`", file: file,
          line: line, column: column(at: s))
      }
    } else {
      while i < end && isDigit(p[i]) { i += 1 }
    }
    if i < end && p[i] == 0x2E {
      i += 1
      guard i < end, isDigit(p[i]) else {
        throw unexpected("expected a digit after the decimal point")
      }
      while i < end && isDigit(p[i]) { i += 1 }
    }
    if i < end && p[i] | 0x20 == 0x65 {
      i += 1
      if i < end && (p[i] == 0x2B || p[i] == 0x2D) { i += 1 }
      guard i < end, isDigit(p[i]) else { throw unexpected("expected a digit in the exponent") }
      while i < end && isDigit(p[i]) { i += 1 }
    }
    if i - s > limits.maxStringBytes {
      throw DataError(
        .limitExceeded, "number longer than \(limits.maxStringBytes) bytes", file: file,
        line: line, column: column(at: s))
    }
    return s
  }

  // MARK: Strings

  /// The first index at or after `j` holding `"`, `\`, a control character or
  /// a byte of a multi-byte character, or `end`. Eight bytes at a time.
  @inline(__always)
  func scanPlain(_ start: Int) -> Int {
    var j = start
    while j + 8 <= end {
      let w = UInt64(littleEndian: UnsafeRawPointer(p + j).loadUnaligned(as: UInt64.self))
      // Bytes equal to `"` or `\`, below 0x20, or above 0x7F.
      let marks =
        TextScan.bytesEqual(w, 0x22) | TextScan.bytesEqual(w, 0x5C) | TextScan.bytesBelow(w, 0x20)
        | (w & TextScan.highBits)
      if marks != 0 { return j + marks.trailingZeroBitCount >> 3 }
      j += 8
    }
    while j < end {
      let b = p[j]
      if b == 0x22 || b == 0x5C || b < 0x20 || b >= 0x80 { return j }
      j += 1
    }
    return j
  }

  /// Parses the string whose opening quote is at `i`.
  mutating func parseString() throws(DataError) -> String {
    let openLine = line
    let openColumn = column
    let start = i + 1
    var j = start
    while true {
      j = scanPlain(j)
      guard j < end else { throw unterminated(openLine, openColumn) }
      let b = p[j]
      if b == 0x22 {
        if j - start > limits.maxStringBytes { throw tooLong(openLine, openColumn) }
        i = j + 1
        lastStringEscaped = false
        return String(
          decoding: UnsafeBufferPointer(start: p + start, count: j - start), as: UTF8.self)
      }
      if b == 0x5C {
        return try parseEscapedString(from: start, escapeAt: j, openLine, openColumn)
      }
      if b >= 0x80 {
        j = try stepOverMultibyte(at: j)
        continue
      }
      throw controlCharacter(at: j, openLine, openColumn)
    }
  }

  /// The slow path for strings with escapes: copies runs of plain bytes and
  /// decoded escapes into `scratch`.
  private mutating func parseEscapedString(
    from start: Int, escapeAt first: Int, _ openLine: Int, _ openColumn: Int
  ) throws(DataError) -> String {
    scratch.removeAll(keepingCapacity: true)
    var run = start
    var j = first
    while true {
      let b = p[j]
      if b == 0x22 {
        appendRun(run, j)
        if scratch.count > limits.maxStringBytes { throw tooLong(openLine, openColumn) }
        i = j + 1
        lastStringEscaped = true
        return String(decoding: scratch, as: UTF8.self)
      } else if b == 0x5C {
        appendRun(run, j)
        if scratch.count > limits.maxStringBytes { throw tooLong(openLine, openColumn) }
        j = try decodeEscape(at: j, openLine, openColumn)
        run = j
      } else if b >= 0x80 {
        j = try stepOverMultibyte(at: j)
      } else {
        throw controlCharacter(at: j, openLine, openColumn)
      }
      j = scanPlain(j)
      guard j < end else { throw unterminated(openLine, openColumn) }
    }
  }

  @inline(__always)
  private mutating func appendRun(_ from: Int, _ to: Int) {
    if to > from {
      scratch.append(contentsOf: UnsafeBufferPointer(start: p + from, count: to - from))
    }
  }

  /// Validates the multi-byte UTF-8 character at `j` and returns the index after it.
  @inline(__always)
  mutating func stepOverMultibyte(at j: Int) throws(DataError) -> Int {
    let n = TextScan.sequenceLength(p, j, end)
    if n == 0 {
      throw DataError(
        .badEncoding, TextScan.invalidByteMessage(p[j]), file: file, line: line,
        column: column(at: j))
    }
    skipped += n - 1
    return j + n
  }

  /// Decodes the escape whose backslash is at `j` into `scratch` and returns
  /// the index after it.
  private mutating func decodeEscape(
    at j: Int, _ openLine: Int, _ openColumn: Int
  ) throws(DataError) -> Int {
    guard j + 1 < end else { throw unterminated(openLine, openColumn) }
    let simple: UInt8
    switch p[j + 1] {
    case 0x22: simple = 0x22  // \"
    case 0x5C: simple = 0x5C  // \\
    case 0x2F: simple = 0x2F  // \/
    case 0x62: simple = 0x08  // \b
    case 0x66: simple = 0x0C  // \f
    case 0x6E: simple = 0x0A  // \n
    case 0x72: simple = 0x0D  // \r
    case 0x74: simple = 0x09  // \t
    case 0x75:  // \u
      return try decodeUnicodeEscape(at: j)
    default:
      let e = p[j + 1]
      let shown = e >= 0x21 && e < 0x7F ? "`\\\(Character(Unicode.Scalar(e)))`" : "`\\`"
      throw DataError(
        .syntaxError, "invalid escape \(shown) in string", file: file, line: line,
        column: column(at: j))
    }
    scratch.append(simple)
    return j + 2
  }

  private mutating func decodeUnicodeEscape(at j: Int) throws(DataError) -> Int {
    guard let unit = hex4(at: j + 2) else {
      throw DataError(
        .syntaxError, "expected 4 hex digits after `\\u` in string", file: file, line: line,
        column: column(at: j))
    }
    var scalar = unit
    var next = j + 6
    if unit >= 0xD800 && unit <= 0xDFFF {
      guard unit <= 0xDBFF, next + 1 < end, p[next] == 0x5C, p[next + 1] == 0x75,
        let low = hex4(at: next + 2), low >= 0xDC00 && low <= 0xDFFF
      else {
        let text = String(decoding: UnsafeBufferPointer(start: p + j, count: 6), as: UTF8.self)
        throw DataError(
          .syntaxError, "lone surrogate `\(text)` in string", file: file, line: line,
          column: column(at: j))
      }
      scalar = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
      next += 6
    }
    appendUTF8(scalar)
    return next
  }

  @inline(__always)
  private func hex4(at j: Int) -> UInt32? {
    guard j + 4 <= end else { return nil }
    var v: UInt32 = 0
    for k in j..<j + 4 {
      let b = p[k]
      let d: UInt8
      switch b {
      case 0x30...0x39: d = b - 0x30
      case 0x41...0x46: d = b - 0x41 + 10
      case 0x61...0x66: d = b - 0x61 + 10
      default: return nil
      }
      v = v << 4 | UInt32(d)
    }
    return v
  }

  private mutating func appendUTF8(_ v: UInt32) {
    if v < 0x80 {
      scratch.append(UInt8(v))
    } else if v < 0x800 {
      scratch.append(UInt8(0xC0 | v >> 6))
      scratch.append(UInt8(0x80 | v & 0x3F))
    } else if v < 0x10000 {
      scratch.append(UInt8(0xE0 | v >> 12))
      scratch.append(UInt8(0x80 | (v >> 6) & 0x3F))
      scratch.append(UInt8(0x80 | v & 0x3F))
    } else {
      scratch.append(UInt8(0xF0 | v >> 18))
      scratch.append(UInt8(0x80 | (v >> 12) & 0x3F))
      scratch.append(UInt8(0x80 | (v >> 6) & 0x3F))
      scratch.append(UInt8(0x80 | v & 0x3F))
    }
  }

  // MARK: Errors

  private func unterminated(_ openLine: Int, _ openColumn: Int) -> DataError {
    DataError(.syntaxError, "unterminated string", file: file, line: openLine, column: openColumn)
  }

  private func tooLong(_ openLine: Int, _ openColumn: Int) -> DataError {
    DataError(
      .limitExceeded, "string longer than \(limits.maxStringBytes) bytes", file: file,
      line: openLine, column: openColumn)
  }

  func tooDeep() -> DataError {
    DataError(
      .limitExceeded, "nesting deeper than \(limits.maxDepth) levels", file: file, line: line,
      column: column)
  }

  private func controlCharacter(at j: Int, _ openLine: Int, _ openColumn: Int) -> DataError {
    let b = p[j]
    if b == 0 {
      return DataError(
        .badEncoding, "NUL byte in input", file: file, line: line, column: column(at: j))
    }
    if b == 0x0A || b == 0x0D {
      return DataError(
        .syntaxError, "unterminated string (a line break in a string must be written `\\n`)",
        file: file, line: openLine, column: openColumn)
    }
    return DataError(
      .syntaxError, "control character U+00\(TextScan.hex(b)) in string must be escaped",
      file: file, line: line, column: column(at: j))
  }

  /// An error for the byte at `i`, which is not what `expectation` asks for.
  /// Bytes that are not text at all are reported as encoding errors.
  func unexpected(_ expectation: String) -> DataError {
    func syntax(_ message: String) -> DataError {
      DataError(.syntaxError, message, file: file, line: line, column: column)
    }
    guard i < end else {
      return syntax("\(expectation), found end of \(lineMode ? "line" : "input")")
    }
    let b = p[i]
    if b == 0 {
      return DataError(.badEncoding, "NUL byte in input", file: file, line: line, column: column)
    }
    if b >= 0x80 {
      let n = TextScan.sequenceLength(p, i, end)
      if n == 0 {
        return DataError(
          .badEncoding, TextScan.invalidByteMessage(b), file: file, line: line, column: column)
      }
      let text = String(decoding: UnsafeBufferPointer(start: p + i, count: n), as: UTF8.self)
      return syntax("\(expectation), found `\(text)`")
    }
    if b == 0x2F && i + 1 < end && (p[i + 1] == 0x2F || p[i + 1] == 0x2A) {
      return syntax("comments are not allowed in JSON")
    }
    if b < 0x20 || b == 0x7F {
      return syntax("\(expectation), found character U+00\(TextScan.hex(b))")
    }
    var j = i
    while j < end && j - i < 32 && isWordByte(p[j]) { j += 1 }
    if j == i { j += 1 }
    let text = String(decoding: UnsafeBufferPointer(start: p + i, count: j - i), as: UTF8.self)
    return syntax("\(expectation), found `\(text)`")
  }
}

/// A cheap hash of a key's bytes: its length and its first and last eight bytes.
@inline(__always)
func fingerprint(_ p: UnsafePointer<UInt8>, _ n: Int) -> UInt64 {
  var h = UInt64(truncatingIfNeeded: n) &* 0x9E37_79B9_7F4A_7C15
  if n >= 8 {
    let raw = UnsafeRawPointer(p)
    h ^= UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self))
    h =
      (h &* 0x100_0000_01B3)
      ^ UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self))
  } else {
    for k in 0..<n { h = (h ^ UInt64(p[k])) &* 0x100_0000_01B3 }
  }
  return h
}

@inline(__always)
func isDigit(_ b: UInt8) -> Bool { b &- 0x30 < 10 }

/// Letters, digits and `_`: the bytes shown together as one word in messages.
@inline(__always)
private func isWordByte(_ b: UInt8) -> Bool {
  (b | 0x20) &- 0x61 < 26 || b &- 0x30 < 10 || b == 0x5F
}
