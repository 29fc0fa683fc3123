"""Bad input to the page forms: every refusal is a page (HTML, 4xx) in the page's language, never a 500, and a
refused form stores nothing (not even part of it)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, text
from sqlmodel import select

from reclassering.casefile import network_links
from reclassering.casefile.db import unit_of_work
from reclassering.casefile.fields import today as service_today
from reclassering.casefile.models import User
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
    "app_user",
    "team",
    "password_reset",
    "conference",
    "conference_deliberation",
    "conference_reopening",
    "report_snapshot",
    "network_link",
    "score",
    "safety_plan_version",
    "mapping_session",
    "coach_pair",
    "coach",
)
#: Tables whose rows a refused form must leave exactly as they were (a refused edit changes nothing either).
UNCHANGED = ("conference", "conference_deliberation")

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
        "network link: no member, no goal, days in words",
        "wessel",
        "/jongeren/{youth}",
        "/jongeren/{youth}/netwerklinks",
        {"member_id": "", "days": "twee weken", "locale": "de"},
    ),
    (
        "network link: 61 days",
        "wessel",
        "/jongeren/{youth}",
        "/jongeren/{youth}/netwerklinks",
        {"member_id": "{member}", "goal_{goal}": "yes", "days": "61"},
    ),
    (
        "network link: a goal of another youth",
        "wessel",
        "/jongeren/{youth}",
        "/jongeren/{youth}/netwerklinks",
        {"member_id": "{member}", "goal_{foreign_goal}": "yes"},
    ),
    (
        "network link: a member of another youth",
        "wessel",
        "/jongeren/{youth}",
        "/jongeren/{youth}/netwerklinks",
        {"member_id": "{foreign_member}", "goal_{goal}": "yes"},
    ),
    ("link page: a score of 11", "wessel", "/netwerk/{secret}", "/netwerk/{secret}", {"score_{goal}": "11"}),
    ("link page: a score in words", "wessel", "/netwerk/{secret}", "/netwerk/{secret}", {"score_{goal}": "zeven"}),
    ("link page: a note with NUL", "wessel", "/netwerk/{secret}", "/netwerk/{secret}", {"note_{goal}": "Goed\x00"}),
    (
        "link page: a note too long",
        "wessel",
        "/netwerk/{secret}",
        "/netwerk/{secret}",
        {"score_{goal}": "5", "note_{goal}": "x" * 4001},
    ),
    ("link page: nothing filled in", "wessel", "/netwerk/{secret}", "/netwerk/{secret}", {"score_{goal}": " "}),
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
    # the administrator's forms
    (
        "account: a username with spaces",
        "beheer",
        "/beheer",
        "/beheer/gebruikers",
        {"username": "nieuwe collega", "display_name": "Nieuw", "role": "worker", "team_id": "{team}"},
    ),
    (
        "account: a name with NUL",
        "beheer",
        "/beheer",
        "/beheer/gebruikers",
        {"username": "nieuw", "display_name": "Nieuw\x00", "role": "worker", "team_id": "{team}"},
    ),
    (
        "account: an unknown role",
        "beheer",
        "/beheer",
        "/beheer/gebruikers",
        {"username": "nieuw", "display_name": "Nieuw", "role": "god", "team_id": "{team}"},
    ),
    (
        "account: a team of letters",
        "beheer",
        "/beheer",
        "/beheer/gebruikers",
        {"username": "nieuw", "display_name": "Nieuw", "role": "worker", "team_id": "noord"},
    ),
    (
        "account: a youth record of 2**40",
        "beheer",
        "/beheer",
        "/beheer/gebruikers",
        {"username": "nieuw", "display_name": "Nieuw", "role": "youth", "youth_id": str(2**40)},
    ),
    (
        "account: an e-mail address with NUL",
        "beheer",
        "/beheer",
        "/beheer/gebruikers",
        {"username": "nieuw", "display_name": "Nieuw", "role": "admin", "email": "a\x00@b.nl"},
    ),
    (
        "account change: an unknown role",
        "beheer",
        "/beheer/gebruikers/{user}",
        "/beheer/gebruikers/{user}",
        {"display_name": "Wendy", "role": "god", "team_id": "{team}"},
    ),
    (
        "account change: a name of 121 characters",
        "beheer",
        "/beheer/gebruikers/{user}",
        "/beheer/gebruikers/{user}",
        {"display_name": "x" * 121, "role": "worker", "team_id": "{team}"},
    ),
    (
        "account: active perhaps",
        "beheer",
        "/beheer/gebruikers/{user}",
        "/beheer/gebruikers/{user}/actief",
        {"active": "misschien"},
    ),
    ("team: a name of NUL", "beheer", "/beheer", "/beheer/teams", {"name": "\x00"}),
    ("team: a blank name", "beheer", "/beheer", "/beheer/teams", {"name": "   "}),
    ("team rename: 121 characters", "beheer", "/beheer", "/beheer/teams/{team}", {"name": "x" * 121}),
    # the supervisor's pages: planning a conference and the forms of one conference
    (
        "plan: a date of words",
        "sanne",
        "/maatregelen/{measure}/overleg/nieuw",
        "/maatregelen/{measure}/overleg",
        {"held_on": "volgende week", "question_kind": "carry_on", "question": "Verder?"},
    ),
    (
        "plan: an unknown question kind",
        "sanne",
        "/maatregelen/{measure}/overleg/nieuw",
        "/maatregelen/{measure}/overleg",
        {"held_on": "{today}", "question_kind": "opsluiten", "question": "Verder?"},
    ),
    (
        "plan: before the measure started",
        "sanne",
        "/maatregelen/{measure}/overleg/nieuw",
        "/maatregelen/{measure}/overleg",
        {"held_on": "2001-01-01", "question_kind": "carry_on", "question": "Verder?"},
    ),
    (
        "advice: an unknown advised outcome",
        "sanne",
        "/overleg/{conference}",
        "/overleg/{conference}/advies",
        {"held_on": "{today}", "question_kind": "carry_on", "question": "V", "advised_outcome": "vrijspraak"},
    ),
    (
        "advice: a question with NUL",
        "sanne",
        "/overleg/{conference}",
        "/overleg/{conference}/advies",
        {"held_on": "{today}", "question_kind": "carry_on", "question": "V\x00", "advice": "Doorgaan"},
    ),
    (
        "advice: a signed-off advice changed",
        "sanne",
        "/overleg/{conference}",
        "/overleg/{conference}/advies",
        {"held_on": "{today}", "question_kind": "carry_on", "question": "Anders", "advice": "Anders"},
    ),
    (
        "views: an unknown status",
        "sanne",
        "/overleg/{conference}",
        "/overleg/{conference}/zienswijzen",
        {"youth_status": "misschien", "youth_text": "x"},
    ),
    (
        "views: given without words",
        "sanne",
        "/overleg/{conference}",
        "/overleg/{conference}/zienswijzen",
        {"youth_status": "given", "youth_text": " "},
    ),
    (
        "views: words without a status",
        "sanne",
        "/overleg/{conference}",
        "/overleg/{conference}/zienswijzen",
        {"parents_text": "Wij willen"},
    ),
    (
        "deliberation: an unknown addressee",
        "sanne",
        "/overleg/{conference}",
        "/overleg/{conference}/afweging",
        {"addressee": "politie"},
    ),
    (
        "deliberation: another option not described",
        "sanne",
        "/overleg/{conference}",
        "/overleg/{conference}/afweging",
        {"addressee": "raad", "option_other_weighed": "yes", "option_other_pros": "x"},
    ),
    (
        "deliberation: a participant without a role",
        "sanne",
        "/overleg/{conference}",
        "/overleg/{conference}/afweging",
        {"addressee": "raad", "participant_2_name": "Oom Henk"},
    ),
    (
        "deliberation: risks with NUL",
        "sanne",
        "/overleg/{conference}",
        "/overleg/{conference}/afweging",
        {"addressee": "om", "risks": "\x00"},
    ),
    ("sign-off: a second one", "sanne", "/overleg/{conference}", "/overleg/{conference}/aftekenen", {}),
    ("reopen: no reason", "sanne", "/overleg/{conference}", "/overleg/{conference}/heropenen", {"reason": "   "}),
    (
        "reopen: a reason too long",
        "sanne",
        "/overleg/{conference}",
        "/overleg/{conference}/heropenen",
        {"reason": "x" * 1001},
    ),
    (
        "decision: an unknown decision",
        "sanne",
        "/overleg/{conference}",
        "/overleg/{conference}/besluit",
        {"decision": "vrijspraak", "rationale": "x"},
    ),
    (
        "decision: no reasons",
        "sanne",
        "/overleg/{conference}",
        "/overleg/{conference}/besluit",
        {"decision": "carry_on", "rationale": ""},
    ),
    (
        "outside outcome: in the future",
        "sanne",
        "/overleg/{conference}",
        "/overleg/{conference}/uitkomst",
        {"decided_by": "om", "outcome": "warning", "decided_on": "3000-01-01"},
    ),
    (
        "outside outcome: before the conference",
        "sanne",
        "/overleg/{conference}",
        "/overleg/{conference}/uitkomst",
        {"decided_by": "om", "outcome": "warning", "decided_on": "2020-01-01"},
    ),
    (
        "outside outcome: an unknown outcome",
        "sanne",
        "/overleg/{conference}",
        "/overleg/{conference}/uitkomst",
        {"decided_by": "rechter", "outcome": "gevangenis", "decided_on": "{today}"},
    ),
    *[
        (f"safety plan: {name}", "wessel", "/jongeren/{youth}", "/jongeren/{youth}/veiligheidsplan", fields)
        for name, fields in (
            ("NUL in a warning sign", {"based_on": "0", "sign-0-text": "Laat\x00"}),
            ("a task without what", {"based_on": "0", "task-0-who": "Moeder"}),
            ("nothing filled in", {"based_on": "0", "task-0-who": " ", "agreed": ""}),
            ("a review date of words", {"based_on": "0", "sign-0-text": "Laat", "review_on": "volgende week"}),
            ("a review in the year 3000", {"based_on": "0", "sign-0-text": "Laat", "review_on": "3000-01-01"}),
            ("based on words", {"based_on": "twee", "sign-0-text": "Laat"}),
            ("based on a version that does not exist", {"based_on": "7", "sign-0-text": "Laat"}),
            ("a warning sign longer than its limit", {"based_on": "0", "sign-0-text": "x" * 301}),
            ("a way to reach too long", {"based_on": "0", "call-0-name": "Oom", "call-0-reach": "0" * 201}),
            ("a name of NUL", {"based_on": "0", "call-0-name": "\x00"}),
        )
    ],
]


def _network_link(engine: Engine, case: Any) -> str:
    """A working link of the case's measure, asking about its first goal; its secret."""
    with unit_of_work(engine) as session:
        worker = session.exec(select(User).where(User.username == "wessel")).one()
        data = network_links.NetworkLinkCreate(member_id=case.network_member_id, goal_ids=[case.goal_ids[0]])
        return network_links.create_link(session, worker, case.measure_id, data, default_days=14)[1]


