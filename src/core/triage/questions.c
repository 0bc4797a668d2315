/*
 * questions.c: the red-flag questions (see questions.h).
 */
#include "compat.h"

#include "core/triage/questions.h"

static const struct triage_question questions[] = {
    {"saddle_numbness", "Is there numbness between your legs or around your bottom?"},
    {"bladder_dysfunction", "Has it become hard to pass urine, or to hold it in?"},
    {"bowel_incontinence", "Have you lost control of your bowels?"},
    {"both_legs_symptoms", "Do you have pain, numbness or weakness in both legs?"},
    {"chest_pain", "Do you have pain in your chest?"},
    {"one_leg_numbness_tingling", "Is there tingling or numbness in one leg?"},
    {"worse_cough_sneeze", "Is the pain much worse when you cough or sneeze?"},
    {"new_sexual_dysfunction", "Have you lost feeling or function in your genitals lately?"},
    {"unexplained_weight_loss", "Have you lost weight without trying?"},
    {"night_pain_unrelieved", "Is the pain bad at night, even when you lie still?"},
    {"thoracic_pain", "Is the pain high in your back, between the shoulder blades?"},
    {"back_lump_or_shape_change", "Is there a new lump, or a change in the shape of your back?"},
    {"sudden_onset_severe", "Did very bad pain start all of a sudden?"},
    {"cancer_history", "Have you ever had cancer?"},
    {"long_term_steroids", "Have you taken steroid tablets for a long time?"},
    {"osteoporosis", "Have you been told you have thin bones (osteoporosis)?"},
    {"immunosuppressed", "Do you take medicine that weakens your immune system?"},
    {"iv_drug_use", "Have you injected drugs?"},
    {"generally_unwell", "Do you feel unwell in yourself, with a fever or chills?"},
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
