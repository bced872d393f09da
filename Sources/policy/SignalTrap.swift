import Dispatch
import PolicyLang

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Turns SIGINT and SIGTERM into a cancellation the run checks between units
/// of work, so that it can stop cleanly: remove its temporary output file,
/// say how far it got, and exit with the documented code (130 or 143).
/// The signals are ignored first, so their default action (dying at once,
/// mid-write) never happens; a dispatch source still sees them.
final class SignalTrap {
  let cancellation = Cancellation()
  private var sources: [any DispatchSourceSignal] = []

  init() {
    for sig in [SIGINT, SIGTERM] {
      signal(sig, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
      let cancellation = self.cancellation
      source.setEventHandler { cancellation.cancel(signal: sig) }
      source.resume()
      sources.append(source)
    }
  }

  deinit {
    for s in sources { s.cancel() }
  }

  /// The exit code for an interrupted run: 128 + the signal's number.
  var exitCode: Int32 { cancellation.signal == SIGTERM ? 143 : 130 }
}
