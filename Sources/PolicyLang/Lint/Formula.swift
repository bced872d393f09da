/// A condition of a rule in negation normal form, over atoms that the
/// solver understands: bounds on numeric terms, sets of allowed or excluded
/// values, and opaque conditions known only by their structure.
indirect enum Formula: Sendable {
  case top
  case bottom
  case and([Formula])
  case or([Formula])
  case atom(Atom)

  static func all(_ fs: [Formula]) -> Formula {
    var out: [Formula] = []
    for f in fs {
      switch f {
      case .top: continue
      case .bottom: return .bottom
      case .and(let inner): out += inner
      default: out.append(f)
      }
    }
    if out.isEmpty { return .top }
    return out.count == 1 ? out[0] : .and(out)
  }

  static func any(_ fs: [Formula]) -> Formula {
    var out: [Formula] = []
    for f in fs {
      switch f {
      case .bottom: continue
      case .top: return .top
      case .or(let inner): out += inner
      default: out.append(f)
      }
    }
    if out.isEmpty { return .bottom }
    return out.count == 1 ? out[0] : .or(out)
  }

  /// A canonical text: the same for conditions that differ only in layout,
  /// names of lets and definitions, or the order of `and` and `or` operands.
  var key: String {
    switch self {
    case .top: "T"
    case .bottom: "F"
    case .and(let fs): "and(" + fs.map(\.key).sorted().joined(separator: ",") + ")"
    case .or(let fs): "or(" + fs.map(\.key).sorted().joined(separator: ",") + ")"
    case .atom(let a): a.key
    }
  }
}

/// A value a term may be compared with for equality.
enum AtomValue: Hashable, Sendable {
  case number(Dec)
  case text(String)
  case bool(Bool)
  case other(String)

  /// Numbers compare by value: `1.50` is `1.5`.
  static func of(_ v: Value) -> AtomValue {
    switch v {
    case .int(let i): .number(Dec(i).canonical)
    case .dec(let d): .number(d.canonical)
    case .text(let s): .text(s)
    case .bool(let b): .bool(b)
    case .date(let d): .number(Dec(d.daysSinceEpoch))
    default: .other(ValueFormatter(language: .en).format(v, as: .never))
    }
  }

  var description: String {
    switch self {
    case .number(let d): d.description
    case .text(let s): "\"\(s)\""
    case .bool(let b): b ? "true" : "false"
    case .other(let s): s
    }
  }
}

/// What a term is: its key (the canonical text of the expression), the values
/// its type allows, and whether those are whole numbers.
struct Term: Sendable {
  var key: String
  var range: Interval
  var isInteger: Bool
  var isNumeric: Bool
  /// `bool` terms can only be true or false.
  var isBool: Bool = false
}

enum Atom: Sendable {
  /// The term lies in the interval.
  case within(Term, Interval)
  /// The term is not this number.
  case notEqual(Term, Dec)
  /// The term is one of these values.
  case oneOf(Term, Set<AtomValue>)
  /// The term is none of these values.
  case noneOf(Term, Set<AtomValue>)

  var term: Term {
    switch self {
    case .within(let t, _), .notEqual(let t, _), .oneOf(let t, _), .noneOf(let t, _): t
    }
  }

  var key: String {
    switch self {
    case .within(let t, let i):
      let lo = i.lo.map { ($0.open ? "(" : "[") + $0.value.canonical.description } ?? "(-inf"
      let hi = i.hi.map { $0.value.canonical.description + ($0.open ? ")" : "]") } ?? "inf)"
      return "\(t.key) in \(lo),\(hi)"
    case .notEqual(let t, let v): return "\(t.key) != \(v.canonical.description)"
    case .oneOf(let t, let s):
      return "\(t.key) in {" + s.map(\.description).sorted().joined(separator: ",") + "}"
    case .noneOf(let t, let s):
      return "\(t.key) notin {" + s.map(\.description).sorted().joined(separator: ",") + "}"
    }
  }
}

extension Dec {
  /// The same number without trailing fractional zeros, so equal values hash alike.
  var canonical: Dec {
    var s = significand
    var k = scale
    while k > 0, s % 10 == 0 {
      s /= 10
      k -= 1
    }
    return Dec(significand: s, scale: k) ?? self
  }
}
