import Testing

@testable import PolicyLang

/// The two `JSONSink`s: what one shape writes as bytes must be what it
/// builds as a tree and that tree serializes to, escapes and all.
@Suite struct JSONSinkTests {
  static func shape<S: JSONSink>(_ s: inout S) {
    s.beginObject()
    s.key("a")
    s.int(-12)
    s.key("min")
    s.int(Int.min)
    s.dataKey("quo\"te")
    s.string("x\n\u{2028}y")
    s.key("empty")
    s.beginArray()
    s.endArray()
    s.key("nested")
    s.array([1, 2]) { s, i in
      s.beginObject()
      s.key("i")
      s.int(i)
      s.key("o")
      s.optional(i == 1 ? nil : "t")
      s.endObject()
    }
    s.key("n")
    s.number("1.50")
    s.key("b")
    s.bool(false)
    s.key("z")
    s.null()
    s.key("obj")
    s.beginObject()
    s.endObject()
    s.endObject()
  }

  @Test func bytesAndTreeAgree() {
    var tree = JSONTree()
    Self.shape(&tree)
    var out = Array("prefix ".utf8)
    JSONBytes.writing(into: &out) { Self.shape(&$0) }
    #expect(out == Array("prefix ".utf8) + tree.value.compactBytes())
    let expected =
      #"prefix {"a":-12,"min":-9223372036854775808,"quo\"te":"x\n\u2028y","empty":[],"#
      + #""nested":[{"i":1,"o":null},{"i":2,"o":"t"}],"n":1.50,"b":false,"z":null,"obj":{}}"#
    #expect(String(decoding: out, as: UTF8.self) == expected)
  }

  /// The byte escaper copies runs and escapes the rest as the `String`
  /// escaper does: every control character, quotes, backslashes, the two
  /// JSON-hostile line separators, and not the look-alikes that share
  /// their first byte (`…`, `—`).
  @Test func bytesEscapeAsTheStringEscaper() {
    let controls = String(String.UnicodeScalarView((0..<0x20).compactMap(Unicode.Scalar.init)))
    let samples = [
      "", "plain", controls, "a\"b\\c", "\u{2028}x\u{2029}", "…—\u{2027}", "债务 \"引号\" 🎉",
      "end\n", "\u{7F}\u{80}", String(repeating: "八个字节", count: 9) + "\t",
      // Look-alikes inside the eight-byte words, then a real escape after them.
      "重大行政决策“大连市老旧小区改造实施方案（2024—2026年）”未履行……程序\u{2028}尾",
      "abcdefg“h\u{2028}ijklmnop", String(repeating: "“—…", count: 5) + "\"", "1234567\u{2029}",
    ]
    for sample in samples {
      var bytes: [UInt8] = []
      JSON.escape(sample, into: &bytes)
      var text = ""
      JSON.escape(sample, into: &text)
      #expect(String(decoding: bytes, as: UTF8.self) == text, "\(sample.debugDescription)")
    }
    var nul: [UInt8] = []
    JSON.escape("\u{0}\u{1F}", into: &nul)
    #expect(String(decoding: nul, as: UTF8.self) == #""\u0000\u001f""#)
  }

  @Test func scalarsAlone() {
    let cases: [((inout JSONTree) -> Void, String)] = [
      ({ $0.int(0) }, "0"), ({ $0.string("") }, #""""#),
      // In an array: an empty tree is `null` already.
      (
        {
          $0.beginArray()
          $0.null()
          $0.endArray()
        }, "[null]"
      ),
    ]
    for (write, expected) in cases {
      var tree = JSONTree()
      write(&tree)
      #expect(String(decoding: tree.value.compactBytes(), as: UTF8.self) == expected)
    }
    var out: [UInt8] = []
    JSONBytes.writing(into: &out) {
      $0.beginArray()
      $0.int(7)
      $0.string("")
      $0.bool(true)
      $0.endArray()
    }
    #expect(String(decoding: out, as: UTF8.self) == #"[7,"",true]"#)
  }

  /// `RawBytes` takes pieces of every length (a byte loop below 4, two
  /// words up to 16, a copy above) and keeps them across its growth: it
  /// holds what an array holds after the same appends.
  @Test func rawBytesHoldWhatAnArrayHolds() {
    let source = (0..<64).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
    var raw = RawBytes(capacity: 1)
    defer { raw.free() }
    var array: [UInt8] = []
    source.withUnsafeBufferPointer { src in
      for round in 0..<3 {
        for n in 0...40 {
          let start = (n * 7 + round) % (source.count - n + 1)
          raw.append(src.baseAddress! + start, count: n)
          array.append(src.baseAddress! + start, count: n)
          raw.append(UInt8(n))
          array.append(UInt8(n))
        }
      }
    }
    #expect(Array(raw.bytes) == array)
    var escaped = RawBytes(capacity: 2)
    defer { escaped.free() }
    var text = ""
    let sample = "债务 \"引号\"\n\u{2028} and a longer run of plain ASCII text"
    JSON.escape(sample, into: &escaped)
    JSON.escape(sample, into: &text)
    #expect(String(decoding: escaped.bytes, as: UTF8.self) == text)
  }
}
