/// The filing schemas of a program compiled for `SchemaReader`: field names
/// as bytes and, for each field, how its value is read. Built once per run.
final class SchemaPlan: Sendable {
  /// Plain data (no reference counts to touch in the reader's inner loop):
  /// lists and records refer to `lists` and `tables` by index.
  enum Reading: Sendable {
    case text, bool, int, decimal, date
    /// A list, by index into `lists`.
    case list(Int)
    /// A nested record, by index into `tables`.
    case record(Int)
    /// A type no filing field is read as (a duration, say): the general path.
    case unsupported
  }

  struct Field: Sendable {
    let key: [UInt8]
    /// The key's first (up to) eight bytes, little-endian, zero-padded: most
    /// keys are told apart, or matched whole, by one comparison.
    let keyWord: UInt64
    let reading: Reading
    let optional: Bool
    let defaultValue: Value?
  }

  struct Table: Sendable {
    let type: RecordType
    let fields: [Field]
    /// Found fields are tracked in a 64-bit mask; wider records take the
    /// general path.
    var readable: Bool { fields.count <= 64 }
  }

  let tables: [Table]
  /// List element readings, and whether elements may be null.
  let lists: [(reading: Reading, optional: Bool)]
  /// Filing kinds: the bytes of the name and the table.
  let kinds: [(name: [UInt8], table: Int)]

  init(program: Program) {
    var index: [ObjectIdentifier: Int] = [:]
    var types: [RecordType] = []
    var lists: [(reading: Reading, optional: Bool)] = []
    func visit(_ t: RecordType) -> Int {
      if let i = index[ObjectIdentifier(t)] { return i }
      index[ObjectIdentifier(t)] = types.count
      types.append(t)
      return types.count - 1
    }
    func reading(_ t: PType) -> Reading {
      switch t {
      case .text: return .text
      case .bool: return .bool
      case .int: return .int
      case .decimal, .money: return .decimal
      case .date: return .date
      case .list(let e):
        let element = reading(e.unwrapped)
        lists.append((element, e.isOptional))
        return .list(lists.count - 1)
      case .record(let r): return .record(visit(r))
      case .duration, .optional, .never: return .unsupported
      }
    }
    let kinds = program.filings.sorted { $0.key < $1.key }.map { name, type in
      (name: Array(name.utf8), table: visit(type))
    }
    // Nested record types are appended while the loop runs.
    var tables: [Table] = []
    var next = 0
    while next < types.count {
      let t = types[next]
      next += 1
      tables.append(
        Table(
          type: t,
          fields: t.fields.map { f in
            let key = Array(f.name.utf8)
            return Field(
              key: key, keyWord: SchemaPlan.word(key), reading: reading(f.type.unwrapped),
              optional: f.type.isOptional, defaultValue: f.defaultValue)
          }))
    }
    self.tables = tables
    self.kinds = kinds
    self.lists = lists
  }

  /// The first (up to) eight bytes, little-endian, zero-padded.
  static func word(_ bytes: some Collection<UInt8>) -> UInt64 {
    var w: UInt64 = 0
    for (i, b) in bytes.prefix(8).enumerated() { w |= UInt64(b) << (8 * i) }
    return w
  }
}
