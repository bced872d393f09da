import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// `policy-repl` on a pseudo-terminal, so that libedit is in charge: Tab
/// completion, Ctrl-C and Ctrl-D as a person would use them. Every wait has
/// a deadline, and the child is killed if it outlives the test.
@Suite struct ReplTerminalTests {
  @Test func tabCompletesACommand() throws {
    let home = try TestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: home) }
    let started = Date()
    let term = try PseudoTerminal(TestSupport.replBinary, ["--lang", "en"], home: home.path)
    defer { term.close() }
    _ = try term.waitFor("policy> ")
    let ms = Int(Date().timeIntervalSince(started) * 1000)
    try term.waitForPrompt()
    print("policy-repl: first prompt on a terminal after \(ms) ms")
    term.send(":sch\t")
    _ = try term.waitFor(":schema ")
    term.send("\n")
    let shown = try term.waitFor("statistics")
    #expect(shown.contains("kind         fields  rules  loaded"))
    term.send(":quit\n")
    #expect(try term.waitForExit() == 0)
    let history = try String(
      contentsOf: home.appendingPathComponent(".policy_repl_history"), encoding: .utf8)
    #expect(history.contains(":schema"))
  }

  @Test func tabListsCandidatesAndCompletesFields() throws {
    let home = try TestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: home) }
    let term = try PseudoTerminal(
      TestSupport.replBinary, ["--lang", "en", "examples/filings/debt.yaml"], home: home.path)
    defer { term.close() }
    try term.waitForPrompt()
    term.send(":use ZW-2023-S\t\n")
    try term.waitForPrompt("policy ZW-2023-SY> ")
    term.send("debt_b\t / fisc\t\n")
    _ = try term.waitFor("decimal = 1.077793103448275862 (107.78%)")
    try term.waitForPrompt("policy ZW-2023-SY> ", occurrences: 2)
    term.send(":s\t")
    _ = try term.waitFor(":schema  :set")
    term.send("\u{15}\u{4}")  // Ctrl-U clears the line, Ctrl-D leaves
    #expect(try term.waitForExit() == 0)
  }

  @Test func ctrlRSearchesTheHistory() throws {
    let home = try TestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: home) }
    let term = try PseudoTerminal(TestSupport.replBinary, ["--lang", "en"], home: home.path)
    defer { term.close() }
    try term.waitForPrompt()
    term.send("2 * 21\n")
    try term.waitForPrompt(occurrences: 2)
    term.send("7 - 7\n")
    try term.waitForPrompt(occurrences: 3)
    term.send("\u{12}2 *")
    _ = try term.waitFor("2 * 21", occurrences: 2)
    term.send("\n")
    _ = try term.waitFor("int = 42", occurrences: 2)
    try term.waitForPrompt(occurrences: 4)
    term.send(":quit\n")
    #expect(try term.waitForExit() == 0)
  }

  @Test func ctrlCAbandonsTheLineAndCtrlDLeaves() throws {
    let home = try TestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: home) }
    let term = try PseudoTerminal(TestSupport.replBinary, ["--lang", "en"], home: home.path)
    defer { term.close() }
    try term.waitForPrompt()
    term.send("100 +")
    _ = try term.waitFor("100 +")
    term.interrupt()
    try term.waitForPrompt(occurrences: 2)
    term.send("2 * 3\n")
    let shown = try term.waitFor("int = ")
    #expect(shown.contains("int = 6"))
    try term.waitForPrompt(occurrences: 3)
    term.send("\u{4}")
    #expect(try term.waitForExit() == 0)
  }
}

/// A child process whose standard input, output and error are a
/// pseudo-terminal that the test reads and writes.
final class PseudoTerminal {
  let master: Int32
  let process = Process()
  private var output: [UInt8] = []

