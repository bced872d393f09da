import Foundation
import Yams

/// YAML filings through Yams (libyaml). Every document of the stream counts:
/// a mapping is one filing, a sequence holds one filing per element.
///
/// Scalars keep their text unless written plainly (unquoted) as one of
/// `null` `Null` `NULL` `~` or nothing (null), `true` `True` `TRUE` `false`
/// `False` `FALSE` (boolean) or a number in JSON number grammar (number).
/// Everything else is text: `yes`, `1_000`, `0x1F`, `.inf` and dates such as
/// `2023-05-01` included, and any quoted or block scalar.
enum YAMLReader {
  static func read(
    _ buffer: UnsafeBufferPointer<UInt8>, file: String, limits: LoaderLimits
  ) -> FilingFileResult {
    func fail(_ error: DataError) -> FilingFileResult {
      FilingFileResult(file: file, filings: [], errors: [error])
    }
    let bom = TextScan.bomLength(buffer)
    let body = UnsafeBufferPointer(rebasing: buffer[bom...])
    if let problem = TextScan.firstEncodingProblem(body) {
      let at = TextScan.location(of: problem.offset, in: body)
      return fail(
        DataError(.badEncoding, problem.message, file: file, line: at.line, column: at.column))
    }
    if let risk = YAMLPrescan.aliasedKeyRisk(body) {
      let at = TextScan.location(of: risk, in: body)
      return fail(
        DataError(
          .limitExceeded,
          "aliases and non-text mapping keys in one file are not supported, "
            + "as expanding them could take unbounded time",
          file: file, line: at.line, column: at.column))
    }
    let text = String(decoding: body, as: UTF8.self)
    // Yams composes recursively, as deep as libyaml lets a document nest
    // (about a thousand levels), which overflows the 512 KiB stacks of
    // secondary threads on macOS; compose on a thread with room to spare.
    return onLargeStack { compose(text, file: file, limits: limits) }
  }

  private static func compose(_ text: String, file: String, limits: LoaderLimits)
    -> FilingFileResult
  {
    var result = FilingFileResult(file: file, filings: [], errors: [])
    func fail(_ error: DataError) -> FilingFileResult {
      result.filings = []
      result.errors = [error]
      return result
    }
    var converter = YAMLConverter(file: file, limits: limits)
    var errors = ErrorCollector(limit: limits.maxErrorsPerFile)
    var index = 0
    var documents = 0
    do {
      let parser = try Yams.Parser(
        yaml: text, resolver: .basic, constructor: .default, encoding: .utf8)
      while let root = try parser.nextRoot() {
        if case .scalar(let s) = root, s.style == .plain, s.string.isEmpty, s.tag.rawValue.isEmpty {
          continue  // an empty document, such as after a final `---`
        }
        documents += 1
        switch root {
        case .mapping:
          converter.addFiling(root, index: index, into: &result.filings, errors: &errors)
          index += 1
        case .sequence(let items):
          if let error = converter.countDepth(root, depth: 1) { return fail(error) }
          for item in items {
            if case .mapping = item {
              converter.addFiling(
                item, index: index, depth: 1, into: &result.filings, errors: &errors)
            } else {
              errors.add(converter.notAMapping(item, what: "filing"))
            }
            index += 1
          }
        default:
          errors.add(converter.notAMapping(root, what: "YAML document", alternative: " or a list"))
        }
        if let fatal = converter.fatal { return fail(fatal) }
      }
    } catch let error as YamlError {
      return fail(convert(error, file: file, text: text, limits: limits))
    } catch {
      return fail(DataError(.syntaxError, "invalid YAML", file: file, line: 1, column: 1))
    }
    if documents == 0 {
      return fail(
        DataError(
          .syntaxError, "empty file, expected a YAML mapping or sequence", file: file, line: 1,
          column: 1))
    }
    result.errors = errors.errors
    return result
  }

