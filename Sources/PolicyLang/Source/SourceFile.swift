/// The text of one policy file, with an index of line starts so that byte
/// offsets can be turned into line and column lazily, only when a message needs them.
public final class SourceFile: Sendable {
  public let path: String
  public let text: String
  /// UTF-8 bytes of `text`; spans are byte offsets into this array.
  public let bytes: [UInt8]
  private let lineStarts: [Int]

  public init(path: String, text: String) {
    self.path = path
    self.text = text
    self.bytes = Array(text.utf8)
    var starts = [0]
    for (i, b) in bytes.enumerated() where b == UInt8(ascii: "\n") {
      starts.append(i + 1)
    }
    self.lineStarts = starts
  }

  public var lineCount: Int { lineStarts.count }

  /// 1-based line and column; the column counts Unicode scalars, so a caret
  /// under Chinese text lines up with what an editor reports.
  public func location(of offset: Int) -> SourceLocation {
    let o = max(0, min(offset, bytes.count))
    var lo = 0
    var hi = lineStarts.count - 1
    while lo < hi {
      let mid = (lo + hi + 1) / 2
      if lineStarts[mid] <= o { lo = mid } else { hi = mid - 1 }
    }
    let start = lineStarts[lo]
    let column = scalarCount(from: start, to: o) + 1
    return SourceLocation(file: path, line: lo + 1, column: column)
  }

  /// The text of a 1-based line without its line end.
  public func line(_ number: Int) -> String {
    guard number >= 1, number <= lineStarts.count else { return "" }
    let start = lineStarts[number - 1]
    var end = number < lineStarts.count ? lineStarts[number] : bytes.count
    while end > start, bytes[end - 1] == UInt8(ascii: "\n") || bytes[end - 1] == UInt8(ascii: "\r")
    {
      end -= 1
    }
    return String(decoding: bytes[start..<end], as: UTF8.self)
  }

  public func slice(_ span: SourceSpan) -> String {
    let s = max(0, min(span.start, bytes.count))
    let e = max(s, min(span.end, bytes.count))
    return String(decoding: bytes[s..<e], as: UTF8.self)
  }

  private func scalarCount(from start: Int, to end: Int) -> Int {
    var n = 0
    var i = start
    while i < end {
      // Continuation bytes (10xxxxxx) do not start a scalar.
      if bytes[i] & 0xC0 != 0x80 { n += 1 }
      i += 1
    }
    return n
  }
}

/// A half-open byte range in one source file.
public struct SourceSpan: Sendable, Hashable {
  public var start: Int
  public var end: Int
  public init(_ start: Int, _ end: Int) {
    self.start = start
    self.end = end
  }
  public func to(_ other: SourceSpan) -> SourceSpan {
    SourceSpan(min(start, other.start), max(end, other.end))
  }
  public static let none = SourceSpan(0, 0)
}

/// A position a person can open in an editor: file, 1-based line and column.
public struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
  public var file: String
  public var line: Int
  public var column: Int
  public init(file: String, line: Int, column: Int) {
    self.file = file
    self.line = line
    self.column = column
  }
  public var description: String { "\(file):\(line):\(column)" }
  public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
    (a.file, a.line, a.column) < (b.file, b.line, b.column)
  }
}
