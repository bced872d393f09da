/// Finds the elements of a top-level JSON array in a file read a chunk at a
/// time, so that `CheckPipeline` can hand each element to a worker as it
/// hands over a line of JSON Lines, and never hold the whole file.
///
/// It does not parse. It follows strings and brackets only as far as it
/// must to know where an element ends, and counts lines and columns as
/// `JSONParser` does, so that each element's own parse (by the worker)
/// reports its positions, and its errors, as a parse of the whole document
/// would. Between the elements it expects what `JSONParser`'s arrays expect
/// and reports what they would report, with `JSONParser.unexpected`.
///
/// An element whose text the parser must reject (nesting deeper than the
/// limit, a line break in a string) ends the scan there: the parse of that
/// element fails, and a JSON text ends at its first error.
struct JSONArrayScanner {
  enum Event {
    /// An element: its bytes `range` of the block, and where it starts in the file.
    case element(Range<Int>, line: Int, column: Int)
    case failed(DataError)
  }

  private enum State {
    /// Before the `[` (and the byte order mark).
    case start
    /// Just after the `[`.
    case open
    /// After a `,` at this line and column.
    case afterComma(line: Int, column: Int)
    /// Inside an element that started at `elementStart`.
    case element
    /// After an element.
    case after
    /// After the `]`.
    case closed
    /// The document ended, well or not.
    case finished

    var isElement: Bool {
      if case .element = self { return true }
      return false
    }
  }

  private enum Shape { case container, string, scalar }

  let file: String
  let limits: LoaderLimits
  private var state = State.start
  /// The line being scanned, and a point on it whose column is known.
  private var line = 1
  private var columnPoint = 0
  private var columnAtPoint = 1
  // The element being scanned: where it starts and how far it was scanned.
  private var elementStart = 0
  private var elementLine = 1
  private var elementColumn = 1
  private var shape = Shape.scalar
  /// Where the element ends, once seen (-1 before), and whether it was cut
  /// short where its parse must fail.
  private var elementEnd = -1
  private var elementCut = false
  private var scanned = 0
  private var bomChecked = false
  private var depth = 0
  private var inString = false
  private var escaped = false
  /// The bytes a parser may look past an error or an element's end to
  /// describe what it found (a word, a UTF-8 sequence, a comment's `/*`).
  private static let lookahead = 64

  init(file: String, limits: LoaderLimits) {
    self.file = file
    self.limits = limits
  }

  var isFinished: Bool {
    if case .finished = state { return true }
    return false
  }

