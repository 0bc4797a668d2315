/*
 * email.c: an e-mail address as accounts keep it, so that one person has
 * one account. ASCII addresses are lower-cased. Others are normalized with
 * ICU (NFKC with case folding: composed and decomposed letters, full-width
 * forms and case are one address), and refused when they hold what makes
 * a look-alike (issue 25, F13): an invisible character (a zero-width space
 * or joiner, a format control, a space), or letters of more than one
 * script in one part, as a Cyrillic "а" among Latin ones (ICU's spoof
 * checker, highly restrictive level: UTS #39).
 */
#include "compat.h"

#include <ctype.h>
#include <pthread.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uspoof.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

#include "records/internal.h"

#define EMAIL_MAX 254
#define EMAIL_UNITS 512 /* UTF-16 units of a 254-byte address, with room for its folding */

static USpoofChecker *checker;
static pthread_once_t checker_once = PTHREAD_ONCE_INIT;

/* One checker for the process: its checks are thread-safe once configured. */
static void checker_open(void)
{
    UErrorCode st = U_ZERO_ERROR;
    USpoofChecker *c = uspoof_open(&st);

    uspoof_setChecks(c, USPOOF_RESTRICTION_LEVEL | USPOOF_MIXED_NUMBERS | USPOOF_INVISIBLE, &st);
    uspoof_setRestrictionLevel(c, USPOOF_HIGHLY_RESTRICTIVE);
    if (U_FAILURE(st)) {
        uspoof_close(c);
        return;
    }
    checker = c;
}

/* Whether the code point cannot be seen, or is a space or a control. */
static bool invisible(UChar32 c)
{
    int8_t t = u_charType(c);
    return u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT) || t == U_CONTROL_CHAR ||
           t == U_FORMAT_CHAR || t == U_SPACE_SEPARATOR || t == U_LINE_SEPARATOR ||
           t == U_PARAGRAPH_SEPARATOR || c == 0x7f;
}

/* One part of a non-ASCII address (before or after the @): visible, one script. */
static int check_part(const char *s, int32_t n, struct mrx_err *err)
{
    UErrorCode st = U_ZERO_ERROR;
    int32_t i = 0;
    UChar32 c;

    while (i < n) {
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wconversion" /* inside ICU's macro */
        U8_NEXT(s, i, n, c);
#pragma GCC diagnostic pop
        if (c < 0)
            return mrx_err_set(err, MRX_EINVAL, "email", "must be UTF-8 text");
        if (invisible(c))
            return mrx_err_set(err, MRX_EINVAL, "email",
                               "must not hold spaces, invisible or control characters");
    }
    pthread_once(&checker_once, checker_open);
    if (!checker)
        return mrx_err_set(err, MRX_EINTERNAL, "email", "the address checker did not start");
    if (uspoof_checkUTF8(checker, s, n, NULL, &st) != 0 || U_FAILURE(st))
        return mrx_err_set(err, MRX_EINVAL, "email",
                           "mixes letters of different alphabets, as a look-alike address does");
    return MRX_OK;
}

/* NFKC with case folding, back into UTF-8. */
static int fold(const char *email, char *out, size_t size, struct mrx_err *err)
{
    UErrorCode st = U_ZERO_ERROR;
    UChar in16[EMAIL_UNITS], out16[EMAIL_UNITS];
    int32_t n16 = 0, m16, n8 = 0;
    const UNormalizer2 *nf = unorm2_getNFKCCasefoldInstance(&st);

    u_strFromUTF8(in16, EMAIL_UNITS, &n16, email, -1, &st);
    m16 = U_SUCCESS(st) ? unorm2_normalize(nf, in16, n16, out16, EMAIL_UNITS, &st) : 0;
    if (U_SUCCESS(st))
        u_strToUTF8(out, (int32_t)size, &n8, out16, m16, &st);
    if (U_FAILURE(st) || n8 < 3 || n8 > EMAIL_MAX || (size_t)n8 >= size)
        return mrx_err_set(err, MRX_EINVAL, "email", "must be 3 to 254 bytes long");
    return MRX_OK;
}

int email_normal(const char *email, char *out, size_t size, struct mrx_err *err)
{
    size_t n = email ? strlen(email) : 0;
    const char *at = email ? strchr(email, '@') : NULL;
    bool ascii = true;
    int rc;

    if (n < 3 || n > EMAIL_MAX || n >= size)
        return mrx_err_set(err, MRX_EINVAL, "email", "must be 3 to 254 bytes long");
    if (!at || at == email || !at[1] || strchr(at + 1, '@'))
        return mrx_err_set(err, MRX_EINVAL, "email", "must be one address: name@domain");
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)email[i];
        if (c <= 0x20 || c == 0x7f)
            return mrx_err_set(err, MRX_EINVAL, "email",
                               "must not hold spaces, invisible or control characters");
        ascii &= c < 0x80;
        out[i] = (char)tolower(c);
    }
    out[n] = '\0';
    if (ascii)
        return MRX_OK;
    if ((rc = check_part(email, (int32_t)(at - email), err)) ||
        (rc = check_part(at + 1, (int32_t)(n - (size_t)(at - email) - 1), err)))
        return rc;
    return fold(email, out, size, err);
}
