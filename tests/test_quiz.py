"""The self-check quiz: verdicts, fixes and red-flag alerts for whole runners.

Personas (``personas.py``) answer every question; the expectations come from
``guide_engine/data/quiz.json`` read here as plain JSON, so a change of wording
there does not break these tests but a change of behaviour does. Property tests
draw answer sets from the same file.
"""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import personas
from guide_engine import handle

ROOT = Path(__file__).resolve().parents[1]
BANK = json.loads((ROOT / "guide_engine" / "data" / "quiz.json").read_text(encoding="utf-8"))
QUESTIONS = {q["id"]: q for q in BANK["questions"]}
QUESTION_IDS = [q["id"] for q in BANK["questions"]]
AREAS = {a["id"]: a for a in BANK["areas"]}
FLAGS = {f["id"]: f for f in BANK["flags"]}
SCORED = [q for q in BANK["questions"] if q.get("kind") != "profile"]
SINGLE = [q for q in SCORED if q.get("kind", "single") == "single"]
MULTI = [q for q in SCORED if q.get("kind") == "multi"]
PERSONAS = {name: getattr(personas, name) for name in (
    "BEGINNER_ALL_HARD", "STRUCTURED_EXPERIENCED", "SHARP_PAIN", "CHEST_PAIN", "PAIN_FOUR", "MISSED_PERIODS")}


def quiz(answers: dict) -> dict:
    """The result data for ``answers``; fails the test on an error response."""
    response = handle({"v": 1, "id": 1, "type": "quiz", "data": {"answers": answers}})
    assert response["type"] == "result", response
    return response["data"]


def quiz_error(answers: object) -> dict:
    """The error for ``answers``; fails the test on a result."""
    response = handle({"v": 1, "id": 1, "type": "quiz", "data": {"answers": answers}})
    assert response["type"] == "error", response
    return response["error"]


def options(question: dict) -> list[dict]:
    if question.get("kind") == "profile":
        return BANK[question["options_from"]]
    return question["options"]


def area_scores(result: dict) -> dict:
    return {a["id"]: a["score"] for a in result["areas"]}


def alert(flag_id: str, *because: str) -> dict:
    """The alert quiz.json defines for ``flag_id``, raised by the given option labels."""
    f = FLAGS[flag_id]
    return {"id": f["id"], "title": f["title"], "text": f["text"], "link": f["link"], "because": list(because)}


def label(qid: str, oid: str) -> str:
    return next(o["label"] for o in options(QUESTIONS[qid]) if o["id"] == oid)


# --- personas ----------------------------------------------------------------------


@pytest.mark.parametrize("name", PERSONAS)
def test_persona_answers_every_question(name):
    result = quiz(PERSONAS[name])
    assert (result["complete"], result["unanswered"], result["answered"]) == (True, [], len(QUESTION_IDS))


def test_beginner_running_everything_hard_gets_a_low_band_and_effort_and_recovery_fixes():
    result = quiz(personas.BEGINNER_ALL_HARD)
    assert result["verdict"]["id"] == "all-hard"
    # Running every day with no light day adds a 0 to recovery (the combo); no strength work at
    # all scores 0 (never, and none), below structure's 17.
    assert [f["area"] for f in result["fixes"]] == ["effort", "recovery", "strength"]
    assert [f["advice"] for f in result["fixes"]] == [AREAS[a]["advice"]["beginner"] for a in ("effort", "recovery", "strength")]
    assert (result["level"], result["advice_level"]) == ("beginner", "beginner")
    assert (result["alerts"], result["stop_running"]) == ([], False)


def test_a_fix_carries_its_area_link_and_the_weakest_answers_finding():
    fix = quiz(personas.BEGINNER_ALL_HARD)["fixes"][0]
    effort = AREAS["effort"]
    assert fix == {"area": "effort", "title": effort["title"], "score": 0, "reason": QUESTIONS["easy_talk"]["finding"],
                   "advice": effort["advice"]["beginner"], "link": effort["link"], "link_text": effort["link_text"]}


def test_structured_runner_answering_best_everywhere_is_smart_with_nothing_to_fix():
    result = quiz(personas.STRUCTURED_EXPERIENCED)
    assert (result["score"], result["verdict"]["id"]) == (100, "smart")
    assert (result["fixes"], result["alerts"], result["stop_running"]) == ([], [], False)
    assert [(a["id"], a["score"], a["reason"]) for a in result["areas"]] == [
        (a["id"], 100, a["good"]) for a in BANK["areas"]]


