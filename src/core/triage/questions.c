/*
 * questions.c: the red-flag questions (see questions.h).
 *
 * Each names its answer field; when it is asked (intake, every check-in, the
 * check-up) comes from the field table (answers.c), so that a check-in never
 * asks a lifetime question ("have you ever had cancer?") again.
 */
#include "compat.h"

#include "core/triage/questions.h"
#include "core/triage/triage.h"

static const struct triage_question questions[] = {
    {"saddle_numbness", "Is there numbness or tingling between your legs or around your bottom?"},
    {"bladder_dysfunction", "Has it become hard to pass urine, or to hold it in?"},
    {"bowel_incontinence", "Have you lost control of your bowels?"},
    {"both_legs_symptoms", "Do you have new numbness, tingling or weakness in both legs?"},
    {"chest_pain", "Do you have pain in your chest?"},
    {"new_sexual_dysfunction", "Have you lost feeling or function in your genitals lately?"},
    {"fever_or_chills", "Do you feel feverish, or have shivers or sweats?"},
    {"one_leg_numbness_tingling", "Is there tingling or numbness in one leg?"},
    {"worse_cough_sneeze", "Is the pain much worse when you cough or sneeze?"},
    {"unexplained_weight_loss", "Have you lost weight without trying?"},
    {"night_pain_unrelieved", "Is the pain bad at night, even when you lie still?"},
    {"thoracic_pain", "Is the pain high in your back, between the shoulder blades?"},
    {"back_lump_or_shape_change",
     "Is there a new lump or swelling on your back, or a change in its shape or skin colour?"},
    {"sudden_onset_severe", "Did very bad pain start all of a sudden?"},
    {"generally_unwell", "Do you feel unwell in yourself?"},
    {"recent_infection", "Have you had an infection in the last few weeks, such as of the "
                         "bladder, chest or skin?"},
    {"cancer_history", "Have you ever had cancer?"},
    {"long_term_steroids", "Have you taken steroid tablets for a long time?"},
    {"osteoporosis", "Have you been told you have thin bones (osteoporosis)?"},
    {"immunosuppressed", "Do you take medicine that weakens your immune system?"},
    {"iv_drug_use", "Have you injected drugs?"},
    {"pain_worsening", "Is your pain getting worse week by week?"},
    {"stops_daily_activities", "Does the pain stop you doing your daily tasks?"},
    {"struggling_to_cope", "Are you finding it very hard to cope?"},
};

const struct triage_question *triage_questions(void)
{
    return questions;
}

size_t triage_question_count(void)
{
    return MRX_ARRAY_LEN(questions);
}

bool triage_question_asked(const struct triage_question *q, unsigned when)
{
    const struct answer_field *f = answer_field_find(q->field);
    return f && (f->asked & when);
}
