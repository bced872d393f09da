/// Terminal cell width of text: East Asian wide and full-width characters take
/// two cells, so carets under Chinese source line up.
enum DisplayWidth {
  static func of(_ s: some StringProtocol) -> Int {
    s.unicodeScalars.reduce(0) { $0 + of($1) }
  }

  static func of(_ u: Unicode.Scalar) -> Int {
    let v = u.value
    if v == 0 || (v >= 0x300 && v <= 0x36F) || (v >= 0x200B && v <= 0x200F) { return 0 }
    if (0x1100...0x115F).contains(v) || (0x2E80...0x303E).contains(v)
      || (0x3041...0x33FF).contains(v) || (0x3400...0x4DBF).contains(v)
      || (0x4E00...0x9FFF).contains(v) || (0xA000...0xA4CF).contains(v)
      || (0xAC00...0xD7A3).contains(v) || (0xF900...0xFAFF).contains(v)
      || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
      || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1F64F).contains(v)
      || (0x20000...0x3FFFD).contains(v)
    {
      return 2
    }
    return 1
  }
}
