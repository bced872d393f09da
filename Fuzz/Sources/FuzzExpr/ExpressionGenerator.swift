/// Builds a well-typed PolicyLang expression from fuzzer bytes with a small
/// grammar: literals (at the edges of every range), arithmetic, comparisons,
/// dates and durations, lists, filters, quantifiers, aggregates and the
/// built-in functions. Each byte chooses the next production, so libFuzzer's
/// mutations become mutations of the expression's structure and constants.
struct ExpressionGenerator {
  enum T: CaseIterable {
    case int, dec, bool, text, date, duration, ints, decs, texts, dates
  }

  private let bytes: [UInt8]
  private var i = 0
  /// Nesting is bounded so that the expression stays under the parser's
  /// depth limit; deeper inputs are the parser's fuzz target's business.
  private let maxDepth = 12

  init(_ bytes: [UInt8]) { self.bytes = bytes }

  private mutating func byte() -> Int {
    defer { i += 1 }
    return i < bytes.count ? Int(bytes[i]) : 0
  }

  private mutating func pick(_ n: Int) -> Int { byte() % n }

  mutating func expression() -> String {
    let t = T.allCases[pick(T.allCases.count)]
    return gen(t, 0)
  }

  private mutating func gen(_ t: T, _ d: Int) -> String {
    // Past the depth bound, or when the bytes run out, only leaves.
    let leaf = d >= maxDepth || i >= bytes.count
    switch t {
    case .int: return leaf ? intLiteral() : int(d + 1)
    case .dec: return leaf ? decLiteral() : dec(d + 1)
    case .bool: return leaf ? (pick(2) == 0 ? "true" : "false") : bool(d + 1)
    case .text: return leaf ? textLiteral() : text(d + 1)
    case .date: return leaf ? dateLiteral() : date(d + 1)
    case .duration: return leaf ? "\(intLiteral()) days" : duration(d + 1)
    case .ints, .decs, .texts, .dates: return leaf ? listLiteral(t, d + 1) : list(t, d + 1)
    }
  }

  private static let ints = [
    "0", "1", "2", "7", "12", "30", "365", "1_000", "65536", "2147483647", "4294967296",
    "9223372036854775807", "3037000499", "100000000000",
  ]
  private mutating func intLiteral() -> String {
    let v = Self.ints[pick(Self.ints.count)]
    return pick(4) == 0 ? "(-\(v))" : v
  }

  private static let decs = [
    "0.5", "3.25", "120%", "0.000000000000000001", "3.5亿", "120万元", "800元", "1.5",
    "99999999999999999999.999999999999999999", "170141183460469231731.687303715884105727",
    "0.1", "33.333333333333333333",
  ]
  private mutating func decLiteral() -> String {
    let v = Self.decs[pick(Self.decs.count)]
    return pick(4) == 0 ? "(-\(v))" : v
  }

  private static let texts = ["\"\"", "\"a\"", "\"辽宁\"", "\"  x \"", "\"a\\nb\"", "\"\\{x\\}\""]
  private mutating func textLiteral() -> String { Self.texts[pick(Self.texts.count)] }

  private static let dates = [
    "2019-12-12", "0001-01-01", "9999-12-31", "2024-02-29", "2023-01-31", "2000-03-01",
  ]
  private mutating func dateLiteral() -> String { Self.dates[pick(Self.dates.count)] }

  private mutating func int(_ d: Int) -> String {
    switch pick(16) {
    case 0: return "(\(gen(.int, d)) + \(gen(.int, d)))"
    case 1: return "(\(gen(.int, d)) - \(gen(.int, d)))"
    case 2: return "(\(gen(.int, d)) * \(gen(.int, d)))"
    case 3: return "(-\(gen(.int, d)))"
    case 4: return "abs(\(gen(.int, d)))"
    case 5: return "days(\(gen(.date, d)), \(gen(.date, d)))"
    case 6: return ["year", "month", "day"][pick(3)] + "(\(gen(.date, d)))"
    case 7: return "count(\(gen(.ints, d)))"
    case 8: return "count(\(gen(.ints, d)), it > \(gen(.int, d)))"
    case 9: return "length(\(gen(.text, d)))"
    case 10: return "sum(\(gen(.ints, d)))"
    case 11: return "(if \(gen(.bool, d)) then \(gen(.int, d)) else \(gen(.int, d)))"
    case 12: return "(\(["max", "min"][pick(2)])(\(gen(.ints, d))) ?? \(gen(.int, d)))"
    case 13: return "\(["max", "min"][pick(2)])(\(gen(.int, d)), \(gen(.int, d)))"
    case 14: return "round(\(gen(.int, d)))"
    default: return intLiteral()
    }
  }

  private mutating func dec(_ d: Int) -> String {
    let numeric: T = pick(2) == 0 ? .int : .dec
    switch pick(12) {
    case 0: return "(\(gen(.dec, d)) + \(gen(numeric, d)))"
    case 1: return "(\(gen(.dec, d)) - \(gen(numeric, d)))"
    case 2: return "(\(gen(.dec, d)) * \(gen(numeric, d)))"
    case 3: return "(\(gen(numeric, d)) / \(gen(numeric, d)))"
    case 4: return "round(\(gen(.dec, d)), \(pick(22)))"
    case 5: return "round(\(gen(.dec, d)))"
    case 6: return "sum(\(gen(.decs, d)))"
    case 7: return "abs(\(gen(.dec, d)))"
    case 8: return "(-\(gen(.dec, d)))"
    case 9: return "sum(\(gen(.ints, d)), it / \(gen(.dec, d)))"
    case 10: return "(\(["max", "min"][pick(2)])(\(gen(.decs, d))) ?? \(gen(.dec, d)))"
    default: return decLiteral()
    }
  }

