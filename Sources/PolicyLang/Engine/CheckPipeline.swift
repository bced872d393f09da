import Dispatch

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Streams filings through reading, validation and the rules, on one or more
/// threads, and hands each filing's outcome to `emit` in input order: by file
/// (in the order given, directories in path order), then by position in file.
/// The output is the same for any number of threads.
///
/// `.jsonl` files, and `.json` files holding an array, are read in chunks and
/// never held whole, so memory stays bounded whatever the corpus size (see
/// `streamJSON`); other `.json` files and YAML files are read whole.
public struct CheckPipeline: Sendable {
  public private(set) var program: Program
  public var explain = false
  public var recordPasses = false
  /// Makes, for each worker thread, what turns the outcomes it checks into
  /// output there, so that formatting (as costly as checking, with
  /// evidence) runs in parallel too; see `run(paths:emit:)`. A renderer
  /// lives as long as its worker and may keep what it made for one filing
  /// (a rule's escaped texts) for the next without any sharing between
  /// threads. It appends an outcome's output to the bytes it is given; the
  /// output reaches the caller through `run(paths:emit:write:)` only.
  public var render: (@Sendable () -> (FilingOutcome, inout [UInt8]) -> Void)? {
    didSet { lineReport = nil }
  }
  /// The report that `render` writes, when `renderJSONLines` made it.
  public private(set) var lineReport: JSONLinesReport?
  /// Make messages and evidence in this language only (`RuleRunner.reportLanguage`).
  public var reportLanguage: Language?
  /// Also record the rules that did not apply to a filing (`policy explain`).
  public var recordNotApplicable = false
  /// Check only the filings with this id (`policy explain --filing`).
  public var onlyFiling: String?
  public var limits = LoaderLimits()
  public var budget = Evaluator.defaultBudget
  public var threads = 1
  /// How far each filing goes: `.rules` is a normal check; the earlier stages
  /// exist to measure the floor under it (and for `policy validate`).
  public var stage = Stage.rules

  public enum Stage: Sendable {
    case parse, validate, rules
  }
  /// Read well-formed filings with the schema-directed reader (`SchemaReader`).
  /// Off, every filing takes the general path (parse, then validate): the
  /// results are the same, which tests and the FuzzSchema target check.
  public var schemaDirected = true
  /// Decide rules on the evaluator's fast path (`RuleRunner.fastPath`).
  public var fastPath = true
  /// Filings per unit of parallel work.
  public var batchSize = 1024
  /// Bytes read from a `.jsonl` file at a time.
  public var chunkSize = 4 << 20
  /// Checked between batches: once set, the run stops, having emitted every
  /// outcome of the batches before the first it skipped.
  public var cancellation: Cancellation?

  /// The schemas compiled for the schema-directed reader.
  private(set) var plan: SchemaPlan

  public init(program: Program) {
    self.program = program
    plan = SchemaPlan(program: program)
  }

  /// The same pipeline with a copy of the program of its own, for one
  /// worker thread.
  func isolated() -> CheckPipeline {
    var copy = self
    copy.program = program.isolatedCopy()
    copy.plan = SchemaPlan(program: copy.program)
    return copy
  }

  var isCancelled: Bool { cancellation?.isCancelled ?? false }

  /// Renders `report`'s lines on the workers, as `--format jsonl` writes
  /// them. With no evidence, passes or other language to make, each
  /// violation's line is then written where the rule finds it, and no
  /// `Violation` is made (see `RuleRunner.findingsInPlace`); the bytes are
  /// the same either way.
  public mutating func renderJSONLines(_ report: JSONLinesReport) {
    render = {
      var writer = JSONLinesWriter(report)
      return { writer.write($0, into: &$1) }
    }
    lineReport = report
  }

  /// Whether violations are written where they are found (see `renderJSONLines`).
  var writesInPlace: Bool {
    guard let r = lineReport, render != nil, stage == .rules else { return false }
    return !r.includeEvidence && !r.passes && r.language == reportLanguage && !explain
      && !recordPasses && !recordNotApplicable
  }

