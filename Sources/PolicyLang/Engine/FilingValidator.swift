/// Turns a filing read from a file into a typed record, checking it against
/// its kind's schema: every problem becomes a located error, and the filing is
/// then not checked (domain.md: "Any other field missing, or of the wrong type,
/// makes that filing invalid").
public struct FilingValidator: Sendable {
  public let program: Program
  /// Errors listed for one filing (a list of a million wrong elements is one
  /// bad filing, not a million lines of output); the rest are summed up.
  public var maxErrors = 100

  public init(program: Program) { self.program = program }

  public struct Invalid: Error, Sendable {
    public var filingID: String?
    public var errors: [DataError]
  }

  public func validate(_ raw: RawFiling) -> Result<RecordValue, Invalid> {
    var errors: [DataError] = []
    let file = raw.file
    func fail(_ code: DiagnosticCode, _ msg: String, _ line: Int32, _ col: Int32) {
      errors.append(DataError(code, msg, file: file, line: Int(line), column: Int(col)))
    }
    guard case .object(let entries) = raw.node.value else {
      fail(
        .wrongType, "a filing must be an object, not \(raw.node.value.kindName)", raw.node.line,
        raw.node.column)
      return .failure(Invalid(filingID: nil, errors: errors))
    }
    let id: String? = entries.first { $0.key == "id" }.flatMap {
      if case .string(let s) = $0.node.value { return s }
      return nil
    }
    guard let kindEntry = entries.first(where: { $0.key == "kind" }) else {
      fail(.missingField, "missing field `kind`", raw.node.line, raw.node.column)
      return .failure(Invalid(filingID: id, errors: errors))
    }
    guard case .string(let kindName) = kindEntry.node.value, let type = program.filings[kindName]
    else {
      var msg =
        "`kind` must be one of \(program.filings.keys.sorted().map { "`\($0)`" }.joined(separator: ", "))"
      if case .string(let k) = kindEntry.node.value {
        msg = "unknown filing kind `\(k.count > 40 ? String(k.prefix(40)) + "…" : k)`"
        if let s = suggestion(for: k, among: program.filings.keys) {
          msg += "; did you mean `\(s)`?"
        }
      }
      fail(.unknownKind, msg, kindEntry.node.line, kindEntry.node.column)
      return .failure(Invalid(filingID: id, errors: errors))
    }
    var convert = Converter(file: file)
    convert.maxErrors = maxErrors
    let value = convert.record(type, entries, at: raw.node)
    errors += convert.errors
    if convert.dropped > 0 {
      errors.append(
        DataError(
          .limitExceeded,
          "too many errors in this filing: \(convert.dropped) more not shown", file: file,
          line: Int(raw.node.line), column: Int(raw.node.column)))
    }
    guard errors.isEmpty, case .record(let record) = value else {
      return .failure(Invalid(filingID: id, errors: errors))
    }
    errors = invariantErrors(record, file: file)
    if !errors.isEmpty { return .failure(Invalid(filingID: id, errors: errors)) }
    return .success(record)
  }

  /// Invariants: `invalid when fiscal_capacity <= 0 because …`, one error
  /// for each that holds.
  public func invariantErrors(_ record: RecordValue, file: String) -> [DataError] {
    var errors: [DataError] = []
    func fail(_ code: DiagnosticCode, _ msg: String, _ p: DataPos) {
      errors.append(
        DataError(code, msg, file: file, line: Int(p.line), column: Int(p.column)))
    }
    guard !record.type.invariants.isEmpty else { return [] }
    // The params in force on the filing's date, as its rules will see them.
    let params = program.params.map { $0.value(on: record.reportDate) }
    for inv in record.type.invariants {
      var ev = Evaluator(filing: record, params: params)
      do {
        if try ev.truth(inv.condition) {
          let msg =
            (try? ev.eval(inv.message)).flatMap {
              if case .text(let s) = $0 { return s }
              return nil
            } ?? "invalid filing"
          let (fieldName, pos) = FilingValidator.firstField(in: inv.condition, of: record)
          let shown = fieldName.map { "`\($0)`: \(msg)" } ?? msg
          fail(.invalidValue, shown, pos ?? record.position)
        }
      } catch {
        fail(error.code, error.message, record.position)
      }
    }
    return errors
  }

  /// The first filing field an invariant reads: the one its error names.
  static func firstField(in n: CheckedExpr, of r: RecordValue) -> (String?, DataPos?) {
    switch n.kind {
    case .field(let slot): return (r.type.fields[slot].name, r.positions[slot])
    case .compare(_, let a, let b), .and(let a, let b), .or(let a, let b), .arith(_, let a, let b):
      let x = firstField(in: a, of: r)
      return x.0 != nil ? x : firstField(in: b, of: r)
    case .not(let a), .negate(let a), .presence(let a, _): return firstField(in: a, of: r)
    default: return (nil, nil)
    }
  }
}

/// Schema-directed conversion of a data tree into values.
struct Converter {
  let file: String
  var errors: [DataError] = []
  var maxErrors = Int.max
  var dropped = 0
  /// Where the converter is inside the filing; turned into text such as
  /// `payables[1].paid` only when a message needs it.
  var path: [FieldPath.Component] = []

