import Foundation
import Testing

@testable import PolicyLang

/// The canonical layout itself, as golden files: each `fmt/NAME.input.policy`
/// formats to `fmt/NAME.golden.policy` (`SNAPSHOT_UPDATE=1` rewrites them).
@Suite struct FormatterSnapshotTests {
  static let cases = ["messy", "comments", "long-lines", "parens"]

  @Test(arguments: cases)
  func golden(_ name: String) throws {
    let dir = TestSupport.path("Tests/PolicyLangTests/Snapshots/fmt")
    let input = try String(contentsOfFile: "\(dir)/\(name).input.policy", encoding: .utf8)
    let outcome = PolicyFormatter.format(SourceFile(path: "\(name).input.policy", text: input))
    guard case .formatted(let text) = outcome else {
      Issue.record("\(name) was not formatted: \(outcome)")
      return
    }
    assertSnapshot(text, named: "fmt/\(name).golden.policy")
  }

  @Test func narrowerWidth() {
    let text = "define x = [aaaa, bbbb, cccc]\n"
    let (file, _) = Parser.parse(SourceFile(path: "x", text: text))
    #expect(PolicyFormatter.layout(file, width: 30) == text)
    #expect(
      PolicyFormatter.layout(file, width: 20) == "define x = [\n  aaaa,\n  bbbb,\n  cccc,\n]\n")
  }

  /// Chinese characters take two cells: this line is 100 cells, not 64.
  @Test func widthCountsChineseAsTwo() {
    let name = String(repeating: "字", count: 36)
    let fits = "define \(name) = [1, 2, 3, 4, 5, 6]\n"
    let (file, _) = Parser.parse(SourceFile(path: "x", text: fits))
    #expect(DisplayWidth.of(fits.dropLast()) == 100)
    #expect(PolicyFormatter.layout(file) == fits)
    let longer = "define \(name) = [1, 2, 3, 4, 5, 66]\n"
    let (file2, _) = Parser.parse(SourceFile(path: "x", text: longer))
    #expect(PolicyFormatter.layout(file2).contains("[\n  1,\n"))
  }
}