def test_sharp_pain_replaces_a_high_band_with_the_stop_alert():
    result = quiz(personas.SHARP_PAIN)
    assert result["verdict"] == {"id": "alert-stop", "title": FLAGS["stop"]["title"], "summary": BANK["alert_verdict"]["summary"]}
    assert result["score"] is None
    assert result["alerts"] == [alert("stop", label("pain_signs", "sharp"))]
    assert result["stop_running"] is True


@pytest.mark.parametrize("name", ["SHARP_PAIN", "CHEST_PAIN", "PAIN_FOUR", "MISSED_PERIODS"])
def test_beside_an_alert_no_part_of_the_result_praises(name):
    """The alert leads; no band, no score, and no area described with its praise text."""
    result = quiz(PERSONAS[name])
    assert result["verdict"]["id"] == f"alert-{result['alerts'][0]['id']}"
    assert result["score"] is None
    praise = {a["good"] for a in BANK["areas"]}
    assert [a["reason"] for a in result["areas"] if a["reason"] in praise] == []
    # No area or fix carries a score, and the areas without a leak only wait for later.
    assert [a["score"] for a in result["areas"]] == [None] * len(BANK["areas"]) and all(a["answered"] for a in result["areas"])
    assert [f["score"] for f in result["fixes"]] == [None] * len(result["fixes"])
    assert BANK["alert_verdict"]["area_reason"] in {a["reason"] for a in result["areas"]}
    assert all("leak" not in a["reason"].lower() for a in result["areas"] if a["reason"] == BANK["alert_verdict"]["area_reason"])


def test_chest_pain_puts_urgent_care_before_every_other_alert():
    result = quiz(personas.CHEST_PAIN)
    assert result["alerts"] == [alert("urgent", label("pain_signs", "chest")), alert("stop", label("pain_signs", "sharp"))]
    assert result["stop_running"] is True


def test_pain_of_four_alone_says_see_someone_but_not_stop():
    result = quiz(personas.PAIN_FOUR)
    assert result["alerts"] == [alert("see", label("pain_level", "4"))]
    assert result["stop_running"] is False


def test_pain_of_five_or_more_says_stop():
    result = quiz(personas.good_runner_with(pain_level="5_plus"))
    assert ([a["id"] for a in result["alerts"]], result["stop_running"]) == (["stop"], True)


def test_missed_periods_raise_a_doctor_alert():
    result = quiz(personas.MISSED_PERIODS)
    assert result["alerts"] == [alert("doctor", label("energy", "periods"))]
    assert result["stop_running"] is False


def test_every_flag_shows_in_rank_order_listing_each_reason():
    answers = personas.good_runner_with(pain_level="4", energy=["bone", "periods"],
                                        pain_signs=["next_day", "chest", "stride"])
    assert quiz(answers)["alerts"] == [
        alert("urgent", label("pain_signs", "chest")),
        alert("stop", label("pain_signs", "stride"), label("pain_signs", "next_day")),
        alert("see", label("pain_level", "4")),
        alert("doctor", label("energy", "periods"), label("energy", "bone")),
    ]


@pytest.mark.parametrize("name", ["SHARP_PAIN", "MISSED_PERIODS"])
def test_an_area_that_raised_an_alert_is_not_described_as_good(name):
    result = quiz(PERSONAS[name])
    flagged = {"SHARP_PAIN": "pain", "MISSED_PERIODS": "recovery"}[name]
    reason = next(a["reason"] for a in result["areas"] if a["id"] == flagged)
    assert reason != AREAS[flagged]["good"]
    assert flagged in [f["area"] for f in result["fixes"]]  # the area that raised it is a fix, whatever its average


@pytest.mark.parametrize("change, area", [({"recovery_when": "run_down"}, "recovery"), ({"pain_recurring": "once"}, "pain")])
def test_an_area_showing_a_warning_sign_is_a_fix_never_praised(change, area):
    """One warning sign in an otherwise good runner: the band says to fix it, so it is listed."""
    result = quiz(personas.good_runner_with(**change))
    assert len(result["warning_signs"]) == 1 and result["verdict"]["id"] != "smart"
    shown = next(a for a in result["areas"] if a["id"] == area)
    assert shown["reason"] != AREAS[area]["good"]
    assert [f["area"] for f in result["fixes"]][:1] == [area]


# --- partial answers ---------------------------------------------------------------


