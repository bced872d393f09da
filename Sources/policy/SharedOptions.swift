import ArgumentParser
import Foundation
import PolicyLang

extension Language: ExpressibleByArgument {}
extension Severity: ExpressibleByArgument {}

/// Options for finding and configuring the policy pack.
struct PolicyOptions: ParsableArguments {
  @Option(name: .long, help: "A policy file or directory (repeatable; default ./policies).")
  var policy: [String] = []

  @Option(
    name: .long, help: "Override a param: NAME=VALUE, e.g. debt_ratio_high=130% (repeatable).")
  var param: [String] = []

  /// Loads and checks the pack and applies `--param`; prints diagnostics and
  /// exits with 2 when the pack has errors.
  func load(output: OutputOptions, limits: PolicyLimits = .init()) throws -> Program {
    let paths = policy.isEmpty ? ["policies"] : policy
    let (program, diagnostics) = PolicyLoader.load(paths: paths, limits: limits)
    let renderer = DiagnosticRenderer(color: output.useColor(stream: .standardError))
    if !diagnostics.isEmpty {
      Console.error(renderer.render(diagnostics))
    }
    guard var program else {
      let n = diagnostics.count { $0.severity == .error }
      Console.error(
        output.language == .zh
          ? "策略有 \(n) 个错误，未检查任何填报\n"
          : "\(n) error\(n == 1 ? "" : "s") in the policies; nothing was checked\n")
      throw Exit.policyError
    }
    var overrides: [String: Value] = [:]
    var failed = false
    for p in param {
      switch ParamOverride.parse(p, for: program) {
      case .success(let (name, value)): overrides[name] = value
      case .failure(let d):
        Console.error(renderer.render(d))
        failed = true
      }
    }
    if failed { throw Exit.policyError }
    if !overrides.isEmpty { program = program.with(overrides: overrides) }
    return program
  }
}

/// Options for how results are shown.
struct OutputOptions: ParsableArguments {
  @Option(name: .long, help: "Language of human-readable output: zh or en.")
  var lang: Language = .zh

  @Flag(
    name: .long, inversion: .prefixedNo,
    help: "Colour (default: on a terminal, unless NO_COLOR is set).")
  var color: Bool? = nil

  var language: Language { lang }

  enum Stream { case standardOutput, standardError }

  func useColor(stream: Stream) -> Bool {
    if let color { return color }
    if let v = ProcessInfo.processInfo.environment["NO_COLOR"], !v.isEmpty { return false }
    return isatty(stream == .standardOutput ? 1 : 2) != 0
  }
}

/// Standard output, or a file written atomically, through a large buffer:
/// streamed formats write many small pieces, and one write per piece would
/// dominate a large run.
final class BufferedOutput {
  private var buffer: [UInt8] = []
  private let limit = 1 << 20
  /// Pieces this large are written without the buffer: a system call per
  /// 64 KiB costs less than copying them.
  static let direct = 64 << 10
  let file: AtomicFile.Writer?
  /// The first failure writing the file or standard output; later writes
  /// are dropped.
  private(set) var failure: AtomicFile.Failure?

  /// Writes to standard output, or to `file` when given.
  init(file: AtomicFile.Writer? = nil) {
    self.file = file
    buffer.reserveCapacity(limit + 4096)
  }

  func write(_ s: String) {
    buffer.append(contentsOf: s.utf8)
    if buffer.count >= limit { flush() }
  }

  func write(_ bytes: [UInt8]) { write(bytes[...]) }

  /// A batch's output (a megabyte with evidence, a quarter of one without)
  /// is written as it is, not copied into the buffer first.
  func write(_ bytes: ArraySlice<UInt8>) {
    if bytes.count >= BufferedOutput.direct {
      flush()
      put(bytes)
      return
    }
    buffer.append(contentsOf: bytes)
    if buffer.count >= limit { flush() }
  }

  func flush() {
    guard !buffer.isEmpty else { return }
    put(buffer[...])
    buffer.removeAll(keepingCapacity: true)
  }

  private func put(_ bytes: ArraySlice<UInt8>) {
    if let file {
      if failure == nil {
        do { try file.write(bytes) } catch { failure = error }
      }
    } else if failure == nil {
      if let code = bytes.withUnsafeBytes({ Descriptor.writeAll(1, $0) }) {
        failure = .system(Console.describe(code))
      }
    }
  }
}
