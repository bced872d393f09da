extension ReplSession {
  /// `:help [COMMAND]`
  func help(_ topic: String?) -> String {
    if let topic {
      let name = topic.hasPrefix(":") ? String(topic.dropFirst()) : topic
      if name == "query" || name == "queries" { return queryHelp }
      guard let c = ReplSession.resolve(name).command else {
        return problem(
          t("没有命令 `:\(name)`", "no command `:\(name)`"),
          hint: t("`:help` 列出全部命令", "`:help` lists the commands"))
      }
      return ":\(c.name) \(c.arguments)\n  \(c.summary(language))\n"
    }
    var table = TextTable(headers: [t("命令", "command"), t("作用", "what it does")])
    for c in ReplSession.commands {
      table.add([
        ":\(c.name)" + (c.arguments.isEmpty ? "" : " \(c.arguments)"), c.summary(language),
      ])
    }
    return table.render(color: color) + "\n" + t(zhGuide, enGuide)
  }

  var zhGuide: String {
    """
    其余输入是表达式或声明：
      表达式        求值并显示类型和值，如 `sum(payables.amount - payables.paid)`；
                    先用 `:use ID` 选定填报，才能使用它的字段；常量和参数随时可用
      声明          `rule …`、`param …`、`define …`、`record …`、`filing …` 与已加载的策略一起检查，
                    规则随即对已加载的填报检查；同名声明取代先前的（文件中的也一样）
    多行输入：括号未闭合或行末是运算符时继续；`rule` 和 `test` 声明以空行结束。
    Ctrl-C 放弃当前输入或中断运行，Ctrl-D 退出，Tab 补全，Ctrl-R 搜索历史。

    """
  }

  var enGuide: String {
    """
    Anything else is an expression or a declaration:
      expression    evaluated, with its type and value: `sum(payables.amount - payables.paid)`;
                    `:use ID` puts a filing's fields in scope; constants and params always work
      declaration   `rule …`, `param …`, `define …`, `record …`, `filing …` are checked with the
                    loaded policies, and a rule is checked at once against the loaded filings;
                    a declaration replaces an earlier one of the same name (in the files too)
    Input goes on while a bracket is open or a line ends with an operator; a `rule` or
    `test` declaration ends at a blank line.
    Ctrl-C abandons the input or stops a run, Ctrl-D leaves, Tab completes, Ctrl-R searches
    the history.

    """
  }

  var queryHelp: String {
    t(
      """
      :query KIND [where 条件] [group by 表达式, …] [select 列, …] [sort by 列 [desc], …] [limit N]

        KIND        填报种类，`*` 表示全部种类
        where       筛选条件，与规则中的条件写法相同
        group by    分组；每组一行
        select      列：每份填报的表达式，或汇总 `count()`、`count(条件)`、`sum(x)`、`avg(x)`、
                    `min(x)`、`max(x)`（分组或有汇总时每组一行；`avg` 保留两位小数）
        sort by     按列排序（照写列名或写列号），`desc` 为降序
        limit N     只显示前 N 行
      不分组时每份填报一行，首列是 id；不写 select 时显示 region 和 report_date。

      例：
        :query debt where debt_balance / fiscal_capacity > 100% select debt_balance, fiscal_capacity
        :query debt group by region select count(), sum(debt_balance) sort by sum(debt_balance) desc
        :query project select count(payables where paid < amount)
        :query * group by kind

      """,
      """
      :query KIND [where CONDITION] [group by EXPR, …] [select COLUMN, …] [sort by COLUMN [desc], …] [limit N]

        KIND        a filing kind, or `*` for every kind
        where       which filings: a condition written as in a rule
        group by    one row per group
        select      columns: an expression per filing, or a total: `count()`, `count(CONDITION)`,
                    `sum(x)`, `avg(x)`, `min(x)`, `max(x)` (grouped or totalled: one row per
                    group; `avg` is rounded to 2 decimal places)
        sort by     a column as written, or its number; `desc` for descending
        limit N     only the first N rows
      Ungrouped, each filing is a row and the first column is its id; without `select`,
      region and report_date are shown.

      Examples:
        :query debt where debt_balance / fiscal_capacity > 100% select debt_balance, fiscal_capacity
        :query debt group by region select count(), sum(debt_balance) sort by sum(debt_balance) desc
        :query project select count(payables where paid < amount)
        :query * group by kind

      """)
  }
}