  init(_ executable: String, _ arguments: [String], home: String) throws {
    // posix_openpt and friends are hidden behind feature macros in the Glibc
    // module; these are the Linux calls they make (asm-generic ioctl numbers).
    let m = open("/dev/ptmx", O_RDWR | O_NOCTTY)
    guard m >= 0 else { throw SetupError("no pseudo-terminal: errno \(errno)") }
    master = m
    let getNumber: UInt = 0x8004_5430  // TIOCGPTN
    let setLock: UInt = 0x4004_5431  // TIOCSPTLCK
    var unlock: Int32 = 0
    var number: UInt32 = 0
    guard ioctl(m, setLock, &unlock) == 0, ioctl(m, getNumber, &number) == 0 else {
      Glibc.close(m)
      throw SetupError("cannot set up the pseudo-terminal: errno \(errno)")
    }
    let name = "/dev/pts/\(number)"
    let slave = open(name, O_RDWR | O_NOCTTY)
    guard slave >= 0 else {
      Glibc.close(m)
      throw SetupError("cannot open \(name): errno \(errno)")
    }
    var size = winsize(ws_row: 40, ws_col: 100, ws_xpixel: 0, ws_ypixel: 0)
    _ = ioctl(slave, UInt(TIOCSWINSZ), &size)
    let handle = FileHandle(fileDescriptor: slave, closeOnDealloc: true)
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.currentDirectoryURL = TestSupport.root
    process.environment = [
      "HOME": home, "TERM": "xterm", "NO_COLOR": "1", "LANG": "C.UTF-8",
      "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
    ]
    process.standardInput = handle
    process.standardOutput = handle
    process.standardError = handle
    do {
      try process.run()
    } catch {
      Glibc.close(m)
      throw error
    }
    try handle.close()
  }

  func send(_ text: String) {
    var bytes = Array(text.utf8)[...]
    while !bytes.isEmpty {
      let n = bytes.withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
      if n <= 0 { return }
      bytes = bytes.dropFirst(n)
    }
  }

  /// Ctrl-C, as the terminal driver would send it.
  func interrupt() { kill(process.processIdentifier, SIGINT) }

  /// Reads what is there within `milliseconds`; false once the child is gone.
  @discardableResult
  func pump(milliseconds: Int32) -> Bool {
    var p = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
    guard poll(&p, 1, milliseconds) > 0 else { return true }
    var buffer = [UInt8](repeating: 0, count: 4096)
    let n = read(master, &buffer, buffer.count)
    if n > 0 {
      output += buffer[..<n]
      return true
    }
    return false
  }

  /// What has been shown so far, without escape sequences and carriage returns.
  var shown: String { PseudoTerminal.plain(output) }

  /// Waits for a prompt, then a little longer: libedit prints the prompt
  /// before it puts the terminal in raw mode, and keys typed in between are
  /// echoed by the terminal and read late, which no person types fast enough
  /// to do.
  func waitForPrompt(_ prompt: String = "policy> ", occurrences: Int = 1) throws {
    _ = try waitFor(prompt, occurrences: occurrences)
    let settle = Date().addingTimeInterval(0.2)
    while Date() < settle { pump(milliseconds: 20) }
  }

  /// Waits until the screen text contains `text` (`occurrences` times).
  func waitFor(_ text: String, occurrences: Int = 1, seconds: Double = 20) throws -> String {
    let deadline = Date().addingTimeInterval(seconds)
    while true {
      let s = shown
      if s.components(separatedBy: text).count - 1 >= occurrences { return s }
      if Date() >= deadline {
        throw SetupError("timed out waiting for `\(text)`; the terminal shows:\n\(s)")
      }
      if !pump(milliseconds: 50), !process.isRunning {
        throw SetupError("policy-repl exited before showing `\(text)`:\n\(shown)")
      }
    }
  }

  /// The exit status, once the child has exited (nil if it had to be killed).
  func waitForExit(seconds: Double = 20) throws -> Int32? {
    let deadline = Date().addingTimeInterval(seconds)
    while process.isRunning {
      if Date() >= deadline {
        process.terminate()
        throw SetupError("policy-repl did not exit; the terminal shows:\n\(shown)")
      }
      pump(milliseconds: 20)
    }
    process.waitUntilExit()
    return process.terminationStatus
  }

  func close() {
    if process.isRunning {
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
    }
    Glibc.close(master)
  }

  static func plain(_ bytes: [UInt8]) -> String {
    var out: [UInt8] = []
    var i = 0
    while i < bytes.count {
      let b = bytes[i]
      if b == 0x1B, i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "[") {
        i += 2
        while i < bytes.count, !(0x40...0x7E).contains(bytes[i]) { i += 1 }
        i += 1
      } else if b == 0x1B {
        i += 2
      } else if b == 0x0D || b == 0x07 {
        i += 1
      } else {
        out.append(b)
        i += 1
      }
    }
    return String(decoding: out, as: UTF8.self)
  }
}
