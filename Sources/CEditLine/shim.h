// el_set and history are variadic, which Swift cannot call; these wrappers
// give each use a fixed signature. C globals (stdin, stdout) are touched here
// only, because Swift 6 rejects them as shared mutable state.
#ifndef POLICY_CEDITLINE_SHIM_H
#define POLICY_CEDITLINE_SHIM_H
#include <stdio.h>
#include <string.h>
#include <signal.h>
#include <locale.h>
#include <langinfo.h>
#include <sys/ioctl.h>
#include <histedit.h>

static inline EditLine *pl_el_init(const char *program) {
  return el_init(program, stdin, stdout, stderr);
}

static inline int pl_el_set_prompt(EditLine *el, char *(*prompt)(EditLine *)) {
  return el_set(el, EL_PROMPT, prompt);
}

static inline int pl_el_set_editor(EditLine *el, const char *mode) {
  return el_set(el, EL_EDITOR, mode);
}

static inline int pl_el_set_signal(EditLine *el, int on) { return el_set(el, EL_SIGNAL, on); }

static inline int pl_el_set_history(EditLine *el, History *h) {
  return el_set(el, EL_HIST, history, h);
}

static inline int pl_el_set_clientdata(EditLine *el, void *data) {
  return el_set(el, EL_CLIENTDATA, data);
}

static inline void *pl_el_get_clientdata(EditLine *el) {
  void *data = NULL;
  if (el_get(el, EL_CLIENTDATA, &data) != 0) return NULL;
  return data;
}

static inline int pl_el_set_getcfn(EditLine *el, el_rfunc_t read_char) {
  return el_set(el, EL_GETCFN, read_char);
}

static inline int pl_el_add_function(
    EditLine *el, const char *name, const char *help, unsigned char (*fn)(EditLine *, int)) {
  return el_set(el, EL_ADDFN, name, help, fn);
}

static inline int pl_el_bind(EditLine *el, const char *key, const char *function) {
  return el_set(el, EL_BIND, key, function, NULL);
}

static inline int pl_history_set_size(History *h, int size) {
  HistEvent ev;
  return history(h, &ev, H_SETSIZE, size);
}

static inline int pl_history_set_unique(History *h, int on) {
  HistEvent ev;
  return history(h, &ev, H_SETUNIQUE, on);
}

static inline int pl_history_enter(History *h, const char *line) {
  HistEvent ev;
  return history(h, &ev, H_ENTER, line);
}

// H_LOAD and H_SAVE return the number of entries, negative on failure.
static inline int pl_history_load(History *h, const char *path) {
  HistEvent ev;
  return history(h, &ev, H_LOAD, path);
}

static inline int pl_history_save(History *h, const char *path) {
  HistEvent ev;
  return history(h, &ev, H_SAVE, path);
}

// Without SA_RESTART, so that a read waiting for a key returns EINTR. The
// signals the REPL and libedit rely on are unblocked too: a parent may have
// started us with them blocked (test runners, some job launchers).
static inline int pl_install_sigint(void (*handler)(int)) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = handler;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;
  sigset_t wanted;
  sigemptyset(&wanted);
  sigaddset(&wanted, SIGINT);
  sigaddset(&wanted, SIGWINCH);
  sigaddset(&wanted, SIGCONT);
  sigaddset(&wanted, SIGTSTP);
  sigprocmask(SIG_UNBLOCK, &wanted, NULL);
  return sigaction(SIGINT, &sa, NULL);
}

// libedit reads and shows characters in the locale's encoding: use the
// environment's locale, or C.UTF-8 when that is not UTF-8, so Chinese works.
static inline void pl_use_utf8_locale(void) {
  const char *set = setlocale(LC_CTYPE, "");
  if (set == NULL || strcmp(nl_langinfo(CODESET), "UTF-8") != 0) {
    setlocale(LC_CTYPE, "C.UTF-8");
  }
}

static inline int pl_terminal_columns(void) {
  struct winsize ws;
  if (ioctl(1, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
  return 80;
}

#endif
