import Foundation
import Testing

@testable import PolicyLang

@Suite struct EvaluatorTests {
  func value(_ text: String) throws -> String {
    switch ExpressionEvaluator.evaluate(text, program: try TestSupport.loadPack()) {
    case .success(let r): return ValueFormatter(language: .en).format(r.value, as: r.type)
    case .failure(let f):
      return "error: " + f.diagnostics.map(\.description).joined(separator: "; ")
    }
  }

  func failure(_ text: String) throws -> Diagnostic? {
    if case .failure(let f) = ExpressionEvaluator.evaluate(
      text, program: try TestSupport.loadPack())
    {
      return f.diagnostics.first
    }
    return nil
  }

  @Test func exactArithmetic() throws {
    #expect(try value("0.1 + 0.2") == "0.3")
    #expect(try value("0.1 + 0.2 == 0.3") == "true")
    #expect(try value("1.5亿 - 1万元") == "¥149,990,000")
    #expect(try value("120% * 3.5亿") == "¥420,000,000")
    #expect(try value("1 / 3") == "0.333333333333333333")
    #expect(try value("7 / 2") == "3.5")
    #expect(try value("-(-5)") == "5")
  }

  @Test func failuresAreErrorsNotCrashes() throws {
    #expect(try failure("1 / 0")?.code == .divisionByZero)
    #expect(try failure("9223372036854775807 + 1")?.code == .overflow)
    #expect(try failure("9999-12-31 + 1 day")?.code == .dateOutOfRange)
    #expect(try failure("100000000000000000000 * 100000000000000000000")?.code == .overflow)
    #expect(try failure("abs(-9223372036854775807 - 1)")?.code == .overflow)
    #expect(try failure("round(1.5, 40)")?.code == .evaluationError)
  }

  @Test func budgetBoundsWork() throws {
    let r = ExpressionEvaluator.evaluate(
      "count([1, 2, 3, 4, 5, 6, 7, 8] where all([1, 2, 3, 4, 5, 6, 7, 8], it > 0))",
      program: nil, budget: 50)
    guard case .failure(let f) = r else {
      Issue.record("expected the budget to run out")
      return
    }
    #expect(f.diagnostics.first?.code == .budgetExceeded)
  }

  @Test func shortCircuitGuardsDivision() throws {
    #expect(try value("0 != 0 and 1 / 0 > 1") == "false")
    #expect(try value("0 == 0 or 1 / 0 > 1") == "true")
    #expect(try value("if 1 > 2 then 1 / 0 else 7") == "7")
  }

  @Test func listsAndAggregates() throws {
    #expect(try value("sum([1, 2, 3])") == "6")
    #expect(try value("sum([])") == "0")
    #expect(try value("max([3, 9, 4])") == "9")
    #expect(try value("max([]) ?? -1") == "-1")
    #expect(try value("[10, 20] - [1, 2]") == "9, 18")
    #expect(try value("[10, 20] * 2") == "20, 40")
    #expect(try value("each([1, 2], it + 1)") == "2, 3")
    #expect(try value("join(each([1, 2], \"#{it}\"), \"/\")") == "#1/#2")
    #expect(try value("count([1, 2, 3], it >= 2)") == "2")
    #expect(try value("3 not in [1, 2]") == "true")
    #expect(try failure("[1, 2] - [1]")?.code == .evaluationError)
  }

  @Test func datesAndDurations() throws {
    #expect(try value("2024-02-29 + 1 year") == "2025-02-28")
    #expect(try value("2024-03-31 - 1 month") == "2024-02-29")
    #expect(try value("days(2024-02-28, 2024-03-01)") == "2")
    #expect(try value("days(2023-02-28, 2023-03-01)") == "1")
    #expect(try value("2019-12-12 + 30 days + 1 month") == "2020-02-11")
    #expect(try value("year(2024-02-29) * 100 + month(2024-02-29)") == "202402")
  }

  /// `trim` removes exactly Unicode's White_Space, which `isSpace` lists.
  @Test func trimSpacesAreWhiteSpace() {
    var differ: [UInt32] = []
    for v in UInt32(0)...0x10FFFF {
      guard let u = Unicode.Scalar(v) else { continue }
      if Evaluator.isSpace(u) != u.properties.isWhitespace { differ.append(v) }
    }
    let hex = differ.prefix(5).map { String($0, radix: 16) }
    #expect(differ.isEmpty, "White_Space differs at \(hex)")
  }

  @Test func textFunctions() throws {
    #expect(try value("trim(\"\u{3000} a \u{3000}\")") == "a")
    #expect(try value("trim(\"\\t\\n a b\\n \")") == "a b")
    #expect(try value("trim(\"\u{00A0}甲\u{2003}乙\u{00A0}\")") == "甲\u{2003}乙")
    #expect(try value("trim(\"甲\")") == "甲")
    #expect(try value("trim(\" \u{3000}\")") == "")
    #expect(try value("trim(\"\u{200B}甲\")") == "\u{200B}甲")
    // Texts are equal when canonically equivalent; only "" equals "".
    #expect(try value("\"张三\" == \"\"") == "false")
    #expect(try value("\"\" != \"张三\"") == "true")
    #expect(try value("trim(\"\u{3000}\") == \"\"") == "true")
    #expect(try value("\"\u{E9}\" == \"e\u{301}\"") == "true")
    #expect(try value("length(\"辽宁省\")") == "3")
    #expect(try value("contains(\"辽政发\", \"政\")") == "true")
    #expect(try value("percent(1.136363)") == "113.64%")
    #expect(try value("round(2.345, 2)") == "2.35")
    #expect(try value("round(-2.5)") == "-3")
  }

  @Test func filingFieldsAndDivisionByZeroNamesTheField() throws {
    let program = try TestSupport.loadPack()
    let json =
      #"{"kind":"debt","id":"D","region":"r","department":"d","report_date":"2023-12-31","year":2023,"debt_balance":5,"debt_limit":9,"fiscal_capacity":2,"borrowings":[],"risk_assessment":true,"early_warning":true,"emergency_plan":true}"#
    guard case .success(let node) = JSONReader.parse(Array(json.utf8), file: "f.json"),
      case .success(let record) = FilingValidator(program: program).validate(
        RawFiling(file: "f.json", index: 0, node: node))
    else {
      Issue.record("the filing should be valid")
      return
    }
    guard
      case .success(let r) = ExpressionEvaluator.evaluate(
        "debt_balance / fiscal_capacity", program: program, filing: record)
    else {
      Issue.record("should evaluate")
      return
    }
    #expect(r.type == .decimal)
    #expect(ValueFormatter(language: .en).format(r.value, as: r.type) == "2.5")
    if case .failure(let f) = ExpressionEvaluator.evaluate(
      "debt_balance / (fiscal_capacity - 2)", program: program, filing: record)
    {
      #expect(f.diagnostics.first?.code == .divisionByZero)
    } else {
      Issue.record("division by zero should fail")
    }
  }
}
