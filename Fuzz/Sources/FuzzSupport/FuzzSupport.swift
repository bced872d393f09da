import Foundation
import PolicyLang

@_silgen_name("LLVMFuzzerRunDriver")
func runDriver(
  _ argc: UnsafeMutablePointer<CInt>,
  _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
  _ callback: @convention(c) (UnsafeRawPointer, Int) -> CInt
) -> CInt

/// Hands over to libFuzzer's driver, on a thread with the large stack the
/// checker runs on in production (so the library does not start a thread for
/// every input). Each target's `<Target>_main` calls this: SwiftPM links an
/// executable with `main` named after its target, and with `-parse-as-library`
/// there is no such function unless the target defines it.
public func runFuzzer(
  _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
  _ callback: @escaping @convention(c) (UnsafeRawPointer, Int) -> CInt
) -> CInt {
  nonisolated(unsafe) var argc = argc
  nonisolated(unsafe) var argv = argv
  let thread = Thread {
    exit(runDriver(&argc, &argv, callback))
  }
  thread.stackSize = LargeStack.stackSize
  thread.start()
  while true { sleep(1000) }
}

/// Reads arbitrary bytes as a filing file of `format`, with the default
/// limits and with small ones, so that every limit is reached often.
public func fuzzReader(_ start: UnsafeRawPointer, _ count: Int, format: FilingFormat) {
  let bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
  var small = LoaderLimits()
  small.maxDepth = 8
  small.maxStringBytes = 64
  small.maxLineBytes = 512
  small.maxErrorsPerFile = 3
  small.maxYAMLNodes = 200
  for limits in [LoaderLimits(), small] {
    let result = FilingReader.read(
      bytes: bytes, file: "fuzz.\(format.rawValue)", format: format, limits: limits)
    for e in result.errors { _ = e.description }
  }
}

/// The shipped Liaoning pack, for targets that check filings with it.
public let shippedPack: Program = {
  let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  let (program, diagnostics) = PolicyLoader.load(
    paths: [root.appendingPathComponent("policies").path])
  guard let program else {
    fatalError("the pack does not load:\n\(DiagnosticRenderer().render(diagnostics))")
  }
  return program
}()
