import Dispatch
import Synchronization

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
/// `.jsonl` files are read in chunks and never held whole, so memory stays
/// bounded whatever the corpus size; `.json` and YAML files are read whole
/// (a JSON array or YAML stream is one syntactic unit).
public struct CheckPipeline: Sendable {
  public let program: Program
  public var explain = false
  public var recordPasses = false
  public var limits = LoaderLimits()
  public var budget = Evaluator.defaultBudget
  public var threads = 1
  /// Checked between windows of work and between batches: once set, the run
  /// stops, having emitted every outcome of the windows it finished.
  public var cancellation: Cancellation?
  /// How far each filing goes: `.rules` is a normal check; the earlier stages
  /// exist to measure the floor under it (and for `policy validate`).
  public var stage = Stage.rules

  public enum Stage: Sendable {
    case parse, validate, rules
  }
  /// Filings per unit of parallel work.
  public var batchSize = 1024
  /// Bytes read from a `.jsonl` file at a time.
  public var chunkSize = 4 << 20

  public init(program: Program) { self.program = program }

  /// Checks every input path and returns the totals; `emit` sees every
  /// filing's outcome, in order, on the calling thread.
  @discardableResult
  public func run(paths: [String], emit: (FilingOutcome) -> Void) -> RunTotals {
    var totals = RunTotals()
    let (files, errors) = InputCollector.collect(paths)
    for (i, e) in errors.enumerated() {
      var o = FilingOutcome(
        filing: FilingRef(file: e.file, index: i, line: e.line, column: e.column), valid: false)
      o.errors = [FilingError(e, index: i, filingID: nil)]
      totals.add(o)
      emit(o)
    }
    for file in files {
      if isCancelled { break }
      totals.filesRead += 1
      let collect = { (o: FilingOutcome) in
        totals.add(o)
        emit(o)
      }
      if file != "-", FilingFormat(path: file) == .jsonl {
        streamLines(file, collect)
      } else {
        let result =
          file == "-"
          ? FilingReader.readStandardInput(format: nil, limits: limits)
          : FilingReader.read(path: file, limits: limits)
        process(result, collect)
      }
    }
    return totals
  }

  var isCancelled: Bool { cancellation?.isCancelled ?? false }

  // MARK: - whole files

  func process(_ result: FilingFileResult, _ emit: (FilingOutcome) -> Void) {
    var items: [Work] = result.filings.map { .filing($0) }
    for e in result.errors { items.append(.failed(e)) }
    items.sort { $0.line < $1.line }
    for start in stride(from: 0, to: items.count, by: batchSize * max(1, threads) * 4) {
      if isCancelled { return }
      let window = Array(items[start..<min(items.count, start + batchSize * max(1, threads) * 4)])
      runWindow(window, emit)
    }
  }

  // MARK: - JSON Lines, streamed

  func streamLines(_ file: String, _ emit: (FilingOutcome) -> Void) {
    let fd = open(file, O_RDONLY)
    guard fd >= 0 else {
      emitError(InputCollector.unreadableError(file, errno: errno), emit)
      return
    }
    defer { close(fd) }
    var buffer = [UInt8](repeating: 0, count: chunkSize)
    var pending: [UInt8] = []
    var lineNumber = 1
    var index = 0
    var window: [Work] = []
    let windowSize = batchSize * max(1, threads) * 4
    var first = true
    var skippingLongLine = false
    var sawLongLine = false

    func take(_ line: ArraySlice<UInt8>) {
      defer { lineNumber += 1 }
      var line = line
      if first {
        first = false
        if line.starts(with: [0xEF, 0xBB, 0xBF]) { line = line.dropFirst(3) }
      }
      if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return }
      window.append(.line(Array(line), file: file, lineNumber: lineNumber, index: index))
      index += 1
      if window.count >= windowSize {
        runWindow(window, emit)
        window.removeAll(keepingCapacity: true)
      }
    }

