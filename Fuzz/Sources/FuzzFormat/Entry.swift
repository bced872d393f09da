import Foundation
import PolicyLang

// SwiftPM links an executable target with `main` defined as
// `<Target>_main`; with `-parse-as-library` there is no such function, so
// it is defined here and hands over to libFuzzer's driver, on a thread with
// the large stack the checker runs on in production (so the library does not
// start a thread for every input).
@_silgen_name("LLVMFuzzerRunDriver")
func runDriver(
  _ argc: UnsafeMutablePointer<CInt>,
  _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
  _ callback: @convention(c) (UnsafeRawPointer, Int) -> CInt
) -> CInt

@_cdecl("FuzzFormat_main")
func entry(
  _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> CInt {
  nonisolated(unsafe) var argc = argc
  nonisolated(unsafe) var argv = argv
  let thread = Thread {
    exit(runDriver(&argc, &argv) { fuzz($0, $1) })
  }
  thread.stackSize = LargeStack.stackSize
  thread.start()
  while true { sleep(1000) }
}
