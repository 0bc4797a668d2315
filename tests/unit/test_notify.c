/*
 * test_notify.c: when a reminder is due (notify/due.c), which push services
 * may be called (notify/send.c) and the e-mail as it goes on the wire
 * (notify/mail.c). Sending itself is tested against real receivers in
 * tests/e2e/notify.test.mjs.
 */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <cmocka.h>

#include "notify/due.h"
#include "notify/mail.h"
#include "notify/send.h"

static struct remind_facts at_seven_thirty(int now)
{
    struct remind_facts f = {now, 7 * 60 + 30, -1, -1, true, true, false};
    return f;
}

static void due_on_the_persons_clock(void **state)
{
    struct remind_facts f;
    (void)state;

    assert_false(reminder_due((f = at_seven_thirty(7 * 60 + 29), &f)));
    assert_true(reminder_due((f = at_seven_thirty(7 * 60 + 30), &f)));
    assert_true(reminder_due((f = at_seven_thirty(7 * 60 + 30 + REMIND_WINDOW_MINUTES - 1), &f)));
    assert_false(reminder_due((f = at_seven_thirty(7 * 60 + 30 + REMIND_WINDOW_MINUTES), &f)));

    f = at_seven_thirty(8 * 60);
    f.done_today = true; /* the session is logged: nothing to remind of */
    assert_false(reminder_due(&f));
    f = at_seven_thirty(8 * 60);
    f.session_day = false;
    assert_false(reminder_due(&f));
    f = at_seven_thirty(8 * 60);
    f.running = false; /* paused or stopped: never a nudge to exercise */
    assert_false(reminder_due(&f));

    /* late (the server was down) but inside quiet hours that begin at 9: not sent */
    f = at_seven_thirty(9 * 60 + 5);
    f.quiet_start = 9 * 60;
    f.quiet_end = 12 * 60;
    assert_false(reminder_due(&f));
}

static void quiet_hours_across_midnight(void **state)
{
    (void)state;
    assert_true(in_quiet_hours(23 * 60, 22 * 60, 7 * 60));
    assert_true(in_quiet_hours(3 * 60, 22 * 60, 7 * 60));
    assert_false(in_quiet_hours(7 * 60, 22 * 60, 7 * 60));
    assert_false(in_quiet_hours(12 * 60, 22 * 60, 7 * 60));
    assert_true(in_quiet_hours(13 * 60, 12 * 60, 14 * 60));
    assert_false(in_quiet_hours(13 * 60, -1, -1));
    assert_int_equal(clock_minutes("07:30"), 450);
    assert_int_equal(clock_minutes("24:00"), -1);
    assert_int_equal(clock_minutes("7:30"), -1);
    assert_int_equal(clock_minutes("07:3x"), -1);
}

static void only_trusted_push_services(void **state)
{
    (void)state;
    assert_true(
        push_endpoint_allowed("https://fcm.googleapis.com/fcm/send/abc", PUSH_HOSTS_DEFAULT));
    assert_true(push_endpoint_allowed("https://web.push.apple.com/QGv", PUSH_HOSTS_DEFAULT));
    assert_true(push_endpoint_allowed("https://wns2-par02p.notify.windows.com/w/?token=x",
                                      PUSH_HOSTS_DEFAULT));
    /* plain http, look-alike hosts, user info and internal addresses are refused */
    assert_false(
        push_endpoint_allowed("http://fcm.googleapis.com/fcm/send/abc", PUSH_HOSTS_DEFAULT));
    assert_false(
        push_endpoint_allowed("https://fcm.googleapis.com.evil.test/x", PUSH_HOSTS_DEFAULT));
    assert_false(push_endpoint_allowed("https://evilpush.apple.com/x", PUSH_HOSTS_DEFAULT));
    assert_false(push_endpoint_allowed("https://push.apple.com/x", PUSH_HOSTS_DEFAULT));
    assert_false(
        push_endpoint_allowed("https://fcm.googleapis.com@10.0.0.1/x", PUSH_HOSTS_DEFAULT));
    assert_false(push_endpoint_allowed("https://10.0.0.1/x", PUSH_HOSTS_DEFAULT));
    assert_false(push_endpoint_allowed("file:///etc/passwd", PUSH_HOSTS_DEFAULT));
    assert_false(push_endpoint_allowed(NULL, PUSH_HOSTS_DEFAULT));
    /* an exact scheme://host entry, for a local push service */
    assert_true(push_endpoint_allowed("http://127.0.0.1:4567/push", "http://127.0.0.1"));
    assert_false(push_endpoint_allowed("http://127.0.0.2:4567/push", "http://127.0.0.1"));
    assert_false(push_endpoint_allowed("https://127.0.0.1:4567/push", "http://127.0.0.1"));
}

static void mail_on_the_wire(void **state)
{
    struct mail_message m = {"care@clinic.example", "fay@example.org", "Time for your exercises",
                             "Hello,\n\n.a line that starts with a dot\nlast", 1796688000};
    char *text;
    (void)state;

    assert_false(mail_header_ok("Subject\r\nBcc: x@evil.test"));
    assert_false(mail_header_ok(""));
    assert_false(mail_header_ok("caf\xc3\xa9")); /* no RFC 2047: ASCII only */
    assert_true(mail_header_ok("Time for your exercises"));
    assert_true(mail_tls_required("smtp://mail.clinic.example:587"));
    assert_true(mail_tls_required("smtps://mail.clinic.example:465"));
    assert_false(mail_tls_required("smtp://127.0.0.1:2525")); /* this machine: nothing crosses */
    text = mail_render(&m);
    assert_non_null(strstr(text, "Date: Tue, 08 Dec 2026 00:00:00 +0000\r\n"));
    assert_non_null(strstr(text, "From: care@clinic.example\r\nTo: fay@example.org\r\n"));
    assert_non_null(
        strstr(text, "\r\n\r\nHello,\r\n\r\n.a line that starts with a dot\r\nlast\r\n"));
    for (const char *p = text; (p = strchr(p, '\n')); p++)
        assert_true(p > text && p[-1] == '\r'); /* CRLF everywhere */
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(due_on_the_persons_clock),
        cmocka_unit_test(quiet_hours_across_midnight),
        cmocka_unit_test(only_trusted_push_services),
        cmocka_unit_test(mail_on_the_wire),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
