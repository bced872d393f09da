import Foundation

/// Finds, reads, parses and checks policy files: a file, or every `.policy`
/// file below a directory, sorted by path so that runs are reproducible.
public enum PolicyLoader {
  public static let fileExtension = "policy"

  public static func load(paths: [String], limits: PolicyLimits = .init()) -> (
    Program?, [Diagnostic]
  ) {
    // The parser and checker recurse once per level of nesting.
    LargeStack.run { loadFiles(paths: paths, limits: limits) }
  }

  private static func loadFiles(paths: [String], limits: PolicyLimits) -> (
    Program?, [Diagnostic]
  ) {
    var diagnostics: [Diagnostic] = []
    var files: [PolicyFile] = []
    for path in collect(paths, &diagnostics) {
      guard let data = FileManager.default.contents(atPath: path) else {
        diagnostics.append(
          Diagnostic(
            .unreadable, "cannot read policy file `\(path)`",
            at: SourceLocation(file: path, line: 1, column: 1)))
        continue
      }
      let bytes = [UInt8](data)
      guard let text = String(validating: bytes, as: UTF8.self) else {
        let (line, col) = firstInvalidUTF8(bytes)
        diagnostics.append(
          Diagnostic(
            .invalidUTF8, "policy file `\(path)` is not valid UTF-8",
            at: SourceLocation(file: path, line: line, column: col),
            hint: "save the file as UTF-8"))
        continue
      }
      let (file, ds) = Parser.parse(SourceFile(path: path, text: text), maxDepth: limits.maxDepth)
      diagnostics += ds.capped(perFile: limits.maxErrorsPerFile)
      files.append(file)
    }
    if files.isEmpty {
      if !diagnostics.hasErrors {
        diagnostics.append(
          Diagnostic(
            .unreadable,
            "no `.\(fileExtension)` files in \(paths.map { "`\($0)`" }.joined(separator: ", "))",
            hint: "point `--policy` at a policy file or a directory of them"))
      }
      return (nil, diagnostics)
    }
    let (program, checkDiagnostics) = Checker.check(files, limits: limits)
    diagnostics += checkDiagnostics.capped(perFile: limits.maxErrorsPerFile)
    return (diagnostics.hasErrors ? nil : program, diagnostics.sortedByLocation())
  }

  /// Parses and checks policy text given directly (tests, the REPL).
  public static func load(
    text: String, path: String = "<input>", limits: PolicyLimits = .init()
  ) -> (Program?, [Diagnostic]) {
    LargeStack.run {
      let (file, ds) = Parser.parse(SourceFile(path: path, text: text), maxDepth: limits.maxDepth)
      let (program, cds) = Checker.check([file], limits: limits)
      let all = (ds + cds).capped(perFile: limits.maxErrorsPerFile).sortedByLocation()
      return (all.hasErrors ? nil : program, all)
    }
  }

  static func collect(_ paths: [String], _ diagnostics: inout [Diagnostic]) -> [String] {
    var out: [String] = []
    let fm = FileManager.default
    for path in paths {
      var isDir: ObjCBool = false
      guard fm.fileExists(atPath: path, isDirectory: &isDir) else {
        diagnostics.append(
          Diagnostic(.unreadable, "no such policy file or directory `\(path)`"))
        continue
      }
      if !isDir.boolValue {
        out.append(path)
        continue
      }
      guard let e = fm.enumerator(atPath: path) else {
        diagnostics.append(Diagnostic(.unreadable, "cannot read directory `\(path)`"))
        continue
      }
      var found: [String] = []
      while let rel = e.nextObject() as? String {
        if rel.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
        if rel.hasSuffix(".\(fileExtension)") {
          found.append(path.hasSuffix("/") ? path + rel : path + "/" + rel)
        }
      }
      out += found.sorted()
    }
    return out
  }

  static func firstInvalidUTF8(_ bytes: [UInt8]) -> (Int, Int) {
    var line = 1
    var col = 1
    var it = bytes.makeIterator()
    var decoder = UTF8()
    while true {
      switch decoder.decode(&it) {
      case .scalarValue(let s):
        if s == "\n" {
          line += 1
          col = 1
        } else {
          col += 1
        }
      case .emptyInput: return (line, col)
      case .error: return (line, col)
      }
    }
  }
}

/// `--param NAME=VALUE`: the value is read as a literal of the language and
/// checked against the param's declared type.
public enum ParamOverride {
  public static func parse(_ arg: String, for program: Program) -> Result<
    (String, Value), Diagnostic
  > {
    guard let eq = arg.firstIndex(of: "=") else {
      return .failure(
        Diagnostic(
          .badParamValue, "expected `NAME=VALUE`, got `\(arg)`",
          hint: "for example `--param debt_ratio_high=130%`"))
    }
    let name = String(arg[..<eq]).trimmingCharacters(in: .whitespaces)
    let text = String(arg[arg.index(after: eq)...])
    guard let i = program.paramIndex[name] else {
      return .failure(
        Diagnostic(
          .unknownParam, "unknown param `\(name)`",
          hint: suggestion(for: name, among: program.paramIndex.keys).map {
            "did you mean `\($0)`?"
          }
            ?? "params are \(program.params.map { "`\($0.name)`" }.joined(separator: ", "))"))
    }
    let spec = program.params[i]
    let source = SourceFile(path: "--param \(name)", text: text)
    let (expr, ds) = Parser.parseExpression(source)
    if let d = ds.first { return .failure(d) }
    guard let expr else { return .failure(Diagnostic(.badParamValue, "empty value for `\(name)`")) }
    var checker = Checker(source: source)
    var scope = Scope(filing: nil)
    scope.constantOnly = true
    let node = checker.checkExpr(expr, &scope)
    if let d = checker.diagnostics.first { return .failure(d) }
    guard node.type.fits(spec.type) else {
      return .failure(
        Diagnostic(
          .badParamValue, "`\(name)` is `\(spec.type)`, but `\(text)` is `\(node.type)`",
          source: source, span: expr.span,
          hint: spec.type == .decimal ? "write a number or a percentage, like `130%`" : nil))
    }
    do {
      return .success((name, try Evaluator.constant(node, as: spec.type)))
    } catch {
      return .failure(Diagnostic(.badParamValue, error.message, source: source, span: expr.span))
    }
  }
}
