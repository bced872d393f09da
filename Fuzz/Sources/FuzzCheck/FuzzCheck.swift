import Foundation
import FuzzSupport
import PolicyLang

/// The shipped Liaoning pack, validating and evaluating arbitrary JSON
/// filings: the evaluator meets random numbers, dates, lists and texts.
let pack = shippedPack

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
  let bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
  let result = FilingReader.read(bytes: bytes, file: "fuzz.json", format: .json)
  var run = CheckRun(program: pack)
  run.explain = true
  run.recordPasses = true
  run.budget = 200_000
  let report = run.check(result)
  _ = TextReport(language: .en).render(report, passes: true)
  _ = JSONReport(language: .zh).render(report, passes: true)
  return 0
}
