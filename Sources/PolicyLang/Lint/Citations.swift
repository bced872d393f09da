import Foundation

/// W006 and W007: every rule cites an article and quotes it, and the quote is
/// the regulation's own words, found under the article cited, in the text
/// that the pack's `policy … source "FILE"` header names.
struct Citations {
  let program: Program
  /// Reads a source text; tests may supply their own.
  var read: (String) -> String? = { path in
    guard let data = FileManager.default.contents(atPath: path) else { return nil }
    return String(validating: [UInt8](data), as: UTF8.self)
  }

  init(program: Program) { self.program = program }

  struct Header {
    var decl: PolicyHeader
    var file: SourceFile
  }

  func findings() -> [Diagnostic] {
    var out: [Diagnostic] = []
    var texts: [String: SourceText?] = [:]
    let decls = ruleDecls()
    for r in program.rules {
      let decl = decls[RuleKey(path: r.source.path, offset: r.idSpan.start)]
      guard !r.articles.isEmpty else {
        out.append(
          warning(
            .missingCitation, "rule `\(r.id)` cites no article", r.source, r.idSpan,
            label: "no `cites`",
            hint:
              "add `cites ARTICLE quote \"…\"` with the regulation's words, so that a reader can check the rule against it"
          ))
        continue
      }
      guard let quote = r.quote, let quoteSpan = decl?.citation?.quote?.span else {
        out.append(
          warning(
            .missingCitation, "rule `\(r.id)` cites \(r.citation) but quotes nothing",
            r.source, decl?.citation?.span ?? r.idSpan, label: "no `quote`",
            hint: "add `quote \"…\"` with the words of \(r.citation) that the rule enforces"))
        continue
      }
      guard let header = header(for: r.source), let sourceLit = header.decl.sourceText,
        let relative = sourceLit.plain
      else { continue }
      let path = resolve(relative, from: header.file.path)
      if texts[path] == nil {
        let text = read(path).map(SourceText.init)
        texts[path] = .some(text)
        if text == nil {
          out.append(
            warning(
              .quoteNotFound, "cannot read the source text `\(relative)`", header.file,
              sourceLit.span, label: "not readable",
              hint: "the path is relative to the policy file; quotes are not checked without it"))
        }
      }
      guard case .some(.some(let text)) = texts[path] else { continue }
      out += check(quote, of: r, at: quoteSpan, in: text, named: relative)
    }
    return out
  }

  func check(
    _ quote: String, of r: CheckedRule, at span: SourceSpan, in text: SourceText, named name: String
  ) -> [Diagnostic] {
    let found = text.occurrences(of: quote)
    guard !found.isEmpty else {
      let prefix = text.longestPrefix(of: quote)
      let agreed =
        prefix.isEmpty
        ? "none of it is in the text"
        : "the text agrees up to `\(String(prefix.unicodeScalars.suffix(12)))`"
      return [
        warning(
          .quoteNotFound, "the quote of rule `\(r.id)` is not in the source text `\(name)`",
          r.source, span, label: "not found",
          hint:
            "quote the regulation word for word (white space and full- or half-width punctuation do not matter, `…` leaves words out); \(agreed)"
        )
      ]
    }
    // Every cited article the text has: the quote must lie in one of them.
    var ranges: [(String, Range<Int>)] = []
    for a in r.articles {
      guard let range = text.articles[SourceText.articleKey(a)] else {
        return [
          warning(
            .quoteNotFound, "rule `\(r.id)` cites `\(a)`, which the source text `\(name)` lacks",
            r.source, span, label: "no such article",
            hint: "cite articles as the text numbers them, e.g. `三（三）`")
        ]
      }
      ranges.append((a, range))
    }
    if found.contains(where: { start in ranges.contains { $0.1.contains(start) } }) { return [] }
    let elsewhere = text.articles.filter { $0.value.contains(found[0]) && $0.key.contains("(") }
      .keys.sorted().first
    return [
      warning(
        .quoteNotFound,
        "the quote of rule `\(r.id)` is not under \(r.articles.map { "`\($0)`" }.joined(separator: ", ")) in the source text",
        r.source, span, label: "under another article",
        hint: elsewhere.map {
          "the text has it under `\(Citations.display($0))`; cite that article"
        }
          ?? "cite the article whose words these are")
    ]
  }

  /// `三(三)` as the decision writes it: `三（三）`.
  static func display(_ key: String) -> String {
    key.replacingOccurrences(of: "(", with: "（").replacingOccurrences(of: ")", with: "）")
  }

  struct RuleKey: Hashable {
    var path: String
    var offset: Int
  }

  func ruleDecls() -> [RuleKey: RuleDecl] {
    var out: [RuleKey: RuleDecl] = [:]
    for f in program.files {
      for case .rule(let r) in f.declarations {
        out[RuleKey(path: f.source.path, offset: r.id.span.start)] = r
      }
    }
    return out
  }

  /// The pack header for a file: its own, else the one in its directory, else
  /// the only one there is.
  func header(for source: SourceFile) -> Header? {
    var all: [Header] = []
    for f in program.files {
      for case .policy(let p) in f.declarations { all.append(Header(decl: p, file: f.source)) }
    }
    if let own = all.first(where: { $0.file.path == source.path }) { return own }
    let dir = Citations.directory(source.path)
    let near = all.filter { Citations.directory($0.file.path) == dir }
    if near.count == 1 { return near[0] }
    return all.count == 1 ? all[0] : nil
  }

  static func directory(_ path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    return String(path[..<slash])
  }

  func resolve(_ relative: String, from policyFile: String) -> String {
    if relative.hasPrefix("/") { return relative }
    let dir = Citations.directory(policyFile)
    return dir == "." && !policyFile.hasPrefix("./") ? relative : dir + "/" + relative
  }

  func warning(
    _ code: DiagnosticCode, _ message: String, _ source: SourceFile, _ span: SourceSpan,
    label: String, hint: String
  ) -> Diagnostic {
    Diagnostic(
      code, message, source: source, span: span, label: label, hint: hint, severity: .warning)
  }
}