def test_no_answers_gives_no_score_no_verdict_and_lists_every_question():
    result = quiz({})
    assert {k: result[k] for k in ("complete", "answered", "score", "verdict", "fixes", "alerts", "stop_running")} == {
        "complete": False, "answered": 0, "score": None, "verdict": None, "fixes": [], "alerts": [], "stop_running": False}
    assert result["unanswered"] == QUESTION_IDS
    assert area_scores(result) == dict.fromkeys(AREAS)


@pytest.mark.parametrize("empty", [None, "", []])
def test_an_empty_value_counts_as_unanswered(empty):
    assert quiz({"easy_talk": empty, "energy": empty}) == quiz({})


def test_one_answer_gives_a_provisional_result_naming_the_rest_in_bank_order():
    result = quiz({"easy_talk": "rarely"})
    assert (result["complete"], result["answered"], result["total"]) == (False, 1, len(QUESTION_IDS))
    assert result["unanswered"] == [q for q in QUESTION_IDS if q != "easy_talk"]
    assert (result["score"], result["verdict"]["id"]) == (0, "all-hard")
    assert area_scores(result) == {**dict.fromkeys(AREAS), "effort": 0}
    assert [f["area"] for f in result["fixes"]] == ["effort"]


def test_profile_answers_alone_give_no_score():
    result = quiz({"level": "experienced", "days": "3-4"})
    assert (result["score"], result["verdict"], result["level"]) == (None, None, "experienced")
    assert result["unanswered"] == QUESTION_IDS[2:]


def test_without_a_level_the_advice_is_for_intermediates():
    answers = {k: v for k, v in personas.BEGINNER_ALL_HARD.items() if k != "level"}
    result = quiz(answers)
    assert (result["level"], result["advice_level"]) == (None, "intermediate")
    assert [f["advice"] for f in result["fixes"]] == [AREAS[f["area"]]["advice"]["intermediate"] for f in result["fixes"]]
    assert result["unanswered"] == ["level"]


# --- refused answers ---------------------------------------------------------------


@pytest.mark.parametrize(("answers", "code", "path"), [
    pytest.param({"no_such_question": "x"}, "unknown_question", "answers.no_such_question", id="unknown-question"),
    pytest.param({"easy_talk": "sideways"}, "unknown_option", "answers.easy_talk", id="unknown-option"),
    pytest.param({"level": "elite"}, "unknown_option", "answers.level", id="unknown-level"),
    pytest.param({"easy_talk": 3}, "type", "answers.easy_talk", id="single-given-a-number"),
    pytest.param({"easy_talk": ["always"]}, "type", "answers.easy_talk", id="single-given-a-list"),
    pytest.param({"energy": "none"}, "type", "answers.energy", id="multi-given-a-string"),
    pytest.param({"pain_signs": ["sharp", 1]}, "type", "answers.pain_signs.1", id="multi-item-not-text"),
    pytest.param({"pain_signs": ["sharp", "itchy"]}, "unknown_option", "answers.pain_signs.1", id="multi-unknown-option"),
    pytest.param({"energy": ["none", "bone"]}, "conflict", "answers.energy", id="none-with-another-option"),
    pytest.param({"pain_signs": ["chest", "none"]}, "conflict", "answers.pain_signs", id="option-with-none"),
    pytest.param({"energy": ["bone", "bone"]}, "duplicate", "answers.energy", id="duplicate-option"),
    pytest.param({"energy": ["periods", "bone", "weight", "none", "bone"]}, "too_many", "answers.energy", id="more-ticks-than-options"),
    pytest.param([], "type", "answers", id="answers-a-list"),
])
def test_bad_answers_are_refused_with_code_and_path(answers, code, path):
    error = quiz_error(answers)
    assert (error["code"], error["path"]) == (code, path)


def test_one_bad_answer_refuses_the_whole_set():
    error = quiz_error({**personas.STRUCTURED_EXPERIENCED, "sleep": "lots"})
    assert (error["code"], error["path"]) == ("unknown_option", "answers.sleep")


def test_quiz_error_paths_share_one_root():
    missing = handle({"type": "quiz", "data": {}})["error"]["path"]
    bad_answer = quiz_error({"easy_talk": "sideways"})["path"]
    assert bad_answer.startswith(missing + ".")


# --- properties --------------------------------------------------------------------


def multi_selection(question: dict) -> st.SearchStrategy:
    """A valid ticked set: the exclusive option alone, or some other options in any order."""
    ids = [o["id"] for o in question["options"]]
    exclusive = [o["id"] for o in question["options"] if o.get("exclusive")]
    others = [i for i in ids if i not in exclusive]
    return st.sampled_from(exclusive).map(lambda i: [i]) | st.lists(
        st.sampled_from(others), min_size=1, max_size=len(others), unique=True)


