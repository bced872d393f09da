import Testing

@testable import PolicyLang

@Suite struct SourceFileTests {
  @Test func locationsCountScalarsNotBytes() {
    let f = SourceFile(path: "a.policy", text: "规则 x\n  y\n")
    #expect(f.location(of: 0) == SourceLocation(file: "a.policy", line: 1, column: 1))
    // "规则 " is 7 bytes; the `x` is the fourth scalar on the line.
    #expect(f.location(of: 7) == SourceLocation(file: "a.policy", line: 1, column: 4))
    #expect(f.location(of: 11) == SourceLocation(file: "a.policy", line: 2, column: 3))
    #expect(f.line(2) == "  y")
  }

  @Test func codeFrameMarksTheSpanUnderWideText() {
    let f = SourceFile(path: "a.policy", text: "let 数额 = debt_limt\n")
    let start = Array("let 数额 = ".utf8).count
    let d = Diagnostic(
      .unknownName, "unknown name `debt_limt`", source: f,
      span: SourceSpan(start, start + 9), label: "not defined", hint: "did you mean `debt_limit`?")
    let text = DiagnosticRenderer().render(d)
    #expect(
      text == """
        error[T001]: unknown name `debt_limt`
         --> a.policy:1:10
          |
        1 | let 数额 = debt_limt
          |            ^^^^^^^^^ not defined
          = help: did you mean `debt_limit`?

        """)
  }
}
