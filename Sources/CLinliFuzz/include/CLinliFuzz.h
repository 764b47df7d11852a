#ifndef CLINLIFUZZ_H
#define CLINLIFUZZ_H
#include <stddef.h>
#include <stdint.h>

/// libFuzzer's own byte mutator, which the structure-aware mutator of
/// linli-fuzz falls back on. Weak: a replay build (no libFuzzer) links
/// without it and never calls it.
size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t maxSize) __attribute__((weak));

/// libFuzzer's driver, run from linli-fuzz's entry point. SwiftPM links an
/// executable target's entry as `<Module>_main` (main=LinliFuzz_main), so
/// libFuzzer's own `main` is not used; the fuzz build's LinliFuzz_main calls
/// this instead. Weak for the same reason as above.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size)) __attribute__((weak));

#endif
