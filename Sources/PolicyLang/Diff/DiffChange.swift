/// One difference the draft makes to one filing: a rule that newly fires, no
/// longer fires or fires with another severity, or a filing that the draft's
/// schema or invariants accept or reject differently.
public struct DiffChange: Sendable {
  public enum Kind: String, Sendable, CaseIterable {
    /// The draft's rule fires; the base's did not.
    case new
    /// The base's rule fired; the draft's does not.
    case resolved
    /// Both fire, the draft's more severely.
    case raised
    /// Both fire, the draft's less severely.
    case lowered
    /// Valid under the base, invalid under the draft.
    case invalid
    /// Invalid under the base, valid under the draft.
    case valid
  }

  public var kind: Kind
  /// The rule, for changes of a rule's outcome.
  public var ruleID: String?
  public var filing: FilingRef
  public var before: Severity?
  public var after: Severity?
  /// The rule's message for this filing (the draft's, or the base's for a
  /// resolved violation), or the first validation error.
  public var message: LocalText?
}

/// Counts of changes, for one rule, region or filing kind.
public struct DiffCounts: Sendable, Equatable {
  public var new = 0
  public var resolved = 0
  public var raised = 0
  public var lowered = 0
  public var invalid = 0
  public var valid = 0
  /// Filings with at least one change.
  public var filings = 0

  public subscript(kind: DiffChange.Kind) -> Int {
    get {
      switch kind {
      case .new: new
      case .resolved: resolved
      case .raised: raised
      case .lowered: lowered
      case .invalid: invalid
      case .valid: valid
      }
    }
    set {
      switch kind {
      case .new: new = newValue
      case .resolved: resolved = newValue
      case .raised: raised = newValue
      case .lowered: lowered = newValue
      case .invalid: invalid = newValue
      case .valid: valid = newValue
      }
    }
  }

  public var total: Int { new + resolved + raised + lowered + invalid + valid }
}

/// A group's counts and the first few changes of each kind, in input order.
public struct DiffGroup: Sendable {
  public var counts = DiffCounts()
  public var examples: [DiffChange.Kind: [DiffChange]] = [:]
}

/// What a diff found, in bounded memory: counters per rule, region and kind,
/// and at most `exampleLimit` filings per rule and kind of change.
public struct DiffSummary: Sendable {
  public var exampleLimit: Int
  /// Filings read (valid under at least one of the two).
  public var filings = 0
  public var unchanged = 0
  /// Filings clean under the base that violate a rule of the draft.
  public var newlyViolating = 0
  /// Filings that violated the base and are clean under the draft.
  public var noLongerViolating = 0
  /// Filings that violate both, differently.
  public var changedViolating = 0
  public var becameInvalid = 0
  public var becameValid = 0
  /// Filings invalid under both.
  public var invalidBoth = 0
  public var violatingBase = 0
  public var violatingDraft = 0
  public var violationsBase = 0
  public var violationsDraft = 0
  /// Lines or files that could not be read, and rules that could not be evaluated.
  public var errors = 0
  public var total = DiffCounts()
  public var byRule: [String: DiffGroup] = [:]
  public var byRegion: [String: DiffCounts] = [:]
  public var byKind: [String: DiffCounts] = [:]

  /// Regions beyond this many are counted together, so hostile data cannot
  /// make the counters grow without bound.
  public static let maxRegions = 10_000
  public static let otherRegion = "…"

  public init(exampleLimit: Int = 10) { self.exampleLimit = exampleLimit }

  mutating func record(_ changes: [DiffChange], filing: FilingRef) {
    guard !changes.isEmpty else { return }
    var region = filing.region ?? ""
    if byRegion[region] == nil, byRegion.count >= DiffSummary.maxRegions {
      region = DiffSummary.otherRegion
    }
    let kind = filing.kind ?? ""
    byRegion[region, default: DiffCounts()].filings += 1
    byKind[kind, default: DiffCounts()].filings += 1
    total.filings += 1
    var rulesSeen: Set<String> = []
    for c in changes {
      total[c.kind] += 1
      byRegion[region, default: DiffCounts()][c.kind] += 1
      byKind[kind, default: DiffCounts()][c.kind] += 1
      let rule = c.ruleID ?? ""
      var g = byRule[rule] ?? DiffGroup()
      g.counts[c.kind] += 1
      if rulesSeen.insert(rule).inserted { g.counts.filings += 1 }
      if g.examples[c.kind, default: []].count < exampleLimit {
        g.examples[c.kind, default: []].append(c)
      }
      byRule[rule] = g
    }
  }
}
