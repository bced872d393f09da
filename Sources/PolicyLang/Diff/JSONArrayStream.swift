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
    case streamed
    /// The file holds no array: read whole, from where the test for one
    /// left off.
    case whole(FilingFileResult)
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
    if failed { return .failed(InputCollector.unreadableError(path, errno: errno)) }
    guard first.withUnsafeBufferPointer(JSONArrayScanner.startsArray) else {
      switch FilingReader.readAll(descriptor: fd, path: path, after: first) {
      case .success(let bytes):
        return .whole(FilingReader.read(bytes: bytes, file: path, format: .json, limits: limits))
      case .failure(let e): return .failed(e)
      }
    }
    var filings = JSONArrayScanner.Filings(file: path, limits: limits)
    let error = FileChunks.scanArray(
      fd, first: first, file: path, limits: limits, chunkSize: JSONLinesStream.chunk,
      stop: { filings.ended },
      each: { block, event in
        block.bytes.withUnsafeBufferPointer { filings.take(event, in: $0) }.map(body)
      })
    guard error == 0 || filings.ended else {
      return .failed(InputCollector.unreadableError(path, errno: error))
    }
    return .streamed
  }
}
