"""The worker's pages over real HTTP on both databases: the weekly round, one youth's record with its week form,
building a record from the pages (youth, measure, method, goals, conditions, network), and who may use them."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, text

from reclassering.casefile import checkins, conferences, events
from reclassering.casefile.db import unit_of_work
from reclassering.casefile.fields import today as service_today
from reclassering.casefile.models import Measure, User
from reclassering.casefile.weeks import add_weeks, week_of

from ..conftest import count_queries
from ..world import World
from .test_caseload_queries import _add_youths
from .test_pages import _csrf, _log_in, _post_form


def _rows(engine: Engine, sql: str, **params: Any) -> list[tuple[Any, ...]]:
    with engine.connect() as connection:
        return [tuple(r) for r in connection.execute(text(sql), params)]


def _row_of(html: str, youth_id: int) -> str:
    match = re.search(rf'<a href="/jongeren/{youth_id}">.*?</tr>', html, re.S)
    assert match, f"no caseload row for youth {youth_id}"
    return match.group(0)


# --- the weekly round ---------------------------------------------------------------------------------------


def test_the_round_shows_this_weeks_status_scores_and_what_needs_attention(
    client: Any, world: World, engine: Engine
) -> None:
    case = world.cases["y1"]
    with unit_of_work(engine) as session:
        worker = session.get(User, world["w1"].id)
        assert worker is not None
        # two weeks ago a lower score, so last week's 5 (worker) and 6 (youth) are a rise
        checkins.record_check_in(
            session,
            worker,
            case.measure_id,
            add_weeks(case.week, -1),
            checkins.CheckInWrite(
                scores=[
                    checkins.ScoreEntry(goal_id=case.goal_ids[0], rater="worker", value=3),  # type: ignore[arg-type]
                    checkins.ScoreEntry(goal_id=case.goal_ids[0], rater="youth", value=6),  # type: ignore[arg-type]
                ]
            ),
        )
        events.record_setback(
            session,
            worker,
            case.measure_id,
            events.SetbackCreate(
                occurred_on=service_today() - timedelta(days=14),
                kind="condition_breach",  # type: ignore[arg-type]
                severity="moderate",  # type: ignore[arg-type]
                text="Niet op school",
                condition_id=case.condition_id,
            ),
        )
        measure = session.get(Measure, case.measure_id)
        assert measure is not None
        measure.planned_end = service_today() + timedelta(days=20)
    _log_in(client, "wessel")
    html = client.get("/caseload").text
    row = _row_of(html, case.youth_id)
    assert "Toezicht en begeleiding" in row and "toezicht_begeleiding" not in row  # a label, never the code
    assert '<span class="status todo">nog doen</span>' in row  # last week was entered: to do, not behind
    assert "omhoog, was 3" in row and "gelijk aan de week ervoor" in row  # worker 3 -> 5, youth 6 -> 6
    assert f"week {int(case.week[-2:])} (" in row  # weeks as people say them
    assert "1 open terugval" in row or "2 open terugvallen" in row
    assert "1 overtreding nog niet teruggemeld" in row and "1 te laat" in row
    assert "maatregel eindigt" in row and "casusoverleg" in row
    assert f"Deze week: week {service_today().isocalendar().week} (" in html

    english = client.get("/caseload?lang=en").text
    assert "1 breach not reported yet" in _row_of(english, case.youth_id)


def test_a_week_missing_twice_is_behind_and_the_filters_and_sorting_are_plain_links(
    client: Any, world: World, engine: Engine
) -> None:
    _add_youths(engine, world["w1"].id, 3)  # "Extra 00" entered this week, 01 last week, 02 two weeks ago
    _log_in(client, "wessel")
    html = client.get("/caseload").text
    names = re.findall(r'<a href="/jongeren/\d+">([^<]+)</a>', html)
    assert names[0] == "Extra 02"  # behind comes first
    assert '<span class="status overdue">achter</span>' in html and '<span class="status done">gedaan</span>' in html
    todo = client.get("/caseload?show=todo").text
    assert "Extra 00" not in todo and "Extra 01" in todo and "Extra 02" in todo
    by_name = re.findall(r'<a href="/jongeren/\d+">([^<]+)</a>', client.get("/caseload?sort=name").text)
    assert by_name == sorted(by_name, key=str.casefold)
    assert 'href="/caseload?sort=name&amp;show=todo"' in todo  # the filter keeps the sort, and back
    assert client.get("/caseload?sort=nonsense&show=%3Cscript%3E").status_code == 200


def test_the_round_costs_the_same_number_of_queries_for_one_youth_or_thirty(
    client: Any, world: World, engine: Engine
) -> None:
    _log_in(client, "wessel")

    def measured() -> int:
        with count_queries(engine) as counter:
            assert client.get("/caseload").status_code == 200
        return counter.count

    small = measured()
    _add_youths(engine, world["w1"].id, 30)
    assert measured() == small
    assert small <= 16


# --- one youth ------------------------------------------------------------------------------------------------


def test_the_youth_page_shows_last_weeks_scores_the_method_and_a_chart(client: Any, world: World) -> None:
    case = world.cases["y1"]
    _log_in(client, "wessel")
    html = client.get(f"/jongeren/{case.youth_id}").text
    g1 = case.goal_ids[0]
    label = f"week {int(case.week[-2:])} ("
    assert re.search(rf'<p class="hint" id="before-w-{g1}">Eerder: 5 in {re.escape(label)}', html)
    assert re.search(rf'<p class="hint" id="before-y-{g1}">Eerder: 6 in', html)
    assert f'aria-describedby="before-w-{g1}"' in html
    assert "Signs of Success" in html and "fase: Kennismaken" in html and "Naar de volgende fase" in html
    assert re.search(r'<svg viewBox="0 0 \d+ \d+" role="img" aria-labelledby="chart-\d+-title chart-\d+-desc"', html)
    assert "Elke dag naar school" in html and "bijzondere voorwaarde" in html  # conditions
    assert "Moeder" in html and "ouder" in html  # the network
    assert "afspraak gemist" in html and ">missed_appointment<" not in html  # labels, codes only as values


def test_a_whole_week_in_one_submit_with_a_breach_and_its_reporting(client: Any, world: World, engine: Engine) -> None:
    case = world.cases["y1"]
    g1, g2 = case.goal_ids
    url = f"/jongeren/{case.youth_id}"
    _log_in(client, "wessel")
    day = (service_today() - timedelta(days=1)).isoformat()
    response = _post_form(
        client,
        url,
        f"{url}/week",
        {
            "week": week_of(service_today()),
            f"worker_{g1}": "7",
            f"youth_{g1}": "8",
            f"worker_{g2}": "",
            "went_well": "Op tijd",
            "worries": "",
            "next_steps": "Stage zoeken",
            "success_text": "Zelf de wekker gezet",
            "success_goal": str(g1),
            "success_date": day,
            "setback_kind": "condition_breach",
            "setback_severity": "moderate",
            "setback_date": day,
            "setback_condition": str(case.condition_id),
            "setback_text": "Twee dagen niet op school",
            "setback_response": "talk",
            "report_om": "yes",
            "report_om_on": service_today().isoformat(),
            "report_expert": "yes",
            "report_expert_name": "Xandra de Wit",
        },
    )
    assert response.status_code == 303 and response.headers["location"].endswith("?saved=week#week")
    page = client.get(response.headers["location"]).text
    assert '<p class="notice" role="status">Opgeslagen</p>' in page
    assert _rows(engine, "SELECT text, goal_id FROM success WHERE text = 'Zelf de wekker gezet'") == [
        ("Zelf de wekker gezet", g1)
    ]
    setback = _rows(engine, "SELECT id, kind, condition_id, response FROM setback WHERE text LIKE 'Twee dagen%'")
    assert [s[1:] for s in setback] == [("condition_breach", case.condition_id, "talk")]
    report = _rows(
        engine,
        "SELECT om_informed, om_informed_on, raad_informed, expert_consulted, expert_name FROM breach_report "
        "WHERE setback_id = :s",
        s=setback[0][0],
    )
    assert report == [(True, service_today(), False, True, "Xandra de Wit")] or report == [
        (1, service_today().isoformat(), 0, 1, "Xandra de Wit")
    ]
    audited = _rows(
        engine,
        "SELECT object_type, action FROM audit_event WHERE username = 'wessel' AND outcome = 'success' "
        "AND access_point LIKE '%/week' ORDER BY id",
    )
    assert audited == [
        ("check_in", "update"),
        ("success", "create"),
        ("setback", "create"),
        ("breach_report", "update"),
    ]
    assert "Het OM op" in page or "het OM op" in page  # the reporting shows on the page


def test_a_breach_with_a_half_reporting_record_is_refused_and_nothing_is_stored(
    client: Any, world: World, engine: Engine
) -> None:
    case = world.cases["y1"]
    url = f"/jongeren/{case.youth_id}"
    _log_in(client, "wessel")
    before = _rows(engine, "SELECT count(*) FROM setback")
    fields = {
        "week": week_of(service_today()),
        f"worker_{case.goal_ids[0]}": "6",
        "setback_kind": "condition_breach",
        "setback_severity": "serious",
        "setback_text": "Weggelopen <script>alert(1)</script>",
        "report_om": "yes",
        "report_om_on": "",
    }
    response = _post_form(client, url, f"{url}/week", fields)
    assert response.status_code == 422
    html = response.text
    assert re.search(r'id="error-setback-condition">Zeg welke voorwaarde is overtreden\.', html)
    assert re.search(r'id="error-report-om_on">Vul een datum in\.', html)
    assert 'value="yes" checked' in html and 'value="6"' in html  # typed and kept
    assert "Weggelopen &lt;script&gt;alert(1)&lt;/script&gt;</textarea>" in html
    assert _rows(engine, "SELECT count(*) FROM setback") == before
    assert _rows(engine, "SELECT count(*) FROM check_in WHERE week = :w", w=week_of(service_today())) == [(0,)]


def test_an_earlier_breach_gets_its_reporting_record_from_its_own_form(
    client: Any, world: World, engine: Engine
) -> None:
    case = world.cases["y1"]
    with unit_of_work(engine) as session:
        worker = session.get(User, world["w1"].id)
        setback = events.record_setback(
            session,
            worker,  # type: ignore[arg-type]
            case.measure_id,
            events.SetbackCreate(
                occurred_on=service_today() - timedelta(days=20),
                kind="new_suspicion",  # type: ignore[arg-type]
                severity="serious",  # type: ignore[arg-type]
                text="Aangehouden na een vechtpartij",
            ),
        )
        setback_id = setback.id
    url = f"/jongeren/{case.youth_id}"
    _log_in(client, "wessel")
    html = client.get(url).text
    assert "Nog niet teruggemeld" in html and "te laat sinds" in html and "verdacht" in html
    refused = _post_form(client, url, f"/terugvallen/{setback_id}/terugmelding", {})
    assert refused.status_code == 422
    assert f'id="error-report{setback_id}-om"' in refused.text
    saved = _post_form(
        client,
        url,
        f"/terugvallen/{setback_id}/terugmelding",
        {f"report{setback_id}_reason": "Besproken met de gedragswetenschapper: eerst een gesprek"},
    )
    assert saved.status_code == 303
    assert "Niet teruggemeld: Besproken met de gedragswetenschapper" in client.get(url).text


def test_a_worker_builds_a_record_from_the_pages_alone(client: Any, world: World, engine: Engine) -> None:
    _log_in(client, "wessel")
    new = client.get("/jongeren/nieuw").text
    assert "Ik (Wessel de Vries)" in new
    refused = client.post(
        "/jongeren/nieuw", data={"name": " ", "birth_year": "1999", "worker": "", "_csrf_token": _csrf(new)}
    )
    assert refused.status_code == 422
    assert "Vul een naam in." in refused.text and "Jeugdreclassering is voor 12 tot en met 23 jaar" in refused.text
    created = client.post(
        "/jongeren/nieuw",
        data={"name": "Dani V.", "birth_year": str(service_today().year - 15), "worker": "", "_csrf_token": _csrf(new)},
        follow_redirects=False,
    )
    assert created.status_code == 303
    youth_id = int(re.search(r"/jongeren/(\d+)/maatregel/nieuw", created.headers["location"]).group(1))  # type: ignore[union-attr]
    form = client.get(created.headers["location"]).text
    assert "Voorwaardelijke PIJ-maatregel" in form and ">pij_voorwaardelijk<" not in form
    start, end = service_today() - timedelta(days=7), service_today() + timedelta(days=300)
    bad = client.post(
        f"/jongeren/{youth_id}/maatregel",
        data={
            "kind": "gbm",
            "imposed_by": "om",
            "start_date": end.isoformat(),
            "planned_end": start.isoformat(),
            "_csrf_token": _csrf(form),
        },
    )
    assert bad.status_code == 422 and "Het geplande einde ligt voor het begin." in bad.text
    measure = client.post(
        f"/jongeren/{youth_id}/maatregel",
        data={
            "kind": "voorwaardelijk",
            "imposed_by": "kinderrechter",
            "start_date": start.isoformat(),
            "planned_end": end.isoformat(),
            "special": "Elke dag naar school\n\nGeen contact met X",
            "general": "Geen nieuw strafbaar feit",
            "_csrf_token": _csrf(form),
        },
        follow_redirects=False,
    )
    assert measure.status_code == 303
    record = f"/jongeren/{youth_id}"
    assert _post_form(client, record, f"{record}/methode", {"method_id": "signs_of_success"}).status_code == 303
    goal = _post_form(
        client,
        record,
        f"{record}/doelen",
        {"title": "Ik haal mijn diploma", "life_domain": "school_work", "sustain_weeks": "8"}
        | {f"gas{k}": f"niveau {k}" for k in ("-2", "-1", "0", "1", "2")},
    )
    assert goal.status_code == 303
    half_gas = _post_form(
        client, record, f"{record}/doelen", {"title": "Werk", "life_domain": "school_work", "gas0": "een baan"}
    )
    assert half_gas.status_code == 422 and "Beschrijf elk niveau van -2 tot +2" in half_gas.text
    assert _post_form(client, record, f"{record}/netwerk", {"name": "Oom Ray", "role": "relative"}).status_code == 303
    page = client.get(record).text
    assert "Ik haal mijn diploma" in page and "Oom Ray" in page and "Geen contact met X" in page
    assert "algemene voorwaarde" in page and "fase: Kennismaken" in page
    rows = _rows(
        engine,
        "SELECT m.kind, count(c.id) FROM measure m JOIN condition c ON c.measure_id = m.id WHERE m.youth_id = :y "
        "GROUP BY m.kind",
        y=youth_id,
    )
    assert rows == [("voorwaardelijk", 3)]
    goal_id = _rows(engine, "SELECT id FROM goal WHERE title = 'Ik haal mijn diploma'")[0][0]
    paused = _post_form(
        client,
        record,
        f"/doelen/{goal_id}",
        {"title": "Ik haal mijn diploma MBO", "status": "paused"}
        | {f"gas{k}": f"n{k}" for k in ("-2", "-1", "0", "1", "2")},
    )
    assert paused.status_code == 303
    assert _rows(engine, "SELECT title, status FROM goal WHERE id = :g", g=goal_id) == [
        ("Ik haal mijn diploma MBO", "paused")
    ]
    condition_id = _rows(engine, "SELECT id FROM condition WHERE text = 'Elke dag naar school' ORDER BY id DESC")[0][0]
    judged = _post_form(
        client, record, f"/voorwaarden/{condition_id}/naleving", {"compliance": "partly", "assessed_on": "", "note": ""}
    )
    assert judged.status_code == 303
    assert "deels nageleefd" in client.get(record).text
    caseload = client.get("/caseload").text
    assert "Dani V." in caseload


def test_the_next_phase_moves_on_only_when_its_needs_are_met(client: Any, world: World, engine: Engine) -> None:
    case = world.cases["y1"]
    url = f"/jongeren/{case.youth_id}"
    _log_in(client, "wessel")
    moved = _post_form(client, url, f"{url}/fase", {"note": ""})
    assert moved.status_code == 303
    html = client.get(url).text
    assert "fase: In kaart brengen" in html and "nog nodig:" in html
    assert "Naar de volgende fase" not in html  # the button only shows when the needs are met
    refused = _post_form(client, url, f"{url}/fase", {"note": ""})
    assert refused.status_code == 422 and 'id="error-advance"' in refused.text


# --- who may use them ---------------------------------------------------------------------------------------


def _targets(world: World, key: str) -> dict[str, str]:
    case = world.cases[key]
    return {
        "youth": str(case.youth_id),
        "goal": str(case.goal_ids[0]),
        "condition": str(case.condition_id),
        "setback": str(case.setback_id),
    }


RECORD_ROUTES = [
    ("GET", "/jongeren/{youth}"),
    ("POST", "/jongeren/{youth}/week"),
    ("POST", "/jongeren/{youth}/fase"),
    ("GET", "/jongeren/{youth}/maatregel/nieuw"),
    ("POST", "/jongeren/{youth}/maatregel"),
    ("POST", "/jongeren/{youth}/methode"),
    ("POST", "/jongeren/{youth}/doelen"),
    ("POST", "/jongeren/{youth}/netwerk"),
    ("POST", "/jongeren/{youth}/in-kaart"),
    ("POST", "/jongeren/{youth}/coachkoppel"),
    ("POST", "/doelen/{goal}"),
    ("POST", "/voorwaarden/{condition}/naleving"),
    ("POST", "/terugvallen/{setback}/terugmelding"),
]


@pytest.mark.parametrize(("method", "path"), RECORD_ROUTES, ids=[f"{m} {p}" for m, p in RECORD_ROUTES])
def test_the_record_pages_refuse_other_roles_and_foreign_youths(
    client: Any, world: World, engine: Engine, method: str, path: str
) -> None:
    def call(target: str) -> Any:
        token = _csrf(client.get("/login").text)
        url = path.format(**_targets(world, target))
        if method == "GET":
            return client.get(url, follow_redirects=False)
        return client.post(url, data={"_csrf_token": token}, follow_redirects=False)

    anonymous = call("y1")
    assert anonymous.status_code in (303, 401, 403)  # to the login (a form without a session has no token)
    _log_in(client, "wessel")
    foreign = call("y3")
    assert foreign.status_code == 404 and "Niet gevonden" in foreign.text
    denied = _rows(
        engine,
        "SELECT count(*) FROM audit_event WHERE youth_id = :y AND outcome = 'denied'",
        y=world.cases["y3"].youth_id,
    )
    assert denied[0][0] >= 1
    for username in ("amir", "beheer"):
        _log_in(client, username)
        assert call("y1").status_code == 403


def test_a_youth_and_an_administrator_cannot_add_youths_or_see_the_round(client: Any, world: World) -> None:
    for username in ("amir", "beheer"):
        _log_in(client, username)
        assert client.get("/caseload").status_code == 403
        assert client.get("/jongeren/nieuw").status_code == 403


def test_a_supervisor_sees_the_teams_round_with_each_worker(client: Any, world: World) -> None:
    _log_in(client, "sanne")
    html = client.get("/caseload").text
    assert "Amir K." in html and "Bo de J." in html and "Cas M." not in html
    assert "jeugdreclasseerder: Wendy Bakker" in html
    new = client.get("/jongeren/nieuw").text
    refused = client.post(
        "/jongeren/nieuw",
        data={"name": "Eva P.", "birth_year": str(service_today().year - 16), "worker": "", "_csrf_token": _csrf(new)},
    )
    assert refused.status_code == 422 and "Kies de jeugdreclasseerder van deze jongere." in refused.text


def test_a_new_conference_within_four_weeks_is_coming_up(client: Any, world: World, engine: Engine) -> None:
    case = world.cases["y1"]
    with unit_of_work(engine) as session:
        worker = session.get(User, world["w1"].id)
        conferences.create_conference(
            session,
            worker,  # type: ignore[arg-type]
            case.measure_id,
            conferences.ConferenceCreate(
                held_on=service_today(), question_kind=conferences.QuestionKind.ADJUST_PLAN, question="Plan aanpassen?"
            ),
        )
    _log_in(client, "wessel")
    assert "casusoverleg" in _row_of(client.get("/caseload").text, case.youth_id)