def answer_value(question: dict) -> st.SearchStrategy:
    if question.get("kind") == "multi":
        return multi_selection(question)
    return st.sampled_from([o["id"] for o in options(question)])


def answer_sets(min_size: int = 0) -> st.SearchStrategy:
    """Any valid subset of questions, each answered validly or left empty."""
    @st.composite
    def build(draw):
        chosen = draw(st.lists(st.sampled_from(QUESTION_IDS), min_size=min_size, unique=True))
        return {qid: draw(answer_value(QUESTIONS[qid]) | st.sampled_from([None, "", []])) for qid in chosen}
    return build()


def full_answer_sets() -> st.SearchStrategy:
    return st.fixed_dictionaries({qid: answer_value(QUESTIONS[qid]) for qid in QUESTION_IDS})


def half_up(x: Fraction) -> int:
    return int(x + Fraction(1, 2))  # int() truncates; x >= 0 here


BAND_IDS = [b["id"] for b in BANK["bands"]]
# Every verdict from best to worst: the bands, then the alerts from the least to the most urgent.
VERDICT_ORDER = BAND_IDS + [f"alert-{f['id']}" for f in sorted(BANK["flags"], key=lambda f: -f["rank"])]


def chosen(answers: dict, qid: str) -> list[str]:
    value = answers.get(qid)
    return [] if value in (None, "", []) else value if isinstance(value, list) else [value]


def expected_scores(answers: dict) -> tuple[dict, int | None]:
    """Area and raw overall scores computed exactly from quiz.json, as the module docstring states them."""
    marks: dict[str, list[int]] = {a: [] for a in AREAS}
    for q in SCORED:
        picked = [o["score"] for o in q["options"] if o["id"] in chosen(answers, q["id"]) and not o.get("na")]
        if picked:
            marks[q["area"]].append(min(picked))
    for combo in BANK["combos"]:
        if all(set(chosen(answers, q)) & set(ids) for q, ids in combo["all"].items()):
            marks[combo["area"]].append(combo["score"])
    areas = {a: half_up(Fraction(sum(m), len(m)) * 100 / 3) if m else None for a, m in marks.items()}
    scored = {a: s for a, s in areas.items() if s is not None}
    if not scored:
        return areas, None
    weight = {a: Fraction(str(AREAS[a]["weight"])) for a in scored}
    return areas, half_up(sum(weight[a] * s for a, s in scored.items()) / sum(weight.values()))


def expected_signs(answers: dict) -> list[str]:
    return [sign["id"] for sign in BANK["warning_signs"]
            if any(set(chosen(answers, q)) & set(ids) for q, ids in sign["answers"].items())]


def holding_combos(answers: dict) -> list[dict]:
    return [c for c in BANK["combos"] if all(set(chosen(answers, q)) & set(ids) for q, ids in c["all"].items())]


def raised_flags(answers: dict) -> set:
    """The alerts the answers raise: an option's flag, or a combo's whose answers all hold."""
    return ({o["flag"] for q in SCORED for o in q["options"] if o.get("flag") and o["id"] in chosen(answers, q["id"])}
            | {c["flag"] for c in holding_combos(answers) if c.get("flag")})


def expected_verdict(answers: dict) -> tuple[str | None, int | None]:
    """(verdict id, score) by the rules of quiz.json: alerts first, then the band capped by the signs."""
    flags = raised_flags(answers)
    for flag in sorted(BANK["flags"], key=lambda f: f["rank"]):
        if flag["id"] in flags:
            return f"alert-{flag['id']}", None
    _, raw = expected_scores(answers)
    if raw is None:
        return None, None
    index = next(i for i, b in enumerate(BANK["bands"]) if raw >= b["min"])
    signs = len(expected_signs(answers))
    caps = [cap["band"] for cap in BANK["warning_caps"] if signs >= cap["signs"]]
    caps += [c["cap"] for c in BANK["combos"] if "cap" in c and all(set(chosen(answers, q)) & set(ids) for q, ids in c["all"].items())]
    for cap in caps:
        index = max(index, BAND_IDS.index(cap))
    return BAND_IDS[index], raw if index == 0 else min(raw, BANK["bands"][index - 1]["min"] - 1)


