/// Builds the filing of a test from its `given` expression (record literals,
/// lists, literals, fixtures, `with`) as a data tree located in the policy
/// file. The tree then goes through `FilingValidator` exactly like a filing
/// read from a file, so schema errors and `invalid when` behave the same.
struct TestDataBuilder {
  let program: Program
  /// The file of the test: every node gets a position in it.
  let testSource: SourceFile
  var diagnostics: [Diagnostic] = []
  /// Where each node built in the test's file came from, so that data errors
  /// can be shown with a code frame.
  var spans: [DataPos: SourceSpan] = [:]
  /// Fixtures being expanded, innermost last: a fixture may not contain itself.
  private var expanding: [String] = []
  static let maxFixtureDepth = 64

  init(program: Program, testSource: SourceFile) {
    self.program = program
    self.testSource = testSource
  }

  /// Where a node stands. Nodes written in another file (a fixture declared
  /// elsewhere) stand at the place the test names the fixture, so that every
  /// position refers to the test's file.
  struct Place {
    var source: SourceFile
    var anchor: SourceSpan?
  }

  mutating func position(_ span: SourceSpan, _ place: Place) -> DataPos {
    let s = place.anchor ?? span
    let loc = testSource.location(of: s.start)
    let pos = DataPos(line: Int32(clamping: loc.line), column: Int32(clamping: loc.column))
    if spans[pos] == nil { spans[pos] = s }
    return pos
  }

  mutating func fail(_ message: String, _ span: SourceSpan, _ place: Place, hint: String? = nil) {
    diagnostics.append(
      Diagnostic(.badTest, message, source: place.source, span: span, hint: hint))
  }

  /// The filing of `test`: its `given` value, with `id` defaulting to the test's name.
  mutating func filing(for test: CheckedTest) -> DataNode? {
    let place = Place(source: test.source, anchor: nil)
    guard let node = build(test.decl.given, place) else { return nil }
    guard case .object(var entries) = node.value else {
      fail(
        "the filing of a test must be a record, not \(node.kindName)", test.decl.given.span, place,
        hint: "write `given KIND { field: value, … }` or `given FIXTURE with { … }`")
      return nil
    }
    if !entries.contains(where: { $0.key == "id" }) {
      let name = test.decl.name.plain ?? test.source.slice(test.decl.name.span)
      let p = position(test.decl.name.span, place)
      entries.append(
        DataEntry(
          key: "id", keyLine: p.line, keyColumn: p.column,
          node: DataNode(.string(name), line: p.line, column: p.column)))
    }
    return DataNode(.object(entries), line: node.line, column: node.column)
  }

  /// `given file "…" filing "ID"`: the filing with that id, read from the
  /// data file exactly as `policy check` reads it.
  mutating func filing(from f: GivenFile, of test: CheckedTest) -> RawFiling? {
    let place = Place(source: test.source, anchor: nil)
    guard let rel = f.path.plain, let id = f.filing.plain else {
      fail("the data file and the filing id are plain strings", f.span, place)
      return nil
    }
    var path = rel
    if !rel.hasPrefix("/"), let slash = test.source.path.lastIndex(of: "/") {
      path = String(test.source.path[...slash]) + rel
    }
    let result = FilingReader.read(path: path)
    for raw in result.filings {
      if case .string(let s)? = raw.node[key: "id"]?.node.value, s == id { return raw }
    }
    if let e = result.errors.first, result.filings.isEmpty {
      fail("cannot read `\(path)`: \(e.message)", f.path.span, place)
    } else {
      fail(
        "no filing with id `\(id)` in `\(path)`", f.filing.span, place,
        hint: result.errors.isEmpty
          ? nil : "\(result.errors.count) part(s) of the file could not be read")
    }
    return nil
  }

  mutating func build(_ e: Expr, _ place: Place) -> DataNode? {
    let p = position(e.span, place)
    switch e.kind {
    case .record(let type, let fields):
      var entries: [DataEntry] = []
      if let type {
        if program.filings[type.text] != nil {
          let tp = position(type.span, place)
          entries.append(
            DataEntry(
              key: "kind", keyLine: tp.line, keyColumn: tp.column,
              node: DataNode(.string(type.text), line: tp.line, column: tp.column)))
        } else if program.records[type.text] == nil {
          let known = Array(program.filings.keys) + Array(program.records.keys)
          fail(
            "unknown filing kind or record `\(type.text)`", type.span, place,
            hint: suggestion(for: type.text, among: known).map { "did you mean `\($0)`?" })
          return nil
        }
      }
      guard let fields = build(fields, into: entries, place) else { return nil }
      return DataNode(.object(fields), line: p.line, column: p.column)
    case .with(let base, let fields):
      guard let b = build(base, place) else { return nil }
      guard case .object(let entries) = b.value else {
        fail("`with` needs a record on its left, not \(b.kindName)", base.span, place)
        return nil
      }
      guard let merged = build(fields, into: entries, place) else { return nil }
      return DataNode(.object(merged), line: b.line, column: b.column)
    case .name(let n):
      return fixture(n, e, place)
    case .member(let base, let field):
      guard let b = build(base, place) else { return nil }
      guard let entry = b[key: field.text] else {
        fail(
          b.value.kindName == "object"
            ? "the record has no field `\(field.text)`"
            : "`\(place.source.slice(base.span))` is \(b.kindName), which has no fields",
          field.span, place)
        return nil
      }
      return entry.node
    case .list(let items):
      var nodes: [DataNode] = []
      for item in items {
        if let g = item.guardCondition {
          fail(
            "a list in test data cannot have `when`", g.span, place,
            hint: "write the elements the filing has")
          return nil
        }
        guard let n = build(item.value, place) else { return nil }
        nodes.append(n)
      }
      return DataNode(.array(nodes), line: p.line, column: p.column)
    default:
      return constant(e, p, place)
    }
  }

