import Foundation
import Testing

/// Compares output with a golden file in `Snapshots/`. With `SNAPSHOT_UPDATE=1`
/// in the environment the file is written instead (and the test passes), so a
/// deliberate change of output is one command and a reviewable diff.
enum GoldenFile {
  static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Snapshots")

  static func check(
    _ actual: String, _ name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) {
    let url = directory.appendingPathComponent(name)
    if ProcessInfo.processInfo.environment["SNAPSHOT_UPDATE"] == "1" {
      do {
        try FileManager.default.createDirectory(
          at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(actual.utf8).write(to: url)
      } catch {
        Issue.record("cannot write \(url.path): \(error)", sourceLocation: sourceLocation)
      }
      return
    }
    guard let data = FileManager.default.contents(atPath: url.path),
      let expected = String(data: data, encoding: .utf8)
    else {
      Issue.record(
        "no golden file \(name); run the tests with SNAPSHOT_UPDATE=1 to create it",
        sourceLocation: sourceLocation)
      return
    }
    guard actual != expected else { return }
    let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
    let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let line = (0..<min(a.count, e.count)).first { a[$0] != e[$0] } ?? min(a.count, e.count)
    let got = line < a.count ? String(a[line]) : "(end of output)"
    let want = line < e.count ? String(e[line]) : "(end of file)"
    Issue.record(
      """
      output differs from \(name) at line \(line + 1) (SNAPSHOT_UPDATE=1 rewrites it)
        expected: \(want)
        actual:   \(got)
      """, sourceLocation: sourceLocation)
  }
}
