/*
 * test_limits.c: one client cannot hold the server (issue 25, F1). Many
 * connections from one address that send their headers a line at a time
 * are refused past [server] max_connections_per_address, while another
 * address is still answered; a body that trickles in a byte at a time is
 * cut off at [server] request_deadline_s. A real server on 127.0.0.1, real
 * sockets (the loopback net is 127/8, so 127.0.0.2 is another address).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "harness.h"

#define PER_ADDRESS 8
#define DEADLINE_S 2
#define HOLDERS 40

/* A TCP connection to the server from `from` (an address on the loopback net). */
static int connect_from(const struct server *s, const char *from)
{
    struct sockaddr_in src = {.sin_family = AF_INET}, dst = {.sin_family = AF_INET};
    int fd = socket(AF_INET, SOCK_STREAM, 0);

    assert_true(fd >= 0);
    assert_int_equal(inet_pton(AF_INET, from, &src.sin_addr), 1);
    assert_int_equal(inet_pton(AF_INET, "127.0.0.1", &dst.sin_addr), 1);
    dst.sin_port = htons((uint16_t)s->port);
    assert_int_equal(bind(fd, (struct sockaddr *)&src, sizeof(src)), 0);
    assert_int_equal(connect(fd, (struct sockaddr *)&dst, sizeof(dst)), 0);
    return fd;
}

/* Whether the server has closed fd (end of file or a reset) within ms. */
static bool closed_within(int fd, int ms)
{
    struct pollfd p = {.fd = fd, .events = POLLIN};
    char buf[512];

    while (poll(&p, 1, ms) == 1) {
        ssize_t n = recv(fd, buf, sizeof(buf), 0);
        if (n == 0 || (n < 0 && errno == ECONNRESET))
            return true;
        if (n < 0)
            return false;
    }
    return false;
}

static void send_text(int fd, const char *text)
{
    assert_int_equal(send(fd, text, strlen(text), MSG_NOSIGNAL), (ssize_t)strlen(text));
}

static void start(struct server *s)
{
    char path[320], text[128];
    FILE *f;

    server_prepare(s);
    snprintf(path, sizeof(path), "%s/limits.ini", s->dir);
    f = fopen(path, "w");
    assert_non_null(f);
    snprintf(text, sizeof(text),
             "[server]\nmax_connections_per_address = %d\nrequest_deadline_s = %d\n", PER_ADDRESS,
             DEADLINE_S);
    fputs(text, f);
    fclose(f);
    server_start_args(s, NULL, (const char *const[]){"--config", path, NULL});
}

/* Slow headers from one address: past the limit its connections are closed at once,
 * and a client at another address is answered all the while. */
static void one_address_cannot_hold_them_all(void **state)
{
    struct server s;
    struct response r;
    int fds[HOLDERS], open = 0;
    (void)state;

    start(&s);
    for (int i = 0; i < HOLDERS; i++) {
        fds[i] = connect_from(&s, "127.0.0.2");
        send_text(fds[i], "GET /healthz HTTP/1.1\r\nHost: a\r\n"); /* and no more */
    }
    for (int i = 0; i < HOLDERS; i++)
        open += !closed_within(fds[i], i < PER_ADDRESS ? 50 : 300);
    assert_true(open <= PER_ADDRESS);
    assert_true(open >= PER_ADDRESS / 2); /* the limit, not a refusal of everything */
    http_do(&s, NULL, "GET", "/healthz", NULL, NULL, &r); /* from 127.0.0.1 */
    assert_int_equal(r.status, 200);
    response_free(&r);
    for (int i = 0; i < HOLDERS; i++)
        close(fds[i]);
    server_stop(&s, false);
}

/* A body a byte at a time is cut off at the deadline, though each byte comes well
 * inside the idle timeout. */
static void a_trickling_body_is_cut_off(void **state)
{
    struct server s;
    struct timespec t0, t1;
    bool closed = false;
    int fd;
    (void)state;

    start(&s);
    fd = connect_from(&s, "127.0.0.3");
    send_text(fd,
              "POST /api/v1/auth/login HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\n"
              "Content-Length: 200\r\n\r\n{");
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (int i = 0; i < 40 && !closed; i++) { /* up to 20 s; the idle timeout is 30 */
        if (send(fd, " ", 1, MSG_NOSIGNAL) != 1)
            closed = true;
        else
            closed = closed_within(fd, 500);
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    assert_true(closed);
    assert_true(t1.tv_sec - t0.tv_sec <= DEADLINE_S + 3);
    close(fd);
    server_stop(&s, false);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(one_address_cannot_hold_them_all),
        cmocka_unit_test(a_trickling_body_is_cut_off),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
