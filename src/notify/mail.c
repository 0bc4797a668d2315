/*
 * mail.c: e-mail through SMTP (see mail.h). The body is 8-bit UTF-8 plain
 * text with CRLF lines; a line that begins with a dot is sent as is, since
 * libcurl does the SMTP dot-stuffing itself.
 */
#include "compat.h"

#include <curl/curl.h>
#include <sodium.h>
#include <stdlib.h>
#include <time.h>

#include "common/strbuf.h"
#include "notify/mail.h"

bool mail_header_ok(const char *v)
{
    if (!v || !*v || strlen(v) > 300)
        return false;
    for (const unsigned char *p = (const unsigned char *)v; *p; p++)
        if (*p < 0x20 || *p >= 0x7f) /* one line of ASCII: no header injection, no RFC 2047 */
            return false;
    return true;
}

static void header(struct strbuf *t, const char *name, const char *value)
{
    strbuf_adds(t, name);
    strbuf_adds(t, ": ");
    strbuf_adds(t, value);
    strbuf_adds(t, "\r\n");
}

char *mail_render(const struct mail_message *m)
{
    struct strbuf t = {0};
    static const char mime[] = "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
                               "Content-Transfer-Encoding: 8bit\r\n\r\n";
    char date[64], id[40];
    time_t now = (time_t)m->now_s;
    struct tm tm;
    unsigned char rnd[16];

    gmtime_r(&now, &tm);
    strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S +0000", &tm);
    randombytes_buf(rnd, sizeof(rnd));
    sodium_bin2hex(id, sizeof(id), rnd, sizeof(rnd));
    header(&t, "Date", date);
    header(&t, "From", m->from);
    header(&t, "To", m->to);
    header(&t, "Subject", m->subject);
    strbuf_add(&t, "Message-ID: <", 13);
    strbuf_add(&t, id, strlen(id));
    strbuf_add(&t, "@moverx>\r\n", 10);
    strbuf_add(&t, mime, sizeof(mime) - 1);
    for (const char *p = m->text; *p;) { /* the body's lines, each ending in CRLF */
        size_t n = strcspn(p, "\n");
        strbuf_add(&t, p, n);
        strbuf_add(&t, "\r\n", 2);
        p += n + (p[n] == '\n');
    }
    return t.buf;
}

struct reader {
    const char *text;
    size_t left;
};

static size_t read_text(char *buf, size_t size, size_t n, void *arg)
{
    struct reader *r = arg;
    size_t k = size * n < r->left ? size * n : r->left;
    memcpy(buf, r->text, k);
    r->text += k;
    r->left -= k;
    return k;
}

bool mail_tls_required(const char *url)
{
    CURLU *u = curl_url();
    char *host = NULL;
    bool local = false;

    if (u && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK)
        local = strcmp(host, "127.0.0.1") == 0 || strcmp(host, "localhost") == 0 ||
                strcmp(host, "[::1]") == 0;
    curl_free(host);
    curl_url_cleanup(u);
    return !local;
}

int mail_send(const struct mail_server *s, const struct mail_message *m, struct mrx_err *err)
{
    struct curl_slist *rcpt = NULL;
    char from[320], to[320], errbuf[CURL_ERROR_SIZE] = "";
    struct reader r;
    char *text;
    CURL *curl;
    CURLcode res;

    if (!mail_header_ok(m->from) || !mail_header_ok(m->to) || !mail_header_ok(m->subject))
        return mrx_err_set(err, MRX_EINVAL, "mail", "a header holds a line break or nothing");
    if (!(curl = curl_easy_init()))
        return mrx_err_set(err, MRX_EINTERNAL, "mail", "libcurl could not start");
    text = mail_render(m);
    r = (struct reader){text, strlen(text)};
    snprintf(from, sizeof(from), "<%s>", m->from);
    snprintf(to, sizeof(to), "<%s>", m->to);
    rcpt = curl_slist_append(rcpt, to);
    curl_easy_setopt(curl, CURLOPT_URL, s->url);
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    /* STARTTLS refused or stripped: not sent, rather than the password and a one-time link
     * in the clear (a server on this machine excepted) */
    curl_easy_setopt(curl, CURLOPT_USE_SSL,
                     s->require_tls && mail_tls_required(s->url) ? CURLUSESSL_ALL : CURLUSESSL_TRY);
    if (s->user) {
        curl_easy_setopt(curl, CURLOPT_USERNAME, s->user);
        curl_easy_setopt(curl, CURLOPT_PASSWORD, s->password ? s->password : "");
    }
    curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from);
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_text);
    curl_easy_setopt(curl, CURLOPT_READDATA, &r);
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
    res = curl_easy_perform(curl);
    curl_slist_free_all(rcpt);
    curl_easy_cleanup(curl);
    free(text);
    if (res != CURLE_OK)
        return mrx_err_set(err, MRX_EIO, "mail", "%s",
                           errbuf[0] ? errbuf : curl_easy_strerror(res));
    return MRX_OK;
}
