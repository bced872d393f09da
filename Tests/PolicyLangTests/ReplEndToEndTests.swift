import Foundation
import Testing

@testable import PolicyLang

/// The built `policy-repl` driven through a pipe: standard input is not a
/// terminal, so lines are read plainly and no prompt is printed.
@Suite struct ReplPipeTests {
  func repl(_ args: [String], _ script: String) throws -> (out: String, err: String, status: Int32)
  {
    try TestSupport.run(TestSupport.replBinary, args, stdin: script)
  }

  @Test func commandsAndExpressions() throws {
    let r = try repl(
      ["--lang", "en", "examples/filings"],
      """
      :use ZW-2023-FX
      debt_balance / fiscal_capacity
      sum(borrowings where not approved, amount)
      :type borrowings
      :quit
      1 + 1
      """)
    #expect(r.status == 0)
    #expect(r.err.isEmpty)
    #expect(
      r.out == """
        loaded policies: 18 files, 20 rules, 8 filing kinds, 4 params
        read 64 filings from 10 files
        64 valid filings
        in scope: ZW-2023-FX (debt, 阜新市, 市财政局, 2024-04-15) examples/filings/debt.yaml:55
        decimal = 1.54 (154%)
        money = ¥0
        list of Borrowing

        """)
  }

  @Test func queriesPrintAlignedTables() throws {
    let r = try repl(
      ["--policy", "policies", "examples/filings"],
      """
      :query debt where debt_balance > debt_limit select debt_balance, debt_limit
      :query * group by kind select count() sort by count() desc limit 3
      """)
    #expect(r.status == 0)
    #expect(
      r.out.hasSuffix(
        """
        id          debt_balance  debt_limit
        ----------  ------------  ----------
        ZW-2023-FX       385亿元     360亿元
        （1 行；7 份 debt 填报中 1 份符合条件）
        kind         count()
        -----------  -------
        commitment        10
        project           10
        procurement        9
        （3 行，共 8 行；64 份填报）

        """))
  }

  @Test func errorsAreShownWithCodeFramesAndTheSessionGoesOn() throws {
    let r = try repl(
      ["--lang", "en"],
      """
      debt_ratio_hgh * 2
      :use nothing
      :frobnicate
      :query debt where year >
      debt_ratio_high * 2
      """)
    #expect(r.status == 0)
    #expect(
      r.out.contains(
        """
        error[T001]: unknown name `debt_ratio_hgh`
         --> <repl-1>:1:1
          |
        1 | debt_ratio_hgh * 2
          | ^^^^^^^^^^^^^^
          = help: did you mean `debt_ratio_high`?
        """))
    #expect(r.out.contains("error: no filing with the id `nothing`"))
    #expect(r.out.contains("error: unknown command `:frobnicate`"))
    #expect(r.out.contains("error[P002]"))
    #expect(r.out.hasSuffix("decimal = 2.4 (240%)\n"))
  }

  @Test func multiLineInput() throws {
    let r = try repl(
      ["--lang", "en", "examples/filings/debt.yaml"],
      """
      rule ratio-over-150 "债务率超过 150%" en "Debt ratio over 150%"
        on debt
        severity major
        forbid debt_balance / fiscal_capacity > 150%
        because "债务率 {percent(debt_balance / fiscal_capacity)}"

      count([1, 2,
             3])
      sum([1, 2]) +
        10
      rule unfinished "x"
        on debt
      """)
    #expect(r.status == 0)
    #expect(r.out.contains("rule `ratio-over-150` added (on debt)\n"))
    #expect(r.out.contains(#/\n  message +债务率 154%\n/#))
    #expect(r.out.contains("7 filings checked; 1 violation (major 1)\n"))
    #expect(r.out.contains("int = 3\nint = 13\n"))
    // The input ended inside a rule: it is checked as it stands.
    #expect(
      r.out.hasSuffix("= help: add `severity critical`, `severity major` or `severity warning`\n"))
  }

  @Test func checkPrintsWhatPolicyCheckPrints() throws {
    let cli = try TestSupport.run(TestSupport.policyBinary, ["check", "examples/filings"])
    let r = try repl(["examples/filings"], ":check\n")
    #expect(cli.status == 1)
    #expect(r.out.hasSuffix(cli.out))
    #expect(cli.out.count > 1000)
  }

  @Test func paramsFromTheCommandLine() throws {
    let r = try repl(["--lang", "en", "--param", "debt_ratio_high=130%"], "debt_ratio_high\n")
    #expect(
      r.out == """
        loaded policies: 18 files, 20 rules, 8 filing kinds, 4 params
        param `debt_ratio_high` = 1.3 (130%)
        decimal = 1.3 (130%)

        """)
  }

  @Test func aPolicyWithErrorsIsReportedAndTheSessionGoesOn() throws {
    let dir = try TestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = dir.appendingPathComponent("bad.policy")
    try "param x: money = \"a\"\n".write(to: file, atomically: true, encoding: .utf8)
    let r = try repl(["--lang", "en", "--policy", file.path], "1 + 1\n:rules\n")
    #expect(r.status == 0)
    #expect(r.out.contains("error[T003]"))
    #expect(r.out.contains("int = 2\n"))
    #expect(r.out.contains("error: no policies are loaded"))
  }

  @Test func helpOption() throws {
    let r = try TestSupport.run(TestSupport.replBinary, ["--help"])
    #expect(r.status == 0)
    #expect(r.out.contains("USAGE: policy-repl"))
  }
}
