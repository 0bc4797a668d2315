/*
 * replay.c: runs a fuzz harness over files named on the command line (a
 * seed corpus), so that every harness builds and runs in the ordinary test
 * suite, with or without a libFuzzer-capable compiler. Prints
 * "N passed, 0 failed"; a crash or sanitizer report fails the test.
 */
#include "compat.h"

#include "data/fileio.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
    int done = 0;

    for (int i = 1; i < argc; i++) {
        struct mrx_err err;
        char *text;
        size_t len;
        if (file_read_all(argv[i], MRX_EINVAL, &text, &len, &err)) {
            fprintf(stderr, "replay: %s: %s\n", err.field, err.msg);
            return 1;
        }
        /* Whole files, then every prefix of the first 64 bytes: truncated input. */
        LLVMFuzzerTestOneInput((const uint8_t *)text, len);
        for (size_t cut = 0; cut < len && cut < 64; cut++)
            LLVMFuzzerTestOneInput((const uint8_t *)text, cut);
        free(text);
        done++;
    }
    printf("%d passed, 0 failed\n", done);
    return done > 0 ? 0 : 1;
}
