import ArgumentParser

/// The documented exit codes; README and `policy --help` list them.
enum Exit {
  static let clean = ExitCode(0)
  static let violations = ExitCode(1)
  static let policyError = ExitCode(2)
  static let inputError = ExitCode(3)
  /// Interrupted by SIGINT (128 + 2); by SIGTERM it is 143 (128 + 15).
  static let interrupted = ExitCode(130)
  static let terminated = ExitCode(143)
}
