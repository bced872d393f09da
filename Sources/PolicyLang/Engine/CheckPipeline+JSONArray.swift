#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

// A `.json` file holding an array is streamed as a `.jsonl` file is: read a
// chunk at a time, its elements found by `JSONArrayScanner` and handed to
// the workers as ranges of the chunk, each parsed there on its own. Memory
// stays bounded by the chunks in flight, not by the file. What comes out is
// what reading the whole document gives, filing for filing, with one
// difference a stream cannot avoid: at the document's first syntax error,
// the filings before it have been checked and are reported, then the error,
// where the whole document's parse reports the error alone.
extension CheckPipeline {
  /// A `.json` file: streamed when it holds an array, else read whole.
  func streamJSON(_ file: String, _ dispatcher: Dispatcher, _ emit: Dispatcher.Emit) {
    guard let fd = openInput(file, dispatcher, emit) else { return }
    defer { close(fd) }
    let (first, _, failed) = FileChunks.read(fd, after: [], size: chunkSize)
    if failed {
      dispatcher.drain(emit)
      emitError(InputCollector.unreadableError(file, errno: errno), emit)
      return
    }
    guard first.withUnsafeBufferPointer(JSONArrayScanner.startsArray) else {
      // The rest of the file from where the first chunk left off, not read again.
      switch FilingReader.readAll(descriptor: fd, path: file, after: first) {
      case .success(let bytes): readJSON(bytes, file, dispatcher, emit)
      case .failure(let e):
        process(FilingFileResult(file: file, filings: [], errors: [e]), dispatcher, emit)
      }
      return
    }
    // Batches of this file only: an error in one ends the file, and the
    // batches after it are dropped whole.
    dispatcher.drain(emit)
    var ended = false
    func guarded(_ d: inout Delivery) {
      guard !ended else { return }
      emit(&d)
      ended = d.endsDocument
    }
    var index = 0
    let error = FileChunks.scanArray(
      fd, first: first, file: file, limits: limits, chunkSize: chunkSize,
      stop: { isCancelled || ended },
      each: { block, event in
        switch event {
        case .element(let range, let line, let column):
          dispatcher.addLine(
            block, file: file,
            LineRef(range: range, lineNumber: line, column: column, index: index),
            element: true, guarded)
          index += 1
        case .failed(let e):
          dispatcher.add(.failed(e), guarded)
        }
      })
    dispatcher.drain(guarded)
    if error != 0 && !ended { emitError(InputCollector.unreadableError(file, errno: error), emit) }
  }

  /// One element of a streamed array, its bytes `r.range` of `block`: read
  /// by the schema-directed reader, or else parsed on its own, as the whole
  /// document's parse would parse it there, and validated. False when it is
  /// not well-formed JSON, which ends the document.
  func checkElement(
    _ block: UnsafeBufferPointer<UInt8>, _ r: LineRef, file: String,
    _ reader: inout SchemaReader, _ validator: FilingValidator, _ runner: inout RuleRunner,
    into batch: inout BatchOutput
  ) -> Bool {
    let element = UnsafeBufferPointer(rebasing: block[r.range])
    if stage != .parse, schemaDirected,
      let record = reader.readElement(element, line: r.lineNumber, column: r.column),
      validator.invariantErrors(record, file: file).isEmpty
    {
      checkRecord(record, file: file, index: r.index, &runner, into: &batch)
      return true
    }
    switch JSONArrayScanner.filing(
      block, r.range, line: r.lineNumber, column: r.column, index: r.index, file: file,
      limits: limits)
    {
    case .filing(let raw):
      if let o = outcome(raw, validator, &runner) { batch.add(o) }
      return true
    case .notAFiling(let e):
      batch.add(FilingOutcome.failed(e, index: e.line))
      return true
    case .broken(let e):
      batch.add(FilingOutcome.failed(e, index: e.line))
      return false
    }
  }
}
