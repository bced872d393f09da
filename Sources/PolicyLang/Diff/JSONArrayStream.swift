#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// A `.json` file holding an array, read a chunk at a time and handed over
/// one element at a time (`JSONArrayScanner`), so that a corpus of any size
/// is compared in bounded memory: the filings, errors and order that
/// `FilingReader.read` gives for the whole file.
enum JSONArrayStream {
  enum Outcome {
    /// The file holds no array: read it whole.
    case notAnArray
    case done
    /// The file could not be opened or read (elements already handed over
    /// stay handed over).
    case failed(DataError)
  }

  static func forEach(
    path: String, limits: LoaderLimits, _ body: (Result<RawFiling, DataError>) -> Void
  ) -> Outcome {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { return .failed(InputCollector.unreadableError(path, errno: errno)) }
    defer { close(fd) }
    let (first, _, failed) = FileChunks.read(fd, after: [], size: JSONLinesStream.chunk)
    guard !failed, first.withUnsafeBufferPointer(JSONArrayScanner.startsArray) else {
      return .notAnArray
    }
    var index = 0
    var ended = false
    let error = FileChunks.scanArray(
      fd, first: first, file: path, limits: limits, chunkSize: JSONLinesStream.chunk,
      stop: { ended },
      each: { block, event in
        // The rest of the chunk after the error that ends the document.
        guard !ended else { return }
        switch event {
        case .element(let range, let line, let column):
          defer { index += 1 }
          let parsed = block.bytes.withUnsafeBufferPointer {
            JSONArrayScanner.parseElement(
              $0, range, line: line, column: column, file: path, limits: limits)
          }
          switch parsed {
          case .success(let node):
            guard case .object = node.value else {
              body(.failure(FilingReader.notAnObject(node, file: path, what: "filing")))
              return
            }
            body(.success(RawFiling(file: path, index: index, node: node)))
          case .failure(let e):
            body(.failure(e))
            ended = true
          }
        case .failed(let e):
          body(.failure(e))
        }
      })
    return error == 0 || ended ? .done : .failed(InputCollector.unreadableError(path, errno: error))
  }
}