  /// Scans `block`, whose bytes continue those of the last block from where
  /// that scan said to keep them; `atEnd` when the file ends with it.
  /// Returns the offset of the first byte the next block must start with
  /// (the bytes before it are done with).
  mutating func scan(
    _ block: UnsafeBufferPointer<UInt8>, atEnd: Bool, _ each: (Event) -> Void
  ) -> Int {
    guard let p = block.baseAddress else {
      // No bytes left (the file, or what was kept of it, ends here): an
      // empty window of real storage, so that each state says what it lacks.
      let none: [UInt8] = [0]
      return none.withUnsafeBufferPointer {
        scan(UnsafeBufferPointer(rebasing: $0[0..<0]), atEnd: atEnd, each)
      }
    }
    let end = block.count
    var i = state.isElement ? scanned : 0
    // Room to look past a byte before acting on it, unless the file ends here.
    let safe = atEnd ? end : end - JSONArrayScanner.lookahead
    while true {
      switch state {
      case .finished:
        return end
      case .start:
        if !bomChecked {
          // The mark is only at the file's first byte: wait for three bytes.
          guard end >= 3 || atEnd else { return keep(p, 0) }
          bomChecked = true
          if end >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF {
            i = 3
            columnPoint = 3
          }
        }
        i = skipWhitespace(p, i, end)
        if i == end && atEnd {
          each(.failed(JSONParser.emptyFileError(file: file)))
          state = .finished
          return end
        }
        guard i < safe else { return keep(p, i) }
        guard p[i] == 0x5B else {
          fail(at: i, "expected a value", p, block, each)
          return end
        }
        if limits.maxDepth < 1 {
          each(.failed(parser(p, at: i, block).tooDeep()))
          state = .finished
          return end
        }
        i += 1
        state = .open
      case .open, .afterComma:
        i = skipWhitespace(p, i, end)
        guard i < safe else {
          if atEnd { fail(at: i, "expected a value", p, block, each) }
          return keep(p, i)
        }
        if p[i] == 0x5D {
          if case .afterComma(let l, let c) = state {
            each(.failed(trailingComma(l, c)))
            state = .finished
            return end
          }
          i += 1
          state = .closed
          continue
        }
        startElement(p, i)
        state = .element
      case .element:
        if elementEnd < 0 {
          let (stop, cut) = scanElement(p, i, end)
          if stop >= 0 {
            (elementEnd, elementCut) = (stop, cut)
          } else if atEnd {
            // The file ends inside the element: its parse reports where
            // (a number or literal may end there, and the `]` is missing).
            (elementEnd, elementCut) = (end, shape != .scalar)
          } else {
            if end - elementStart > limits.maxLineBytes { return tooLong(each, end) }
            scanned = end
            return keep(p, elementStart)
          }
        }
        if elementEnd - elementStart > limits.maxLineBytes { return tooLong(each, end) }
        // Emitted once there is room past its end to describe an error there.
        guard elementEnd <= safe || atEnd else { return keep(p, elementStart) }
        each(.element(elementStart..<elementEnd, line: elementLine, column: elementColumn))
        if elementCut {
          state = .finished
          return end
        }
        i = elementEnd
        elementEnd = -1
        state = .after
      case .after:
        i = skipWhitespace(p, i, end)
        guard i < safe else {
          if atEnd { fail(at: i, "expected `,` or `]` after array element", p, block, each) }
          return keep(p, i)
        }
        switch p[i] {
        case 0x2C:
          state = .afterComma(line: line, column: column(p, at: i))
          i += 1
        case 0x5D:
          i += 1
          state = .closed
        default:
          fail(at: i, "expected `,` or `]` after array element", p, block, each)
          return end
        }
      case .closed:
        i = skipWhitespace(p, i, end)
        if i == end && atEnd {
          state = .finished
          return end
        }
        guard i < safe else { return keep(p, i) }
        fail(at: i, "expected end of input after the top-level value", p, block, each)
        return end
      }
    }
  }

  /// The bytes from `i` on are kept for the next block: every position held
  /// is made relative to `i`.
  private mutating func keep(_ p: UnsafePointer<UInt8>, _ i: Int) -> Int {
    // The bytes before `i` go: the column is counted up to it first.
    if columnPoint < i { _ = column(p, at: i) }
    columnPoint -= i
    elementStart -= i
    scanned -= i
    if elementEnd >= 0 { elementEnd -= i }
    return i
  }

  private mutating func startElement(_ p: UnsafePointer<UInt8>, _ i: Int) {
    elementStart = i
    elementLine = line
    elementColumn = column(p, at: i)
    scanned = i
    elementEnd = -1
    depth = 0
    inString = false
    escaped = false
    switch p[i] {
    case 0x7B, 0x5B: shape = .container
    case 0x22: shape = .string
    default: shape = .scalar
    }
  }

