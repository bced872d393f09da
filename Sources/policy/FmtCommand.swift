import ArgumentParser
import Foundation
import PolicyLang

struct FmtCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "fmt",
    abstract: "Format policy files in the one canonical layout.",
    discussion: """
      Without flags the formatted text is printed; -w rewrites the files in place,
      --check lists the files that are not formatted and exits 1, --diff shows the
      changes. A file with syntax errors is not formatted: its errors are shown and
      the run exits 2, after the other files are done. See docs/formatting.md.
      """)

  @OptionGroup var output: OutputOptions

  @Flag(name: .long, help: "List the files that are not formatted; exit 1 if there are any.")
  var check = false

  @Flag(name: [.customShort("w"), .long], help: "Rewrite the files in place (atomically).")
  var write = false

  @Flag(name: .long, help: "Show the changes as a unified diff.")
  var diff = false

  @Option(
    name: .customLong("max-policy-depth"),
    help: "Deepest nesting of an expression or type in a policy (1-500).")
  var maxPolicyDepth = PolicyLimits().maxDepth

  @Argument(
    help: "Policy files or directories (default: policies); - reads standard input.")
  var paths: [String] = []

  func validate() throws {
    if write && paths.contains("-") {
      throw ValidationError("cannot rewrite standard input; drop `-w` or name a file")
    }
    guard (1...LimitOptions.maxPolicyNesting).contains(maxPolicyDepth) else {
      throw ValidationError(
        "--max-policy-depth must be from 1 to \(LimitOptions.maxPolicyNesting)")
    }
  }

  func run() throws {
    // Deep nesting recurses in the parser and the formatter: a large stack.
    let status = LargeStack.run { formatAll() }
    if status != 0 { throw ExitCode(status) }
  }

  /// Formats every input; the exit status.
  private func formatAll() -> Int32 {
    let trap = SignalTrap()
    let zh = output.language == .zh
    let renderer = DiagnosticRenderer(color: output.useColor(stream: .standardError))
    let differ = UnifiedDiff(color: output.useColor(stream: .standardOutput))
    var failed = false
    var unformatted: [String] = []

    for input in inputs() {
      if trap.cancellation.isCancelled { return interrupted(trap) }
      let source: SourceFile
      switch input {
      case .failure(let d):
        Console.error(renderer.render([d]))
        failed = true
        continue
      case .success(let s): source = s
      }
      let text: String
      switch PolicyFormatter.format(source, maxDepth: maxPolicyDepth) {
      case .syntaxErrors(let ds):
        Console.error(renderer.render(ds))
        let n = ds.count { $0.severity == .error }
        Console.error(
          zh
            ? "`\(source.path)` 有 \(n) 个语法错误，未格式化\n"
            : "`\(source.path)` has \(n) syntax error\(n == 1 ? "" : "s"); not formatted\n")
        failed = true
        continue
      case .unfaithful(let why):
        Console.error(
          zh
            ? "`\(source.path)` 未格式化：\(why)（格式化程序的缺陷，请报告）\n"
            : "`\(source.path)` not formatted: \(why) (a bug in the formatter; please report it)\n"
        )
        failed = true
        continue
      case .formatted(let t): text = t
      }
      let changed = text != source.text
      if changed { unformatted.append(source.path) }
      if check && changed { Console.out(source.path + "\n") }
      if diff && changed {
        Console.out(
          differ.render(
            old: source.text, new: text, oldName: "a/" + source.path, newName: "b/" + source.path
          ))
      }
      if write && changed {
        do {
          // A symbolic link is followed, so that it stays a link.
          try AtomicFile.write(
            text, to: resolvingLinks(source.path), cancellation: trap.cancellation)
        } catch .cancelled {
          return interrupted(trap)
        } catch {
          Console.error(
            zh ? "无法改写 `\(source.path)`：\(error)\n" : "cannot rewrite `\(source.path)`: \(error)\n")
          failed = true
        }
      }
      if !write && !check && !diff { Console.out(text) }
    }

    if check && !unformatted.isEmpty {
      let n = unformatted.count
      if write {
        Console.error(zh ? "已重新排版 \(n) 个文件\n" : "\(n) file\(n == 1 ? "" : "s") reformatted\n")
      } else {
        Console.error(
          zh
            ? "\(n) 个文件未按规范格式排版；运行 `policy fmt -w` 改正\n"
            : "\(n) file\(n == 1 ? " is" : "s are") not formatted; run `policy fmt -w` to fix\n")
      }
    }
    if failed { return Exit.policyError.rawValue }
    if check && !unformatted.isEmpty { return Exit.violations.rawValue }
    return 0
  }

  /// An interrupted run stops between files: each file is either rewritten
  /// whole or left as it was.
  private func interrupted(_ trap: SignalTrap) -> Int32 {
    Console.error(
      output.language == .zh
        ? "已中断；已改写的文件完整，其余未改动\n"
        : "interrupted; files already rewritten are whole, the others unchanged\n")
    return trap.exitCode
  }

  private func resolvingLinks(_ path: String) -> String {
    URL(fileURLWithPath: path).resolvingSymlinksInPath().path
  }

  /// The sources to format, in order: each file named, the `.policy` files
  /// below each directory, standard input for `-`.
  private func inputs() -> [Result<SourceFile, Diagnostic>] {
    var out: [Result<SourceFile, Diagnostic>] = []
    for path in paths.isEmpty ? ["policies"] : paths {
      if path == "-" {
        let data = FileHandle.standardInput.readDataToEndOfFile()
        out.append(PolicySources.decode([UInt8](data), path: "<stdin>"))
        continue
      }
      let (files, ds) = PolicySources.collect([path])
      for d in ds { out.append(.failure(d)) }
      out += files.map { PolicySources.read(path: $0) }
    }
    return out
  }
}
