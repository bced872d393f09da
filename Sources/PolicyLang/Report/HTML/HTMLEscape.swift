/// Escaping for text placed in HTML and for JSON placed inside a `<script>`.
enum HTMLEscape {
  static func text(_ s: String) -> String {
    var out = ""
    out.reserveCapacity(s.utf8.count)
    for ch in s.unicodeScalars {
      switch ch {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&#39;"
      default: out.unicodeScalars.append(ch)
      }
    }
    return out
  }

  /// JSON inside `<script type="application/json">`: `</` would end the
  /// element, so it is written `<\/`.
  static func scriptJSON(_ json: String) -> String {
    json.replacingOccurrences(of: "</", with: "<\\/")
  }
}
