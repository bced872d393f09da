// el_set and history are variadic, which Swift cannot call; these wrappers
// give each use a fixed signature. C globals (stdin, stdout) are touched here
// only, because Swift 6 rejects them as shared mutable state.
#ifndef POLICY_CEDITLINE_SHIM_H
#define POLICY_CEDITLINE_SHIM_H
#include <stdio.h>
#include <histedit.h>
#endif
