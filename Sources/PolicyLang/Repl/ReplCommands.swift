import Foundation

/// One `:command` of the REPL.
public struct ReplCommand: Sendable {
  public let name: String
  public let arguments: String
  let zh: String
  let en: String

  public func summary(_ language: Language) -> String { language == .zh ? zh : en }
}

extension ReplSession {
  public static let commands: [ReplCommand] = [
    ReplCommand(
      name: "load", arguments: "PATH...", zh: "加载策略（.policy 文件或目录）或填报（数据文件或目录）",
      en: "load policies (.policy files, directories) or filings (data files, directories)"),
    ReplCommand(
      name: "reload", arguments: "", zh: "从磁盘重新读取已加载的策略和填报",
      en: "read the loaded policies and filings again from disk"),
    ReplCommand(name: "rules", arguments: "[KIND]", zh: "列出规则", en: "list the rules"),
    ReplCommand(
      name: "schema", arguments: "[KIND]", zh: "列出填报种类，或一种填报（记录）的字段",
      en: "list the filing kinds, or the fields of one kind or record"),
    ReplCommand(
      name: "params", arguments: "", zh: "列出参数及其值", en: "list the params and their values"),
    ReplCommand(
      name: "set", arguments: "NAME VALUE", zh: "设定参数的值（同 `--param`）",
      en: "set a param's value (like `--param`)"),
    ReplCommand(
      name: "unset", arguments: "NAME", zh: "恢复参数在策略中声明的值",
      en: "give a param back the value its policy declares"),
    ReplCommand(
      name: "filings", arguments: "[KIND]", zh: "列出已加载的填报", en: "list the loaded filings"),
    ReplCommand(
      name: "use", arguments: "[ID]", zh: "选定一份填报，表达式可使用它的字段；不带 ID 则清除",
      en: "put a filing in scope for expressions; without ID, clear it"),
    ReplCommand(
      name: "check", arguments: "[ID]", zh: "用全部规则检查已加载的填报（或其中一份）",
      en: "check the loaded filings (or one) against every rule"),
    ReplCommand(
      name: "explain", arguments: "ID [RULE]", zh: "解释每条规则对一份填报为何触发或不触发",
      en: "explain why each rule fired or not for one filing"),
    ReplCommand(
      name: "query", arguments: "KIND [where …] [group by …] [select …] …",
      zh: "对已加载的填报筛选、计数、分组、汇总（`:help query`）",
      en: "filter, count, group and total the loaded filings (`:help query`)"),
    ReplCommand(
      name: "test", arguments: "[NAME]", zh: "运行策略中的测试（或名称含 NAME 的测试）",
      en: "run the policy tests (or those whose name contains NAME)"),
    ReplCommand(name: "type", arguments: "EXPR", zh: "显示表达式的类型", en: "show an expression's type"),
    ReplCommand(
      name: "drop", arguments: "NAME", zh: "删除在提示符下声明的规则、参数或定义",
      en: "forget a rule, param or definition declared at the prompt"),
    ReplCommand(name: "help", arguments: "[COMMAND]", zh: "帮助", en: "help"),
    ReplCommand(name: "quit", arguments: "", zh: "退出（或 Ctrl-D）", en: "leave (or Ctrl-D)"),
  ]

  static let aliases = ["q": "quit", "exit": "quit", "h": "help", "?": "help"]

  /// A command name, written in full, as an alias or as a prefix of one
  /// command (`:sch` is `:schema`).
  static func resolve(_ name: String) -> (command: ReplCommand?, matches: [String]) {
    let n = aliases[name] ?? name
    if let c = commands.first(where: { $0.name == n }) { return (c, [c.name]) }
    let matches = commands.filter { $0.name.hasPrefix(n) && !n.isEmpty }
    return (matches.count == 1 ? matches[0] : nil, matches.map(\.name))
  }

  /// Runs a `:command` line.
  func command(_ line: String) -> String {
    let body = line.dropFirst()
    let name = String(body.prefix { !$0.isWhitespace })
    let rest = body.dropFirst(name.count).trimmingCharacters(in: .whitespaces)
    let args = rest.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
    let (found, matches) = ReplSession.resolve(name)
    guard let command = found else {
      return problem(
        t("未知命令 `:\(name)`", "unknown command `:\(name)`"),
        hint: matches.isEmpty
          ? suggestion(for: name, among: ReplSession.commands.map(\.name)).map {
            t("是否想输入 `:\($0)`？", "did you mean `:\($0)`?")
          } ?? t("`:help` 列出全部命令", "`:help` lists the commands")
          : t("可能是 ", "could be ") + matches.map { "`:\($0)`" }.joined(separator: ", "))
    }
    func usage() -> String {
      problem(t("用法：", "usage: ") + "`:\(command.name) \(command.arguments)`")
    }
    switch command.name {
    case "load": return args.isEmpty ? usage() : load(args)
    case "reload": return reload()
    case "rules": return rules(kind: args.first)
    case "schema": return schema(args.first)
    case "params": return params()
    case "set": return set(rest)
    case "unset": return args.count == 1 ? unset(args[0]) : usage()
    case "filings": return filings(kind: args.first)
    case "use": return args.count <= 1 ? use(args.first) : usage()
    case "check": return args.count <= 1 ? check(args.first) : usage()
    case "explain":
      return (1...2).contains(args.count) ? explain(args[0], rule: args.dropFirst().first) : usage()
    case "query":
      guard !rest.isEmpty else { return usage() }
      return query(line: line, argumentsAt: line.utf8.count - rest.utf8.count)
    case "test": return test(rest.isEmpty ? nil : rest)
    case "type": return rest.isEmpty ? usage() : ensureDefaultPolicies() + typeOf(rest)
    case "drop": return args.count == 1 ? drop(args[0]) : usage()
    case "help": return help(args.first)
    default:
      shouldQuit = true
      return ""
    }
  }
}
