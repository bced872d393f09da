import Foundation
import Testing

@testable import PolicyLang

@Suite struct UnifiedDiffTests {
  @Test func equalTextsGiveNothing() {
    #expect(UnifiedDiff().render(old: "a\n", new: "a\n", oldName: "x", newName: "y") == "")
  }

  @Test func hunksHaveContextAndNumbers() {
    let old = (1...10).map { "line \($0)" }.joined(separator: "\n") + "\n"
    let new = old.replacingOccurrences(of: "line 2\n", with: "line two\n")
      .replacingOccurrences(of: "line 9\n", with: "")
    #expect(
      UnifiedDiff().render(old: old, new: new, oldName: "a", newName: "b") == """
        --- a
        +++ b
        @@ -1,10 +1,9 @@
         line 1
        -line 2
        +line two
         line 3
         line 4
         line 5
         line 6
         line 7
         line 8
        -line 9
         line 10

        """)
  }

  @Test func farApartChangesMakeTwoHunks() {
    let old = (1...20).map { "l\($0)" }.joined(separator: "\n") + "\n"
    let new = old.replacingOccurrences(of: "l1\n", with: "L1\n")
      .replacingOccurrences(of: "l20\n", with: "L20\n")
    let d = UnifiedDiff(context: 1).render(old: old, new: new, oldName: "a", newName: "b")
    #expect(d.components(separatedBy: "@@ -").count == 3)
    #expect(d.contains("@@ -1,2 +1,2 @@\n-l1\n+L1\n l2\n"))
    #expect(d.contains("@@ -19,2 +19,2 @@\n l19\n-l20\n+L20\n"))
  }

  @Test func missingFinalNewlineIsShown() {
    let d = UnifiedDiff().render(old: "a\nb", new: "a\nb\n", oldName: "x", newName: "y")
    #expect(d == "--- x\n+++ y\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n")
  }

  @Test func fromAndToEmpty() {
    #expect(
      UnifiedDiff().render(old: "", new: "a\n", oldName: "x", newName: "y")
        == "--- x\n+++ y\n@@ -0,0 +1,1 @@\n+a\n")
    #expect(
      UnifiedDiff().render(old: "a\n", new: "", oldName: "x", newName: "y")
        == "--- x\n+++ y\n@@ -1,1 +0,0 @@\n-a\n")
  }

  /// Applying the edit script to the old lines gives the new ones, for random texts.
  @Test func editScriptIsCorrectAndShort() {
    var rng = SplitMix(seed: 7)
    for _ in 0..<300 {
      let a = (0..<Int(rng.next(below: 12))).map { _ in Substring("\(rng.next(below: 4))") }
      let b = (0..<Int(rng.next(below: 12))).map { _ in Substring("\(rng.next(below: 4))") }
      let edits = UnifiedDiff.diff(a, b)
      var rebuilt: [Substring] = []
      var same = 0
      for e in edits {
        switch e {
        case .same(let x, let y):
          #expect(a[x] == b[y])
          rebuilt.append(b[y])
          same += 1
        case .insert(let y): rebuilt.append(b[y])
        case .delete: break
        }
      }
      #expect(rebuilt == b)
      #expect(same == lcs(a, b), "Myers finds a longest common subsequence")
    }
  }

  private func lcs(_ a: [Substring], _ b: [Substring]) -> Int {
    var t = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
    for i in 0..<a.count {
      for j in 0..<b.count {
        t[i + 1][j + 1] = a[i] == b[j] ? t[i][j] + 1 : max(t[i][j + 1], t[i + 1][j])
      }
    }
    return t[a.count][b.count]
  }
}
