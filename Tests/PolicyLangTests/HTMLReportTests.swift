import Foundation
import Testing

@testable import PolicyLang

/// The HTML report: self-contained, valid, and working in a real browser.
@Suite(.serialized) struct HTMLReportTests {
  func examplesReport(_ language: Language = .zh) throws -> (String, CheckReport) {
    let program = try TestSupport.loadPack()
    var run = CheckRun(program: program)
    run.explain = true
    let paths = [TestSupport.path("examples/filings")]
    let report = run.check(paths: paths)
    let html = HTMLReport(language: language).render(
      report, program: program, debt: HTMLReport.regionDebt(paths: paths, program: program))
    return (html, report)
  }

  @Test func headlineCountsAndNoExternalResources() throws {
    let (html, _) = try examplesReport()
    #expect(html.contains(#"id="filings-checked">64<"#))
    #expect(html.contains(#"id="violations">42<"#))
    #expect(html.contains(#"id="severity-critical">20<"#))
    #expect(html.contains("<svg"))
    #expect(html.contains("各地区债务率"))
    for forbidden in ["<link", " src=", "@import", "url(", "https://", "http://example"] {
      #expect(!html.contains(forbidden), "the report must not load `\(forbidden)`")
    }
    let (en, _) = try examplesReport(.en)
    #expect(en.contains("Violations by rule"))
    #expect(en.contains(#"<html lang="en">"#))
  }

  @Test func tidyFindsNoErrors() throws {
    let (html, _) = try examplesReport()
    let dir = try TestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = dir.appendingPathComponent("report.html")
    try html.write(to: file, atomically: true, encoding: .utf8)
    let r = try TestSupport.run("/usr/bin/env", ["tidy", "-errors", "-q", file.path])
    #expect(r.status == 0, "tidy: \(r.err)")
  }

  @Test func loadsInHeadlessChromiumWithoutScriptErrors() throws {
    let (html, _) = try examplesReport()
    let dir = try TestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = dir.appendingPathComponent("report.html")
    try html.write(to: file, atomically: true, encoding: .utf8)
    let r = try TestSupport.run(
      "/usr/bin/env",
      [
        "chromium", "--headless", "--no-sandbox", "--disable-gpu",
        "--user-data-dir=\(dir.appendingPathComponent("profile").path)", "--dump-dom",
        "file://\(file.path)",
      ])
    #expect(r.status == 0, "chromium: \(r.err.suffix(500))")
    #expect(r.out.contains(#"data-ready="1""#), "the page's script did not finish")
    let body = r.out.range(of: "<body[^>]*>", options: .regularExpression).map { String(r.out[$0]) }
    #expect(body == #"<body data-ready="1">"#, "the page raised a script error: \(body ?? "")")
    #expect(r.out.contains(#"<span id="count-shown">42</span>"#))
    #expect(r.out.components(separatedBy: #"<tr class="row "#).count - 1 == 42)
  }

  @Test func staysSmallWithManyViolations() throws {
    let (_, report) = try examplesReport()
    guard let sample = report.outcomes.first(where: { !$0.violations.isEmpty }) else {
      Issue.record("the examples have violations")
      return
    }
    var big = CheckReport()
    big.outcomes = Array(repeating: sample, count: 20_000 / sample.violations.count + 1)
    let html = HTMLReport().render(big, program: try TestSupport.loadPack())
    // Only the first page is written as rows; the rest is data for the pager.
    #expect(html.components(separatedBy: "<tr class=").count - 1 == 100)
    #expect(html.utf8.count < 40_000_000)
    #expect(big.violations.count >= 20_000)
  }
}
