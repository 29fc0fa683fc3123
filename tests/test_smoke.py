from sqlmodel import select

from reclassering.casefile.models import AuditEvent


def test_worker_lists_own_caseload_and_reads_are_audited(client, world, session):
    r = client.get("/api/v1/youths", headers=world["w1"].headers)
    assert r.status_code == 200, r.text
    body = r.json()
    assert [i["display_name"] for i in body["items"]] == ["Amir K."]
    item = body["items"][0]
    assert item["latest_week"] == world.cases["y1"].week
    assert item["open_setbacks"] == 1
    events = session.exec(select(AuditEvent)).all()
    assert [(e.youth_id, e.action, e.outcome) for e in events] == [(world.cases["y1"].youth_id, "read", "success")]