def rank(result: dict) -> int:
    return -1 if result["verdict"] is None else VERDICT_ORDER.index(result["verdict"]["id"])


@settings(max_examples=200, deadline=None)
@given(answer_sets())
def test_any_valid_partial_answer_set_gets_a_result(answers):
    response = handle({"type": "quiz", "data": {"answers": answers}})
    assert response["type"] == "result", response
    result = response["data"]
    answered = [q for q in QUESTION_IDS if answers.get(q) not in (None, "", [])]
    assert result["unanswered"] == [q for q in QUESTION_IDS if q not in answered]
    assert (result["answered"], result["complete"]) == (len(answered), len(answered) == len(QUESTION_IDS))


@settings(max_examples=300, deadline=None)
@given(answer_sets())
def test_the_verdict_follows_the_data_rules_alerts_then_capped_bands(answers):
    result = quiz(answers)
    areas, _ = expected_scores(answers)
    # Beside an alert no area shows a score; each answered area is still listed, for later.
    assert area_scores(result) == (dict.fromkeys(areas) if result["alerts"] else areas)
    assert [a["answered"] for a in result["areas"]] == [areas[a["id"]] is not None for a in result["areas"]]
    assert [s["id"] for s in result["warning_signs"]] == expected_signs(answers)
    verdict, score = expected_verdict(answers)
    assert ((result["verdict"] or {}).get("id"), result["score"]) == (verdict, score)
    if verdict in BAND_IDS:
        band = BANK["bands"][BAND_IDS.index(verdict)]
        assert result["verdict"] == {"id": band["id"], "title": band["title"], "summary": band["summary"]}
        assert band["min"] <= result["score"] <= 100


@settings(max_examples=200, deadline=None)
@given(answer_sets())
def test_fixes_are_the_weakest_areas_by_weight_times_shortfall(answers):
    """An area is weak below the good score, or when one of its answers raised a red flag or is a
    warning sign; the fixes are the three weak areas with the largest weight times shortfall."""
    result = quiz(answers)
    scores, _ = expected_scores(answers)
    signs = {(qid, oid) for sign in BANK["warning_signs"] for qid, ids in sign["answers"].items() for oid in ids}
    flagged = {q["area"] for q in SCORED for o in q["options"] if o["id"] in chosen(answers, q["id"])
               and not o.get("na") and (o.get("flag") or (q["id"], o["id"]) in signs)}
    flagged |= {c["area"] for c in holding_combos(answers) if c.get("flag")}
    weak = [a for a, v in scores.items() if v is not None and (v < BANK["good_score"] or a in flagged)]
    order = list(AREAS)
    weak.sort(key=lambda a: (-AREAS[a]["weight"] * (100 - scores[a]), order.index(a)))
    assert [f["area"] for f in result["fixes"]] == weak[:3]


@settings(max_examples=200, deadline=None)
@given(answers=answer_sets(), data=st.data())
def test_a_lower_scoring_option_never_raises_its_area_score_nor_improves_the_verdict(answers, data):
    question = data.draw(st.sampled_from(SINGLE))
    current = data.draw(st.sampled_from([o for o in question["options"] if not o.get("na")]))
    lower = [o for o in question["options"] if not o.get("na") and o["score"] < current["score"]]
    assume(lower)
    worse = data.draw(st.sampled_from(lower))
    before = quiz({**answers, question["id"]: current["id"]})
    after = quiz({**answers, question["id"]: worse["id"]})
    area = question["area"]
    if not (before["alerts"] or after["alerts"]):  # beside an alert no area shows a score
        assert area_scores(after)[area] <= area_scores(before)[area]
    assert rank(after) >= rank(before)


@settings(max_examples=200, deadline=None)
@given(answers=answer_sets(), data=st.data())
def test_ticking_a_red_flag_never_raises_its_area_score(answers, data):
    question = data.draw(st.sampled_from(MULTI))
    ticked = data.draw(multi_selection(question))
    flagged = [o["id"] for o in question["options"] if o.get("flag") and o["id"] not in ticked]
    assume(flagged)
    extra = data.draw(st.sampled_from(flagged))
    exclusive = {o["id"] for o in question["options"] if o.get("exclusive")}
    before_answers = {**answers, question["id"]: ticked}
    after_answers = {**answers, question["id"]: [o for o in ticked if o not in exclusive] + [extra]}
    before, after = quiz(before_answers), quiz(after_answers)
    area = question["area"]
    assert area_scores(after)[area] is None and expected_scores(after_answers)[0][area] <= expected_scores(before_answers)[0][area]
    assert rank(after) >= rank(before) and after["score"] is None
    assert {a["id"] for a in before["alerts"]} <= {a["id"] for a in after["alerts"]}