  /// Checks every input path and returns the totals; `emit` sees every
  /// filing's outcome, in order (without `render`; with one, use
  /// `run(paths:emit:write:)`, or the rendered output is dropped). With one
  /// thread, `emit` is called on a thread with a large stack that the call
  /// waits for; with more, on the calling thread.
  @discardableResult
  public func run(paths: [String], emit: (FilingOutcome) -> Void) -> RunSummary {
    run(paths: paths, emit: emit) { _ in }
  }

  /// Checks every input path and returns the totals. With `render`, the
  /// worker threads write each outcome's output and count it there, and the
  /// calling thread gets that output, in input order, in pieces for
  /// `write`; `emit` sees only the outcomes with errors, in their places
  /// between the pieces, for the caller caps them per file, in order.
  /// Without `render`, `emit` sees every outcome and `write` nothing.
  @discardableResult
  public func run(
    paths: [String], emit: (FilingOutcome) -> Void, write: (ArraySlice<UInt8>) -> Void
  ) -> RunSummary {
    // On one thread, one thread does it all: reading, checking and writing,
    // on a large stack (see `LargeStack`), without handing each batch to a
    // worker and waiting for it.
    if threads <= 1 && !LargeStack.isCurrent {
      return LargeStack.run { run(paths: paths, emit: emit, write: write) }
    }
    var totals = RunSummary()
    let (files, errors) = InputCollector.collect(paths)
    for (i, e) in errors.enumerated() {
      var d = Delivery(FilingOutcome.failed(e, index: i))
      d.deliver(into: &totals, emit: emit, write: write)
    }
    let collect = { (d: inout Delivery) in d.deliver(into: &totals, emit: emit, write: write) }
    let dispatcher = Dispatcher(self)
    for file in files {
      if isCancelled { break }
      totals.filesRead += 1
      let format = file == "-" ? nil : FilingFormat(path: file)
      if format == .jsonl {
        streamLines(file, dispatcher, collect)
      } else if format == .json {
        streamJSON(file, dispatcher, collect)
      } else {
        let result =
          file == "-"
          ? FilingReader.readStandardInput(format: nil, limits: limits)
          : FilingReader.read(path: file, limits: limits)
        process(result, dispatcher, collect)
      }
    }
    dispatcher.drain(collect)
    return totals
  }

  // MARK: - whole files

  func process(_ result: FilingFileResult, _ dispatcher: Dispatcher, _ emit: Dispatcher.Emit) {
    var items: [Work] = result.filings.map { .filing($0) }
    for e in result.errors { items.append(.failed(e)) }
    // By place in the file: the filings and errors of a line (a JSON array
    // on one line) in the order of their columns, as a stream gives them.
    items.sort { $0.position < $1.position }
    for item in items {
      if isCancelled { return }
      dispatcher.add(item, emit)
    }
  }

  // MARK: - JSON files

  /// A `.json` file that is not an array (one filing, or an error), read
  /// whole: by the schema-directed reader when it can, else by the general
  /// path, which reports any errors.
  func readJSON(
    _ bytes: [UInt8], _ file: String, _ dispatcher: Dispatcher, _ emit: Dispatcher.Emit
  ) {
    if stage != .parse, schemaDirected {
      var reader = SchemaReader(plan: plan, limits: limits, file: file)
      if let record = bytes.withUnsafeBufferPointer({ reader.readDocument($0) }),
        FilingValidator(program: program).invariantErrors(record, file: file).isEmpty
      {
        dispatcher.add(.record(record, file: file, index: 0), emit)
        return
      }
    }
    process(
      FilingReader.read(bytes: bytes, file: file, format: .json, limits: limits), dispatcher, emit)
  }

  // MARK: - JSON Lines, streamed

