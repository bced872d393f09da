import CEditLine
import Synchronization

/// Ctrl-C. The SIGINT handler only sets a flag; the line reader and long
/// runs (`:check`, queries) look at it and stop what they are doing.
enum Interrupt {
  static let flag = Atomic<Bool>(false)

  static func install() {
    // Touch the flag first: it must not be initialised inside the handler.
    flag.store(false, ordering: .relaxed)
    _ = pl_install_sigint(handleInterrupt)
  }

  static var isSet: Bool { flag.load(ordering: .relaxed) }

  /// Whether Ctrl-C was pressed since the last call.
  static func take() -> Bool { flag.exchange(false, ordering: .relaxed) }
}

private func handleInterrupt(_: Int32) {
  Interrupt.flag.store(true, ordering: .relaxed)
}