  /// Scans the element on from `i`: where it ends (after its last byte), or
  /// -1 when `end` comes first; and whether it was cut short where its parse
  /// must fail.
  private mutating func scanElement(_ p: UnsafePointer<UInt8>, _ from: Int, _ end: Int) -> (
    Int, Bool
  ) {
    var i = from
    if shape == .scalar {
      while i < end {
        switch p[i] {
        case 0x20, 0x09, 0x0A, 0x0D, 0x2C, 0x5D, 0x7D, 0x5B, 0x7B, 0x22:
          // An empty scalar is a byte no value starts with: its parse fails on it.
          return i == elementStart ? (i + 1, true) : (i, false)
        default: i += 1
        }
      }
      return (-1, false)
    }
    if shape == .string && i == elementStart {
      inString = true
      i += 1
    }
    // The scan's state in locals, stored back when the block ends first.
    var depth = self.depth
    var inString = self.inString
    let maxDepth = limits.maxDepth
    if escaped {
      escaped = false
      i += 1
    }
    defer {
      self.depth = depth
      self.inString = inString
    }
    while true {
      if inString {
        // Eight bytes at a time to the next quote, backslash or line break.
        while i + 8 <= end {
          let w = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)
          let marks =
            TextScan.bytesEqual(w, 0x22) | TextScan.bytesEqual(w, 0x5C)
            | TextScan.bytesEqual(w, 0x0A)
          if marks != 0 {
            i += marks.trailingZeroBitCount >> 3
            break
          }
          i += 8
        }
        while i < end {
          let b = p[i]
          if b == 0x22 {
            inString = false
            break
          }
          if b == 0x5C {
            guard i + 1 < end else {
              escaped = true
              return (-1, false)
            }
            i += 2
            continue
          }
          // A line break in a string: the parse fails here, and nothing
          // after it can be told apart reliably.
          if b == 0x0A { return (i + 1, true) }
          i += 1
          if i + 8 <= end { break }
        }
        guard i < end else { return (-1, false) }
        if inString { continue }
        i += 1
        if shape == .string { return (i, false) }
      }
      // Outside strings: only quotes, brackets and line breaks matter,
      // found eight bytes at a time (`[` and `{` are `{` with 0x20 set,
      // `]` and `}` are `}`).
      while i < end {
        while i + 8 <= end {
          let w = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)
          let folded = w | 0x2020_2020_2020_2020
          let marks =
            TextScan.bytesEqual(w, 0x22) | TextScan.bytesEqual(w, 0x0A)
            | TextScan.bytesEqual(folded, 0x7B) | TextScan.bytesEqual(folded, 0x7D)
          if marks != 0 {
            i += marks.trailingZeroBitCount >> 3
            break
          }
          i += 8
        }
        guard i < end else { break }
        let b = p[i]
        if !JSONArrayScanner.special(b) {
          i += 1
          continue
        }
        switch b {
        case 0x22:
          inString = true
        case 0x7B, 0x5B:
          depth += 1
          // One level past what the parser allows: it fails at or before this bracket.
          if depth > maxDepth { return (i + 1, true) }
        case 0x7D, 0x5D:
          depth -= 1
          if depth == 0 { return (i + 1, false) }
        default:
          newLine(at: i)
          // Indentation, eight spaces at a time.
          while i + 9 <= end,
            UnsafeRawPointer(p + i + 1).loadUnaligned(as: UInt64.self) == 0x2020_2020_2020_2020
          {
            i += 8
          }
        }
        i += 1
        if inString { break }
      }
      guard i < end else { return (-1, false) }
    }
  }

  /// Whether the scan of an element stops at `b` outside strings: a quote,
  /// a bracket or a line break.
  @inline(__always)
  private static func special(_ b: UInt8) -> Bool {
    let low: UInt64 = 1 << 0x0A | 1 << 0x22
    let high: UInt64 = 1 << (0x5B - 64) | 1 << (0x5D - 64) | 1 << (0x7B - 64) | 1 << (0x7D - 64)
    return b < 64 ? (low >> UInt64(b)) & 1 != 0 : b < 128 && (high >> UInt64(b - 64)) & 1 != 0
  }

  private mutating func skipWhitespace(_ p: UnsafePointer<UInt8>, _ from: Int, _ end: Int) -> Int {
    var i = from
    while i < end {
      switch p[i] {
      case 0x20, 0x09, 0x0D: i += 1
      case 0x0A:
        newLine(at: i)
        i += 1
      default: return i
      }
    }
    return i
  }

  private mutating func newLine(at i: Int) {
    line += 1
    columnPoint = i + 1
    columnAtPoint = 1
  }

  /// The column of byte `i` of the current line, as `JSONParser.column`
  /// counts it: bytes less the UTF-8 continuation bytes and carriage returns.
  private mutating func column(_ p: UnsafePointer<UInt8>, at i: Int) -> Int {
    var c = columnAtPoint
    var j = columnPoint
    while j < i {
      let b = p[j]
      if b & 0xC0 != 0x80 && b != 0x0D { c += 1 }
      j += 1
    }
    columnPoint = i
    columnAtPoint = c
    return c
  }

  private mutating func fail(
    at i: Int, _ expectation: String, _ p: UnsafePointer<UInt8>,
    _ block: UnsafeBufferPointer<UInt8>, _ each: (Event) -> Void
  ) {
    state = .finished
    each(.failed(parser(p, at: i, block).unexpected(expectation)))
  }

  /// A parser at byte `i` of the block, on the current line.
  private mutating func parser(
    _ p: UnsafePointer<UInt8>, at i: Int, _ block: UnsafeBufferPointer<UInt8>
  ) -> JSONParser {
    JSONParser(
      base: p, start: i, end: block.count, line: line, column: column(p, at: i), file: file,
      limits: limits)
  }

  /// An element longer than the limit on a line of JSON Lines ends the
  /// document: it is not held, and what follows it cannot be trusted to
  /// start where its scan ends.
  private mutating func tooLong(_ each: (Event) -> Void, _ end: Int) -> Int {
    each(
      .failed(
        DataError(
          .limitExceeded, "array element longer than \(limits.maxLineBytes) bytes", file: file,
          line: elementLine, column: elementColumn)))
    state = .finished
    return end
  }

  private func trailingComma(_ line: Int, _ column: Int) -> DataError {
    DataError(
      .syntaxError, "trailing `,` before `]` is not allowed", file: file, line: line,
      column: column)
  }
}