  /// `{ a: 1, b: 2 }` over `entries`: each field replaces the entry of that
  /// name, in its place, or is added at the end.
  mutating func build(_ fields: [FieldInit], into entries: [DataEntry], _ place: Place)
    -> [DataEntry]?
  {
    var out = entries
    var seen: Set<String> = []
    for f in fields {
      guard seen.insert(f.name.text).inserted else {
        fail("field `\(f.name.text)` is given twice", f.name.span, place)
        return nil
      }
      guard let value = build(f.value, place) else { return nil }
      let kp = position(f.name.span, place)
      let entry = DataEntry(key: f.name.text, keyLine: kp.line, keyColumn: kp.column, node: value)
      if let i = out.firstIndex(where: { $0.key == f.name.text }) {
        out[i] = entry
      } else {
        out.append(entry)
      }
    }
    return out
  }

  mutating func fixture(_ name: String, _ e: Expr, _ place: Place) -> DataNode? {
    guard let (decl, source) = program.fixtures[name] else {
      if program.paramIndex[name] != nil {
        fail(
          "`\(name)` is a param; test data holds values and fixtures", e.span, place,
          hint: "to change the param for this test, write `param \(name) = …` in the test")
        return nil
      }
      fail(
        "unknown fixture `\(name)`", e.span, place,
        hint: suggestion(for: name, among: program.fixtures.keys).map { "did you mean `\($0)`?" }
          ?? "declare it with `fixture \(name) = KIND { … }`")
      return nil
    }
    if expanding.contains(name) {
      fail(
        "fixture `\(name)` is defined in terms of itself (\((expanding + [name]).joined(separator: " → ")))",
        e.span, place)
      return nil
    }
    // A long chain of fixtures is a mistake, and must not exhaust the stack.
    guard expanding.count < TestDataBuilder.maxFixtureDepth else {
      fail(
        "fixtures are nested more than \(TestDataBuilder.maxFixtureDepth) deep", e.span, place,
        hint: "build test filings from a few fixtures")
      return nil
    }
    expanding.append(name)
    defer { expanding.removeLast() }
    // A fixture from another file stands where this place says; one from the
    // test's own file keeps its own positions.
    let inner =
      source === testSource
      ? Place(source: source, anchor: place.anchor)
      : Place(source: source, anchor: place.anchor ?? e.span)
    return build(decl.value, inner)
  }

  /// A literal or a constant expression (`0.1 + 0.2`, `2024-02-28 + 1 days`),
  /// checked and evaluated as the language does, then written as data.
  mutating func constant(_ e: Expr, _ p: DataPos, _ place: Place) -> DataNode? {
    var checker = Checker(source: place.source)
    var scope = Scope(filing: nil)
    scope.constantOnly = true
    let node = checker.checkExpr(e, &scope)
    let errors = checker.diagnostics.filter { $0.severity == .error }
    if !errors.isEmpty {
      diagnostics += errors
      return nil
    }
    let value: Value
    do {
      value = try Evaluator.constant(node, as: node.type)
    } catch {
      fail("this value cannot be computed: \(error.message)", e.span, place)
      return nil
    }
    guard let data = TestDataBuilder.data(value, at: p) else {
      fail(
        "a \(node.type) cannot be written in a filing", e.span, place,
        hint: "filings hold text, numbers, dates, `true`/`false`, lists and records")
      return nil
    }
    return DataNode(data, line: p.line, column: p.column)
  }

  /// A value as it would be written in a JSON filing.
  static func data(_ v: Value, at p: DataPos) -> DataValue? {
    switch v {
    case .null: return .null
    case .bool(let b): return .bool(b)
    case .int(let i): return .number(String(i))
    case .dec(let d): return .number(d.description)
    case .text(let s): return .string(s)
    case .date(let d): return .string(d.description)
    case .list(let items):
      var out: [DataNode] = []
      for item in items {
        guard let d = data(item, at: p) else { return nil }
        out.append(DataNode(d, line: p.line, column: p.column))
      }
      return .array(out)
    case .duration, .record: return nil
    }
  }
}

extension Checker {
  /// A param value written in a test (`param debt_ratio_high = 130%`), checked
  /// against the param's type like `--param`.
  static func testParamValue(_ e: Expr, for spec: ParamSpec, source: SourceFile) -> Result<
    Value, Diagnostic
  > {
    var checker = Checker(source: source)
    var scope = Scope(filing: nil)
    scope.constantOnly = true
    let node = checker.checkExpr(e, &scope)
    if let d = checker.diagnostics.first(where: { $0.severity == .error }) { return .failure(d) }
    guard node.type.fits(spec.type) else {
      return .failure(
        Diagnostic(
          .badParamValue,
          "param `\(spec.name)` is `\(spec.type)`, but `\(source.slice(e.span))` is `\(node.type)`",
          source: source, span: e.span))
    }
    do {
      return .success(try Evaluator.constant(node, as: spec.type))
    } catch {
      return .failure(Diagnostic(.badParamValue, error.message, source: source, span: e.span))
    }
  }
}
