import Foundation

/// Worker threads (with large stacks, see `LargeStack`) that take jobs in the
/// order they are submitted and give their results back in that order.
///
/// The submitting thread keeps reading input and writing output while the
/// workers check: there is no barrier between groups of jobs, only a bound on
/// the jobs in flight, so memory stays bounded and no worker waits for the
/// writer unless the writer is the slower side.
final class OrderedPool<Job: Sendable, State, Result: Sendable>: @unchecked Sendable {
  // Every field below is read and written with `condition` locked.
  private let condition = NSCondition()
  /// Jobs to do from `head` on; taken ones are cleared at once, so that
  /// nothing they hold outlives them while the queue never runs dry.
  private var jobs: [(Int, Job)?] = []
  private var head = 0
  private var results: [Int: Result] = [:]
  private var submitted = 0
  private var returned = 0
  private var closed = false
  private var running = 0
  private let work: @Sendable (inout State, Job) -> Result
  private let makeState: @Sendable () -> State
  /// The state of the one worker when jobs run on the submitting thread.
  private var inline: State?

  /// Each worker makes its own `State` with `makeState` when it starts and
  /// passes it to `work` for every job it takes.
  init(
    threads: Int, state makeState: @escaping @Sendable () -> State,
    work: @escaping @Sendable (inout State, Job) -> Result
  ) {
    self.work = work
    self.makeState = makeState
    // One worker, asked for on a thread with a large stack already: the jobs
    // run right there as they are submitted (no thread to start per run).
    if threads <= 1 && LargeStack.isCurrent {
      inline = makeState()
      return
    }
    running = max(1, threads)
    for _ in 0..<running {
      let thread = Thread { [self] in self.serve() }
      thread.stackSize = LargeStack.stackSize
      thread.start()
    }
  }

  /// Jobs submitted whose results have not been taken yet.
  var inFlight: Int {
    condition.lock()
    defer { condition.unlock() }
    return submitted - returned
  }

  func submit(_ job: Job) {
    // Taken out, not copied: with `inline` still holding it, the state's
    // arrays (a writer's caches, the reader's shared texts) had two owners,
    // and the first change in each job copied them whole.
    if var state = inline.take() {
      results[submitted] = work(&state, job)
      submitted += 1
      inline = state
      return
    }
    condition.lock()
    jobs.append((submitted, job))
    submitted += 1
    condition.broadcast()
    condition.unlock()
  }

  /// The result of the oldest job not yet taken, waiting for it if need be;
  /// nil when every job's result has been taken.
  func next() -> Result? {
    condition.lock()
    defer { condition.unlock() }
    guard returned < submitted else { return nil }
    while results[returned] == nil { condition.wait() }
    let r = results.removeValue(forKey: returned)
    returned += 1
    return r
  }

  /// Lets the workers finish once the queue is empty, and waits for them.
  func close() {
    condition.lock()
    closed = true
    condition.broadcast()
    while running > 0 { condition.wait() }
    condition.unlock()
  }

  private func serve() {
    var state = makeState()
    condition.lock()
    while true {
      while head == jobs.count && !closed { condition.wait() }
      if head == jobs.count { break }
      guard let (index, job) = jobs[head] else { break }
      jobs[head] = nil
      head += 1
      if head == jobs.count {
        jobs.removeAll(keepingCapacity: true)
        head = 0
      } else if head >= 64 && head * 2 >= jobs.count {
        jobs.removeFirst(head)
        head = 0
      }
      condition.unlock()
      let r = work(&state, job)
      condition.lock()
      results[index] = r
      condition.broadcast()
    }
    running -= 1
    condition.broadcast()
    condition.unlock()
  }
}
