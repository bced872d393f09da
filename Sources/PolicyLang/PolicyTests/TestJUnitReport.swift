/// `policy test --format junit`: JUnit XML for CI. One `<testsuite>` per
/// policy file with its tests; with coverage, a `coverage` suite with a case
/// per rule (skipped when some of the rule is not covered) and a failing
/// `threshold` case when coverage is below `--threshold`.
public struct TestJUnitReport: Sendable {
  public var language: Language

  public init(language: Language = .zh) { self.language = language }

  var labels: TestLabels { TestLabels(language: language) }

  public func render(_ run: PolicyTestRun, coverage: TestCoverage? = nil, threshold: Dec? = nil)
    -> String
  {
    var files: [(String, [PolicyTestResult])] = []
    for r in run.results {
      if let i = files.firstIndex(where: { $0.0 == r.location.file }) {
        files[i].1.append(r)
      } else {
        files.append((r.location.file, [r]))
      }
    }
    var suites = ""
    var tests = run.results.count
    var failures = run.failed
    for (file, results) in files {
      suites += suite(file, results)
    }
    if let coverage {
      let below = threshold.map { !coverage.meets($0) } ?? false
      tests += coverage.rules.count + (threshold == nil ? 0 : 1)
      failures += below ? 1 : 0
      suites += coverageSuite(coverage, threshold, below: below)
    }
    var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    out +=
      "<testsuites name=\"policy test\" tests=\"\(tests)\" failures=\"\(failures)\" errors=\"\(run.errored)\">\n"
    out += suites
    out += "</testsuites>\n"
    return out
  }

  func suite(_ file: String, _ results: [PolicyTestResult]) -> String {
    let failed = results.count { $0.status == .failed }
    let errors = results.count { $0.status == .error }
    var s =
      "  <testsuite name=\(attr(file)) tests=\"\(results.count)\" failures=\"\(failed)\" errors=\"\(errors)\">\n"
    let text = TestTextReport(language: language, color: false)
    for r in results {
      s +=
        "    <testcase name=\(attr(r.name)) classname=\(attr(file)) file=\(attr(file)) line=\"\(r.location.line)\""
      switch r.status {
      case .passed:
        s += "/>\n"
      case .failed:
        let message = r.failures.map { labels.actual($0.problem) }.joined(separator: "; ")
        s += ">\n      <failure message=\(attr(message)) type=\"failure\">"
        s += escape(text.failure(r)) + "</failure>\n    </testcase>\n"
      case .error:
        let message = r.diagnostics.first?.message ?? labels.error
        s += ">\n      <error message=\(attr(message)) type=\"error\">"
        s += escape(text.failure(r)) + "</error>\n    </testcase>\n"
      }
    }
    return s + "  </testsuite>\n"
  }

  func coverageSuite(_ c: TestCoverage, _ threshold: Dec?, below: Bool) -> String {
    let skipped = c.rules.count { $0.covered < $0.items.count }
    let count = c.rules.count + (threshold == nil ? 0 : 1)
    var s =
      "  <testsuite name=\"coverage\" tests=\"\(count)\" failures=\"\(below ? 1 : 0)\" errors=\"0\" skipped=\"\(skipped)\">\n"
    s += "    <properties>\n"
    s += "      <property name=\"percent\" value=\"\(c.percent)\"/>\n"
    s += "      <property name=\"covered\" value=\"\(c.covered)\"/>\n"
    s += "      <property name=\"total\" value=\"\(c.total)\"/>\n"
    if let threshold { s += "      <property name=\"threshold\" value=\"\(threshold)\"/>\n" }
    s += "    </properties>\n"
    for r in c.rules {
      s += "    <testcase name=\(attr(r.rule)) classname=\"coverage\""
      let missing = r.items.filter { !$0.covered }
      if missing.isEmpty {
        s += "/>\n"
      } else {
        let text = missing.map { labels.missing($0) }.joined(separator: "; ")
        s +=
          ">\n      <skipped message=\(attr(labels.notCovered + ": " + text))/>\n    </testcase>\n"
      }
    }
    if let threshold {
      s += "    <testcase name=\"threshold\" classname=\"coverage\""
      if below {
        s +=
          ">\n      <failure message=\(attr(labels.belowThreshold(c, threshold))) type=\"coverage\"/>\n"
        s += "    </testcase>\n"
      } else {
        s += "/>\n"
      }
    }
    return s + "  </testsuite>\n"
  }

  func attr(_ s: String) -> String { "\"" + escape(s, attribute: true) + "\"" }

  /// Text for XML 1.0 content or a quoted attribute. Characters XML 1.0
  /// cannot hold at all (most control characters) become U+FFFD, and line ends
  /// in attributes are kept as character references.
  func escape(_ s: String, attribute: Bool = false) -> String {
    var out = ""
    for u in s.unicodeScalars {
      switch u {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&apos;"
      case "\n", "\t": out += attribute ? "&#\(u.value);" : String(u)
      case "\r": out += "&#13;"
      default:
        let v = u.value
        if v < 0x20 || v == 0xFFFE || v == 0xFFFF {
          out += "\u{FFFD}"
        } else {
          out.unicodeScalars.append(u)
        }
      }
    }
    return out
  }
}
