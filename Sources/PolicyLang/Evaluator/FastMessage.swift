/// A violation's message on the fast path. The walker evaluates each value
/// of a `because` into a `Value`, formats it by its type, and makes every
/// text a message is built of (`join(each(…))`, `text`, `+`, nested
/// interpolations, `if … then "…" else "…"`) as a `String` of its own before
/// appending it. Here each of those writes straight into the message, and
/// each value is a compiled node of a known shape, formatted without a
/// `Value` in between. Like the rest of the fast path it gives up with
/// `Bail` on anything unexpected, and the walker makes the message instead;
/// what it does make is the walker's text, and it charges the budget what
/// the walker does (a text by its length, as if it had been made).
///
/// The message is made as UTF-8 bytes and becomes one `String` (or the
/// bytes of a violation's line) at the end: numbers and dates are written as
/// digits where they go, literals are copied, and no `String` is made per
/// part (each append to a `String` cost ~400 instructions, most of it
/// keeping its count and flags). The bytes are a `RawBytes`, not an array:
/// a message is some twenty short pieces, and an array's append (a
/// uniqueness check, a capacity check and a generic copy each) was a third
/// of the cost of making it.
typealias FastWriter = @Sendable (inout Evaluator, inout RawBytes) throws(Bail) -> Void

/// A part of an interpolated text: its literal bytes, or what writes its value.
enum TextPiece {
  case bytes([UInt8])
  case write(FastWriter)
}

/// Writes the pieces of an interpolated text, each checked against the
/// length limit from where the text began (`start`).
typealias PieceRun = @Sendable (inout Evaluator, inout RawBytes, _ start: Int) throws(Bail) -> Void

extension FastCompiler {
  /// The message compiled, or nil when it is not an interpolation. It is
  /// run through a `MessageSink`: into an empty buffer, or after the
  /// filing's earlier messages (so every length it checks is its own, from
  /// where it began).
  static func message(_ m: CheckedExpr?, lets: [CheckedExpr?]) -> FastWriter? {
    guard let m, case .interpolate = m.kind else { return nil }
    var c = FastCompiler(lets: lets)
    return c.textWriter(m)
  }

  /// Writes `n`'s value as `ValueFormatter.format` writes it.
  mutating func formatted(_ n: CheckedExpr) -> FastWriter {
    if let w = textWriter(n) { return w }
    let type = n.type
    // Decided here, not per value: comparing types was a tenth of writing a number.
    let money = type.unwrapped == .money
    switch compile(n) {
    case .dec(let f):
      return { ev, out throws(Bail) in
        ValueFormatter(language: ev.language).write(try f(&ev), money: money, into: &out)
      }
    case .int(let f):
      return { ev, out throws(Bail) in
        ValueFormatter(language: ev.language).write(try f(&ev), money: money, into: &out)
      }
    case .date(let f):
      return { ev, out throws(Bail) in try f(&ev).write(into: &out) }
    case .duration(let f):
      return { ev, out throws(Bail) in
        ValueFormatter(language: ev.language).write(.duration(try f(&ev)), as: type, into: &out)
      }
    case .bool(let f):
      return { ev, out throws(Bail) in
        ValueFormatter(language: ev.language).write(.bool(try f(&ev)), as: type, into: &out)
      }
    case .value(let f):
      return { ev, out throws(Bail) in
        ValueFormatter(language: ev.language).write(try f(&ev), as: type, into: &out)
      }
    }
  }

  /// Writes a node whose value must be a text (an operand of `+`).
  mutating func text(_ n: CheckedExpr) -> FastWriter {
    if let w = textWriter(n) { return w }
    let f = compile(n).value
    return { ev, out throws(Bail) in
      guard case .text(let s) = try f(&ev) else { throw Bail() }
      out.append(utf8: s)
    }
  }