extension JSONArrayScanner {
  /// Whether the first value in `bytes` (after a byte order mark and
  /// whitespace) is an array.
  static func startsArray(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    let i = TextScan.valueStart(bytes)
    return i < bytes.count && bytes[i] == 0x5B
  }

  /// The element `range` of `bytes`, starting at `line` and `column` of its
  /// file, parsed on its own as the whole document's parse would parse it
  /// there. The parser may look past the element's end (up to the end of
  /// `bytes`) where the element is broken, to describe what it found, as
  /// the whole document's parse would.
  static func parseElement(
    _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, line: Int, column: Int,
    file: String, limits: LoaderLimits
  ) -> Result<DataNode, DataError> {
    guard let base = bytes.baseAddress else {
      return .failure(JSONParser.emptyFileError(file: file))
    }
    var parser = JSONParser(
      base: base, start: range.lowerBound, end: bytes.count, line: line, column: column,
      file: file, limits: limits)
    do throws(DataError) {
      let node = try parser.parseValue(depth: 1)
      guard parser.i == range.upperBound else {
        throw parser.unexpected("expected `,` or `]` after array element")
      }
      return .success(node)
    } catch {
      return .failure(error)
    }
  }

  /// What the element `range` of `bytes` is, as every reader of arrays
  /// takes it: an object is a filing; any other value an error for it
  /// alone; JSON that is not well-formed an error that ends the document.
  enum Filing {
    case filing(RawFiling)
    case notAFiling(DataError)
    case broken(DataError)
  }

  static func filing(
    _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, line: Int, column: Int, index: Int,
    file: String, limits: LoaderLimits
  ) -> Filing {
    switch parseElement(bytes, range, line: line, column: column, file: file, limits: limits) {
    case .success(let node):
      guard case .object = node.value else {
        return .notAFiling(FilingReader.notAnObject(node, file: file, what: "filing"))
      }
      return .filing(RawFiling(file: file, index: index, node: node))
    case .failure(let e):
      return .broken(e)
    }
  }

  /// The filings of an array's events in order, for readers that parse
  /// the elements where they are found (`readArray`, `JSONArrayStream`):
  /// a filing, or an error; nothing once the document has ended.
  struct Filings {
    let file: String
    let limits: LoaderLimits
    private(set) var ended = false
    private var index = 0

    init(file: String, limits: LoaderLimits) {
      self.file = file
      self.limits = limits
    }

    mutating func take(_ event: Event, in bytes: UnsafeBufferPointer<UInt8>)
      -> Result<RawFiling, DataError>?
    {
      guard !ended else { return nil }
      switch event {
      case .element(let range, let line, let column):
        defer { index += 1 }
        switch JSONArrayScanner.filing(
          bytes, range, line: line, column: column, index: index, file: file, limits: limits)
        {
        case .filing(let raw): return .success(raw)
        case .notAFiling(let e): return .failure(e)
        case .broken(let e):
          ended = true
          return .failure(e)
        }
      case .failed(let e):
        ended = true
        return .failure(e)
      }
    }
  }

  /// The filings of a whole `.json` file holding an array, element by
  /// element as `CheckPipeline` streams one: those before the document's
  /// first syntax error, then that error.
  static func readArray(
    _ bytes: UnsafeBufferPointer<UInt8>, file: String, limits: LoaderLimits
  ) -> FilingFileResult {
    var result = FilingFileResult(file: file, filings: [], errors: [])
    var errors = ErrorCollector(limit: limits.maxErrorsPerFile)
    var scanner = JSONArrayScanner(file: file, limits: limits)
    var filings = Filings(file: file, limits: limits)
    _ = scanner.scan(bytes, atEnd: true) { event in
      switch filings.take(event, in: bytes) {
      case .success(let raw): result.filings.append(raw)
      case .failure(let e): errors.add(e)
      case nil: break
      }
    }
    result.errors = errors.errors
    return result
  }
}
