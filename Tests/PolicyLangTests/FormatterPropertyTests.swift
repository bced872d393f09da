import Foundation
import Testing

@testable import PolicyLang

/// parse → format → parse gives the same tree and the same comments, and
/// formatting is idempotent: for every policy file in the repository, every
/// policy example in the docs, tricky inputs, the pack with comments strewn
/// about, and generated files.
@Suite struct FormatterPropertyTests {
  /// `FMT_FUZZ=20` runs twenty times as many random cases, for a long search.
  static let scale = Int(ProcessInfo.processInfo.environment["FMT_FUZZ"] ?? "") ?? 1

  /// Every `.policy` file in the repository, outside build products.
  static let repositoryFiles: [String] = {
    let root = TestSupport.root.path
    var out: [String] = []
    let e = FileManager.default.enumerator(atPath: root)
    while let rel = e?.nextObject() as? String {
      if rel.hasPrefix(".build") || rel.split(separator: "/").contains(where: { $0.hasPrefix(".") })
      {
        continue
      }
      if rel.hasSuffix(".policy") { out.append(rel) }
    }
    return out.sorted()
  }()

  @Test func theRepositoryHasPolicyFiles() {
    #expect(Self.repositoryFiles.count { $0.hasPrefix("policies/") } >= 10)
  }

  /// Files that show errors on purpose (diagnostics fixtures, hostile inputs,
  /// fuzzing seeds) are not formatted; every other one is.
  @Test(arguments: repositoryFiles)
  func repositoryFile(_ rel: String) throws {
    let ours = rel.hasPrefix("policies/") || rel.contains("Snapshots/fmt/")
    guard case .success(let source) = PolicySources.read(path: TestSupport.path(rel)) else {
      #expect(!ours, "\(rel) is not UTF-8")
      return
    }
    let text = source.text
    let (_, ds) = Parser.parse(SourceFile(path: rel, text: text))
    if ds.hasErrors && !ours { return }
    for p in FormatProperty.failures(text, path: rel) { Issue.record("\(rel): \(p)") }
  }

  /// The shipped pack is already in the canonical layout.
  @Test(arguments: repositoryFiles.filter { $0.hasPrefix("policies/") })
  func packIsAFixedPoint(_ rel: String) throws {
    let source = try PolicySources.read(path: TestSupport.path(rel)).get()
    guard case .formatted(let text) = PolicyFormatter.format(source) else {
      Issue.record("\(rel) was not formatted")
      return
    }
    if text != source.text {
      Issue.record(
        "\(rel) is not formatted:\n\(UnifiedDiff().render(old: source.text, new: text, oldName: rel, newName: "formatted"))"
      )
    }
  }

  /// Every ```policy example in the docs, and every ```policy-error and
  /// ```policy-lint example without a syntax error.
  @Test func docExamples() {
    let blocks = DocExamplesTests.blocks.filter {
      $0.kind == "policy"
        || ["policy-error", "policy-lint"].contains($0.kind)
          && !Parser.parse(SourceFile(path: $0.file, text: $0.code)).1.hasErrors
    }
    #expect(blocks.count >= 10)
    for b in blocks {
      for p in FormatProperty.failures(b.code, path: b.file) {
        Issue.record("\(b.testDescription): \(p)")
      }
    }
  }

  /// The examples of the canonical layout in docs/formatting.md are canonical.
  @Test func formattingDocExamplesAreFixedPoints() throws {
    let blocks = DocExamplesTests.blocks.filter {
      $0.file == "docs/formatting.md" && $0.kind == "policy"
    }
    #expect(!blocks.isEmpty)
    for b in blocks {
      let (file, _) = Parser.parse(SourceFile(path: b.file, text: b.code))
      let text = PolicyFormatter.layout(file)
      if text != b.code {
        Issue.record(
          "\(b.testDescription) is not formatted:\n\(UnifiedDiff().render(old: b.code, new: text, oldName: "doc", newName: "formatted"))"
        )
      }
    }
  }

  @Test(arguments: TrickyInputs.all)
  func trickyInput(_ input: TrickyInputs.Case) {
    for p in FormatProperty.failures(input.text) { Issue.record("\(input.name): \(p)") }
  }

  /// Comments put at random between the tokens of each pack file all come
  /// back, next to the same code, and a second run moves none of them.
  @Test(arguments: repositoryFiles.filter { $0.hasPrefix("policies/") })
  func packWithCommentsEverywhere(_ rel: String) throws {
    let text = try String(contentsOfFile: TestSupport.path(rel), encoding: .utf8)
    var rng = SplitMix(seed: UInt64(truncatingIfNeeded: rel.utf8.reduce(7) { $0 &* 31 &+ Int($1) }))
    for round in 0..<(12 * Self.scale) {
      let noisy = FormatProperty.withRandomComments(text, count: 1 + (round % 12) * 2, rng: &rng)
      let problems = FormatProperty.failures(noisy, path: rel)
      for p in problems { Issue.record("\(rel) round \(round): \(p)") }
      if !problems.isEmpty { return }
    }
  }

  /// Generated files: every construct, fully parenthesised, in random layout.
  @Test func generatedFiles() {
    var failed = 0
    for seed in 1...(300 * Self.scale) {
      var gen = PolicyGenerator(seed: UInt64(seed), comments: seed % 3 != 0)
      let text = gen.file()
      let problems = FormatProperty.failures(text, path: "<seed \(seed)>")
      for p in problems { Issue.record("seed \(seed): \(p)") }
      if !problems.isEmpty {
        failed += 1
        if failed > 3 { return }
      }
    }
  }

  /// The formatter's own check accepts what it produces.
  @Test func formatChecksItsOutput() {
    var gen = PolicyGenerator(seed: 99)
    let text = gen.file()
    let outcome = PolicyFormatter.format(SourceFile(path: "x", text: text))
    guard case .formatted(let once) = outcome else {
      Issue.record("not formatted: \(outcome)")
      return
    }
    guard case .formatted(let twice) = PolicyFormatter.format(SourceFile(path: "x", text: once))
    else {
      Issue.record("not formatted")
      return
    }
    #expect(once == twice)
  }

  @Test func syntaxErrorsAreNotFormatted() {
    let outcome = PolicyFormatter.format(
      SourceFile(path: "x", text: "rule r \"t\" on debt forbid\n"))
    guard case .syntaxErrors(let ds) = outcome else {
      Issue.record("expected syntax errors, got \(outcome)")
      return
    }
    #expect(ds.hasErrors)
  }

  @Test func duplicateClausesAreErrorsNotDropped() {
    for text in [
      "param x: int = 1 doc \"a\" doc \"b\"\n",
      "param x: int = 1 effective 2020-01-01 effective 2021-01-01\n",
      "policy \"p\" title \"a\" title \"b\"\n",
      "policy \"p\" source \"a\" source \"b\"\n",
      "test \"t\" { given x given y expect nothing }\n",
    ] {
      let (_, ds) = Parser.parse(SourceFile(path: "x", text: text))
      #expect(ds.contains { $0.code == .duplicateClause }, "\(text)")
    }
  }
}
