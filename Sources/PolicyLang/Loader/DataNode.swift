/// One value read from a filing, with the position of its first character
/// (for a string, its opening quote) so that later checks can point at it.
public struct DataNode: Sendable, Equatable {
  public var value: DataValue
  /// 1-based line.
  public var line: Int32
  /// 1-based column, counted in Unicode scalars from the start of the line.
  public var column: Int32

  public init(_ value: DataValue, line: Int32, column: Int32) {
    self.value = value
    self.line = line
    self.column = column
  }

  /// The member named `key` when this node is an object; keys are compared
  /// as exact text (byte for byte), the way duplicate keys are detected.
  public subscript(key key: String) -> DataEntry? {
    guard case .object(let entries) = value else { return nil }
    for entry in entries where sameKey(entry.key, key) { return entry }
    return nil
  }

  /// The kind of value for messages: "null", "boolean", "number", "text",
  /// "list" or "object".
  public var kindName: String { value.kindName }
}

/// The value of a filing field as written, before any schema gives it a type.
public enum DataValue: Sendable, Equatable {
  case null
  case bool(Bool)
  /// The exact source text of a number in JSON number grammar
  /// (`-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?`), never rounded through binary floating point.
  case number(String)
  case string(String)
  case array([DataNode])
  /// Members in source order; keys are unique.
  case object([DataEntry])

  /// The kind of value for messages: "null", "boolean", "number", "text",
  /// "list" or "object".
  public var kindName: String {
    switch self {
    case .null: "null"
    case .bool: "boolean"
    case .number: "number"
    case .string: "text"
    case .array: "list"
    case .object: "object"
    }
  }
}

/// One member of an object: the key with its own position, and the value.
public struct DataEntry: Sendable, Equatable {
  public var key: String
  public var keyLine: Int32
  public var keyColumn: Int32
  public var node: DataNode

  public init(key: String, keyLine: Int32, keyColumn: Int32, node: DataNode) {
    self.key = key
    self.keyLine = keyLine
    self.keyColumn = keyColumn
    self.node = node
  }
}

/// Byte-for-byte equality of keys. Swift's `==` on strings treats canonically
/// equivalent text as equal (`"é"` and `"e\u{301}"`), but JSON keys are
/// sequences of code points, so two such keys are different members.
@inline(__always)
func sameKey(_ a: String, _ b: String) -> Bool {
  // `==` is quick to say no; only then compare the bytes.
  a.utf8.count == b.utf8.count && a == b && a.utf8.elementsEqual(b.utf8)
}
