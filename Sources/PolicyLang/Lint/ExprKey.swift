/// Canonical texts of checked expressions and values. Two expressions get
/// the same key only when they must have the same value wherever both are
/// evaluated in one rule: lets and definition arguments are replaced by what
/// they stand for, and every constant is written unambiguously.
enum ExprKey {
  static func value(_ v: Value) -> String {
    switch v {
    case .null: return "null"
    case .bool(let b): return b ? "true" : "false"
    case .int(let i): return "n" + Dec(i).canonical.description
    case .dec(let d): return "n" + d.canonical.description
    case .text(let s): return JSON.string(s).serialized()
    case .date(let d): return "d\(d.daysSinceEpoch)"
    case .duration(let d): return "p\(d.months)m\(d.days)d"
    case .list(let items): return "[" + items.map(value).joined(separator: ",") + "]"
    case .record(let r):
      return "\(r.type.name){" + r.fields.map(value).joined(separator: ",") + "}"
    }
  }

  static func op(_ o: ArithOp) -> String {
    switch o {
    case .add: "+"
    case .sub: "-"
    case .mul: "*"
    case .div: "/"
    }
  }
}

extension NodeKind {
  /// The direct subexpressions, for walks that do not care about meaning.
  var children: [CheckedExpr] {
    switch self {
    case .constant, .field, .elementField, .element, .filing, .local, .param: return []
    case .member(let a, _), .project(let a, _), .negate(let a), .not(let a),
      .presence(let a, _), .duration(let a, _):
      return [a]
    case .arith(_, let a, let b), .listArith(_, let a, let b), .compare(_, let a, let b),
      .and(let a, let b), .or(let a, let b), .coalesce(let a, let b),
      .membership(let a, let b, _):
      return [a, b]
    case .conditional(let c, let a, let b): return [c, a, b]
    case .filter(let l, _, let c): return [l, c]
    case .quantifier(_, let l, _, let c), .aggregate(_, let l, _, let c):
      return [l] + (c.map { [$0] } ?? [])
    case .each(let l, _, let b): return [l, b]
    case .call(_, let args): return args
    case .list(let items): return items.flatMap { [$0.0] + ($0.1.map { [$0] } ?? []) }
    case .interpolate(let parts):
      return parts.compactMap {
        if case .value(let n) = $0 { return n }
        return nil
      }
    case .bind(_, let args, let body): return args + [body]
    case .record(_, let fields): return fields.compactMap { $0 }
    }
  }
}