    while !isCancelled {
      let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, chunkSize) }
      if n < 0 {
        if errno == EINTR { continue }
        emitError(InputCollector.unreadableError(file, errno: errno), emit)
        break
      }
      if n == 0 { break }
      var start = 0
      var i = 0
      while i < n {
        if buffer[i] == 0x0A {
          if skippingLongLine {
            skippingLongLine = false
            lineNumber += 1
          } else if pending.isEmpty {
            take(buffer[start..<i])
          } else {
            pending += buffer[start..<i]
            take(pending[...])
            pending.removeAll(keepingCapacity: true)
          }
          start = i + 1
        }
        i += 1
      }
      if !skippingLongLine, start < n { pending += buffer[start..<n] }
      if !skippingLongLine, pending.count > limits.maxLineBytes {
        sawLongLine = true
        // A line longer than the limit is an error for that line alone; its
        // bytes are skipped, not kept.
        window.append(.failed(lineTooLong(file, lineNumber)))
        pending.removeAll()
        skippingLongLine = true
      }
    }
    if isCancelled { return }
    if !pending.isEmpty { take(pending[...]) }
    if !window.isEmpty { runWindow(window, emit) }
    if index == 0 && !sawLongLine {
      emitError(
        DataError(
          .syntaxError, "empty file, expected one JSON object per line", file: file, line: 1,
          column: 1), emit)
    }
  }

  func lineTooLong(_ file: String, _ line: Int) -> DataError {
    DataError(
      .limitExceeded, "line longer than \(limits.maxLineBytes) bytes", file: file, line: line,
      column: 1)
  }

  func emitError(_ e: DataError, _ emit: (FilingOutcome) -> Void) {
    var o = FilingOutcome(
      filing: FilingRef(file: e.file, index: 0, line: e.line, column: e.column), valid: false)
    o.errors = [FilingError(e, index: 0, filingID: nil)]
    emit(o)
  }

  // MARK: - parallel windows

  enum Work: Sendable {
    case filing(RawFiling)
    case line([UInt8], file: String, lineNumber: Int, index: Int)
    case failed(DataError)

    var line: Int {
      switch self {
      case .filing(let r): Int(r.node.line)
      case .line(_, _, let n, _): n
      case .failed(let e): e.line
      }
    }
  }

  /// Processes a window of work items, in parallel batches when threads > 1,
  /// and emits the outcomes in the window's order. Batches run on threads
  /// with large stacks (`LargeStack`), as deep as the limits let rules nest.
  /// When the run is cancelled, batches not yet started are skipped and the
  /// outcomes are emitted up to the first of them, so that what is emitted is
  /// always a prefix of the input.
  func runWindow(_ window: [Work], _ emit: (FilingOutcome) -> Void) {
    let batches = stride(from: 0, to: window.count, by: batchSize).map {
      $0..<min(window.count, $0 + batchSize)
    }
    let results = ResultSlots(count: batches.count)
    let pipeline = self
    LargeStack.concurrentPerform(
      iterations: batches.count, threads: max(1, threads)
    ) { b in
      if pipeline.isCancelled { return }
      results.set(b, pipeline.processBatch(window[batches[b]]))
    }
    for b in 0..<batches.count {
      guard let outcomes = results.get(b) else { return }
      for o in outcomes { emit(o) }
    }
  }

  func outcome(_ raw: RawFiling, _ validator: FilingValidator, _ runner: inout RuleRunner)
    -> FilingOutcome
  {
    switch stage {
    case .rules:
      return CheckRun.outcome(raw, validator, &runner)
    case .parse:
      return FilingOutcome(
        filing: FilingRef(
          file: raw.file, index: raw.index, line: Int(raw.node.line), column: Int(raw.node.column)),
        valid: true)
    case .validate:
      var o = CheckRun.outcome(raw, validator, &runner, evaluate: false)
      o.violations = []
      return o
    }
  }

  func processBatch(_ items: ArraySlice<Work>) -> [FilingOutcome] {
    var validator = FilingValidator(program: program)
    validator.maxErrors = limits.maxErrorsPerFile
    var runner = RuleRunner(
      program: program, explain: explain, recordPasses: recordPasses, budget: budget)
    runner.maxTextBytes = limits.maxStringBytes
    var out: [FilingOutcome] = []
    out.reserveCapacity(items.count)
    for item in items {
      switch item {
      case .filing(let raw):
        out.append(outcome(raw, validator, &runner))
      case .line(let bytes, let file, let lineNumber, let index):
        switch JSONLinesReader.parseLine(
          bytes[...], lineNumber: lineNumber, file: file, limits: limits)
        {
        case .success(let node):
          out.append(outcome(RawFiling(file: file, index: index, node: node), validator, &runner))
        case .failure(let e):
          var o = FilingOutcome(
            filing: FilingRef(file: e.file, index: index, line: e.line, column: e.column),
            valid: false)
          o.errors = [FilingError(e, index: index, filingID: nil)]
          out.append(o)
        }
      case .failed(let e):
        var o = FilingOutcome(
          filing: FilingRef(file: e.file, index: e.line, line: e.line, column: e.column),
          valid: false)
        o.errors = [FilingError(e, index: e.line, filingID: nil)]
        out.append(o)
      }
    }
    return out
  }
}

/// One slot per batch, each written once by the worker that ran it and read
/// after every worker has finished.
final class ResultSlots: Sendable {
  private let slots: Mutex<[[FilingOutcome]?]>

  init(count: Int) { slots = Mutex(Array(repeating: nil, count: count)) }

  func set(_ i: Int, _ v: [FilingOutcome]) {
    slots.withLock { $0[i] = v }
  }

  /// The batch's outcomes, or nil when it was skipped (the run was cancelled).
  func get(_ i: Int) -> [FilingOutcome]? {
    slots.withLock { $0[i] }
  }
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
