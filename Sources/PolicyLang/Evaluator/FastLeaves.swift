/// The leaves of the fast path: a filing field, a field's member, an
/// element's field, a parameter, and a constant compared with. Each read is
/// one closure that reads the slot and unboxes it to its node's shape. Made
/// as a value-reading closure wrapped by an unboxing one, every typed read
/// cost two indirect calls; a constant operand cost one call more than it
/// needs.
protocol FastRead: Sendable {
  /// The slot's value, charged as the walker charges the node.
  func read(_ ev: inout Evaluator) throws(Bail) -> Value
}

extension FastCompiler {
  /// A filing field, typed when its type says how it is stored (money and
  /// decimals as `dec`); an optional one may be absent, so it stays a value.
  static func field(_ slot: Int, _ type: PType) -> FastNode {
    typed(FieldRead(slot: slot), type)
  }

  /// `field.member` of a record-typed field (`procedures.hearing`) in one
  /// read, charged as the walker charges its two nodes: the record is not
  /// copied out (and retained) on its way to the member.
  static func fieldMember(_ outer: Int, _ slot: Int, _ type: PType) -> FastNode {
    typed(FieldMemberRead(outer: outer, slot: slot), type)
  }

  static func elementField(_ level: Int, _ slot: Int, _ type: PType) -> FastNode {
    typed(ElementFieldRead(level: level, slot: slot), type)
  }

  static func param(_ i: Int, _ type: PType) -> FastNode {
    typed(ParamRead(index: i), type)
  }

  /// The read as a node of its type's shape, unboxed as `FastNode.bool`
  /// and its siblings unbox a value (an optional type stays a value).
  static func typed<R: FastRead>(_ r: R, _ type: PType) -> FastNode {
    switch type {
    case .bool:
      return .bool { ev throws(Bail) in
        guard case .bool(let b) = try r.read(&ev) else { throw Bail() }
        return b
      }
    case .int:
      return .int { ev throws(Bail) in
        guard case .int(let i) = try r.read(&ev) else { throw Bail() }
        return i
      }
    case .decimal, .money:
      return .dec { ev throws(Bail) in
        guard case .dec(let d) = try r.read(&ev) else { throw Bail() }
        return d
      }
    case .date:
      return .date { ev throws(Bail) in
        guard case .date(let d) = try r.read(&ev) else { throw Bail() }
        return d
      }
    case .duration:
      return .duration { ev throws(Bail) in
        guard case .duration(let d) = try r.read(&ev) else { throw Bail() }
        return d
      }
    default:
      return .value { ev throws(Bail) in try r.read(&ev) }
    }
  }
}

extension FastCompiler {
  /// `a op k` for a constant `k`: `compare` with the constant unboxed here,
  /// once, and charged the step its node would charge. The cases are
  /// `compare`'s, in its order.
  mutating func compare(_ op: BinaryOp, _ a: CheckedExpr, constant k: Value, _ n: CheckedExpr)
    -> FastNode
  {
    let x = operand(a)
    switch (x, k) {
    case (.int(let f), .int(let c)):
      return .bool { ev throws(Bail) in
        try ev.fastStep()
        let p = try f(&ev)
        try ev.fastStep()
        return FastCompiler.holds(op, p < c ? -1 : p == c ? 0 : 1)
      }
    case (.date(let f), .date(let c)):
      return .bool { ev throws(Bail) in
        try ev.fastStep()
        let p = try f(&ev)
        try ev.fastStep()
        return FastCompiler.holds(op, p < c ? -1 : p == c ? 0 : 1)
      }
    case (_, .int), (_, .dec):
      if x.isNumber, let c = k.asDec {
        let f = x.dec
        return .bool { ev throws(Bail) in
          try ev.fastStep()
          let p = try f(&ev)
          try ev.fastStep()
          return FastCompiler.holds(op, p < c ? -1 : p == c ? 0 : 1)
        }
      }
    case (_, .text(let c)) where op == .eq || op == .ne:
      // `funding == "government"`: a text against a text, as `equals`
      // compares them, without the walker's `compare` and its switch.
      let same = op == .eq
      if case .field(let slot) = a.kind {
        // Compared where it is in the filing: copied out, the text was
        // retained and released for the comparison. Charged as the field,
        // the constant and the comparison are.
        return .bool { ev throws(Bail) in
          try ev.fastCharge(3)
          guard let record = ev.filing, slot < record.fields.count else { throw Bail() }
          let equal = record.fields.withUnsafeBufferPointer { fields -> Bool? in
            guard case .text(let s) = fields[slot] else { return nil }
            return Value.textEquals(s, c)
          }
          if let equal { return equal == same }
          do { return try ev.compare(op, record.fields[slot], k, n) } catch { throw Bail() }
        }
      }
      let f = x.value
      return .bool { ev throws(Bail) in
        try ev.fastStep()
        let p = try f(&ev)
        try ev.fastStep()
        guard case .text(let s) = p else {
          do { return try ev.compare(op, p, k, n) } catch { throw Bail() }
        }
        return Value.textEquals(s, c) == same
      }
    default: break
    }
    let f = x.value
    return .bool { ev throws(Bail) in
      try ev.fastStep()
      let p = try f(&ev)
      try ev.fastStep()
      do { return try ev.compare(op, p, k, n) } catch { throw Bail() }
    }
  }
}

struct FieldRead: FastRead {
  let slot: Int

  @inline(__always)
  func read(_ ev: inout Evaluator) throws(Bail) -> Value {
    try ev.fastStep()
    guard let f = ev.filing, slot < f.fields.count else { throw Bail() }
    return f.fields[slot]
  }
}

struct FieldMemberRead: FastRead {
  let outer: Int
  let slot: Int

  @inline(__always)
  func read(_ ev: inout Evaluator) throws(Bail) -> Value {
    try ev.fastCharge(2)
    guard let f = ev.filing, outer < f.fields.count, case .record(let r) = f.fields[outer],
      slot < r.fields.count
    else { throw Bail() }
    return r.fields[slot]
  }
}

struct ElementFieldRead: FastRead {
  let level: Int
  let slot: Int

  @inline(__always)
  func read(_ ev: inout Evaluator) throws(Bail) -> Value {
    try ev.fastStep()
    guard level < ev.elements.count, case .record(let r) = ev.elements[level],
      slot < r.fields.count
    else { throw Bail() }
    return r.fields[slot]
  }
}

struct ParamRead: FastRead {
  let index: Int

  @inline(__always)
  func read(_ ev: inout Evaluator) throws(Bail) -> Value {
    try ev.fastStep()
    guard index < ev.params.count else { throw Bail() }
    return ev.params[index]
  }
}