  func streamLines(_ file: String, _ dispatcher: Dispatcher, _ emit: Dispatcher.Emit) {
    guard let fd = openInput(file, dispatcher, emit) else { return }
    defer { close(fd) }
    var carry: [UInt8] = []
    var lineNumber = 1
    var index = 0
    var first = true
    var skippingLongLine = false
    var sawLongLine = false
    var atEnd = false

    while !atEnd && !isCancelled {
      // Each chunk becomes one immutable block; its lines are ranges into it,
      // so no line is copied on its way to a worker.
      var (bytes, n, failed) = FileChunks.read(fd, after: carry, size: chunkSize)
      if failed {
        dispatcher.drain(emit)
        emitError(InputCollector.unreadableError(file, errno: errno), emit)
      }
      if n == 0 {
        atEnd = true
        if bytes.isEmpty || skippingLongLine { break }
        bytes.append(0x0A)  // the last line may lack its line end
      }
      let block = Block(bytes)
      var start = 0
      var lastEnd = 0
      block.bytes.withUnsafeBufferPointer { buf in
        guard let base = buf.baseAddress else { return }
        while start < buf.count,
          let nl = memchr(base + start, 0x0A, buf.count - start)
        {
          let stop = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(nl))
          defer {
            start = stop + 1
            lastEnd = start
            lineNumber += 1
          }
          if skippingLongLine {
            skippingLongLine = false
            continue
          }
          var from = start
          if first {
            first = false
            if stop - from >= 3, base[from] == 0xEF, base[from + 1] == 0xBB, base[from + 2] == 0xBF
            {
              from += 3
            }
          }
          if JSONLinesReader.isBlank(UnsafeBufferPointer(start: base + from, count: stop - from)) {
            continue
          }
          dispatcher.addLine(
            block, file: file, LineRef(range: from..<stop, lineNumber: lineNumber, index: index),
            emit)
          index += 1
        }
      }
      carry = skippingLongLine ? [] : Array(block.bytes[lastEnd...])
      if !skippingLongLine, carry.count > limits.maxLineBytes {
        // A line longer than the limit is an error for that line alone; its
        // bytes are skipped, not kept.
        dispatcher.add(.failed(lineTooLong(file, lineNumber)), emit)
        carry = []
        skippingLongLine = true
        sawLongLine = true
        first = false
      }
    }
    if isCancelled { return }
    if index == 0 && !sawLongLine {
      dispatcher.drain(emit)
      emitError(
        DataError(
          .syntaxError, "empty file, expected one JSON object per line", file: file, line: 1,
          column: 1), emit)
    }
  }

  /// `file` opened for reading, or nil once its error is emitted.
  func openInput(_ file: String, _ dispatcher: Dispatcher, _ emit: Dispatcher.Emit) -> Int32? {
    let fd = open(file, O_RDONLY)
    guard fd >= 0 else {
      dispatcher.drain(emit)
      emitError(InputCollector.unreadableError(file, errno: errno), emit)
      return nil
    }
    return fd
  }

  func lineTooLong(_ file: String, _ line: Int) -> DataError {
    DataError(
      .limitExceeded, "line is longer than \(limits.maxLineBytes) bytes", file: file, line: line,
      column: 1)
  }

  func emitError(_ e: DataError, _ emit: Dispatcher.Emit) {
    var d = Delivery(FilingOutcome.failed(e, index: 0))
    emit(&d)
  }

  // MARK: - batches

  enum Work: Sendable {
    case filing(RawFiling)
    /// Lines of one block of a `.jsonl` file, in order: the block and the
    /// file's name once for them all, not retained and released per line.
    case lines(Block, file: String, [LineRef])
    /// Elements of a top-level array in one block of a `.json` file, in
    /// order (see `streamJSON`).
    case elements(Block, file: String, [LineRef])
    case failed(DataError)
    /// A filing already read into a record (see `readJSON`).
    case record(RecordValue, file: String, index: Int)

    /// How many filings this is.
    var count: Int {
      switch self {
      case .lines(_, _, let refs), .elements(_, _, let refs): refs.count
      default: 1
      }
    }

    /// Where it starts in its file: the order of a whole file's items.
    var position: (line: Int, column: Int) {
      switch self {
      case .filing(let r): (Int(r.node.line), Int(r.node.column))
      case .record(let r, _, _): (Int(r.position.line), Int(r.position.column))
      case .lines(_, _, let refs), .elements(_, _, let refs):
        (refs.first?.lineNumber ?? 0, refs.first?.column ?? 0)
      case .failed(let e): (e.line, e.column)
      }
    }
  }

  func outcome(_ raw: RawFiling, _ validator: FilingValidator, _ runner: inout RuleRunner)
    -> FilingOutcome?
  {
    if let only = onlyFiling, raw.node[key: "id"]?.node.value != .string(only) { return nil }
    switch stage {
    case .rules:
      return CheckPipeline.checkOne(raw, validator, &runner)
    case .parse:
      return FilingOutcome(
        filing: FilingRef(
          file: raw.file, index: raw.index, line: Int(raw.node.line), column: Int(raw.node.column)),
        valid: true)
    case .validate:
      var o = CheckPipeline.checkOne(raw, validator, &runner, evaluate: false)
      o.violations = []
      return o
    }
  }

  /// A JSON Lines filing read by the schema-directed reader into a valid
  /// record; nil when the general path must read it.
  func fastRecord(
    _ line: UnsafeBufferPointer<UInt8>, _ reader: inout SchemaReader, lineNumber: Int,
    file: String, _ validator: FilingValidator
  ) -> RecordValue? {
    guard let record = reader.read(line, lineNumber: lineNumber),
      validator.invariantErrors(record, file: file).isEmpty
    else { return nil }
    return record
  }

  /// Checks a filing read into a valid record, unless it is not the filing
  /// asked for. With a renderer, a filing with nothing to report is only
  /// counted: its outcome would render as nothing.
  func checkRecord(
    _ record: RecordValue, file: String, index: Int, _ runner: inout RuleRunner,
    into batch: inout BatchOutput
  ) {
    if let only = onlyFiling, record.commonText(CommonSlot.id) != only { return }
    if stage == .validate {
      batch.add(
        FilingOutcome(filing: RuleRunner.reference(record, file: file, index: index), valid: true))
    } else if batch.render == nil {
      batch.add(runner.check(record, file: file, index: index))
    } else if batch.lines != nil {
      if let o = runner.findingsInPlace(record, file: file, index: index) {
        batch.add(o)
      } else {
        batch.addPlaced(runner, record, file: file)
      }
    } else if let o = runner.findings(record, file: file, index: index) {
      batch.add(o)
    } else {
      batch.addPassed()
    }
  }

  /// One line of a `.jsonl` file: read by the schema-directed reader, or
  /// else parsed and validated by the general path.
  func checkLine(
    _ line: UnsafeBufferPointer<UInt8>, _ r: LineRef, file: String, _ reader: inout SchemaReader,
    _ validator: FilingValidator, _ runner: inout RuleRunner, into batch: inout BatchOutput
  ) {
    if stage != .parse, schemaDirected,
      let record = fastRecord(line, &reader, lineNumber: r.lineNumber, file: file, validator)
    {
      checkRecord(record, file: file, index: r.index, &runner, into: &batch)
      return
    }
    switch JSONLinesReader.parseLine(line, lineNumber: r.lineNumber, file: file, limits: limits) {
    case .success(let node):
      let raw = RawFiling(file: file, index: r.index, node: node)
      if let o = outcome(raw, validator, &runner) { batch.add(o) }
    case .failure(let e):
      batch.add(FilingOutcome.failed(e, index: r.index))
    }
  }

  /// Checks a batch, rendering each outcome as it is made (when `batch` has
  /// a renderer): rendered later, from the array, each would be copied.
  func processBatch(_ items: ArraySlice<Work>, into batch: inout BatchOutput) {
    var validator = FilingValidator(program: program)
    validator.maxErrors = limits.maxErrorsPerFile
    var runner = RuleRunner(
      program: program, explain: explain, recordPasses: recordPasses, budget: budget)
    runner.recordNotApplicable = recordNotApplicable
    runner.reportLanguage = reportLanguage
    runner.fastPath = fastPath
    runner.maxTextBytes = limits.maxStringBytes
    batch.reserve(items.reduce(0) { $0 + $1.count })
    // The texts the worker's earlier batches shared: made again for each
    // batch (and freed at its end), they cost ~80,000 instructions a batch.
    var reader = SchemaReader(
      plan: plan, limits: limits, file: "", texts: batch.texts.take() ?? TextInterner())
    defer { batch.texts = reader.takeTexts() }
    for item in items {
      switch item {
      case .filing(let raw):
        if let o = outcome(raw, validator, &runner) { batch.add(o) }
      case .lines(let block, let file, let refs):
        block.bytes.withUnsafeBufferPointer { buf in
          for r in refs {
            checkLine(
              UnsafeBufferPointer(rebasing: buf[r.range]), r, file: file, &reader, validator,
              &runner, into: &batch)
          }
        }
      case .elements(let block, let file, let refs):
        var ended = false
        block.bytes.withUnsafeBufferPointer { buf in
          for r in refs {
            ended = !checkElement(buf, r, file: file, &reader, validator, &runner, into: &batch)
            if ended { return }
          }
        }
        // The document's first syntax error ends it: nothing after it is checked.
        if ended {
          batch.delivery.endsDocument = true
          return
        }
      case .record(let record, let file, let index):
        checkRecord(record, file: file, index: index, &runner, into: &batch)
      case .failed(let e):
        batch.add(FilingOutcome.failed(e, index: e.line))
      }
    }
  }
}