  /// The text-making nodes, each as its case of `evalInner` or `call`
  /// makes it; nil for the rest.
  mutating func textWriter(_ n: CheckedExpr) -> FastWriter? {
    switch n.kind {
    case .interpolate(let parts):
      let pieces = parts.map { part -> TextPiece in
        switch part {
        case .text(let t): .bytes(Array(t.utf8))
        case .value(let node): .write(formatted(node))
        }
      }
      let all = FastCompiler.sequence(pieces[...])
      return { ev, out throws(Bail) in
        try ev.fastStep()
        let start = out.count
        try all(&ev, &out, start)
        try ev.fastText(out.count - start)
      }
    case .conditional(let c, let a, let b) where n.type == .text:
      let (f, x, y) = (compile(c).bool, text(a), text(b))
      return { ev, out throws(Bail) in
        try ev.fastStep()
        if try f(&ev) { try x(&ev, &out) } else { try y(&ev, &out) }
      }
    case .arith(.add, let a, let b) where n.type == .text:
      let (x, y) = (text(a), text(b))
      return { ev, out throws(Bail) in
        try ev.fastStep()
        let start = out.count
        try x(&ev, &out)
        try y(&ev, &out)
        try ev.fastText(out.count - start)
      }
    case .call(.join, let args) where !args.isEmpty && args.count <= 2:
      return join(args)
    case .call(.text, let args) where args.count == 1 && args[0].type.unwrapped.elementType == nil:
      let f = formatted(args[0])
      return { ev, out throws(Bail) in
        try ev.fastStep()
        let start = out.count
        try f(&ev, &out)
        try ev.fastText(out.count - start)
      }
    case .call(.percent, let args) where args.count == 1:
      let f = compile(args[0]).dec
      return { ev, out throws(Bail) in
        try ev.fastStep()
        out.append(utf8: try f(&ev).percent())
      }
    default:
      return nil
    }
  }

  /// The pieces in order, four to a closure that holds each of them as a
  /// capture of its own. Called out of an array, each piece's closure was
  /// retained and released for the call (the array could have changed
  /// under it); a capture is the closure's own for as long as it runs.
  /// Literal bytes are appended where they are, with no call for them.
  static func sequence(_ pieces: ArraySlice<TextPiece>) -> PieceRun {
    // Padded with empty literals: one closure's shape for any count.
    var p = Array(pieces.prefix(4))
    while p.count < 4 { p.append(.bytes([])) }
    let (a, b, c, d) = (p[0], p[1], p[2], p[3])
    let rest: PieceRun
    if pieces.count > 4 {
      rest = sequence(pieces.dropFirst(4))
    } else {
      rest = { (_: inout Evaluator, _: inout RawBytes, _: Int) throws(Bail) in }
    }
    return { ev, out, start throws(Bail) in
      try FastCompiler.put(a, &ev, &out, start)
      try FastCompiler.put(b, &ev, &out, start)
      try FastCompiler.put(c, &ev, &out, start)
      try FastCompiler.put(d, &ev, &out, start)
      try rest(&ev, &out, start)
    }
  }

  @inline(__always)
  static func put(
    _ piece: TextPiece, _ ev: inout Evaluator, _ out: inout RawBytes, _ start: Int
  ) throws(Bail) {
    switch piece {
    case .bytes(let b): out.append(b)
    case .write(let w): try w(&ev, &out)
    }
    if out.count - start > ev.maxTextBytes { throw Bail() }
  }

