/// The filing schemas of a program compiled for `SchemaReader`: field names
/// as bytes and, for each field, how its value is read. Built once per run.
final class SchemaPlan: Sendable {
  indirect enum Reading: Sendable {
    case text, bool, int, decimal, date
    case list(Reading, elementOptional: Bool)
    /// A nested record, by index into `tables`.
    case record(Int)
    /// A type no filing field is read as (a duration, say): the general path.
    case unsupported
  }

  struct Field: Sendable {
    let key: [UInt8]
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
  /// Filing kinds: the bytes of the name and the table.
  let kinds: [(name: [UInt8], table: Int)]

  init(program: Program) {
    var index: [ObjectIdentifier: Int] = [:]
    var types: [RecordType] = []
    func visit(_ t: RecordType) -> Int {
      if let i = index[ObjectIdentifier(t)] { return i }
      index[ObjectIdentifier(t)] = types.count
      types.append(t)
      return types.count - 1
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
            Field(
              key: Array(f.name.utf8), reading: SchemaPlan.reading(f.type.unwrapped, visit),
              optional: f.type.isOptional, defaultValue: f.defaultValue)
          }))
    }
    self.tables = tables
    self.kinds = kinds
  }

  private static func reading(_ t: PType, _ visit: (RecordType) -> Int) -> Reading {
    switch t {
    case .text: .text
    case .bool: .bool
    case .int: .int
    case .decimal, .money: .decimal
    case .date: .date
    case .list(let e): .list(reading(e.unwrapped, visit), elementOptional: e.isOptional)
    case .record(let r): .record(visit(r))
    case .duration, .optional, .never: .unsupported
    }
  }
}
