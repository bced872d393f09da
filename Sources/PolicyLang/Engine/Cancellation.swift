import Synchronization

/// A flag a run checks between units of work, so that an interrupted run
/// (SIGINT, SIGTERM) stops cleanly with what it has checked so far instead of
/// dying mid-write. Setting it is safe from any thread.
public final class Cancellation: Sendable {
  private let flag = Atomic<Bool>(false)
  private let reason = Atomic<Int32>(0)

  public init() {}

  public var isCancelled: Bool { flag.load(ordering: .acquiring) }

  /// The signal that cancelled the run, or 0.
  public var signal: Int32 { reason.load(ordering: .acquiring) }

  public func cancel(signal: Int32 = 0) {
    _ = reason.compareExchange(expected: 0, desired: signal, ordering: .acquiringAndReleasing)
    flag.store(true, ordering: .releasing)
  }
}
