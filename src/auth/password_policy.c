/*
 * password_policy.c: which passwords may be set (issue 25, F5). At least
 * PASSWORD_MIN characters, counted as characters and not bytes (ICU), at
 * most PASSWORD_MAX bytes, no control characters; and not guessable, as
 * libpwquality judges it with cracklib's dictionary: "1234567890" (too
 * systematic), "password12" (a dictionary word), ten spaces (a
 * palindrome), and anything built from the account's own e-mail address.
 * NIST SP 800-63B 5.1.1.2: check new passwords against lists of commonly
 * used, expected or compromised values, and the account's own name.
 */
#include "compat.h"

#include <ctype.h>
#include <pwquality.h>
#include <strings.h>
#include <unicode/ustring.h>

#include "auth/password.h"

/* Letters and digits of s, lower case, up to the '@' when `local` (the address's name). */
static void alnum_lower(const char *s, size_t len, bool local, char *out, size_t size)
{
    size_t n = 0;

    for (size_t i = 0; i < len && s[i] && n + 1 < size && !(local && s[i] == '@'); i++)
        if (isalnum((unsigned char)s[i]))
            out[n++] = (char)tolower((unsigned char)s[i]);
    out[n] = '\0';
}

/* Whether pw is built from the address's name, however it is punctuated ("annlee2026!"
 * for ann.lee@...): libpwquality finds the name only as written. */
static bool built_from(const char *pw, size_t len, const char *email)
{
    char name[PASSWORD_MAX + 1], p[PASSWORD_MAX + 1];

    alnum_lower(email, strlen(email), true, name, sizeof(name));
    alnum_lower(pw, len, false, p, sizeof(p));
    return strlen(name) >= 3 && strstr(p, name) != NULL;
}

/* Characters in pw, or -1 when it is not UTF-8. */
static int32_t characters(const char *pw, size_t len)
{
    UErrorCode st = U_ZERO_ERROR;
    UChar buf[PASSWORD_MAX * 2];
    int32_t units = 0;

    u_strFromUTF8(buf, PASSWORD_MAX * 2, &units, pw, (int32_t)len, &st);
    return U_FAILURE(st) ? -1 : u_countChar32(buf, units);
}

int password_check(const char *pw, size_t len, const char *email, struct mrx_err *err)
{
    pwquality_settings_t *pq;
    char why[PWQ_MAX_ERROR_MESSAGE_LEN], *text;
    void *aux = NULL;
    int32_t n;
    int score;

    if (len > PASSWORD_MAX)
        return mrx_err_set(err, MRX_EINVAL, "password", "must be at most %d bytes long",
                           PASSWORD_MAX);
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)pw[i] < 0x20 || pw[i] == 0x7f)
            return mrx_err_set(err, MRX_EINVAL, "password", "must not hold control characters");
    if ((n = characters(pw, len)) < 0)
        return mrx_err_set(err, MRX_EINVAL, "password", "must be UTF-8 text");
    if (n < PASSWORD_MIN)
        return mrx_err_set(err, MRX_EINVAL, "password", "must be at least %d characters long",
                           PASSWORD_MIN);
    if (email &&
        ((strlen(email) == len && strncasecmp(email, pw, len) == 0) || built_from(pw, len, email)))
        return mrx_err_set(err, MRX_EINVAL, "password",
                           "must not be built from your e-mail address");
    /* libpwquality wants a C string: a copy, wiped after */
    text = calloc(1, len + 1);
    if (!text)
        abort(); /* only out of memory */
    memcpy(text, pw, len);
    pq = pwquality_default_settings(); /* not /etc/security/pwquality.conf: the same everywhere */
    {
        char name[PASSWORD_MAX + 1] = ""; /* the address's name, as libpwquality's user */
        if (email)
            snprintf(name, sizeof(name), "%.*s", (int)strcspn(email, "@"), email);
        score =
            pq ? pwquality_check(pq, text, NULL, *name ? name : NULL, &aux) : PWQ_ERROR_MEM_ALLOC;
    }
    memset(text, 0, len);
    free(text);
    if (score == PWQ_ERROR_CRACKLIB_CHECK && !aux) { /* no dictionary on this machine */
        pwquality_free_settings(pq);
        return mrx_err_set(err, MRX_EIO, "password",
                           "the password checker has no dictionary (install cracklib-runtime)");
    }
    if (score < 0)
        pwquality_strerror(why, sizeof(why), score, aux);
    pwquality_free_settings(pq);
    if (score < 0)
        return mrx_err_set(err, MRX_EINVAL, "password", "is too easy to guess: %s", why);
    return MRX_OK;
}
