#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// JSON Lines: one filing object per line. Each non-blank line is parsed on
/// its own, so a broken line costs only that filing; line numbers are counted
/// from the start of the file.
public enum JSONLinesReader {
  /// Parses one line (without its line end; a trailing CR or LF is ignored)
  /// whose first byte is on line `lineNumber` of `file`. This is the unit a
  /// streaming reader feeds line by line.
  public static func parseLine(
    _ bytes: UnsafeBufferPointer<UInt8>, lineNumber: Int, file: String,
    limits: LoaderLimits = .init()
  ) -> Result<DataNode, DataError> {
    if bytes.count > limits.maxLineBytes {
      return .failure(lineTooLong(file: file, line: lineNumber, limits: limits))
    }
    guard let base = bytes.baseAddress, !bytes.isEmpty else {
      return .failure(
        DataError(
          .syntaxError, "expected a JSON object, found end of line", file: file, line: lineNumber,
          column: 1))
    }
    var parser = JSONParser(
      base: base, start: 0, end: trimmedEnd(bytes), line: lineNumber, file: file, limits: limits)
    parser.lineMode = true
    do throws(DataError) {
      return .success(try parser.parseLine())
    } catch {
      return .failure(error)
    }
  }

  public static func parseLine(
    _ bytes: ArraySlice<UInt8>, lineNumber: Int, file: String, limits: LoaderLimits = .init()
  ) -> Result<DataNode, DataError> {
    bytes.withUnsafeBufferPointer {
      parseLine($0, lineNumber: lineNumber, file: file, limits: limits)
    }
  }

  /// A line holding only spaces, tabs and carriage returns, which is skipped.
  public static func isBlank(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    for b in bytes where b != 0x20 && b != 0x09 && b != 0x0D && b != 0x0A { return false }
    return true
  }

  /// Reads a whole `.jsonl` file. `index` of a filing counts the non-blank
  /// lines before it, so a broken line still takes its place.
  public static func read(
    _ bytes: UnsafeBufferPointer<UInt8>, file: String, limits: LoaderLimits = .init()
  ) -> FilingFileResult {
    var result = FilingFileResult(file: file, filings: [], errors: [])
    guard let base = bytes.baseAddress, !bytes.isEmpty else { return result }
    var errors = ErrorCollector(limit: limits.maxErrorsPerFile)
    var parser = JSONParser(
      base: base, start: 0, end: 0, line: 1, file: file, limits: limits)
    parser.lineMode = true
    let count = bytes.count
    var start = TextScan.bomLength(bytes)
    var lineNumber = 1
    var index = 0
    while start < count {
      let stop: Int
      if let nl = memchr(base + start, 0x0A, count - start) {
        stop = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(nl))
      } else {
        stop = count
      }
      let line = UnsafeBufferPointer(start: base + start, count: stop - start)
      if !isBlank(line) {
        if line.count > limits.maxLineBytes {
          errors.add(lineTooLong(file: file, line: lineNumber, limits: limits))
        } else {
          parser.reset(base: base, start: start, end: stop, line: lineNumber)
          do throws(DataError) {
            let node = try parser.parseLine()
            result.filings.append(RawFiling(file: file, index: index, node: node))
          } catch {
            errors.add(error)
          }
        }
        index += 1
      }
      start = stop + 1
      lineNumber += 1
    }
    result.errors = errors.errors
    return result
  }

  private static func trimmedEnd(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
    var end = bytes.count
    if end > 0 && bytes[end - 1] == 0x0A { end -= 1 }
    return end
  }

  private static func lineTooLong(file: String, line: Int, limits: LoaderLimits) -> DataError {
    DataError(
      .limitExceeded, "line longer than \(limits.maxLineBytes) bytes", file: file, line: line,
      column: 1)
  }
}
