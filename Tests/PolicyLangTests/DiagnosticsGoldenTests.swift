import Foundation
import Testing

@testable import PolicyLang

/// Each file in Tests/Fixtures/diagnostics is checked with the shipped pack's
/// schemas; every diagnostic it gets, rendered with its code frame, must match
/// the golden file `Snapshots/diagnostics/NAME.txt` (SNAPSHOT_UPDATE=1 records).
@Suite struct DiagnosticsGoldenTests {
  static let names: [String] = {
    let dir = TestSupport.root.appendingPathComponent("Tests/Fixtures/diagnostics")
    return ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? [])
      .filter { $0.hasSuffix(".policy") }.sorted()
  }()

  @Test func thereAreFixtures() { #expect(Self.names.count >= 5) }

  @Test(arguments: names)
  func diagnostics(_ name: String) throws {
    let relative = "Tests/Fixtures/diagnostics/\(name)"
    let text = try String(contentsOfFile: TestSupport.path(relative), encoding: .utf8)
    let (file, parseDiagnostics) = Parser.parse(SourceFile(path: relative, text: text))
    let schema = try String(
      contentsOfFile: TestSupport.path("policies/liaoning-2019-24/schema.policy"), encoding: .utf8)
    let (schemaFile, _) = Parser.parse(SourceFile(path: "schema.policy", text: schema))
    let (_, checkDiagnostics) = Checker.check([schemaFile, file])
    let mine = (parseDiagnostics + checkDiagnostics).filter { $0.source?.path == relative }
      .sortedByLocation()
    #expect(mine.hasErrors, "\(name) should have errors")
    assertSnapshot(
      DiagnosticRenderer().render(mine), named: "diagnostics/\(name.dropLast(7)).txt")
  }
}
