#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// How a filing file is written.
public enum FilingFormat: String, Sendable, CaseIterable {
  /// One object or an array of objects.
  case json
  /// JSON Lines: one object per line.
  case jsonl
  /// One or more YAML documents, each a mapping or a sequence of mappings.
  case yaml

  /// The format named by the extension of `path`: `.json`, `.jsonl`, `.yaml`
  /// or `.yml`, in any case.
  public init?(path: String) {
    let name = path.split(separator: "/", omittingEmptySubsequences: false).last ?? ""
    guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return nil }
    switch name[name.index(after: dot)...].lowercased() {
    case "json": self = .json
    case "jsonl": self = .jsonl
    case "yaml", "yml": self = .yaml
    default: return nil
    }
  }

  /// Guesses the format of unnamed input (standard input): when the first
  /// byte that is not whitespace is `{` and more than one line starts with `{`,
  /// JSON Lines; when it is `{` or `[`, JSON; otherwise YAML.
  public static func sniff(_ bytes: [UInt8]) -> FilingFormat {
    let i = bytes.withUnsafeBufferPointer(TextScan.valueStart)
    guard i < bytes.count else { return .yaml }
    if bytes[i] == 0x5B { return .json }
    guard bytes[i] == 0x7B else { return .yaml }
    var objectLines = 0
    var atLineStart = true
    for b in bytes[i...] {
      if atLineStart && b == 0x7B {
        objectLines += 1
        if objectLines > 1 { return .jsonl }
      }
      atLineStart = b == 0x0A
    }
    return .json
  }
}

/// One filing as read, before any schema is applied.
public struct RawFiling: Sendable {
  public var file: String
  /// Position in the file, 0-based: the array element, the non-blank line
  /// or the YAML item. Filings that failed to read keep their positions, so
  /// the numbers of the others do not shift.
  public var index: Int
  public var node: DataNode

  public init(file: String, index: Int, node: DataNode) {
    self.file = file
    self.index = index
    self.node = node
  }
}

/// What one file yielded: the filings that could be read and the errors for
/// the rest (or for the whole file).
public struct FilingFileResult: Sendable {
  public var file: String
  public var filings: [RawFiling]
  public var errors: [DataError]

  public init(file: String, filings: [RawFiling], errors: [DataError]) {
    self.file = file
    self.filings = filings
    self.errors = errors
  }
}

/// Turns the bytes of a filing file into filings.
public enum FilingReader {
  /// The file name used in messages about standard input.
  public static let standardInputName = "<stdin>"

  public static func read(
    bytes: [UInt8], file: String, format: FilingFormat, limits: LoaderLimits = .init()
  ) -> FilingFileResult {
    bytes.withUnsafeBufferPointer { buffer in
      switch format {
      case .json: readJSON(buffer, file: file, limits: limits)
      case .jsonl: JSONLinesReader.read(buffer, file: file, limits: limits)
      case .yaml: YAMLReader.read(buffer, file: file, limits: limits)
      }
    }
  }

  /// Reads the file at `path`; the format comes from its extension unless given.
  public static func read(
    path: String, format: FilingFormat? = nil, limits: LoaderLimits = .init()
  ) -> FilingFileResult {
    guard let format = format ?? FilingFormat(path: path) else {
      return FilingFileResult(
        file: path, filings: [], errors: [InputCollector.unknownTypeError(path)])
    }
    switch readFile(path) {
    case .success(let bytes):
      return read(bytes: bytes, file: path, format: format, limits: limits)
    case .failure(let error):
      return FilingFileResult(file: path, filings: [], errors: [error])
    }
  }

  /// Reads all of standard input; without a format, guesses it with
  /// `FilingFormat.sniff`. Messages name the file `<stdin>`.
  public static func readStandardInput(
    format: FilingFormat? = nil, limits: LoaderLimits = .init()
  ) -> FilingFileResult {
    let file = standardInputName
    switch readAll(descriptor: 0, path: file) {
    case .success(let bytes):
      return read(
        bytes: bytes, file: file, format: format ?? FilingFormat.sniff(bytes), limits: limits)
    case .failure(let error):
      return FilingFileResult(file: file, filings: [], errors: [error])
    }
  }

