/*
 * readability.c: Flesch-Kincaid grade level (see readability.h).
 */
#include "compat.h"

#include "core/readability/readability.h"

#define WORD_MAX 64

void readability_init(struct readability *r)
{
    memset(r, 0, sizeof(*r));
}

static bool is_vowel(char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

static bool is_soft(char c) /* [^laeiouy] */
{
    return c != 'l' && !is_vowel(c);
}

/* Drops a silent ending: consonant+es, -ed (not after t or d), or consonant+e. */
static size_t strip_suffix(const char *w, size_t n)
{
    if (n >= 3 && w[n - 2] == 'e' && w[n - 1] == 's' && is_soft(w[n - 3]))
        return n - 3;
    if (n >= 3 && w[n - 2] == 'e' && w[n - 1] == 'd' && w[n - 3] != 't' && w[n - 3] != 'd')
        return n - 2;
    if (n >= 2 && w[n - 1] == 'e' && is_soft(w[n - 2]))
        return n - 2;
    return n;
}

int readability_syllables(const char *word, size_t len)
{
    char w[WORD_MAX];
    size_t n = 0, start = 0;
    int count = 0;

    for (size_t i = 0; i < len && n < sizeof(w); i++) {
        char c = word[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c >= 'a' && c <= 'z')
            w[n++] = c;
    }
    if (n <= 3)
        return 1;
    n = strip_suffix(w, n);
    if (n > 0 && w[0] == 'y')
        start = 1;
    for (size_t i = start; i < n;) {
        size_t run = 0;
        while (i + run < n && is_vowel(w[i + run]))
            run++;
        count += (int)((run + 1) / 2);
        i += run ? run : 1;
    }
    return count > 0 ? count : 1;
}

/* Length of the UTF-8 right single quote (an apostrophe) at p, or 0. */
static size_t curly_apostrophe(const char *p, size_t left)
{
    return left >= 3 && (unsigned char)p[0] == 0xE2 && (unsigned char)p[1] == 0x80 &&
                   (unsigned char)p[2] == 0x99
               ? 3
               : 0;
}

static size_t word_char(const char *p, size_t left)
{
    char c = *p;
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '\'')
        return 1;
    return curly_apostrophe(p, left);
}

static bool is_end(char c)
{
    return c == '.' || c == '!' || c == '?';
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Whether the unit's last non-space text is . ! or ?, allowing closing quotes or brackets. */
static bool ends_sentence(const char *t, size_t len)
{
    while (len > 0 &&
           (is_space(t[len - 1]) || t[len - 1] == '"' || t[len - 1] == ')' || t[len - 1] == '\''))
        len--;
    if (len >= 3 && curly_apostrophe(t + len - 3, 3)) /* a closing curly quote */
        return ends_sentence(t, len - 3);
    return len > 0 && is_end(t[len - 1]);
}

void readability_add(struct readability *r, const char *t, size_t len)
{
    long words = 0, syllables = 0, ends = 0;
    size_t i = 0;

    while (i < len) {
        size_t w = word_char(t + i, len - i), start = i;
        if (!w) {
            if (is_end(t[i])) {
                while (i < len && is_end(t[i]))
                    i++;
                ends += (i == len || is_space(t[i]));
                continue;
            }
            i++;
            continue;
        }
        while (i < len && (w = word_char(t + i, len - i)))
            i += w;
        words++;
        syllables += readability_syllables(t + start, i - start);
    }
    if (words == 0)
        return;
    if (!ends_sentence(t, len))
        ends++;
    r->words += words;
    r->syllables += syllables;
    r->sentences += ends > 0 ? ends : 1;
}

double readability_grade(const struct readability *r)
{
    if (r->words == 0)
        return 0.0;
    return 0.39 * (double)r->words / (double)r->sentences +
           11.8 * (double)r->syllables / (double)r->words - 15.59;
}
