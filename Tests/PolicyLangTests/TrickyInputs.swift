import Testing

/// Inputs that have tripped formatters: comments in odd places, parentheses
/// that matter, literals that must stay as written, text that cannot break.
enum TrickyInputs {
  struct Case: CustomTestStringConvertible, Sendable {
    var name: String
    var text: String
    var testDescription: String { name }
  }

  static let all: [Case] = [
    Case(name: "empty file", text: ""),
    Case(name: "only comments", text: "# one\n\n# two\n"),
    Case(name: "byte-order mark", text: "\u{FEFF}# bom\ndefine x = 1\n"),
    Case(name: "crlf line ends", text: "define x = 1\r\n# c\r\ndefine y = 2\r\n"),
    Case(
      name: "ideographic spaces",
      text: "define　x　=　[1,\u{3000}2]\n"),
    Case(
      name: "parentheses that matter",
      text: """
        define a = (1 - (2 - 3)) * -(4 + 5) / (6 * 7)
        define b = (x ?? y) + 1 - (p ?? q ?? r)
        define c = not (a and b) or (not c) and d
        define d = ((a == b) == c) != (d in e)
        define e = (xs where a) where b or c
        define f = (if a then b else c) + (if d then e else f)
        define g = [if a then b else c when d, (x where y)]
        define h = (a + b) days + (-x).y + (x is present) is absent
        define i = (if a then b else c) where d
        define j = not not x and - -y > 0
        define k = (a where b).c + (r with { x: 1 }).x
        """),
    Case(
      name: "unless whose condition starts with a string",
      text: """
        rule r "t"
          on debt
          severity major
          forbid x
          unless ("a" == region)
          unless ("a" + "b").c == "ab"
          unless "label": "a" == region
        """),
    Case(
      name: "literals as written",
      text: """
        define n = [1_000, 3.5亿, 120万元, 800元, 2亿元, 120%, 0.5%, 3.25, 1_000_000.000_1]
        define d = [2019-12-12 + 1 day, x + 2 days, y - 1 month, 3 months, 1 year, 2 years]
        define p = [a is present, b is absent, c is not present, d is not absent]
        define s = ["\\"q\\" \\\\ \\{x\\} \\n \\t", "{a + 1}{b}", "中文 {if a then "x" else "y"}"]
        rule r "t" cites 三(一) on debt severity warning forbid x
        rule q "t" cites 二（二）,二(三) on debt severity warning forbid x
        """),
    Case(
      name: "comments in odd places",
      text: """
        rule # after rule
          r-1 # after id
          "标题" # after title
          en # after en
          "Title"
          on # after on
          debt where # after where
          x > 1
          severity # after severity
          major when # after when
          a > b, # after comma
          warning when c
          else # after else
          critical
          forbid ( # after paren
            a # after a
            and # after and
            b # after b
          ) # after close
          because "m" # after message
        # between declarations

        define xs = [ # open
          1, # one
          # before two
          2
          # after last
        ]
        define f(a: int, # first param
          b: int) = count( # open call
          xs, # arg
          # dangling in call
        )
        record R { # open
          # only a comment
        }
        filing k {
          a: int # trailing a
          # dangling at the end
        }
        test "t" {
          # before given
          given k { a: 1, # one
          } # after record
          expect nothing # after expect
          # dangling in test
        }
        # at the very end
        """),
    Case(
      name: "a trailing comment after the last clause stays with that clause",
      text: """
        rule r "t" effective 2020-01-01 # repealed later
          on debt severity major forbid x
        param p: int = 1 effective 2020-01-01 doc "d" # the doc
        policy "p" source "s" title "t" # the title
        """),
    Case(
      name: "long lines",
      text: """
        define long_condition = debt_balance > debt_limit and fiscal_capacity > 0 and borrowings_count > 3 or emergency_plan and early_warning and risk_assessment
        define long_call = join(each(borrowings where instrument not in lawful_instruments or not approved, instrument), "、")
        define long_list = ["风险评估" when not risk_assessment, "预警机制" when not early_warning, "应急处置机制" when not emergency_plan]
        define long_if = if a_very_long_condition_name > another_quite_long_name then "the first answer is here" else if b then "second" else "third"
        define nested = count(payables where due_date >= arrears_cutoff and due_date < report_date and paid < amount and amount > 0)
        define 中文名字很长的定义 = 中文字段一 + 中文字段二 + 中文字段三 + 中文字段四 + 中文字段五 + 中文字段六 + 中文字段七
        fixture base = debt { id: "D-1", region: "沈阳市", department: "财政局", report_date: 2024-06-30, year: 2023, debt_balance: 12亿 }
        rule r "一个很长很长很长很长很长很长很长很长很长很长很长的标题" en "A very long title that is long enough to need its own line"
          cites 三（三） quote "政府债务要规模适度、风险可控，不准违法违规过度举债。" "第二段引文，接在第一段之后，两段合在一起就超过了一行的宽度。"
          on debt where region == "沈阳市" and department == "财政局" and year >= 2020 and debt_balance > 0
          severity critical when ratio > debt_ratio_high * 2, major when ratio > debt_ratio_high else warning
          forbid ratio > debt_ratio_warning
          unless "一个很长的例外标签，足以让条件换到下一行去": filing.remedied and year > 2020 and count(borrowings) == 0
          because "很长的消息 {debt_balance} 超过限额 {debt_limit}" en "a long message {debt_balance} over the limit {debt_limit}"
        """),
    Case(
      name: "multi-line interpolation",
      text: """
        rule r "t" on debt severity warning forbid x
          because "a {
            if x then "y"
            else "z"}" en "b"
        """),
    Case(
      name: "a field called year after a number",
      text: "fixture f = debt { amount: 5, year: 2023, days: 3, month: 1 }\n"),
    Case(
      name: "tests",
      text: """
        test "fires" { given base with { debt_balance: 12亿 } param debt_ratio_high = 130% expect debt-over-limit critical mitigated expect no excessive-debt-ratio }
        test "nothing" { given debt { } expect nothing }
        test "invalid" { expect invalid given base }
        test "from a file" { expect nothing given file "filings.jsonl"  # the file
          filing "ZW-F-1" }
        """),
    Case(
      name: "very long chains, which the parser builds without a depth limit",
      text: "define x = " + (0..<3000).map { "a\($0)" }.joined(separator: " + ") + "\n"
        + "define y = " + (0..<1000).map { "a\($0)" }.joined(separator: " where ") + "\n"
        + "define z = a" + String(repeating: ".b", count: 1000)
        + String(repeating: " days", count: 2) + "\n"
        + "define w = " + (0..<1000).map { "a\($0)" }.joined(separator: " - ") + " * x\n"),
    Case(
      name: "empty things",
      text: """
        record E {}
        filing e {}
        define l = []
        define c = f()
        fixture x = {}
        """),
  ]
}
