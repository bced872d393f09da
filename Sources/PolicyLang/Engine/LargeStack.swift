import Dispatch
import Foundation

/// Runs work on threads whose stacks are large enough for the deepest
/// expression the limits allow. A secondary thread's default stack is 8 MiB
/// on Linux but 512 KiB on macOS, and the checker and evaluator recurse once
/// per level of nesting; with their own 64 MiB stacks (address space, touched
/// only as used) the limits in `PolicyLimits` and `LoaderLimits` hold on
/// every platform, for the calling thread and for the workers alike.
public enum LargeStack {
  public static let stackSize = 64 << 20

  /// Whether the current thread already has a large stack (it is one that
  /// `LargeStack` started): then work runs on it directly.
  public static var isCurrent: Bool { Thread.current.stackSize >= stackSize }

  /// Runs `work` on a thread with a large stack (a new one, unless the
  /// current thread is one) and returns its result.
  public static func run<T>(_ work: () -> T) -> T {
    if isCurrent { return work() }
    return withoutActuallyEscaping(work) { work in
      let box = Box(work)
      let done = DispatchSemaphore(value: 0)
      let thread = Thread {
        box.run()
        done.signal()
      }
      thread.stackSize = stackSize
      thread.start()
      done.wait()
      return box.take()
    }
  }

  /// Holds a closure and its result across the thread boundary; the caller
  /// waits for the thread, so the two never touch it at once.
  private final class Box<T>: @unchecked Sendable {
    /// Dropped as soon as it has run: the thread object may outlive the
    /// call, and the closure must not (it is not really escaping).
    var work: (() -> T)?
    var result: T?
    init(_ work: @escaping () -> T) { self.work = work }
    func run() {
      result = work?()
      work = nil
    }
    func take() -> T {
      guard let result else { preconditionFailure("LargeStack: the thread did not run") }
      return result
    }
  }
}