  /// One located error for a Yams (libyaml) failure.
  private static func convert(
    _ error: YamlError, file: String, text: String, limits: LoaderLimits
  ) -> DataError {
    func located(_ code: DiagnosticCode, _ message: String, _ mark: Mark?) -> DataError {
      DataError(
        code, message, file: file, line: max(1, mark?.line ?? 1), column: max(1, mark?.column ?? 1))
    }
    func syntax(_ context: YamlError.Context?, _ problem: String, _ mark: Mark) -> DataError {
      if problem.contains("Maximum nesting level") {
        return located(.limitExceeded, "nesting deeper than \(limits.maxDepth) levels", mark)
      }
      var message = "invalid YAML: \(lowercasedFirst(problem))"
      if let context {
        message +=
          " (\(context.text) at line \(context.mark.line), column \(context.mark.column))"
      }
      return located(.syntaxError, message, mark)
    }
    switch error {
    case .scanner(let context, let problem, let mark, _),
      .parser(let context, let problem, let mark, _),
      .composer(let context, let problem, let mark, _):
      return syntax(context, problem, mark)
    case .duplicatedKeysInMapping(let duplicates, let context):
      let keys = duplicates.map { "`\($0)`" }.joined(separator: ", ")
      return located(.syntaxError, "duplicate key \(keys) in mapping", context.mark)
    case .reader(let problem, let offset, let value, _):
      var at: (line: Int, column: Int) = (1, 1)
      if let offset,
        let index = text.index(text.startIndex, offsetBy: offset, limitedBy: text.endIndex)
      {
        let utf8 = Array(text.utf8)
        at = utf8.withUnsafeBufferPointer {
          TextScan.location(of: text.utf8.distance(from: text.startIndex, to: index), in: $0)
        }
      }
      let message =
        value >= 0 && value < 0x11_0000
        ? "character U+\(hex4(value)) is not allowed in YAML"
        : lowercasedFirst(problem)
      return DataError(.badEncoding, message, file: file, line: at.line, column: at.column)
    default:
      return located(.syntaxError, "invalid YAML: \(lowercasedFirst("\(error)"))", nil)
    }
  }

  /// Runs `work` on a new thread with a 64 MiB stack and waits for it.
  private static func onLargeStack(
    _ work: @escaping @Sendable () -> FilingFileResult
  ) -> FilingFileResult {
    final class Outcome: @unchecked Sendable {
      // Written by the thread before `done` is signalled, read after.
      var value: FilingFileResult?
    }
    let outcome = Outcome()
    let done = DispatchSemaphore(value: 0)
    let thread = Thread {
      outcome.value = work()
      done.signal()
    }
    thread.stackSize = 64 << 20
    thread.start()
    done.wait()
    return outcome.value!
  }

  private static func hex4(_ value: Int32) -> String {
    let digits = String(value, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
  }

  private static func lowercasedFirst(_ s: String) -> String {
    guard let first = s.first else { return s }
    var text = first.lowercased() + s.dropFirst()
    while text.hasSuffix(".") || text.hasSuffix("\n") { text.removeLast() }
    return text
  }
}

/// Turns composed Yams nodes into `DataNode`s, counting every value produced
/// (aliases are expanded, so a small file can describe a huge tree).
private struct YAMLConverter {
  let file: String
  let limits: LoaderLimits
  private var produced = 0
  /// Depth of the filing being converted, and the position blamed when
  /// alias expansion runs over: the key of the filing member being converted
  /// (aliased nodes only carry the position of their anchor).
  private var filingDepth = 0
  private var blame: Mark?
  /// Set when the whole file must be rejected.
  private(set) var fatal: DataError?

  init(file: String, limits: LoaderLimits) {
    self.file = file
    self.limits = limits
  }

  mutating func addFiling(
    _ node: Yams.Node, index: Int, depth: Int = 0, into filings: inout [RawFiling],
    errors: inout ErrorCollector
  ) {
    filingDepth = depth
    blame = node.mark
    do throws(DataError) {
      let value = try convert(node, depth: depth)
      filings.append(RawFiling(file: file, index: index, node: value))
    } catch {
      if fatal == nil { errors.add(error) }
    }
  }