SIGN_ANSWERS = [(sign["id"], qid, oid) for sign in BANK["warning_signs"] for qid, ids in sign["answers"].items() for oid in ids]


@settings(max_examples=300, deadline=None)
@given(answers=full_answer_sets(), data=st.data())
def test_adding_a_warning_sign_never_improves_the_verdict(answers, data):
    """Changing an answer to one that shows a warning sign can only hold or lower the verdict."""
    sign, qid, oid = data.draw(st.sampled_from(SIGN_ANSWERS))
    before = quiz(answers)
    assume(sign not in [s["id"] for s in before["warning_signs"]])  # the sign is new, not a milder form of it
    after = quiz({**answers, qid: oid})
    assert sign in [s["id"] for s in after["warning_signs"]]
    assert rank(after) >= rank(before)


@pytest.mark.parametrize("count,band", [(1, "mostly-smart"), (2, "mostly-smart"), (3, "hard-not-smart"),
                                        (4, "hard-not-smart"), (5, "all-hard")])
def test_several_warning_signs_are_never_smart(count, band):
    """Every set of warning signs at their worst answers, the rest answered best (the issue's cases)."""
    import itertools
    worst = {s["id"]: {q: min(ids, key=lambda i: next(o["score"] for o in QUESTIONS[q]["options"] if o["id"] == i))
                       for q, ids in s["answers"].items()} for s in BANK["warning_signs"]}
    verdicts = set()
    for combo in itertools.combinations(worst, count):
        answers = personas.good_runner_with(**{q: o for sign in combo for q, o in worst[sign].items()})
        verdicts.add(quiz(answers)["verdict"]["id"])
    assert verdicts == {band}


@settings(max_examples=200, deadline=None)
@given(full_answer_sets())
def test_stop_running_exactly_when_an_urgent_or_stop_flag_is_ticked(answers):
    result = quiz(answers)
    picked_flags = raised_flags(answers)
    assert [a["id"] for a in result["alerts"]] == [f["id"] for f in sorted(BANK["flags"], key=lambda f: f["rank"])
                                                   if f["id"] in picked_flags]
    assert result["stop_running"] == bool(picked_flags & {"urgent", "stop"})
    assert result["complete"] is True


def test_answering_a_warning_sign_does_not_raise_a_half_done_quiz():
    # The coach's case: easy runs not easy so far (0/100), then "my pain came back once this year"
    # took the provisional score to 17.
    before = quiz({"easy_talk": "rarely"})
    after = quiz({"easy_talk": "rarely", "pain_recurring": "once"})
    assert (before["score"], after["score"]) == (0, 0)


@settings(max_examples=300, deadline=None)
@given(answer_sets(), st.data())
def test_one_more_answer_that_shows_a_warning_sign_never_improves_the_result(answers, data):
    open_signs = sorted({(q, o) for sign in BANK["warning_signs"] for q, ids in sign["answers"].items() for o in ids
                         if answers.get(q) in (None, "", [])})
    assume(open_signs)
    qid, oid = data.draw(st.sampled_from(open_signs))
    before, after = quiz(answers), quiz({**answers, qid: oid})
    assert rank(after) >= rank(before)  # no better a verdict
    if before["score"] is not None and after["score"] is not None:
        assert after["score"] <= before["score"]


@pytest.mark.parametrize("level", ["1_2", "3"])
def test_an_ache_that_keeps_coming_back_and_hurts_now_is_worth_a_professionals_opinion(level):
    # The pain page: pain that keeps coming back, even at a low score, is worth a professional's
    # opinion; "Mostly smart, with a few leaks" beside it would contradict the guide.
    result = quiz(personas.good_runner_with(pain_recurring="yes", pain_level=level))
    assert result["verdict"]["id"] == "alert-see" and result["score"] is None
    assert result["alerts"] == [alert("see", "The same ache keeps coming back, and it hurts now")]
    assert "pain" in [f["area"] for f in result["fixes"]]
    # Back once this year, or back again but not hurting now: a warning sign, not an alert.
    for changes in ({"pain_recurring": "once", "pain_level": level}, {"pain_recurring": "yes", "pain_level": "0"}):
        calm = quiz(personas.good_runner_with(**changes))
        assert calm["alerts"] == [] and calm["verdict"]["id"] == "mostly-smart"
