/// "Did you mean …?": the closest candidate by edit distance (with adjacent
/// transpositions), if it is close enough to be a plausible typo.
func suggestion<S: Sequence>(for word: String, among candidates: S) -> String?
where S.Element == String {
  let w = Array(word.lowercased().unicodeScalars)
  guard !w.isEmpty else { return nil }
  var best: (String, Int)? = nil
  for c in candidates.sorted() where c != word {
    let limit = max(1, min(3, (max(w.count, c.unicodeScalars.count) + 1) / 3))
    // The distance is at least the difference in length: a megabyte of
    // text in a filing's `kind` is not compared letter by letter.
    let lower = Array(c.lowercased().unicodeScalars)
    if abs(w.count - lower.count) > limit { continue }
    let d = editDistance(w, lower)
    if d <= limit, best == nil || d < best!.1 { best = (c, d) }
  }
  return best?.0
}

func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
  if a.isEmpty { return b.count }
  if b.isEmpty { return a.count }
  var prev2 = [Int](repeating: 0, count: b.count + 1)
  var prev = Array(0...b.count)
  var cur = [Int](repeating: 0, count: b.count + 1)
  for i in 1...a.count {
    cur[0] = i
    for j in 1...b.count {
      let cost = a[i - 1] == b[j - 1] ? 0 : 1
      cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
      if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
        cur[j] = min(cur[j], prev2[j - 2] + 1)
      }
    }
    (prev2, prev, cur) = (prev, cur, prev2)
  }
  return prev[b.count]
}