  /// Counts the top-level sequence itself as a value and a nesting level.
  mutating func countDepth(_ node: Yams.Node, depth: Int) -> DataError? {
    produced += 1
    if depth > limits.maxDepth { return error(.limitExceeded, tooDeep, node) }
    return nil
  }

  func notAMapping(_ node: Yams.Node, what: String, alternative: String = "") -> DataError {
    error(.syntaxError, "\(what) must be an object\(alternative), found \(kindName(node))", node)
  }

  private var tooDeep: String { "nesting deeper than \(limits.maxDepth) levels" }

  private mutating func convert(_ node: Yams.Node, depth: Int) throws(DataError) -> DataNode {
    produced += 1
    if produced > limits.maxYAMLNodes {
      let e = DataError(
        .limitExceeded, "more than \(limits.maxYAMLNodes) values once aliases are expanded",
        file: file, line: max(1, blame?.line ?? 1), column: max(1, blame?.column ?? 1))
      if fatal == nil { fatal = e }
      throw e
    }
    let line = Int32(clamping: node.mark?.line ?? 1)
    let column = Int32(clamping: node.mark?.column ?? 1)
    switch node {
    case .scalar(let scalar):
      return DataNode(try value(of: scalar, node), line: line, column: column)
    case .sequence(let sequence):
      if depth + 1 > limits.maxDepth { throw error(.limitExceeded, tooDeep, node) }
      var elements: [DataNode] = []
      elements.reserveCapacity(sequence.count)
      for element in sequence { elements.append(try convert(element, depth: depth + 1)) }
      return DataNode(.array(elements), line: line, column: column)
    case .mapping(let mapping):
      if depth + 1 > limits.maxDepth { throw error(.limitExceeded, tooDeep, node) }
      var entries: [DataEntry] = []
      entries.reserveCapacity(mapping.count)
      for (keyNode, valueNode) in mapping {
        guard case .scalar(let keyScalar) = keyNode else {
          throw error(.syntaxError, "mapping key must be text, found \(kindName(keyNode))", keyNode)
        }
        let key = keyScalar.string
        if let first = entries.first(where: { sameKey($0.key, key) }) {
          throw error(
            .syntaxError,
            "duplicate key `\(key)` in mapping (first at line \(first.keyLine), "
              + "column \(first.keyColumn))", keyNode)
        }
        produced += 1
        if depth == filingDepth { blame = keyNode.mark }
        let entry = DataEntry(
          key: key, keyLine: Int32(clamping: keyNode.mark?.line ?? 1),
          keyColumn: Int32(clamping: keyNode.mark?.column ?? 1),
          node: try convert(valueNode, depth: depth + 1))
        entries.append(entry)
      }
      return DataNode(.object(entries), line: line, column: column)
    case .alias:
      throw error(.syntaxError, "unresolved alias", node)
    }
  }

  private func value(of scalar: Yams.Node.Scalar, _ node: Yams.Node) throws(DataError) -> DataValue
  {
    let text = scalar.string
    if text.utf8.count > limits.maxStringBytes {
      throw error(.limitExceeded, "string longer than \(limits.maxStringBytes) bytes", node)
    }
    guard scalar.style == .plain, Self.resolvedTags.contains(scalar.tag.rawValue) else {
      return .string(text)
    }
    switch text {
    case "", "~", "null", "Null", "NULL": return .null
    case "true", "True", "TRUE": return .bool(true)
    case "false", "False", "FALSE": return .bool(false)
    default: return isJSONNumber(text) ? .number(text) : .string(text)
    }
  }

  /// Tags under which a plain scalar is read by its text: none, or a core
  /// schema type other than `!!str`.
  private static let resolvedTags: Set<String> = [
    Tag.Name.implicit.rawValue, Tag.Name.null.rawValue, Tag.Name.bool.rawValue,
    Tag.Name.int.rawValue, Tag.Name.float.rawValue,
  ]

