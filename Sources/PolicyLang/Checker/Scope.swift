/// What names mean at one point of an expression.
struct Scope {
  var filing: RecordType?
  /// Element types of the enclosing filters and quantifiers, outermost first;
  /// inside them the element's fields are names too.
  var elements: [PType] = []
  var lets: [String: (slot: Int, type: PType)] = [:]
  var args: [String: (slot: Int, type: PType)] = [:]
  /// Paths known to be present here (`acceptance_date is present and …`).
  var facts: Set<String> = []
  /// Definitions being expanded, to reject recursion.
  var expanding: [String] = []
  /// Param defaults may only use literals.
  var constantOnly = false

  init(filing: RecordType?) { self.filing = filing }

  func visibleNames(params: some Sequence<String>, defines: some Sequence<String>) -> [String] {
    var names: [String] = []
    for t in elements {
      if case .record(let r) = t.unwrapped { names += r.fields.map(\.name) }
    }
    names += lets.keys
    names += args.keys
    if let filing { names += filing.fields.map(\.name) }
    names += params
    names += defines
    return names
  }
}
