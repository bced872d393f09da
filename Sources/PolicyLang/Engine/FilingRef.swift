/// Which filing, and where it was read from.
///
/// Its parts are `Frozen`: a filing's outcome and each of its violations
/// carry a copy, made on the worker and freed on the thread that writes them.
public struct FilingRef: Sendable, Hashable {
  struct Parts: Sendable, Hashable {
    var id: String?
    var kind: String?
    var region: String?
    var department: String?
    var file: String
    var index: Int
    var line: Int
    var column: Int
    var reportDate: CivilDate?
  }

  private var box: Frozen<Parts>

  public init(
    id: String? = nil, kind: String? = nil, region: String? = nil, department: String? = nil,
    file: String, index: Int, line: Int, column: Int, reportDate: CivilDate? = nil
  ) {
    box = Frozen(
      Parts(
        id: id, kind: kind, region: region, department: department, file: file, index: index,
        line: line, column: column, reportDate: reportDate))
  }

  private mutating func change(_ f: (inout Parts) -> Void) { box = box.with(f) }

  public var id: String? {
    get { box.parts.id }
    set { change { $0.id = newValue } }
  }
  public var kind: String? {
    get { box.parts.kind }
    set { change { $0.kind = newValue } }
  }
  public var region: String? {
    get { box.parts.region }
    set { change { $0.region = newValue } }
  }
  public var department: String? {
    get { box.parts.department }
    set { change { $0.department = newValue } }
  }
  public var file: String {
    get { box.parts.file }
    set { change { $0.file = newValue } }
  }
  /// Position of the filing within its file (0-based), for ordering.
  public var index: Int {
    get { box.parts.index }
    set { change { $0.index = newValue } }
  }
  public var line: Int {
    get { box.parts.line }
    set { change { $0.line = newValue } }
  }
  public var column: Int {
    get { box.parts.column }
    set { change { $0.column = newValue } }
  }
  /// The filing's `report_date`, when it was valid: the date that decides
  /// which rule versions and param values apply.
  public var reportDate: CivilDate? {
    get { box.parts.reportDate }
    set { change { $0.reportDate = newValue } }
  }

  public static func == (a: FilingRef, b: FilingRef) -> Bool {
    a.box === b.box || a.box.parts == b.box.parts
  }

  public func hash(into hasher: inout Hasher) { hasher.combine(box.parts) }
}
