import Foundation
import FuzzSupport
import PolicyLang

/// The schema-directed reader against the general path, on arbitrary bytes
/// read as a `.jsonl` and as a `.json` file: a check with it and one without
/// (`CheckPipeline.schemaDirected`) must give the same report, evidence and
/// errors included. As a `.json` file, also streamed in 16-byte chunks and
/// read whole (`FilingReader`): the same report again.
let pack = shippedPack

let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
  "fuzz-schema-\(getpid())")

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
  let bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
  try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
  for format in [FilingFormat.jsonl, .json] {
    let path = directory.appendingPathComponent(format == .jsonl ? "f.jsonl" : "f.json").path
    guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else { continue }
    var run = CheckRun(program: pack)
    run.explain = true
    run.budget = 200_000
    let fast = run.check(paths: [path])
    run.schemaDirected = false
    let general = run.check(paths: [path])
    let a = JSONReport(language: .en).render(fast)
    let b = JSONReport(language: .en).render(general)
    if a != b {
      fatalError("the fast and general paths disagree on this \(format) input:\n\(a)\n---\n\(b)")
    }
    guard format == .json else { continue }
    // A `.json` array streamed in chunks far smaller than its elements, and
    // the file read whole: the same report again.
    run.schemaDirected = true
    run.chunkSize = 16
    let small = JSONReport(language: .en).render(run.check(paths: [path]))
    let whole = JSONReport(language: .en).render(
      run.check(FilingReader.read(bytes: bytes, file: path, format: .json)))
    if small != a || whole != a {
      fatalError(
        "streaming in small chunks, or reading whole, disagrees:\n\(a)\n---\n\(small)\n---\n\(whole)"
      )
    }
  }
  return 0
}