  private mutating func bool(_ d: Int) -> String {
    let ops = ["<", "<=", ">", ">=", "==", "!="]
    let op = ops[pick(ops.count)]
    switch pick(16) {
    case 0: return "(\(gen(.int, d)) \(op) \(gen(.dec, d)))"
    case 1: return "(\(gen(.date, d)) \(op) \(gen(.date, d)))"
    case 2: return "(\(gen(.text, d)) \(op) \(gen(.text, d)))"
    case 3: return "(not \(gen(.bool, d)))"
    case 4: return "(\(gen(.bool, d)) and \(gen(.bool, d)))"
    case 5: return "(\(gen(.bool, d)) or \(gen(.bool, d)))"
    case 6: return "(\(gen(.int, d)) in \(gen(.ints, d)))"
    case 7: return "(\(gen(.text, d)) not in \(gen(.texts, d)))"
    case 8: return "any(\(gen(.ints, d)), it > \(gen(.int, d)))"
    case 9: return "all(\(gen(.decs, d)), it <= \(gen(.dec, d)))"
    case 10: return "none(\(gen(.dates, d)), it < \(gen(.date, d)))"
    case 11: return "contains(\(gen(.text, d)), \(gen(.text, d)))"
    case 12: return "(max(\(gen(.ints, d))) is present)"
    case 13: return "(\(gen(.duration, d)) == \(gen(.duration, d)))"
    case 14: return "(\(gen(.ints, d)) == \(gen(.ints, d)))"
    default: return pick(2) == 0 ? "true" : "false"
    }
  }

  private mutating func text(_ d: Int) -> String {
    let any = T.allCases[pick(T.allCases.count)]
    switch pick(9) {
    case 0: return "(\(gen(.text, d)) + \(gen(.text, d)))"
    case 1: return "\"x{\(gen(any, d))}y\""
    case 2: return "trim(\(gen(.text, d)))"
    case 3: return "text(\(gen(any, d)))"
    case 4: return "join(\(gen(.texts, d)))"
    case 5: return "join(\(gen(.ints, d)), \(gen(.text, d)))"
    case 6: return "percent(\(gen(.dec, d)))"
    case 7: return "(if \(gen(.bool, d)) then \(gen(.text, d)) else \(gen(.text, d)))"
    default: return textLiteral()
    }
  }

  private mutating func date(_ d: Int) -> String {
    switch pick(6) {
    case 0: return "(\(gen(.date, d)) + \(gen(.duration, d)))"
    case 1: return "(\(gen(.date, d)) - \(gen(.duration, d)))"
    case 2: return "\(["max", "min"][pick(2)])(\(gen(.date, d)), \(gen(.date, d)))"
    case 3: return "(max(\(gen(.dates, d))) ?? \(gen(.date, d)))"
    default: return dateLiteral()
    }
  }

  private mutating func duration(_ d: Int) -> String {
    let unit = ["days", "months", "years", "day", "month", "year"][pick(6)]
    switch pick(4) {
    case 0: return "(\(gen(.duration, d)) + \(gen(.duration, d)))"
    case 1: return "(-\(gen(.duration, d)))"
    default: return "(\(gen(.int, d))) \(unit)"
    }
  }

  private func element(_ t: T) -> T {
    switch t {
    case .ints: .int
    case .decs: .dec
    case .texts: .text
    default: .date
    }
  }

  private mutating func listLiteral(_ t: T, _ d: Int) -> String {
    let n = pick(4)
    var items: [String] = []
    for _ in 0..<n {
      let e = element(t)
      // A literal element, or (rarely) one that is guarded.
      var item = d >= maxDepth ? leafOf(e) : gen(e, d)
      if pick(6) == 0 { item += " when \(gen(.bool, d))" }
      items.append(item)
    }
    return "[\(items.joined(separator: ", "))]"
  }

  private mutating func leafOf(_ t: T) -> String {
    switch t {
    case .int: intLiteral()
    case .dec: decLiteral()
    case .text: textLiteral()
    default: dateLiteral()
    }
  }

  private mutating func list(_ t: T, _ d: Int) -> String {
    let e = element(t)
    switch pick(7) {
    case 0: return "(\(gen(t, d)) where it > \(gen(e, d)))"
    case 1 where e == .int || e == .dec: return "each(\(gen(t, d)), it * \(gen(.int, d)))"
    case 2 where e == .int || e == .dec: return "(\(gen(t, d)) + \(gen(t, d)))"
    case 3 where e == .int || e == .dec: return "(\(gen(t, d)) * \(gen(e, d)))"
    case 4 where e == .text: return "each(\(gen(.ints, d)), text(it))"
    case 5 where e == .date: return "each(\(gen(.dates, d)), it + \(gen(.duration, d)))"
    default: return listLiteral(t, d)
    }
  }
}
