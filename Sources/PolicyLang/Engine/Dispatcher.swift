/// Groups a run's work into batches for the worker threads and emits their
/// outcomes in input order on the calling thread (see `OrderedPool`).
///
/// With one thread the caller waits for each batch, so the run is serial;
/// with more, it goes on reading input and writing output while up to four
/// batches per worker are queued or running.
///
/// When the run is cancelled, batches not yet started are skipped and
/// nothing after the first of them is emitted, so that what is emitted is
/// always a prefix of the input.
final class Dispatcher {
  typealias Emit = (inout Delivery) -> Void
  /// What a batch delivers; and the records of a `.json` file, made on the
  /// calling thread, to be freed there: freed by another thread than the
  /// one that allocated it, memory is slower to reuse (measured: JSON
  /// arrays read 10% faster; JSON Lines, whose records the workers make,
  /// are better freed there).
  typealias Batch = (Delivery, [CheckPipeline.Work])

  /// What each worker keeps for the whole run: its pipeline, and its
  /// renderer, whose cache of escaped rule texts then lasts past a batch.
  struct Worker {
    var pipeline: CheckPipeline
    var render: ((FilingOutcome, inout [UInt8]) -> Void)?
    /// Writes the violations found in place, likewise kept for the run.
    var lines: JSONLinesWriter?
    /// The texts its reader shares (`SchemaReader`), kept from batch to batch.
    var texts: TextInterner?
    /// Room for a batch's output, from the last one's: grown from empty, a
    /// batch's bytes (a megabyte with evidence) were copied at each doubling.
    var outputHint = 0
  }

  private let pipeline: CheckPipeline
  private let pool: OrderedPool<[CheckPipeline.Work], Worker, Batch?>
  private var pending: [CheckPipeline.Work] = []
  /// How many filings `pending` and `lines` hold.
  private var pendingCount = 0
  /// Lines of the block being read, not yet in `pending`.
  private var lines: [LineRef] = []
  private var linesBlock: Block?
  private var linesFile = ""
  /// Whether `lines` are elements of an array (`Work.elements`).
  private var linesAreElements = false
  private let maxInFlight: Int
  private var stopped = false

  init(_ pipeline: CheckPipeline) {
    self.pipeline = pipeline
    let threads = max(1, pipeline.threads)
    maxInFlight = threads == 1 ? 1 : threads * 4
    // With more than one worker, each checks with its own copy of the
    // program (see `Program.isolatedCopy`).
    let makeState: @Sendable () -> Worker = {
      let p = threads > 1 ? pipeline.isolated() : pipeline
      let lines = p.writesInPlace ? p.lineReport.map { JSONLinesWriter($0) } : nil
      return Worker(pipeline: p, render: p.render.map { $0() }, lines: lines)
    }
    pool = OrderedPool(
      threads: threads, state: makeState,
      work: { worker, items in
        let pipeline = worker.pipeline
        if pipeline.isCancelled { return nil }
        var batch = BatchOutput(render: worker.render)
        if worker.render != nil { batch.delivery.bytes.reserveCapacity(worker.outputHint) }
        batch.lines = worker.lines.take()
        batch.texts = worker.texts.take()
        pipeline.processBatch(items[...], into: &batch)
        batch.flushLines()
        worker.lines = batch.lines.take()
        worker.texts = batch.texts.take()
        // At most 4 MiB: one batch of huge output does not make every later
        // one (up to four per worker in flight) reserve as much.
        let made = batch.delivery.bytes.count
        worker.outputHint = min(made + made / 4, 4 << 20)
        let records: [CheckPipeline.Work]
        if case .record? = items.first { records = items } else { records = [] }
        return (batch.delivery, records)
      })
  }

  deinit { pool.close() }

  func add(_ work: CheckPipeline.Work, _ emit: Emit) {
    closeLines()
    pendingCount += work.count
    pending.append(work)
    if pendingCount >= pipeline.batchSize { submit(emit) }
  }

  /// Adds a line of `block`: lines of one block go to a worker together.
  func addLine(
    _ block: Block, file: String, _ line: LineRef, element: Bool = false, _ emit: Emit
  ) {
    if linesBlock !== block || linesAreElements != element {
      closeLines()
      linesBlock = block
      linesFile = file
      linesAreElements = element
      lines.reserveCapacity(max(0, pipeline.batchSize - pendingCount))
    }
    lines.append(line)
    pendingCount += 1
    if pendingCount >= pipeline.batchSize { submit(emit) }
  }

  private func closeLines() {
    guard let block = linesBlock else { return }
    if !lines.isEmpty {
      pending.append(
        linesAreElements
          ? .elements(block, file: linesFile, lines) : .lines(block, file: linesFile, lines))
    }
    lines = []
    linesBlock = nil
  }

  /// Emits everything submitted so far: before an outcome made outside the
  /// workers (a file that cannot be read) is emitted in its place.
  func drain(_ emit: Emit) {
    submit(emit)
    while emitNext(emit) {}
  }

  private func submit(_ emit: Emit) {
    closeLines()
    guard !pending.isEmpty else { return }
    pool.submit(pending)
    pending = []
    pendingCount = 0
    while pool.inFlight >= maxInFlight { emitNext(emit) }
  }

  /// Emits the oldest batch; false when none is left.
  @discardableResult
  private func emitNext(_ emit: Emit) -> Bool {
    // Bound straight from the returned value: its arrays must be the only
    // references to their storage, or taking the outcomes out of them would
    // copy them all first (see `Delivery.deliver`).
    var delivery: Delivery
    switch pool.next() {
    case nil: return false
    case .some(.some((let d, _))) where !stopped: delivery = d
    default:
      stopped = true
      return true
    }
    emit(&delivery)
    return true
  }
}
