/// The regulation's text as `policy lint` compares quotes with it: white
/// space and line breaks removed (the published text breaks lines in the
/// middle of sentences), and full-width and half-width forms of the same
/// punctuation made one, so `（三）` matches `(三)` and `。` matches `.`.
struct SourceText: Sendable {
  let scalars: [Unicode.Scalar]
  /// Where each article (`三`, `三(三)`) runs in `scalars`.
  let articles: [String: Range<Int>]

  init(_ text: String) {
    var out: [Unicode.Scalar] = []
    var articles: [String: Range<Int>] = [:]
    var chapter: (String, Int)? = nil
    var section: (String, Int)? = nil
    func close(_ open: (String, Int)?, at end: Int) {
      if let (label, start) = open { articles[label] = start..<end }
    }
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      let norm = SourceText.normalize(String(line))
      let here = out.count
      if let c = SourceText.chapterHeading(norm) {
        close(section, at: here)
        close(chapter, at: here)
        chapter = (c, here)
        section = nil
      } else if let s = SourceText.sectionHeading(norm), let (c, _) = chapter {
        close(section, at: here)
        section = ("\(c)(\(s))", here)
      }
      out += norm
    }
    close(section, at: out.count)
    close(chapter, at: out.count)
    self.scalars = out
    self.articles = articles
  }

  static let numerals = Set("一二三四五六七八九十".unicodeScalars)

  /// `三、…` starts a chapter.
  static func chapterHeading(_ s: [Unicode.Scalar]) -> String? {
    let n = s.prefix { numerals.contains($0) }
    guard !n.isEmpty, n.count < s.count, s[n.count] == "、" else { return nil }
    return String(String.UnicodeScalarView(n))
  }

  /// `（三）…` starts a section of the current chapter.
  static func sectionHeading(_ s: [Unicode.Scalar]) -> String? {
    guard s.first == "(" else { return nil }
    let n = s.dropFirst().prefix { numerals.contains($0) }
    guard !n.isEmpty, s.count > n.count + 1, s[n.count + 1] == ")" else { return nil }
    return String(String.UnicodeScalarView(n))
  }

  /// A citation as written (`三（三）`, `三(三)`), in the form `articles` uses.
  static func articleKey(_ s: String) -> String {
    String(String.UnicodeScalarView(normalize(s)))
  }

  static func normalize(_ s: String) -> [Unicode.Scalar] {
    var out: [Unicode.Scalar] = []
    for u in s.unicodeScalars {
      if u.properties.isWhitespace || u == "\u{200B}" || u == "\u{FEFF}" { continue }
      switch u.value {
      case 0xFF01...0xFF5E:
        out.append(Unicode.Scalar(u.value - 0xFEE0) ?? u)
      case 0x3002, 0xFF61: out.append(".")
      case 0xFF64: out.append("、")
      case 0x201C, 0x201D, 0x201E, 0x301D, 0x301E: out.append("\"")
      case 0x2018, 0x2019: out.append("'")
      case 0x2013, 0x2014, 0x2212: out.append("-")
      case 0x2026: out += [".", ".", "."]
      default: out.append(u)
      }
    }
    return out
  }

  /// Where the quote occurs: the start of each occurrence. A quote may leave
  /// words out with `…` or `……`; its pieces must then occur in order.
  func occurrences(of quote: String) -> [Int] {
    let pieces = SourceText.pieces(SourceText.normalize(quote))
    guard let first = pieces.first else { return [] }
    var starts: [Int] = []
    var from = 0
    while let start = find(first, from: from) {
      var at = start + first.count
      var ok = true
      for p in pieces.dropFirst() {
        guard let next = find(p, from: at) else {
          ok = false
          break
        }
        at = next + p.count
      }
      if ok { starts.append(start) }
      from = start + 1
    }
    return starts
  }

  /// The longest beginning of the quote that the text has, to show where a
  /// quote departs from it.
  func longestPrefix(of quote: String) -> String {
    let q = SourceText.pieces(SourceText.normalize(quote)).first ?? []
    var lo = 0
    var hi = q.count
    while lo < hi {
      let mid = (lo + hi + 1) / 2
      if find(Array(q[..<mid]), from: 0) != nil { lo = mid } else { hi = mid - 1 }
    }
    return String(String.UnicodeScalarView(q[..<lo]))
  }

  /// The quote split at each elision: a run of three or more dots.
  static func pieces(_ q: [Unicode.Scalar]) -> [[Unicode.Scalar]] {
    var out: [[Unicode.Scalar]] = []
    var current: [Unicode.Scalar] = []
    var i = 0
    while i < q.count {
      guard q[i] == "." else {
        current.append(q[i])
        i += 1
        continue
      }
      var j = i
      while j < q.count, q[j] == "." { j += 1 }
      if j - i >= 3 {
        if !current.isEmpty { out.append(current) }
        current = []
      } else {
        current += q[i..<j]
      }
      i = j
    }
    if !current.isEmpty { out.append(current) }
    return out
  }

  func find(_ needle: [Unicode.Scalar], from: Int) -> Int? {
    guard !needle.isEmpty, needle.count <= scalars.count else { return nil }
    var i = max(0, from)
    while i + needle.count <= scalars.count {
      if scalars[i] == needle[0] {
        var j = 1
        while j < needle.count, scalars[i + j] == needle[j] { j += 1 }
        if j == needle.count { return i }
      }
      i += 1
    }
    return nil
  }
}