/// A batch being checked on a worker. With a renderer, each outcome
/// without errors is written into the batch's bytes and counted into its
/// totals there, then freed on the thread that made it; only the outcomes
/// with errors (which the caller caps per file, in order) travel to the
/// calling thread. Without one, every outcome does.
struct BatchOutput {
  let render: ((FilingOutcome, inout [UInt8]) -> Void)?
  /// Writes the violations found in place (`CheckPipeline.writesInPlace`).
  var lines: JSONLinesWriter?
  /// The texts the worker's reader shares, from batch to batch.
  var texts: TextInterner?
  var delivery = Delivery()

  init(render: ((FilingOutcome, inout [UInt8]) -> Void)?) { self.render = render }

  /// A valid filing whose violations `runner` placed (none, or some): their
  /// lines written, and counted as `add` counts an outcome.
  mutating func addPlaced(_ runner: RuleRunner, _ record: RecordValue, file: String) {
    delivery.totals.filingsChecked += 1
    guard !runner.placed.isEmpty else { return }
    delivery.placed += runner.placed.count
    // Through buffers: `for v in` copies each violation, retaining its facts.
    runner.placed.withUnsafeBufferPointer { placed in
      for k in placed.indices {
        delivery.totals.addViolation(
          placed[k].facts, placed[k].severity, mitigated: placed[k].mitigated)
      }
      lines?.violations(placed, runner.placedText, record: record, file: file)
    }
  }

