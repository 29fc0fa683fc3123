"""Bad input to the page forms: every refusal is a page (HTML, 4xx) in the page's language, never a 500, and a
refused form stores nothing (not even part of it)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Engine, text

from reclassering.casefile.weeks import week_of

from ..world import World
from .test_pages import _log_in, _post_form

COUNTED = (
    "youth",
    "measure",
    "condition",
    "goal",
    "success",
    "setback",
    "breach_report",
    "network_member",
    "condition_assessment",
    "check_in",
    "method_enrolment",
    "mapping_session",
    "coach_pair",
    "coach",
)

MAPPING = {
    "held_on": "{today}",
    "kind": "mapping",
    "worries": "Spijbelen",
    "well": "Voetbal",
    "next": "Rooster",
    "danger": "Nieuwe zaak",
    "p0-name": "Amir",
    "p0-role": "jongere",
    "p0-score": "5",
}

#: (name, user, form page, action, fields); "{youth}", "{goal}" … are the world's own records of y1.
CASES = [
    (
        "week: a score of NUL",
        "wessel",
        "/jongeren/{youth}",
        "/jongeren/{youth}/week",
        {"week": "{week}", "worker_{goal}": "\x00"},
    ),
    (
        "week: a note with NUL",
        "wessel",
        "/jongeren/{youth}",
        "/jongeren/{youth}/week",
        {"week": "{week}", "went_well": "Op tijd\x00"},
    ),
    (
        "week: a success with NUL",
        "wessel",
        "/jongeren/{youth}",
        "/jongeren/{youth}/week",
        {"week": "{week}", "success_text": "Goed\x00"},
    ),
    (
        "week: a success in the year 3000",
        "wessel",
        "/jongeren/{youth}",
        "/jongeren/{youth}/week",
        {"week": "{week}", "success_text": "Goed", "success_date": "3000-01-01"},
    ),
    (
        "week: a success date of words",
        "wessel",
        "/jongeren/{youth}",
        "/jongeren/{youth}/week",
        {"week": "{week}", "success_text": "Goed", "success_date": "gisteren"},
    ),
    (
        "week: a success for a goal of another youth",
        "wessel",
        "/jongeren/{youth}",
        "/jongeren/{youth}/week",
        {"week": "{week}", "success_text": "Goed", "success_goal": "{foreign_goal}"},
    ),
    (
        "week: an unknown setback kind",
        "wessel",
        "/jongeren/{youth}",
        "/jongeren/{youth}/week",
        {"week": "{week}", "setback_kind": "moord", "setback_severity": "minor", "setback_text": "x"},
    ),
    (
        "week: a breach of another youth's condition",
        "wessel",
        "/jongeren/{youth}",
        "/jongeren/{youth}/week",
        {
            "week": "{week}",
            "setback_kind": "condition_breach",
            "setback_severity": "minor",
            "setback_text": "x",
            "setback_condition": "{foreign_condition}",
        },
    ),
    (
        "week: reported and a reason",
        "wessel",
        "/jongeren/{youth}",
        "/jongeren/{youth}/week",
        {
            "week": "{week}",
            "setback_kind": "new_suspicion",
            "setback_severity": "serious",
            "setback_text": "x",
            "report_raad": "yes",
            "report_raad_on": "{today}",
            "report_reason": "toch niet",
        },
    ),
    (
        "week: a reporting record without a setback",
        "wessel",
        "/jongeren/{youth}",
        "/jongeren/{youth}/week",
        {"week": "{week}", "report_reason": "geen"},
    ),
    (
        "new youth: a year of letters",
        "wessel",
        "/jongeren/nieuw",
        "/jongeren/nieuw",
        {"name": "Nieuw", "birth_year": "tweeduizend"},
    ),
    (
        "new youth: a worker of another team",
        "wessel",
        "/jongeren/nieuw",
        "/jongeren/nieuw",
        {"name": "Nieuw", "birth_year": "{birth_year}", "worker": "{foreign_worker}"},
    ),
    (
        "new youth: a name of NUL",
        "wessel",
        "/jongeren/nieuw",
        "/jongeren/nieuw",
        {"name": "\x00", "birth_year": "{birth_year}"},
    ),
    (
        "measure: an unknown kind",
        "wessel",
        "/jongeren/{youth}/maatregel/nieuw",
        "/jongeren/{youth}/maatregel",
        {"kind": "levenslang", "imposed_by": "om", "start_date": "{today}", "planned_end": "{today}"},
    ),
    (
        "measure: a date in the year 1700",
        "wessel",
        "/jongeren/{youth}/maatregel/nieuw",
        "/jongeren/{youth}/maatregel",
        {"kind": "gbm", "imposed_by": "om", "start_date": "1700-01-01", "planned_end": "{today}"},
    ),
    (
        "measure: a condition of 600 characters",
        "wessel",
        "/jongeren/{youth}/maatregel/nieuw",
        "/jongeren/{youth}/maatregel",
        {"kind": "gbm", "imposed_by": "om", "start_date": "{today}", "planned_end": "{today}", "special": "x" * 600},
    ),
    (
        "measure: a case number with letters it may not hold",
        "wessel",
        "/jongeren/{youth}/maatregel/nieuw",
        "/jongeren/{youth}/maatregel",
        {"kind": "gbm", "imposed_by": "om", "start_date": "{today}", "planned_end": "{today}", "case_number": "<b>"},
    ),
    (
        "method: an unknown method",
        "wessel",
        "/jongeren/{youth}",
        "/jongeren/{youth}/methode",
        {"method_id": "../../etc/passwd"},
    ),
    (
        "goal: an unknown life domain",
        "wessel",
        "/jongeren/{youth}",
        "/jongeren/{youth}/doelen",
        {"title": "Doel", "life_domain": "geld_verdienen"},
    ),
    (
        "goal: a title of 301 characters",
        "wessel",
        "/jongeren/{youth}",
        "/jongeren/{youth}/doelen",
        {"title": "x" * 301, "life_domain": "family"},
    ),
    (
        "goal: sustain for 0 weeks",
        "wessel",
        "/jongeren/{youth}",
        "/jongeren/{youth}/doelen",
        {"title": "Doel", "life_domain": "family", "sustain_weeks": "0"},
    ),
    (
        "goal change: an unknown status",
        "wessel",
        "/jongeren/{youth}",
        "/doelen/{goal}",
        {"title": "Doel", "status": "vergeten"},
    ),
    (
        "condition: an unknown compliance",
        "wessel",
        "/jongeren/{youth}",
        "/voorwaarden/{condition}/naleving",
        {"compliance": "soms"},
    ),
    (
        "condition: judged in the future",
        "wessel",
        "/jongeren/{youth}",
        "/voorwaarden/{condition}/naleving",
        {"compliance": "partly", "assessed_on": "2999-01-01"},
    ),
    (
        "network: an unknown role",
        "wessel",
        "/jongeren/{youth}",
        "/jongeren/{youth}/netwerk",
        {"name": "Oom", "role": "baas"},
    ),
    (
        "reporting: an informed day of words",
        "wessel",
        "/jongeren/{youth}",
        "/terugvallen/{setback}/terugmelding",
        {"report{setback}_om": "yes", "report{setback}_om_on": "morgen"},
    ),
    (
        "mapping: harm with NUL",
        "wessel",
        "/jongeren/{youth}",
        "/jongeren/{youth}/in-kaart",
        {**MAPPING, "harm": "x\x00"},
    ),
    (
        "mapping: a score of 11",
        "wessel",
        "/jongeren/{youth}",
        "/jongeren/{youth}/in-kaart",
        {**MAPPING, "p0-score": "11"},
    ),
    (
        "mapping: a participant without a role",
        "wessel",
        "/jongeren/{youth}",
        "/jongeren/{youth}/in-kaart",
        {**MAPPING, "p1-name": "Moeder"},
    ),
    (
        "mapping: nobody took part",
        "wessel",
        "/jongeren/{youth}",
        "/jongeren/{youth}/in-kaart",
        {**MAPPING, "p0-name": "", "p0-role": "", "p0-score": ""},
    ),
    (
        "mapping: an unknown kind",
        "wessel",
        "/jongeren/{youth}",
        "/jongeren/{youth}/in-kaart",
        {**MAPPING, "kind": "intake"},
    ),
    (
        "mapping: in the future",
        "wessel",
        "/jongeren/{youth}",
        "/jongeren/{youth}/in-kaart",
        {**MAPPING, "held_on": "2999-01-01"},
    ),
    (
        "coach pair: an external coach without organisation",
        "wessel",
        "/jongeren/{youth}",
        "/jongeren/{youth}/coachkoppel",
        {"coach0-user": "{colleague}", "coach1-name": "Ilse", "coach1-trained": "2025-01-01"},
    ),
    (
        "coach pair: a training date in words",
        "wessel",
        "/jongeren/{youth}",
        "/jongeren/{youth}/coachkoppel",
        {"coach0-user": "{colleague}", "coach1-name": "Ilse", "coach1-org": "Samen", "coach1-trained": "vorig jaar"},
    ),
    (
        "coach pair: the youth's own worker",
        "wessel",
        "/jongeren/{youth}",
        "/jongeren/{youth}/coachkoppel",
        {"coach0-user": "{own_worker}", "coach1-user": "{colleague}"},
    ),
    (
        "coach pair: a user id of words",
        "wessel",
        "/jongeren/{youth}",
        "/jongeren/{youth}/coachkoppel",
        {"coach0-user": "wendy", "coach1-user": "{colleague}"},
    ),
    ("my score: a goal of another youth", "amir", "/mijn", "/mijn/score", {"goal_id": "{foreign_goal}", "value": "5"}),
    ("my success: NUL", "amir", "/mijn", "/mijn/succes", {"text": "Goed\x00", "goal_id": ""}),
    ("my houses: NUL", "amir", "/mijn", "/mijn/huizen", {"worries": "\x00", "good_things": "", "dreams": ""}),
]


def _counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {t: connection.execute(text(f'SELECT count(*) FROM "{t}"')).scalar_one() for t in COUNTED}


def test_bad_page_input_is_refused_as_a_page_and_stores_nothing(client: Any, world: World, engine: Engine) -> None:
    """Every case in ``CASES`` (one test, so the world is built and each user logs in once)."""
    case, foreign = world.cases["y1"], world.cases["y3"]
    names = {
        "youth": case.youth_id,
        "goal": case.goal_ids[0],
        "condition": case.condition_id,
        "setback": case.setback_id,
        "foreign_goal": foreign.goal_ids[0],
        "foreign_condition": foreign.condition_id,
        "foreign_worker": world["w3"].id,
        "week": week_of(date.today()),
        "today": date.today().isoformat(),
        "birth_year": date.today().year - 15,
        "colleague": world["w2"].id,
        "own_worker": world["w1"].id,
    }
    with engine.begin() as connection:  # the world's setback becomes a breach, so it has a reporting form
        connection.execute(text("UPDATE setback SET kind = 'condition_breach' WHERE id = :s"), {"s": case.setback_id})
    logged_in = ""
    for name, user, page, action, fields in CASES:
        if user != logged_in:
            _log_in(client, user)
            logged_in = user
        before = _counts(engine)
        filled = {k.format(**names): v.format(**names) if "{" in v else v for k, v in fields.items()}
        response = _post_form(client, page.format(**names), action.format(**names), filled)
        assert 400 <= response.status_code < 500, f"{name}: {response.status_code}"
        assert response.headers["content-type"].startswith("text/html"), name
        assert 'role="alert"' in response.text and "Expected" not in response.text, name
        assert _counts(engine) == before, name