  private func kindName(_ node: Yams.Node) -> String {
    switch node {
    case .scalar(let s):
      guard let v = try? value(of: s, node) else { return "text" }
      return v.kindName
    case .sequence: return "list"
    case .mapping: return "object"
    case .alias: return "alias"
    }
  }

  private func error(_ code: DiagnosticCode, _ message: String, _ node: Yams.Node) -> DataError {
    DataError(
      code, message, file: file, line: max(1, node.mark?.line ?? 1),
      column: max(1, node.mark?.column ?? 1))
  }
}

/// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`
func isJSONNumber(_ text: String) -> Bool {
  var it = text.utf8.makeIterator()
  var b = it.next()
  func digit(_ b: UInt8?) -> Bool { b.map { $0 &- 0x30 < 10 } ?? false }
  if b == 0x2D { b = it.next() }
  guard digit(b) else { return false }
  if b == 0x30 {
    b = it.next()
  } else {
    repeat { b = it.next() } while digit(b)
  }
  if b == 0x2E {
    b = it.next()
    guard digit(b) else { return false }
    repeat { b = it.next() } while digit(b)
  }
  if b == 0x65 || b == 0x45 {
    b = it.next()
    if b == 0x2B || b == 0x2D { b = it.next() }
    guard digit(b) else { return false }
    repeat { b = it.next() } while digit(b)
  }
  return b == nil
}

/// A cheap look at the raw text before Yams sees it.
enum YAMLPrescan {
  /// Yams checks every mapping for duplicate keys by hashing the key nodes;
  /// a key that is an alias (or a collection holding aliases) of a nested
  /// alias tree is hashed at its full expanded size, which can take longer
  /// than the age of the universe. This returns the offset of the first
  /// token that could form such a key (`? `, `*alias :`, `]:` or `}:`) when
  /// the file also defines an anchor and uses an alias, and nil otherwise.
  /// The check may refuse a harmless file (the tokens could sit in quoted
  /// text), never a file without both anchors and aliases.
  static func aliasedKeyRisk(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
    var hasAnchor = false
    var hasAlias = false
    var firstKeyToken: Int?
    let n = bytes.count
    var i = 0
    while i < n {
      let b = bytes[i]
      let prev: UInt8 = i > 0 ? bytes[i - 1] : 0x0A
      let startsToken = isBreakOrSpace(prev) || prev == 0x5B || prev == 0x7B || prev == 0x2C
      switch b {
      case 0x26 where startsToken && i + 1 < n && isAnchorChar(bytes[i + 1]):  // &name
        hasAnchor = true
      case 0x2A where startsToken && i + 1 < n && isAnchorChar(bytes[i + 1]):  // *name
        hasAlias = true
        var j = i + 1
        while j < n && isAnchorChar(bytes[j]) { j += 1 }
        while j < n && (bytes[j] == 0x20 || bytes[j] == 0x09) { j += 1 }
        if j < n && bytes[j] == 0x3A && firstKeyToken == nil { firstKeyToken = i }
      case 0x3F where startsToken && (i + 1 == n || isBreakOrSpace(bytes[i + 1])):  // ? key
        if firstKeyToken == nil { firstKeyToken = i }
      case 0x5D, 0x7D:  // ]: or }:
        var j = i + 1
        while j < n && (bytes[j] == 0x20 || bytes[j] == 0x09) { j += 1 }
        if j < n && bytes[j] == 0x3A && firstKeyToken == nil { firstKeyToken = i }
      default:
        break
      }
      i += 1
    }
    return hasAnchor && hasAlias ? firstKeyToken : nil
  }

  private static func isBreakOrSpace(_ b: UInt8) -> Bool {
    b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D
  }

  /// libyaml anchor names: ASCII letters, digits, `_` and `-`.
  private static func isAnchorChar(_ b: UInt8) -> Bool {
    (b | 0x20) &- 0x61 < 26 || b &- 0x30 < 10 || b == 0x5F || b == 0x2D
  }
}