  mutating func reserve(_ n: Int) {
    if render == nil { delivery.outcomes.reserveCapacity(n) }
  }

  /// Appends the lines of placed violations still kept by their writer
  /// (`JSONLinesWriter.violations`): before any other output, and at the
  /// end of the batch.
  mutating func flushLines() {
    lines?.flush(into: &delivery.bytes)
  }

  mutating func add(_ o: consuming FilingOutcome) {
    flushLines()
    // Every outcome is counted here, in order, so that each summary row
    // keeps the title of its first violation, whichever outcomes travel.
    delivery.totals.add(o)
    if let render, o.errors.isEmpty {
      render(o, &delivery.bytes)
      return
    }
    delivery.cuts.append(delivery.bytes.count)
    delivery.outcomes.append(o)
  }

  /// A valid filing with nothing to report (`RuleRunner.findings`): it
  /// renders as nothing, so only its count is kept.
  mutating func addPassed() { delivery.totals.filingsChecked += 1 }
}

/// What the calling thread gets of a batch: the output its worker rendered,
/// the outcomes left to the caller at their places in that output, and the
/// totals of all the batch's outcomes.
struct Delivery: Sendable {
  var outcomes: [FilingOutcome] = []
  /// How many of `bytes` come before each of `outcomes`.
  var cuts: [Int] = []
  var bytes: [UInt8] = []
  var totals = RunSummary()
  /// How many of the lines in `bytes` are of violations written where they
  /// were found (`BatchOutput.addPlaced`): for tests, which see the same
  /// bytes either way.
  var placed = 0
  /// Whether a syntax error in an element of a streamed array ended its
  /// document in this batch (see `CheckPipeline.streamJSON`).
  var endsDocument = false