def _counts(engine: Engine) -> dict[str, Any]:
    with engine.connect() as connection:
        counts: dict[str, Any] = {
            t: connection.execute(text(f'SELECT count(*) FROM "{t}"')).scalar_one() for t in COUNTED
        }
        for table in UNCHANGED:
            counts[f"{table} rows"] = [
                tuple(r) for r in connection.execute(text(f'SELECT * FROM "{table}" ORDER BY id'))
            ]
        return counts


def test_bad_page_input_is_refused_as_a_page_and_stores_nothing(client: Any, world: World, engine: Engine) -> None:
    """Every case in ``CASES`` (one test, so the world is built and each user logs in once)."""
    case, foreign = world.cases["y1"], world.cases["y3"]
    names = {
        "youth": case.youth_id,
        "measure": case.measure_id,
        "conference": case.conference_id,
        "goal": case.goal_ids[0],
        "condition": case.condition_id,
        "setback": case.setback_id,
        "foreign_goal": foreign.goal_ids[0],
        "foreign_condition": foreign.condition_id,
        "foreign_worker": world["w3"].id,
        "week": week_of(service_today()),
        "today": service_today().isoformat(),
        "birth_year": service_today().year - 15,
        "user": world["w2"].id,
        "team": world.team_ids["noord"],
        "member": case.network_member_id,
        "foreign_member": foreign.network_member_id,
        "secret": _network_link(engine, case),
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
