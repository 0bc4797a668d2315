/*
 * test_lessons.c: the shipped lessons (count, the topics the program needs,
 * titles, order) and lesson loading and rendering (safe HTML, bad files).
 */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "data/datadir.h"
#include "formats/lesson.h"
#include "formats/markdown.h"
#include "test_helpers.h"

static void shipped_lessons_cover_the_program(void **state)
{
    static const char *const topics[] = {
        "why-movement-helps",
        "hurt-is-not-harm",
        "feel-better-get-better",
        "movement-sweet-spot",
        "flare-ups",
        "walking-program",
        "water-exercise",
        "yoga-tai-chi-relaxation",
        "sleep",
        "sit-less-move-often",
        "when-to-get-help",
        "long-game",
    };
    struct lesson_set set;
    struct mrx_err err;
    (void)state;
    assert_int_equal(datadir_load_lessons(SHIPPED_DATA, &set, &err), MRX_OK);
    assert_true(set.n >= 12);
    for (size_t i = 0; i < MRX_ARRAY_LEN(topics); i++)
        if (!lesson_set_find(&set, topics[i]))
            fail_msg("no lesson '%s'", topics[i]);
    for (int i = 1; i < set.n; i++)
        assert_true(set.items[i - 1].order < set.items[i].order);
    lesson_set_release(&set);
}

static void red_flag_lesson_puts_emergency_first(void **state)
{
    struct lesson_set set;
    struct mrx_err err;
    const struct lesson *l;
    const char *emergency, *today;
    (void)state;
    assert_int_equal(datadir_load_lessons(SHIPPED_DATA, &set, &err), MRX_OK);
    l = lesson_set_find(&set, "when-to-get-help");
    assert_non_null(l);
    emergency = strstr(l->markdown, "emergency");
    today = strstr(l->markdown, "same day");
    if (!today)
        today = strstr(l->markdown, "Same day");
    assert_non_null(emergency);
    assert_non_null(today);
    assert_true(emergency < today);
    lesson_set_release(&set);
}

static void loads_title_and_renders_safely(void **state)
{
    static const char md[] = "# Moving well\n\nA *short* lesson.\n\n<script>alert(1)</script>\n";
    struct lesson_set set;
    struct mrx_err err;
    char *html;
    (void)state;
    lesson_set_init(&set);
    assert_int_equal(lesson_set_add(&set, "07-moving-well.md", md, strlen(md), "x", &err), MRX_OK);
    assert_string_equal(set.items[0].id, "moving-well");
    assert_string_equal(set.items[0].title, "Moving well");
    assert_int_equal(set.items[0].order, 7);
    html = markdown_to_html(md, strlen(md));
    assert_non_null(strstr(html, "<h1>Moving well</h1>"));
    assert_non_null(strstr(html, "<em>short</em>"));
    assert_null(strstr(html, "<script>"));
    free(html);
    lesson_set_release(&set);
}

static void refuses_bad_lesson_files(void **state)
{
    static const char ok[] = "# Title\n\nText.\n";
    static const char untitled[] = "Just text.\n\n# Late title\n";
    struct lesson_set set;
    struct mrx_err err;
    (void)state;
    lesson_set_init(&set);
    assert_int_equal(lesson_set_add(&set, "lesson.md", ok, strlen(ok), "lesson.md", &err),
                     MRX_EDATA);
    assert_non_null(strstr(err.msg, "NN-<id>.md"));
    assert_int_equal(lesson_set_add(&set, "01-Bad_Id.md", ok, strlen(ok), "f", &err), MRX_EDATA);
    assert_int_equal(lesson_set_add(&set, "01-x.md", untitled, strlen(untitled), "01-x.md", &err),
                     MRX_EDATA);
    assert_non_null(strstr(err.msg, "Title"));
    assert_string_equal(err.field, "01-x.md");
    assert_int_equal(lesson_set_add(&set, "01-x.md", ok, strlen(ok), "a", &err), MRX_OK);
    assert_int_equal(lesson_set_add(&set, "02-x.md", ok, strlen(ok), "b", &err), MRX_EDATA);
    assert_non_null(strstr(err.msg, "duplicate"));
    assert_int_equal(set.n, 1);
    lesson_set_release(&set);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(shipped_lessons_cover_the_program),
        cmocka_unit_test(red_flag_lesson_puts_emergency_first),
        cmocka_unit_test(loads_title_and_renders_safely),
        cmocka_unit_test(refuses_bad_lesson_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
