/// The static types of the language.
public indirect enum PType: Hashable, Sendable, CustomStringConvertible {
  case int, decimal, money, text, bool, date, duration
  case list(PType)
  case record(RecordType)
  case optional(PType)
  /// The element type of `[]`: fits any list.
  case never

  public var description: String {
    switch self {
    case .int: "int"
    case .decimal: "decimal"
    case .money: "money"
    case .text: "text"
    case .bool: "bool"
    case .date: "date"
    case .duration: "duration"
    case .list(let t): "list of \(t)"
    case .record(let r): r.name
    case .optional(let t): "\(t)?"
    case .never: "nothing"
    }
  }

  public var isNumeric: Bool {
    switch self {
    case .int, .decimal, .money, .never: true
    default: false
    }
  }

  public var isOptional: Bool {
    if case .optional = self { return true }
    return false
  }

  public var unwrapped: PType {
    if case .optional(let t) = self { return t.unwrapped }
    return self
  }

  public var elementType: PType? {
    if case .list(let t) = self { return t }
    return nil
  }

  /// Whether a value of type `self` may be used where `other` is expected.
  public func fits(_ other: PType) -> Bool {
    if self == other || self == .never { return true }
    switch (self, other) {
    case (.int, .decimal), (.int, .money), (.decimal, .money), (.money, .decimal): return true
    case (.list(let a), .list(let b)): return a.fits(b)
    case (.optional(let a), .optional(let b)): return a.fits(b)
    case (let a, .optional(let b)): return a.fits(b)
    default: return false
    }
  }

  /// The common type of two branches or list elements, if there is one.
  public static func join(_ a: PType, _ b: PType) -> PType? {
    if a == b { return a }
    if a == .never { return b }
    if b == .never { return a }
    switch (a, b) {
    case (.optional(let x), _): return join(x, b.unwrapped).map { .optional($0) }
    case (_, .optional(let y)): return join(a, y).map { .optional($0) }
    case (.list(let x), .list(let y)): return join(x, y).map { .list($0) }
    default:
      if a.isNumeric && b.isNumeric { return numericJoin(a, b) }
      return nil
    }
  }

  /// money wins over decimal, decimal over int.
  static func numericJoin(_ a: PType, _ b: PType) -> PType {
    if a == .money || b == .money { return .money }
    if a == .decimal || b == .decimal { return .decimal }
    return .int
  }
}

/// A record or filing schema. Built in two steps by the checker (names first,
/// then fields, so records may refer to each other in any order) and never
/// changed after checking ends; that is why the unchecked `Sendable` is sound.
public final class RecordType: Hashable, @unchecked Sendable, CustomStringConvertible {
  public struct Field: Sendable {
    public var name: String
    public var type: PType
    /// Used when the field is absent or null (`remedied` defaults to false).
    public var defaultValue: Value?
    public var span: SourceSpan
  }

  public let name: String
  public let isFiling: Bool
  public internal(set) var fields: [Field] = []
  public internal(set) var slots: [String: Int] = [:]
  public internal(set) var invariants: [CheckedInvariant] = []
  public let source: SourceFile?
  public let span: SourceSpan

  init(name: String, isFiling: Bool, source: SourceFile?, span: SourceSpan) {
    self.name = name
    self.isFiling = isFiling
    self.source = source
    self.span = span
  }

  func add(_ field: Field) {
    slots[field.name] = fields.count
    fields.append(field)
  }

  public func slot(_ name: String) -> Int? { slots[name] }

  public var description: String { name }

  public static func == (a: RecordType, b: RecordType) -> Bool { a === b }
  public func hash(into h: inout Hasher) { h.combine(ObjectIdentifier(self)) }

  /// The fields every filing has, whatever its kind (domain.md, "Filings").
  static let commonFields: [(String, PType, Value?)] = [
    ("kind", .text, nil), ("id", .text, nil), ("region", .text, nil),
    ("department", .text, nil), ("report_date", .date, nil), ("remedied", .bool, .bool(false)),
  ]
}

public struct CheckedInvariant: Sendable {
  public var condition: CheckedExpr
  public var message: CheckedExpr
  public var span: SourceSpan
}
