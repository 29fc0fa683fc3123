"""Youths: the caseload list, the record, the network, the audit trail, who looked at the record and the export."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from litestar import Controller, delete, get, patch, post
from litestar.params import FromPath, JSONBody, Parameter

from ..casefile import audit as audit_trail
from ..casefile import export, network, youths
from ..casefile.access import Purpose
from ..casefile.models import User
from ..casefile.vocab import AuditAction, MeasureStatus, Role
from ..settings import Settings
from . import access_log
from .deps import AppSettings, Audit, CurrentUser, DbSession, Paging, in_thread
from .guards import CASE_READERS, CASE_WRITERS, rule
from .i18n import LOCALES
from .schemas import AuditEventOut, CaseloadItem, NetworkMemberOut, Paged, YouthOut, out, page_of, youth_out

R, C, U, D = AuditAction.READ, AuditAction.CREATE, AuditAction.UPDATE, AuditAction.DELETE
#: The full trail (usernames, addresses): staff who answer for the record, and administrators. A youth reads
#: who looked at their record through the access log instead, which names staff only and no address.
AUDIT_READERS = frozenset({Role.SUPERVISOR, Role.EXPERT, Role.ADMIN})


class YouthController(Controller):
    path = "/api/v1/youths"
    tags = ["youths"]

    @get("/", opt=rule(CASE_READERS, action=R, object_type="youth"), sync_to_thread=False)
    def list_youths(
        self,
        db: DbSession,
        actor: CurrentUser,
        audit: Audit,
        page: Paging,
        worker_id: int | None = Parameter(default=None, ge=1, le=2**31 - 1, description="Only this worker's youths"),
        status: MeasureStatus | None = Parameter(default=None, description="Only youths with a measure in this status"),
    ) -> Paged[CaseloadItem]:
        """The caseload: every youth you may reach, with their latest check-in week and open setbacks."""
        rows, total = youths.caseload(
            db, actor, worker_id=worker_id, status=status, limit=page.limit, offset=page.offset
        )
        audit.set_youths([r.youth.id for r in rows], "youth")  # type: ignore[misc]
        items = [
            CaseloadItem(
                id=r.youth.id,
                display_name=r.youth.display_name,
                birth_year=r.youth.birth_year,
                worker_id=r.youth.worker_id,
                worker_name=r.worker_name,
                team_id=r.youth.team_id,
                active_measure_kind=r.active_measure_kind,
                latest_week=r.latest_week,
                open_setbacks=r.open_setbacks,
            )
            for r in rows
        ]
        return Paged(items=items, total=total, limit=page.limit, offset=page.offset)

    @post("/", opt=rule(CASE_WRITERS, action=C, object_type="youth"), sync_to_thread=False)
    def create_youth(
        self, db: DbSession, actor: CurrentUser, audit: Audit, data: JSONBody[youths.YouthCreate]
    ) -> YouthOut:
        """Add a youth to a caseload (yours, or for a supervisor a worker of the team)."""
        youth = youths.create_youth(db, actor, data)
        audit.set_object(youth.id, youth_id=youth.id)
        return youth_out(youth)

    @get("/{youth_id:int}", opt=rule(CASE_READERS, scope="youth", action=R), sync_to_thread=False)
    def read_youth(self, db: DbSession, youth_id: FromPath[int]) -> YouthOut:
        return youth_out(youths.get_youth(db, youth_id))

    @patch("/{youth_id:int}", opt=rule(CASE_WRITERS, scope="youth", action=U), sync_to_thread=False)
    def update_youth(
        self, db: DbSession, actor: CurrentUser, youth_id: FromPath[int], data: JSONBody[youths.YouthUpdate]
    ) -> YouthOut:
        return youth_out(youths.update_youth(db, actor, youth_id, data))

    @get(
        "/{youth_id:int}/network",
        opt=rule(CASE_READERS, scope="youth", action=R, object_type="network_member"),
        sync_to_thread=False,
    )
    def list_network(self, db: DbSession, youth_id: FromPath[int], page: Paging) -> Paged[NetworkMemberOut]:
        """The youth's network: parents, relatives, coaches, teachers, mentors."""
        return page_of([out(m, NetworkMemberOut) for m in network.members(db, youth_id)], page)

    @post(
        "/{youth_id:int}/network",
        opt=rule(CASE_WRITERS, scope="youth", action=C, object_type="network_member"),
        sync_to_thread=False,
    )
    def add_network_member(
        self, db: DbSession, audit: Audit, youth_id: FromPath[int], data: JSONBody[network.NetworkMemberCreate]
    ) -> NetworkMemberOut:
        member = network.add_member(db, youth_id, data)
        audit.set_object(member.id)
        return out(member, NetworkMemberOut)

    @get(
        "/{youth_id:int}/audit",
        opt=rule(AUDIT_READERS, scope="youth", action=R, object_type="audit_trail", purpose=Purpose.AUDIT),
        sync_to_thread=False,
    )
    def read_audit(self, db: DbSession, youth_id: FromPath[int], page: Paging) -> Paged[AuditEventOut]:
        """Who read or changed this record, when and what: newest first."""
        events, total = audit_trail.trail(db, youth_id, limit=page.limit, offset=page.offset)
        return Paged(items=[out(e, AuditEventOut) for e in events], total=total, limit=page.limit, offset=page.offset)

    @get(
        "/{youth_id:int}/access-log",
        opt=rule(CASE_READERS, scope="youth", action=R, object_type="access_log"),
        sync_to_thread=False,
    )
    def read_access_log(
        self, db: DbSession, actor: CurrentUser, settings: AppSettings, youth_id: FromPath[int], page: Paging
    ) -> Paged[access_log.AccessLogOut]:
        """Who looked at this record: staff by role and name, what and on which day, in plain words; newest first.

        Repeated reads by one person of one part of the record on one day are one entry with a count. The
        youth's own reads are left out; another youth, the system and anyone not logged in are named by kind
        only; no username of a youth and no address ever appears."""
        entries, total = audit_trail.access_log(
            db, youth_id, zone=ZoneInfo(settings.timezone), limit=page.limit, offset=page.offset
        )
        items = [access_log.out(e, _locale(actor, settings)) for e in entries]
        return Paged(items=items, total=total, limit=page.limit, offset=page.offset)

    @get(
        "/{youth_id:int}/export",
        opt=rule(CASE_READERS, scope="youth", action=AuditAction.EXPORT, object_type="record"),
    )
    @in_thread
    def export_record(
        self, db: DbSession, actor: CurrentUser, settings: AppSettings, youth_id: FromPath[int]
    ) -> dict[str, Any]:
        """What you may read of the record through the API, as one JSON document (README: "What an export holds").

        A youth's own export holds their record without the staff's conference, advice and reporting documents;
        the audit trail is in it only for those who may read ``/audit``. The full record for a formal request for
        inspection (AVG) is the export made by the team's supervisor or behavioural expert."""
        locale = _locale(actor, settings)
        return export.export_youth(
            db,
            youth_id,
            Role(actor.role),
            words=lambda entry: access_log.describe(entry, locale),
            zone=ZoneInfo(settings.timezone),
        )


class NetworkMemberController(Controller):
    path = "/api/v1/network-members"
    tags = ["youths"]

    @patch("/{network_member_id:int}", opt=rule(CASE_WRITERS, scope="network_member", action=U), sync_to_thread=False)
    def update_member(
        self, db: DbSession, network_member_id: FromPath[int], data: JSONBody[network.NetworkMemberUpdate]
    ) -> NetworkMemberOut:
        return out(network.update_member(db, network_member_id, data), NetworkMemberOut)

    @delete("/{network_member_id:int}", opt=rule(CASE_WRITERS, scope="network_member", action=D), sync_to_thread=False)
    def remove_member(self, db: DbSession, network_member_id: FromPath[int]) -> None:
        network.remove_member(db, network_member_id)


def _locale(actor: User, settings: Settings) -> str:
    return actor.locale if actor.locale in LOCALES else settings.default_locale
