import FuzzSupport

// The entry point SwiftPM links this target with (see `runFuzzer`).
@_cdecl("FuzzSchema_main")
func entry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
  runFuzzer(argc, argv) { fuzz($0, $1) }
}
