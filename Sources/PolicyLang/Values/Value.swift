/// A runtime value. Money, decimals and percentages are all `dec`: the
/// difference between them is static (types), not stored in every value.
public enum Value: Sendable {
  case null
  case bool(Bool)
  case int(Int)
  case dec(Dec)
  case text(String)
  case date(CivilDate)
  case duration(Duration)
  case list([Value])
  case record(RecordValue)

  public var isNull: Bool {
    if case .null = self { return true }
    return false
  }

  /// Numbers compare by value whether stored as int or decimal.
  public var asDec: Dec? {
    switch self {
    case .int(let i): Dec(i)
    case .dec(let d): d
    default: nil
    }
  }

  /// Two texts as `equals` compares them: canonically equivalent.
  @inline(__always)
  static func textEquals(_ a: String, _ b: String) -> Bool {
    // Only the empty text is canonically equivalent to the empty text;
    // `==` on a non-ASCII text would look up Unicode properties to say so.
    if a.isEmpty || b.isEmpty { return a.isEmpty && b.isEmpty }
    return a == b
  }

  public func equals(_ other: Value) -> Bool {
    switch (self, other) {
    case (.null, .null): return true
    case (.bool(let a), .bool(let b)): return a == b
    case (.int(let a), .int(let b)): return a == b
    case (.text(let a), .text(let b)): return Value.textEquals(a, b)
    case (.date(let a), .date(let b)): return a == b
    case (.duration(let a), .duration(let b)): return a == b
    case (.list(let a), .list(let b)):
      return a.count == b.count && zip(a, b).allSatisfy { $0.equals($1) }
    case (.record(let a), .record(let b)):
      return a.type == b.type && zip(a.fields, b.fields).allSatisfy { $0.equals($1) }
    default:
      if let a = asDec, let b = other.asDec { return a == b }
      return false
    }
  }
}

/// Where a value was written in a filing: 1-based line and column.
public struct DataPos: Sendable, Hashable {
  public var line: Int32
  public var column: Int32
  public init(line: Int32, column: Int32) {
    self.line = line
    self.column = column
  }
  public static let unknown = DataPos(line: 0, column: 0)
}

/// A record or a whole filing: field values by slot, each with the position
/// it was read from, so explanations can point into the filing.
public final class RecordValue: Sendable {
  public let type: RecordType
  public let fields: [Value]
  public let positions: [DataPos]
  public let position: DataPos

  public init(type: RecordType, fields: [Value], positions: [DataPos], position: DataPos) {
    self.type = type
    self.fields = fields
    self.positions = positions
    self.position = position
  }

  public subscript(name: String) -> Value? {
    type.slot(name).map { fields[$0] }
  }

  /// The fields every filing has sit at fixed slots (RecordType.commonFields),
  /// so the engine reads them without a lookup by name.
  public var reportDate: CivilDate? {
    guard type.isFiling, case .date(let d) = fields[CommonSlot.reportDate] else { return nil }
    return d
  }

  public func commonText(_ slot: Int) -> String? {
    guard type.isFiling, case .text(let s) = fields[slot] else { return nil }
    return s
  }

  public var remedied: Bool {
    guard type.isFiling, case .bool(let b) = fields[CommonSlot.remedied] else { return false }
    return b
  }

  public func position(of name: String) -> DataPos? {
    type.slot(name).map { positions[$0] }
  }
}

/// Slots of the fields every filing has, in the order of `RecordType.commonFields`.
public enum CommonSlot {
  public static let kind = 0
  public static let id = 1
  public static let region = 2
  public static let department = 3
  public static let reportDate = 4
  public static let remedied = 5
}
