/// The fast path decides a rule's `where` and condition with closures that
/// pass dates, numbers and truth values unboxed, instead of walking the tree
/// and boxing every intermediate result as a `Value` (reference-counted when
/// it is a text, list or record). It is only a fast path, as the schema-
/// directed reader is for filings: on anything unexpected (an absent value,
/// overflow, a value of another shape than its type says, the budget) it
/// gives up with `Bail`, and the tree walker decides the rule from the start.
/// What it does decide is what the walker would: it computes the same
/// values with the same operations, and charges the budget at least as
/// much. Where it evaluates in another order (a `join`'s separator before
/// its list, a fused `sum(xs where c, e)`), the order changes only which of
/// two failures is met first, and every failure gives up. Tests hold the
/// two to the same outcomes.
struct Bail: Error {}

typealias FastFn<T> = @Sendable (inout Evaluator) throws(Bail) -> T

/// A node compiled for the fast path, by the shape of its value. A typed
/// shape is used only where the walker's value has that shape for certain
/// (money is always stored as `dec`); anything else is a `value`.
enum FastNode: Sendable {
  case bool(FastFn<Bool>)
  case int(FastFn<Int>)
  case dec(FastFn<Dec>)
  case date(FastFn<CivilDate>)
  case duration(FastFn<Duration>)
  case value(FastFn<Value>)

  /// The value as the walker would give it.
  var value: FastFn<Value> {
    switch self {
    case .bool(let f): return { ev throws(Bail) in .bool(try f(&ev)) }
    case .int(let f): return { ev throws(Bail) in .int(try f(&ev)) }
    case .dec(let f): return { ev throws(Bail) in .dec(try f(&ev)) }
    case .date(let f): return { ev throws(Bail) in .date(try f(&ev)) }
    case .duration(let f): return { ev throws(Bail) in .duration(try f(&ev)) }
    case .value(let f): return f
    }
  }

  var bool: FastFn<Bool> {
    switch self {
    case .bool(let f): return f
    case .value(let f):
      return { ev throws(Bail) in
        guard case .bool(let b) = try f(&ev) else { throw Bail() }
        return b
      }
    default: return { _ throws(Bail) in throw Bail() }
    }
  }

  var int: FastFn<Int> {
    switch self {
    case .int(let f): return f
    case .value(let f):
      return { ev throws(Bail) in
        guard case .int(let i) = try f(&ev) else { throw Bail() }
        return i
      }
    default: return { _ throws(Bail) in throw Bail() }
    }
  }

  /// A number as a decimal, as the walker's `asDec` reads one.
  var dec: FastFn<Dec> {
    switch self {
    case .dec(let f): return f
    case .int(let f): return { ev throws(Bail) in Dec(try f(&ev)) }
    case .value(let f):
      return { ev throws(Bail) in
        guard let d = try f(&ev).asDec else { throw Bail() }
        return d
      }
    default: return { _ throws(Bail) in throw Bail() }
    }
  }

  var date: FastFn<CivilDate> {
    switch self {
    case .date(let f): return f
    case .value(let f):
      return { ev throws(Bail) in
        guard case .date(let d) = try f(&ev) else { throw Bail() }
        return d
      }
    default: return { _ throws(Bail) in throw Bail() }
    }
  }

  var duration: FastFn<Duration> {
    switch self {
    case .duration(let f): return f
    case .value(let f):
      return { ev throws(Bail) in
        guard case .duration(let d) = try f(&ev) else { throw Bail() }
        return d
      }
    default: return { _ throws(Bail) in throw Bail() }
    }
  }

  /// The same node, with `first` run before it.
  func after(_ first: @escaping FastFn<Void>) -> FastNode {
    switch self {
    case .bool(let f):
      return .bool { ev throws(Bail) in
        try first(&ev)
        return try f(&ev)
      }
    case .int(let f):
      return .int { ev throws(Bail) in
        try first(&ev)
        return try f(&ev)
      }
    case .dec(let f):
      return .dec { ev throws(Bail) in
        try first(&ev)
        return try f(&ev)
      }
    case .date(let f):
      return .date { ev throws(Bail) in
        try first(&ev)
        return try f(&ev)
      }
    case .duration(let f):
      return .duration { ev throws(Bail) in
        try first(&ev)
        return try f(&ev)
      }
    case .value(let f):
      return .value { ev throws(Bail) in
        try first(&ev)
        return try f(&ev)
      }
    }
  }

