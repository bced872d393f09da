extension Evaluator {
  mutating func arithmetic(
    _ op: ArithOp, _ a: Value, _ b: Value, _ n: CheckedExpr, divisor: CheckedExpr?
  )
    throws(EvalError) -> Value
  {
    switch (a, b) {
    case (.int(let x), .int(let y)) where op != .div:
      let (r, o): (Int, Bool)
      switch op {
      case .add: (r, o) = x.addingReportingOverflow(y)
      case .sub: (r, o) = x.subtractingReportingOverflow(y)
      default: (r, o) = x.multipliedReportingOverflow(by: y)
      }
      if o { throw overflow(n) }
      return .int(r)
    case (.date(let d), .duration(let dur)):
      return .date(
        try wrap(n) { () throws(ArithmeticError) in
          try d.adding(op == .sub ? try dur.negated() : dur)
        })
    case (.duration(let x), .duration(let y)):
      return .duration(
        try wrap(n) { () throws(ArithmeticError) in
          try x.adding(op == .sub ? try y.negated() : y)
        })
    case (.text(let x), .text(let y)):
      if x.utf8.count + y.utf8.count > maxTextBytes { throw tooLong(n) }
      return try text(x + y, n)
    default:
      guard let x = a.asDec, let y = b.asDec else {
        if a.isNull || b.isNull {
          throw EvalError(.evaluationError, "`\(n.text)` uses a value that is absent", span: n.span)
        }
        throw missing(n)
      }
      let r = try wrap(n, divisor: divisor) { () throws(ArithmeticError) -> Dec in
        switch op {
        case .add: try x.adding(y)
        case .sub: try x.subtracting(y)
        case .mul: try x.multiplying(y)
        case .div: try x.dividing(by: y)
        }
      }
      return .dec(r)
    }
  }

  mutating func listArithmetic(_ op: ArithOp, _ a: CheckedExpr, _ b: CheckedExpr, _ n: CheckedExpr)
    throws(EvalError)
    -> Value
  {
    let x = try eval(a)
    let y = try eval(b)
    if case .list(let xs) = x { try charge(xs.count, n) }
    if case .list(let ys) = y { try charge(ys.count, n) }
    switch (x, y) {
    case (.list(let xs), .list(let ys)):
      guard xs.count == ys.count else {
        throw EvalError(
          .evaluationError,
          "`\(n.text)` combines lists of different lengths (\(xs.count) and \(ys.count))",
          span: n.span)
      }
      var out: [Value] = []
      for (p, q) in zip(xs, ys) { out.append(try arithmetic(op, p, q, n, divisor: nil)) }
      return .list(out)
    case (.list(let xs), _):
      var out: [Value] = []
      for p in xs { out.append(try arithmetic(op, p, y, n, divisor: b)) }
      return .list(out)
    case (_, .list(let ys)):
      var out: [Value] = []
      for q in ys { out.append(try arithmetic(op, x, q, n, divisor: nil)) }
      return .list(out)
    default:
      return try arithmetic(op, x, y, n, divisor: b)
    }
  }

  /// The numerator and denominator of a quotient, seen through a `let`
  /// (`lets`, by slot): the walker and the fast path find it alike.
  static func quotient(_ e: CheckedExpr, lets: [CheckedExpr?]) -> (CheckedExpr, CheckedExpr)? {
    var e = e
    if case .local(let slot) = e.kind, slot < lets.count, let body = lets[slot] { e = body }
    if case .arith(.div, let x, let y) = e.kind { return (x, y) }
    return nil
  }

  /// `x / y op c` decided as `x op c × y`, the inequality reversed when `y`
  /// is negative; nil when that cannot be done exactly (`y` zero, or
  /// `c × y` beyond the scale).
  static func quotientOrder(_ op: BinaryOp, _ x: Dec, _ y: Dec, _ c: Dec) -> Bool? {
    guard !y.isZero, c.scale + y.scale <= Dec.maxScale,
      let scaled = try? c.multiplying(y.magnitude)
    else { return nil }
    let lhs = y.isNegative ? ((try? x.negated()) ?? x) : x
    switch op {
    case .lt: return lhs < scaled
    case .le: return lhs <= scaled
    case .gt: return lhs > scaled
    default: return lhs >= scaled
    }
  }

  /// Orders a quotient against a number exactly. A quotient is rounded to 18
  /// decimal places, so `balance / capacity > 120%` could miss a ratio above
  /// 120% by less than that; instead `x / y > c` is decided as `x > c × y`
  /// (`quotientOrder`). The quotient's own value is still what explanations
  /// show. Nil when neither side is a quotient.
  mutating func exactQuotientOrder(
    _ op: BinaryOp, _ a: CheckedExpr, _ b: CheckedExpr, _ av: Value, _ bv: Value,
    _ n: CheckedExpr
  ) throws(EvalError) -> Bool? {
    var (op, q, otherValue) = (op, a, bv)
    if Evaluator.quotient(a, lets: letNodes) == nil {
      (op, q, otherValue) = (op.mirrored, b, av)
    }
    guard let (xe, ye) = Evaluator.quotient(q, lets: letNodes) else { return nil }
    let saved = trace
    trace = nil
    defer { trace = saved }
    guard let x = try eval(xe).asDec, let y = try eval(ye).asDec, let c = otherValue.asDec
    else { return nil }
    return Evaluator.quotientOrder(op, x, y, c)
  }

  mutating func compare(_ op: BinaryOp, _ a: Value, _ b: Value, _ n: CheckedExpr)
    throws(EvalError) -> Bool
  {
    if case .list(let items) = a { try charge(items.count, n) }
    if op == .eq { return a.equals(b) }
    if op == .ne { return !a.equals(b) }
    let order: Int
    switch (a, b) {
    case (.int(let x), .int(let y)): order = x < y ? -1 : x == y ? 0 : 1
    case (.date(let x), .date(let y)): order = x < y ? -1 : x == y ? 0 : 1
    case (.text(let x), .text(let y)): order = x < y ? -1 : x == y ? 0 : 1
    default:
      guard let x = a.asDec, let y = b.asDec else {
        throw EvalError(
          .evaluationError, "`\(n.text)` compares a value that is absent", span: n.span)
      }
      order = x < y ? -1 : x == y ? 0 : 1
    }
    switch op {
    case .lt: return order < 0
    case .le: return order <= 0
    case .gt: return order > 0
    default: return order >= 0
    }
  }

  mutating func aggregate(
    _ agg: Aggregate, _ list: CheckedExpr, _ level: Int, _ body: CheckedExpr?, _ n: CheckedExpr
  )
    throws(EvalError) -> Value
  {
    guard case .list(let items) = try eval(list) else { throw missing(n) }
    try charge(items.count, n)
    var values: [Value] = []
    values.reserveCapacity(items.count)
    for item in items {
      if let body {
        values.append(
          try withElement(item, level) { (e: inout Evaluator) throws(EvalError) in try e.eval(body)
          }
        )
      } else {
        values.append(item)
      }
    }
    switch agg {
    case .sum:
      var acc: Value = n.type == .int ? .int(0) : .dec(.zero)
      for v in values { acc = try arithmetic(.add, acc, v, n, divisor: nil) }
      return acc
    case .min, .max:
      var best: Value? = nil
      for v in values where !v.isNull {
        guard let b = best else {
          best = v
          continue
        }
        let better = try compare(agg == .min ? .lt : .gt, v, b, n)
        if better { best = v }
      }
      return best ?? .null
    }
  }

  mutating func call(_ f: Builtin, _ args: [CheckedExpr], _ n: CheckedExpr) throws(EvalError)
    -> Value
  {
    // Every builtin takes one or two arguments: no array for them.
    let a0 = args.isEmpty ? Value.null : try eval(args[0])
    let a1 = args.count > 1 ? try eval(args[1]) : Value.null
    switch f {
    case .abs:
      if case .int(let i) = a0 {
        guard i != Int.min else { throw overflow(n) }
        return .int(Swift.abs(i))
      }
      guard let d = a0.asDec else { throw missing(n) }
      return .dec(d.magnitude)
    case .round:
      var places = 0
      if args.count > 1, case .int(let p) = a1 { places = p }
      guard (0...Dec.maxScale).contains(places) else {
        throw EvalError(
          .evaluationError, "`round` takes 0 to \(Dec.maxScale) places, not \(places)", span: n.span
        )
      }
      if case .int = a0 { return a0 }
      guard let d = a0.asDec else { throw missing(n) }
      return .dec(
        try wrap(n) { () throws(ArithmeticError) in try d.rounded(places: places, rule: .halfUp) })
    case .days:
      guard case .date(let a) = a0, case .date(let b) = a1 else { throw missing(n) }
      return .int(CivilDate.days(from: a, to: b))
    case .trim:
      guard case .text(let s) = a0 else { throw missing(n) }
      return try text(Evaluator.trimmed(s), n)
    case .length:
      guard case .text(let s) = a0 else { throw missing(n) }
      try charge(s.utf8.count, n)
      return .int(s.count)
    case .contains:
      guard case .text(let s) = a0, case .text(let p) = a1 else { throw missing(n) }
      // A naive search may compare the part at every position of the text.
      let (work, o) = s.utf8.count.multipliedReportingOverflow(by: max(1, p.utf8.count))
      try charge(o ? Int.max : work, n)
      return .bool(p.isEmpty || s.contains(p))
    case .join:
      guard case .list(let items) = a0 else { throw missing(n) }
      try charge(items.count, n)
      var sep = language == .zh ? "、" : ", "
      if args.count > 1, case .text(let s) = a1 { sep = s }
      let fmt = ValueFormatter(language: language)
      let elem = args[0].type.elementType ?? .never
      var out = ""
      for (i, item) in items.enumerated() {
        if i > 0 { out += sep }
        out += fmt.format(item, as: elem)
        if out.utf8.count > maxTextBytes { throw tooLong(n) }
      }
      return try text(out, n)
    case .percent:
      guard let d = a0.asDec else { throw missing(n) }
      return .text(d.percent())
    case .text:
      if case .list(let items) = a0 { try charge(items.count, n) }
      return try text(ValueFormatter(language: language).format(a0, as: args[0].type), n)
    case .year, .month, .day:
      guard case .date(let d) = a0 else { throw missing(n) }
      return .int(f == .year ? d.year : f == .month ? d.month : d.day)
    case .minOf, .maxOf:
      let less = try compare(.lt, a0, a1, n)
      return (f == .minOf) == less ? a0 : a1
    }
  }

  /// Trims ASCII and Unicode white space, including the ideographic space
  /// (U+3000) that Chinese forms often contain.
  static func trimmed(_ s: String) -> String {
    let scalars = s.unicodeScalars
    guard let first = scalars.firstIndex(where: { !isSpace($0) }) else { return "" }
    let last = scalars.lastIndex(where: { !isSpace($0) }) ?? first
    // Most texts have nothing to trim: the same text, not a copy of it.
    if first == scalars.startIndex && scalars.index(after: last) == scalars.endIndex { return s }
    return String(scalars[first...last])
  }

  /// Unicode's White_Space, listed: `properties.isWhitespace` searches a
  /// table for each scalar, and trimming a Chinese name cost more than
  /// deciding the rule that trims it. `EvaluatorTests` holds the list to
  /// the property for every scalar.
  @inline(__always)
  static func isSpace(_ u: Unicode.Scalar) -> Bool {
    let v = u.value
    if v < 0x80 { return v == 0x20 || (0x09...0x0D).contains(v) }
    if v < 0x1680 { return v == 0x85 || v == 0xA0 }
    switch v {
    case 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return true
    default: return false
    }
  }
}

extension BinaryOp {
  /// The order with its sides swapped: `a < b` is `b > a`.
  var mirrored: BinaryOp {
    switch self {
    case .lt: .gt
    case .le: .ge
    case .gt: .lt
    case .ge: .le
    default: self
    }
  }
}
