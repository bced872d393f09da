/// Parts held in one immutable, shared object, for values copied from
/// thread to thread far more often than they change (a violation's rule, a
/// filing's reference): a copy retains one object instead of each of the
/// parts' texts, every retain an atomic update. A change makes a new
/// object; whoever holds the old one keeps it.
public final class Frozen<Parts: Sendable>: Sendable {
  public let parts: Parts

  public init(_ parts: Parts) { self.parts = parts }

  /// A copy with some parts changed.
  public func with(_ change: (inout Parts) -> Void) -> Frozen<Parts> {
    var p = parts
    change(&p)
    return Frozen(p)
  }
}