  /// All bytes of the file at `path`, or an `unreadable` error naming it.
  public static func readFile(_ path: String) -> Result<[UInt8], DataError> {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { return .failure(InputCollector.unreadableError(path, errno: errno)) }
    defer { close(fd) }
    return readAll(descriptor: fd, path: path)
  }

  /// The rest of `fd`, after `prefix` (bytes already read from it).
  static func readAll(descriptor fd: Int32, path: String, after prefix: [UInt8] = [])
    -> Result<[UInt8], DataError>
  {
    var bytes = prefix
    var size = stat()
    if fstat(fd, &size) == 0 && size.st_mode & S_IFMT == S_IFREG && size.st_size > 0 {
      // A regular file is read whole into storage of its size: growing the
      // array by a chunk after the last byte would copy all of it once more.
      bytes.reserveCapacity(max(Int(size.st_size), prefix.count))
    }
    while true {
      let old = bytes.count
      // What is left of the storage, else 64 KiB more (a pipe, or a file
      // that grew since `fstat`).
      let chunk = bytes.capacity > old ? bytes.capacity - old : 1 << 16
      var readCount = 0
      var failure: Int32 = 0
      bytes.append(contentsOf: repeatElement(0, count: chunk))
      bytes.withUnsafeMutableBufferPointer { buffer in
        while true {
          let n = systemRead(fd, buffer.baseAddress! + old, chunk)
          if n < 0 && errno == EINTR { continue }
          if n < 0 { failure = errno } else { readCount = n }
          break
        }
      }
      bytes.removeLast(chunk - readCount)
      if failure != 0 { return .failure(InputCollector.unreadableError(path, errno: failure)) }
      if readCount == 0 { return .success(bytes) }
      // Storage full: one byte more tells a file read whole from one that
      // grew (or a pipe), without growing the array to see the end.
      if bytes.count == bytes.capacity {
        var probe: UInt8 = 0
        var n = 0
        repeat { n = systemRead(fd, &probe, 1) } while n < 0 && errno == EINTR
        if n == 0 { return .success(bytes) }
        if n < 0 { return .failure(InputCollector.unreadableError(path, errno: errno)) }
        bytes.append(probe)
      }
    }
  }

  private static func readJSON(
    _ buffer: UnsafeBufferPointer<UInt8>, file: String, limits: LoaderLimits
  ) -> FilingFileResult {
    // An array element by element, as `CheckPipeline` streams one.
    if JSONArrayScanner.startsArray(buffer) {
      return JSONArrayScanner.readArray(buffer, file: file, limits: limits)
    }
    var result = FilingFileResult(file: file, filings: [], errors: [])
    switch JSONReader.parse(buffer, file: file, limits: limits) {
    case .failure(let error):
      result.errors = [error]
    case .success(let node):
      switch node.value {
      case .object:
        result.filings = [RawFiling(file: file, index: 0, node: node)]
      case .array(let elements):
        var errors = ErrorCollector(limit: limits.maxErrorsPerFile)
        for (index, element) in elements.enumerated() {
          if case .object = element.value {
            result.filings.append(RawFiling(file: file, index: index, node: element))
          } else {
            errors.add(notAnObject(element, file: file, what: "filing"))
          }
        }
        result.errors = errors.errors
      default:
        result.errors = [
          notAnObject(node, file: file, what: "top-level value", alternative: " or an array")
        ]
      }
    }
    return result
  }

  static func notAnObject(
    _ node: DataNode, file: String, what: String, alternative: String = ""
  ) -> DataError {
    DataError(
      .syntaxError, "\(what) must be an object\(alternative), found \(node.kindName)", file: file,
      line: Int(node.line), column: Int(node.column))
  }
}

/// `read(2)`, named apart from `FilingReader.read`.
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutablePointer<UInt8>, _ count: Int) -> Int {
  read(fd, buffer, count)
}