  /// `join(list, sep)`, and `join(each(list, body), sep)` without the list
  /// of the bodies' values: each body is written where it goes.
  mutating func join(_ args: [CheckedExpr]) -> FastWriter {
    let elem = args[0].type.elementType ?? .never
    // A separator written as a literal (nearly always) is made bytes once.
    let fixed: [UInt8]? =
      if args.count > 1, case .constant(.text(let s)) = args[1].kind { Array(s.utf8) } else { nil }
    let separator = args.count > 1 && fixed == nil ? compile(args[1]).value : nil
    // Given where the joined text begins: the buffer may hold other texts
    // before it (the filing's earlier messages), which are not its length.
    let items: @Sendable (inout Evaluator, [UInt8], inout RawBytes, Int) throws(Bail) -> Int
    if case .each(let list, let level, let body) = args[0].kind, body.type == elem {
      let (l, b) = (compile(list).value, formatted(body))
      items = { ev, sep, out, start throws(Bail) in
        try ev.fastStep()
        guard case .list(let xs) = try l(&ev) else { throw Bail() }
        var first = true
        try ev.fastEachElement(xs, level) { (e: inout Evaluator, _) throws(Bail) in
          if !first { out.append(sep) }
          first = false
          try b(&e, &out)
          // Past the limit the text is refused: give up now.
          if out.count - start > e.maxTextBytes { throw Bail() }
          return true
        }
        return xs.count
      }
    } else {
      let l = compile(args[0]).value
      items = { ev, sep, out, start throws(Bail) in
        guard case .list(let xs) = try l(&ev) else { throw Bail() }
        let fmt = ValueFormatter(language: ev.language)
        for (i, x) in xs.enumerated() {
          if i > 0 { out.append(sep) }
          fmt.write(x, as: elem, into: &out)
          if out.count - start > ev.maxTextBytes { throw Bail() }
        }
        return xs.count
      }
    }
    return { ev, out throws(Bail) in
      try ev.fastStep()
      // The walker reads the list before the separator; the order changes
      // nothing but which of two failures is met first, and both give up.
      var sep = ev.language == .zh ? FastCompiler.zhComma : FastCompiler.enComma
      if let fixed {
        try ev.fastStep()
        sep = fixed
      } else if let separator, case .text(let s) = try separator(&ev) {
        sep = Array(s.utf8)
      }
      let start = out.count
      let count = try items(&ev, sep, &out, start)
      try ev.fastCharge(count)
      try ev.fastText(out.count - start)
    }
  }
}

extension FastCompiler {
  static let zhComma = Array("、".utf8)
  static let enComma = Array(", ".utf8)
}

/// Where a message's bytes go: an array of its own (made in a buffer and
/// copied there), or a filing's placed messages (`RuleRunner.placedText`),
/// written where they go.
protocol MessageSink: ByteOutput {
  /// What `write` makes, appended; nothing when it gives up.
  mutating func appendMessage(_ write: FastWriter, _ ev: inout Evaluator) throws(Bail)
}

extension Array: MessageSink where Element == UInt8 {
  mutating func appendMessage(_ write: FastWriter, _ ev: inout Evaluator) throws(Bail) {
    var made = RawBytes(capacity: 512)
    defer { made.free() }
    try made.appendMessage(write, &ev)
    append(contentsOf: made.bytes)
  }
}

extension RawBytes: MessageSink {
  /// Written in place, with no buffer of its own to allocate, copy out of
  /// and free (a fifth of a message's cost), and cut back to where it began
  /// when it gives up.
  mutating func appendMessage(_ write: FastWriter, _ ev: inout Evaluator) throws(Bail) {
    let start = count
    do throws(Bail) {
      try write(&ev, &self)
    } catch {
      truncate(to: start)
      throw error
    }
    assert(
      String(validating: UnsafeBufferPointer(rebasing: bytes[start...]), as: UTF8.self) != nil,
      "a message is well-formed UTF-8")
  }
}

extension Evaluator {
  /// What `write` makes, as one `String`. The buffer is the write's own, not
  /// one the evaluator keeps: a text may be made while another is (a `text`
  /// inside a message), and one allocation is a few dozen instructions.
  mutating func fastString(_ write: FastWriter) throws(Bail) -> String {
    var out = RawBytes(capacity: 512)
    defer { out.free() }
    try write(&self, &out)
    return String(decoding: out.bytes, as: UTF8.self)
  }

  /// `text` for the fast path: a text of `size` bytes, charged by its length.
  @inline(__always)
  mutating func fastText(_ size: Int) throws(Bail) {
    if size > maxTextBytes { throw Bail() }
    try fastCharge(size)
  }
}
