import Dispatch
import Foundation
import PolicyLang

// In-process measurements for Benchmarks/run.sh: the same pipeline as
// `policy check`, with each stage measured on its own.
//
//   policy-bench STAGE FILE [--threads N] [--policy DIR]
//
// STAGE: parse (read and parse JSON, no schema), validate (parse and validate,
// no rule), check (everything, outcomes counted but not written), load (parse
// and type-check the pack, repeated).

let args = CommandLine.arguments
guard args.count >= 3 else {
  FileHandle.standardError.write(
    Data("usage: policy-bench parse|validate|check|load FILE [--threads N] [--policy DIR]\n".utf8))
  exit(2)
}
let stage = args[1]
let file = args[2]
var threads = 1
var policy = "policies"
var i = 3
while i + 1 < args.count {
  if args[i] == "--threads" { threads = Int(args[i + 1]) ?? 1 }
  if args[i] == "--policy" { policy = args[i + 1] }
  i += 2
}

func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

let t0 = now()
let (loaded, diagnostics) = PolicyLoader.load(paths: [policy])
guard let program = loaded else {
  FileHandle.standardError.write(Data(DiagnosticRenderer().render(diagnostics).utf8))
  exit(2)
}
let loadNanos = now() - t0

if stage == "load" {
  let n = 50
  let s = now()
  for _ in 0..<n { _ = PolicyLoader.load(paths: [policy]) }
  let per = Double(now() - s) / Double(n) / 1e6
  print(
    "load\t\(String(format: "%.2f", per)) ms per load and type-check of \(program.rules.count) rules"
  )
  exit(0)
}

let bytes = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
var pipeline = CheckPipeline(program: program)
pipeline.threads = threads
// As `policy check` does: messages in the report language only.
pipeline.reportLanguage = .zh
pipeline.stage = stage == "parse" ? .parse : stage == "validate" ? .validate : .rules
let start = now()
var filings = 0
var violations = 0
pipeline.run(paths: [file]) { o in
  filings += 1
  violations += o.violations.count
}
let seconds = Double(now() - start) / 1e9
print(
  "\(stage)\tthreads=\(threads)\t\(filings) filings\t\(violations) violations\t"
    + String(
      format: "%.2f s\t%.0f filings/s\t%.1f MB/s", seconds, Double(filings) / seconds,
      Double(bytes) / 1e6 / seconds))
_ = loadNanos
