"""Runner personas: complete quiz answer sets, shared by the quiz and golden tests.

Each persona answers every question in ``guide_engine/data/quiz.json`` (the quiz
tests check that), so a result built from one is a complete, final result.
"""

from __future__ import annotations

# A beginner who runs every day and every run hard, lifts nothing, sleeps under
# six hours and never rests; no pain red flags.
BEGINNER_ALL_HARD = {
    "level": "beginner",
    "days": "7",
    "easy_talk": "rarely",
    "easy_drift": "always",
    "workout_overshoot": "often",
    "volume_trend": "stable",
    "add_on_top": "rarely_add",
    "long_run_jump": "unknown",
    "purpose": "sometimes",
    "week_shape": "same",
    "effort_gauge": "pace_only",
    "bad_day_pace": "hold",
    "sleep": "under_6",
    "rest_days": "none",
    "tired_easy": "often",
    "life_stress": "no",
    "recovery_when": "after_problem",
    "energy": ["none"],
    "strength_freq": "never",
    "strength_kind": "none",
    "mobility_check": "no",
    "technique": "never",
    "pain_recurring": "once",
    "pain_level": "1_2",
    "pain_signs": ["none"],
    "pain_response": "rest_return",
    "goal_kind": "outcome",
}

# An experienced, structured runner who picks the best option everywhere.
STRUCTURED_EXPERIENCED = {
    "level": "experienced",
    "days": "5-6",
    "easy_talk": "always",
    "easy_drift": "never",
    "workout_overshoot": "rarely",
    "volume_trend": "gradual",
    "add_on_top": "make_room",
    "long_run_jump": "within_10",
    "purpose": "always",
    "week_shape": "planned",
    "effort_gauge": "feel_checked",
    "bad_day_pace": "effort",
    "sleep": "7_plus",
    "rest_days": "one_plus",
    "tired_easy": "rarely",
    "life_stress": "yes",
    "recovery_when": "planned",
    "energy": ["none"],
    "strength_freq": "2_3",
    "strength_kind": "specific",
    "mobility_check": "working_on_it",
    "technique": "regularly",
    "pain_recurring": "no",
    "pain_level": "0",
    "pain_signs": ["none"],
    "pain_response": "check_early",
    "goal_kind": "process",
}


def good_runner_with(**changes) -> dict:
    """The structured runner's answers with a few answers changed."""
    return {**STRUCTURED_EXPERIENCED, **changes}


# An otherwise good runner whose pain is sharp: a red flag that stops running.
SHARP_PAIN = good_runner_with(pain_signs=["sharp"])
# Chest pain while running: urgent care comes before everything else.
CHEST_PAIN = good_runner_with(pain_signs=["chest", "sharp"])
# Pain of 4/10 with no other sign: see a professional, but no stop.
PAIN_FOUR = good_runner_with(pain_level="4")
# Missed periods: a possible sign of under-fuelling, talk to a doctor.
MISSED_PERIODS = good_runner_with(energy=["periods"])

# The cases and more, each named for the verdict a coach gives.
# Chest pain in an otherwise well-run week: urgent care, no praise anywhere.
CHEST_PAIN_ONLY = good_runner_with(pain_signs=["chest"])
# Missed periods and repeated bone injuries: see a doctor, not "training smart".
PERIODS_AND_BONES = good_runner_with(energy=["periods", "bone"])
# A beginner who does no workouts yet and does everything else well: no leak for that.
BEGINNER_NO_WORKOUTS_YET = good_runner_with(level="beginner", days="3-4", workout_overshoot="no_workouts")
# Four warning signs at once: always tired, easy runs not easy, workouts overshoot, mileage jumping.
FOUR_WARNING_SIGNS = good_runner_with(tired_easy="always", easy_talk="rarely", easy_drift="always",
                                      workout_overshoot="often", volume_trend="jumped")
# Runs every day and plans no light day, everything else well: mostly smart at best.
DAILY_NO_LIGHT_DAY = good_runner_with(days="7", rest_days="occasionally")