  mutating func fail(_ code: DiagnosticCode, _ msg: String, _ node: DataNode) {
    if errors.count >= maxErrors {
      dropped += 1
      return
    }
    errors.append(
      DataError(code, msg, file: file, line: Int(node.line), column: Int(node.column)))
  }

  mutating func record(_ type: RecordType, _ entries: [DataEntry], at node: DataNode)
    -> Value
  {
    var values: [Value] = []
    var positions: [DataPos] = []
    values.reserveCapacity(type.fields.count)
    positions.reserveCapacity(type.fields.count)
    var cursor = 0
    for f in type.fields {
      // Filings usually list fields in schema order: look where the last one
      // was found before searching the whole object.
      let entry: DataEntry?
      if cursor < entries.count, entries[cursor].key == f.name {
        entry = entries[cursor]
        cursor += 1
      } else if let i = entries.firstIndex(where: { $0.key == f.name }) {
        entry = entries[i]
        cursor = i + 1
      } else {
        entry = nil
      }
      path.append(.field(f.name))
      defer { path.removeLast() }
      guard let entry, !isNull(entry.node) else {
        if let d = f.defaultValue {
          values.append(d)
        } else if f.type.isOptional {
          values.append(.null)
        } else {
          let name = FieldPath(components: path)
          fail(
            .missingField,
            entry == nil
              ? "missing field `\(name)` (\(f.type))"
              : "field `\(name)` is null but must be `\(f.type)`",
            entry?.node ?? node)
          values.append(.null)
        }
        positions.append(
          entry.map { DataPos(line: $0.node.line, column: $0.node.column) }
            ?? DataPos(line: node.line, column: node.column))
        continue
      }
      values.append(convert(entry.node, to: f.type.unwrapped))
      positions.append(DataPos(line: entry.node.line, column: entry.node.column))
    }
    return .record(
      RecordValue(
        type: type, fields: values, positions: positions,
        position: DataPos(line: node.line, column: node.column)))
  }

  /// A short description of a value for messages: scalars are shown.
  static func describe(_ v: DataValue) -> String {
    switch v {
    case .number(let t): return "`\(t.count > 24 ? String(t.prefix(24)) + "…" : t)`"
    case .string(let s): return "text `\(s.count > 24 ? String(s.prefix(24)) + "…" : s)`"
    case .bool(let b): return "`\(b)`"
    default: return v.kindName
    }
  }

  func isNull(_ n: DataNode) -> Bool {
    if case .null = n.value { return true }
    return false
  }

  mutating func convert(_ node: DataNode, to type: PType) -> Value {
    let path = FieldPath(components: self.path)
    func wrong(_ expected: String) -> Value {
      fail(.wrongType, "`\(path)` must be \(expected), not \(Converter.describe(node.value))", node)
      return .null
    }
    switch (type, node.value) {
    case (.text, .string(let s)): return .text(s)
    case (.bool, .bool(let b)): return .bool(b)
    case (.int, .number(let t)):
      guard let i = Int(t) else {
        if t.contains(".") || t.contains("e") || t.contains("E") {
          return wrong("a whole number")
        }
        fail(.invalidValue, "`\(path)` is too large: \(t)", node)
        return .null
      }
      return .int(i)
    case (.decimal, .number(let t)), (.money, .number(let t)):
      guard let d = Dec(t) else {
        fail(
          .invalidValue,
          "`\(path)` cannot be represented exactly: \(t.count > 40 ? String(t.prefix(40)) + "…" : t)",
          node)
        return .null
      }
      return .dec(d)
    case (.date, .string(let s)):
      guard let d = CivilDate(s) else {
        fail(.badDateValue, "`\(path)` is not a calendar date in the form YYYY-MM-DD: `\(s)`", node)
        return .null
      }
      return .date(d)
    case (.list(let elem), .array(let items)):
      var out: [Value] = []
      out.reserveCapacity(items.count)
      for (i, item) in items.enumerated() {
        if isNull(item), elem.isOptional {
          out.append(.null)
          continue
        }
        self.path.append(.index(i))
        out.append(convert(item, to: elem.unwrapped))
        self.path.removeLast()
      }
      return .list(out)
    case (.record(let r), .object(let entries)):
      return record(r, entries, at: node)
    case (.text, _): return wrong("text")
    case (.bool, _): return wrong("`true` or `false`")
    case (.int, _): return wrong("a whole number")
    case (.decimal, _), (.money, _): return wrong("a number")
    case (.date, _): return wrong("a date string like \"2023-05-01\"")
    case (.list, _): return wrong("a list")
    case (.record(let r), _): return wrong("an object (`\(r.name)`)")
    default: return wrong("`\(type)`")
    }
  }
}

/// A field's place in a filing, printed as `payables[1].paid`.
struct FieldPath: CustomStringConvertible {
  enum Component {
    case field(String)
    case index(Int)
  }
  var components: [Component]

  var description: String {
    var s = ""
    for c in components {
      switch c {
      case .field(let f): s += s.isEmpty ? f : ".\(f)"
      case .index(let i): s += "[\(i)]"
      }
    }
    return s
  }
}
