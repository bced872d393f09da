/// The filings loaded into a REPL session: kept as read, and validated again
/// whenever the program changes (a schema declared at the prompt changes what
/// a valid filing is).
struct ReplCorpus {
  struct Entry {
    var raw: RawFiling
    var id: String?
    var kind: String?
    /// Set once validated against a program.
    var record: RecordValue?
    var errors: [DataError] = []
  }

  struct File {
    var path: String
    /// Errors of the file itself or of lines that could not be read.
    var readErrors: [DataError]
    var entries: [Entry]
  }

  /// The paths given to `:load` (files and directories), for `:reload`.
  var paths: [String] = []
  var files: [File] = []

  var entries: [Entry] { files.flatMap(\.entries) }
  var isEmpty: Bool { files.isEmpty }

  /// Reads files (replacing any read before from the same path).
  mutating func read(_ fileList: [String], limits: LoaderLimits = .init()) -> [File] {
    var read: [File] = []
    for path in fileList {
      let result = FilingReader.read(path: path, limits: limits)
      let entries = result.filings.map { raw in
        Entry(
          raw: raw, id: ReplCorpus.text("id", raw.node), kind: ReplCorpus.text("kind", raw.node))
      }
      let file = File(path: path, readErrors: result.errors, entries: entries)
      if let i = files.firstIndex(where: { $0.path == path }) {
        files[i] = file
      } else {
        files.append(file)
      }
      read.append(file)
    }
    return read
  }

  static func text(_ key: String, _ node: DataNode) -> String? {
    guard case .object(let entries) = node.value else { return nil }
    for e in entries where e.key == key {
      if case .string(let s) = e.node.value { return s }
    }
    return nil
  }

  /// Validates every filing against `program` (or forgets the records when
  /// there is none).
  mutating func validate(with program: Program?) {
    let validator = program.map { FilingValidator(program: $0) }
    for f in files.indices {
      for e in files[f].entries.indices {
        guard let validator else {
          files[f].entries[e].record = nil
          files[f].entries[e].errors = []
          continue
        }
        switch validator.validate(files[f].entries[e].raw) {
        case .success(let r):
          files[f].entries[e].record = r
          files[f].entries[e].errors = []
        case .failure(let invalid):
          files[f].entries[e].record = nil
          files[f].entries[e].errors = invalid.errors
        }
      }
    }
  }

  /// Filings with this id, in load order.
  func entries(id: String) -> [Entry] { entries.filter { $0.id == id } }

  var validCount: Int { files.reduce(0) { $0 + $1.entries.count { $0.record != nil } } }
  var filingCount: Int { files.reduce(0) { $0 + $1.entries.count } }
}
