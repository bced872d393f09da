import CEditLine
import PolicyLang

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// The line editor on a terminal: libedit with emacs keys, a history file
/// of bounded size, Ctrl-R to search it, and Tab completion from the session.
final class LineEditor {
  private let editLine: OpaquePointer
  private let history: OpaquePointer
  private let historyPath: String?
  private var promptText: UnsafeMutablePointer<CChar>?
  private let complete: (String) -> ReplCompletion

  static let historySize: Int32 = 1000

  init?(historyPath: String?, complete: @escaping (String) -> ReplCompletion) {
    pl_use_utf8_locale()
    guard let el = pl_el_init("policy-repl") else { return nil }
    guard let h = history_init() else {
      el_end(el)
      return nil
    }
    editLine = el
    history = h
    self.historyPath = historyPath
    self.complete = complete
    // History keeps nothing until it has a size.
    _ = pl_history_set_size(h, LineEditor.historySize)
    _ = pl_history_set_unique(h, 1)
    if let historyPath { _ = pl_history_load(h, historyPath) }
    _ = pl_el_set_clientdata(el, Unmanaged.passUnretained(self).toOpaque())
    _ = pl_el_set_editor(el, "emacs")
    _ = pl_el_set_signal(el, 1)
    _ = pl_el_set_history(el, h)
    _ = pl_el_set_prompt(el, promptCallback)
    _ = pl_el_set_getcfn(el, readCharacter)
    _ = pl_el_add_function(
      el, "policy-complete", "complete a command, name or field", completeCallback)
    _ = pl_el_bind(el, "^I", "policy-complete")
    _ = pl_el_bind(el, "^R", "em-inc-search-prev")
    // The user's ~/.editrc may rebind keys.
    _ = el_source(el, nil)
  }

  deinit {
    el_end(editLine)
    history_end(history)
    free(promptText)
  }

  /// Reads one line after showing `prompt`.
  func read(prompt: String) -> LineRead {
    free(promptText)
    promptText = strdup(prompt)
    var count: Int32 = 0
    guard let raw = el_gets(editLine, &count) else {
      // Only the flag tells Ctrl-C from the end of input: errno may still
      // hold the EINTR of an earlier read.
      return Interrupt.take() ? .interrupted : .end
    }
    var line = String(cString: raw)
    while line.hasSuffix("\n") || line.hasSuffix("\r") { line.removeLast() }
    if line.contains(where: { $0 != " " && $0 != "\t" }) {
      _ = pl_history_enter(history, line)
      // Saved at once, so that a closed terminal loses nothing.
      if let historyPath { _ = pl_history_save(history, historyPath) }
    }
    return .line(line)
  }

  var currentPrompt: UnsafeMutablePointer<CChar>? { promptText }

  /// Tab: completes the word before the cursor as far as the candidates
  /// agree, or lists them.
  func completeLine(_ el: OpaquePointer) -> UInt8 {
    guard let info = el_line(el), let buffer = info.pointee.buffer, let cursor = info.pointee.cursor
    else { return UInt8(CC_ERROR) }
    let before = String(
      decoding: UnsafeRawBufferPointer(start: buffer, count: cursor - buffer), as: UTF8.self)
    let c = complete(before)
    if c.candidates.isEmpty { return UInt8(CC_REFRESH_BEEP) }
    let insertion = c.insertion
    if !insertion.isEmpty {
      return el_insertstr(el, insertion) == 0 ? UInt8(CC_REFRESH) : UInt8(CC_ERROR)
    }
    if c.candidates.count > 1 {
      Output.write("\n" + c.listing(width: Int(pl_terminal_columns())))
      return UInt8(CC_REDISPLAY)
    }
    return UInt8(CC_REFRESH)
  }
}

private func editor(_ el: OpaquePointer?) -> LineEditor? {
  guard let el, let data = pl_el_get_clientdata(el) else { return nil }
  return Unmanaged<LineEditor>.fromOpaque(data).takeUnretainedValue()
}

private let promptCallback: @convention(c) (OpaquePointer?) -> UnsafeMutablePointer<CChar>? = {
  el in editor(el)?.currentPrompt
}

private let completeCallback: @convention(c) (OpaquePointer?, Int32) -> UInt8 = { el, _ in
  guard let el, let e = editor(el) else { return UInt8(CC_ERROR) }
  return e.completeLine(el)
}

/// Reads one character for libedit. Its own reader retries a read that a
/// signal interrupted, so Ctrl-C would wait for the next key; this one gives
/// up once Ctrl-C was pressed, and `el_gets` returns no line. It waits with
/// `poll` in short steps, so that a Ctrl-C arriving just before it starts to
/// wait is not missed either.
private let readCharacter: el_rfunc_t = { _, out in
  func byte() -> (Int32, UInt8) {
    var b: UInt8 = 0
    while true {
      if Interrupt.isSet { return (-1, 0) }
      var p = pollfd(fd: 0, events: Int16(POLLIN), revents: 0)
      let ready = poll(&p, 1, 100)
      if ready == 0 || (ready < 0 && errno == EINTR) { continue }
      let n = ready < 0 ? -1 : Glibc.read(0, &b, 1)
      if n == 1 { return (1, b) }
      if n == 0 { return (0, 0) }
      if errno == EINTR { continue }
      return (-1, 0)
    }
  }
  let (status, first) = byte()
  guard status == 1 else { return status }
  var value = UInt32(first)
  let more: Int
  switch first {
  case 0..<0x80: more = 0
  case 0xC0..<0xE0:
    more = 1
    value &= 0x1F
  case 0xE0..<0xF0:
    more = 2
    value &= 0x0F
  case 0xF0..<0xF8:
    more = 3
    value &= 0x07
  default:
    more = -1
  }
  if more < 0 {
    value = 0xFFFD
  } else {
    for _ in 0..<more {
      let (s, b) = byte()
      guard s == 1 else { return s }
      guard b & 0xC0 == 0x80 else {
        value = 0xFFFD
        break
      }
      value = value << 6 | UInt32(b & 0x3F)
    }
  }
  if Unicode.Scalar(value) == nil { value = 0xFFFD }
  out?.pointee = wchar_t(bitPattern: value)
  return 1
}
