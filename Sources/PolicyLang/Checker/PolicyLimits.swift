/// Bounds that keep a hostile or broken policy file from exhausting the
/// stack, memory or time of the checker. Each is reported as a located
/// diagnostic; docs/limits.md lists them with their flags.
public struct PolicyLimits: Sendable, Equatable {
  /// Deepest syntactic nesting of an expression or type: parentheses,
  /// operators, `not`, unary `-`, lists, records, calls, interpolations,
  /// `list of`. Beyond it: P004. Default 128.
  public var maxDepth: Int
  /// Checked nodes one rule (or invariant, or param) may expand to once
  /// definitions are inlined at each use. Beyond it: T014. Default 100,000.
  public var maxExpandedNodes: Int
  /// Diagnostics kept per policy file; the rest are counted in one final
  /// D010 message. Default 100.
  public var maxErrorsPerFile: Int

  public init(maxDepth: Int = 128, maxExpandedNodes: Int = 100_000, maxErrorsPerFile: Int = 100) {
    self.maxDepth = maxDepth
    self.maxExpandedNodes = maxExpandedNodes
    self.maxErrorsPerFile = maxErrorsPerFile
  }

  /// Deepest nesting once definitions and `let`s are expanded: four times
  /// `maxDepth`, so that a definition may use others, but not without end.
  /// Beyond it: T014.
  public var maxExpandedDepth: Int { Swift.min(maxDepth, Int.max / 4) * 4 }
}

extension Array where Element == Diagnostic {
  /// At most `limit` diagnostics (of any severity) for each file, in the order found; the rest
  /// of each file's are summed up in one final message, so that a file of
  /// garbage costs a screenful and not a million lines (nor the time to sort
  /// them).
  public func capped(perFile limit: Int) -> [Diagnostic] {
    let limit = Swift.max(1, limit)
    var kept: [Diagnostic] = []
    var counts: [String: Int] = [:]
    var dropped: [String: Int] = [:]
    var order: [String] = []
    for d in self {
      let file = d.source?.path ?? d.explicitLocation?.file ?? ""
      let n = counts[file, default: 0]
      if n < limit {
        kept.append(d)
        counts[file] = n + 1
      } else {
        if dropped[file] == nil { order.append(file) }
        dropped[file, default: 0] += 1
      }
    }
    for file in order {
      let n = dropped[file] ?? 0
      kept.append(
        Diagnostic(
          .limitExceeded,
          "too many errors in `\(file)`: \(n) more error\(n == 1 ? "" : "s") not shown",
          hint: "fix these first, or raise the limit with `--max-errors`"))
    }
    return kept
  }
}