  init() {}

  /// One outcome made on the calling thread (a file that cannot be read).
  init(_ o: consuming FilingOutcome) {
    totals.add(o)
    outcomes = [o]
    cuts = [0]
  }

  /// Hands everything over in input order: the counts into `totals`, each
  /// outcome to `emit`, the bytes between them to `write`. The outcomes are
  /// taken out of the array last first, so that none is copied (a copy
  /// retains every text in it); reversed through a buffer, whose `swapAt`
  /// moves elements, where `reverse()` on the array would copy each one.
  mutating func deliver(
    into totals: inout RunSummary, emit: (FilingOutcome) -> Void,
    write: (ArraySlice<UInt8>) -> Void
  ) {
    totals.merge(self.totals)
    outcomes.withUnsafeMutableBufferPointer { $0.reverse() }
    var at = 0
    var k = 0
    while let o = outcomes.popLast() {
      let cut = cuts[k]
      k += 1
      if cut > at {
        write(bytes[at..<cut])
        at = cut
      }
      emit(o)
    }
    if at < bytes.count { write(bytes[at...]) }
  }
}

extension FilingOutcome {
  /// The outcome of a filing that could not be read: `e`, and nothing checked.
  static func failed(_ e: DataError, index: Int) -> FilingOutcome {
    var o = FilingOutcome(
      filing: FilingRef(file: e.file, index: index, line: e.line, column: e.column), valid: false)
    o.errors = [FilingError(e, index: index, filingID: nil)]
    return o
  }
}

/// Where a line (or an element of an array) is in its block, and in its file.
struct LineRef: Sendable {
  let range: Range<Int>
  let lineNumber: Int
  var column = 1
  let index: Int
}

/// Lists at most `limit` errors of one file; the outcomes past it keep their
/// place (and are counted as invalid) but their errors are summed up in one
/// final `limitExceeded` error on the outcome that crosses the limit, so a
/// file of a million broken lines costs a screenful and not a million lines.
public struct ErrorCap {
  let limit: Int
  private var shown = 0
  private var full = false

  public init(limit: Int) { self.limit = max(1, limit) }

  public mutating func apply(_ o: FilingOutcome) -> FilingOutcome {
    guard !o.errors.isEmpty else { return o }
    if full {
      var o = o
      o.errors = []
      return o
    }
    guard shown + o.errors.count > limit else {
      shown += o.errors.count
      return o
    }
    var o = o
    let room = limit - shown
    let first = o.errors[room]
    o.errors = Array(o.errors.prefix(room))
    o.errors.append(
      FilingError(
        code: .limitExceeded,
        message:
          "too many errors in this file: errors after the first \(limit) are counted, not shown",
        file: first.file, line: first.line, column: first.column, index: first.index,
        filingID: first.filingID))
    full = true
    return o
  }
}