  var isNumber: Bool {
    switch self {
    case .int, .dec: true
    default: false
    }
  }
}

/// A rule's `where`, condition and messages, compiled for the fast path.
struct FastRule: Sendable {
  let scope: FastFn<Bool>?
  let condition: FastFn<Bool>
  /// The messages, written as UTF-8 bytes (see `LocalText.Body`).
  let message: FastWriter?
  /// The English message, or the Chinese one when the rule has none (as
  /// the walker makes `messageEn ?? message`).
  let messageEn: FastWriter?
}

extension Evaluator {
  /// One step of the budget for one node, as `eval` charges it.
  @inline(__always)
  mutating func fastStep() throws(Bail) {
    budget -= 1
    if budget < 0 { throw Bail() }
  }

  @inline(__always)
  mutating func fastCharge(_ steps: Int) throws(Bail) {
    if steps > budget { throw Bail() }
    budget -= steps
  }

  /// `withElement` for the fast path, over a whole list: `body` for each of
  /// `items` in turn, in the scope of that element at `level`, until it
  /// returns false. The scope is entered once and each element put in its
  /// place: entering and leaving it per element (an append and a removal,
  /// each with its uniqueness check) cost as much as a comparison of the
  /// element's fields.
  @inline(__always)
  mutating func fastEachElement(
    _ items: [Value], _ level: Int, _ body: (inout Evaluator, Value) throws(Bail) -> Bool
  ) throws(Bail) {
    guard !items.isEmpty else { return }
    guard enterElement(items[0], level) else { throw Bail() }
    defer { leaveElement(level) }
    try items.withUnsafeBufferPointer { (xs: UnsafeBufferPointer<Value>) throws(Bail) in
      for i in xs.indices {
        if i > 0 {
          // Deeper scopes the body entered are left by it.
          guard elements.count == level + 1 else { throw Bail() }
          elements[level] = xs[i]
        }
        if !(try body(&self, xs[i])) { return }
      }
    }
  }

  /// A `let`'s value, computed once and kept (boxed, as the walker keeps it)
  /// for the message and for the walker if it takes over.
  @inline(__always)
  mutating func fastLet<T>(
    _ slot: Int, _ unbox: (Value) -> T?, _ box: (T) -> Value, _ body: FastFn<T>
  ) throws(Bail) -> T {
    try fastStep()
    if let v = locals[slot] {
      guard let t = unbox(v) else { throw Bail() }
      return t
    }
    let t = try outsideElements(body)
    locals[slot] = box(t)
    return t
  }

  /// `fastLet` for a value read where it is kept: charged and computed
  /// (when not yet) as `fastLet` charges and computes it, not returned.
  @inline(__always)
  mutating func fastLetReady(_ slot: Int, _ body: FastFn<Value>) throws(Bail) {
    try fastStep()
    if locals[slot] == nil { locals[slot] = try outsideElements(body) }
  }

  /// A `let`'s body, evaluated outside any element scope, as by the walker.
  @inline(__always)
  private mutating func outsideElements<T>(_ body: FastFn<T>) throws(Bail) -> T {
    if elements.isEmpty { return try body(&self) }
    let saved = elements
    elements = []
    defer { elements = saved }
    return try body(&self)
  }

  /// The length of the list a `let` holds, read in place; nil when it holds
  /// something else.
  @inline(__always)
  func localListCount(_ slot: Int) -> Int? {
    locals.withUnsafeBufferPointer { b in
      if case .some(.list(let xs)) = b[slot] { return xs.count }
      return nil
    }
  }

  /// The walker, for the nodes the fast path does not compile.
  mutating func walk(_ n: CheckedExpr) throws(Bail) -> Value {
    do { return try eval(n) } catch { throw Bail() }
  }
}
