"""The youth's network (netwerk): parents, relatives, coaches, teachers, mentors."""

from __future__ import annotations

import msgspec
from msgspec import UNSET, Struct, UnsetType
from sqlmodel import Session, col, select

from .errors import NotFound
from .fields import Contact, Name, clean
from .models import NetworkMember
from .vocab import NetworkRole


class NetworkMemberCreate(Struct, forbid_unknown_fields=True):
    name: Name
    role: NetworkRole
    contact: Contact = ""
    trusted_by_youth: bool = True
    #: Trained in the method the youth's measure follows (Safe Path trains the network).
    trained_in_method: bool = False


class NetworkMemberUpdate(Struct, forbid_unknown_fields=True):
    name: Name | UnsetType = UNSET
    role: NetworkRole | UnsetType = UNSET
    contact: Contact | UnsetType = UNSET
    trusted_by_youth: bool | UnsetType = UNSET
    trained_in_method: bool | UnsetType = UNSET


def add_member(session: Session, youth_id: int, data: NetworkMemberCreate) -> NetworkMember:
    member = NetworkMember(
        youth_id=youth_id,
        name=clean(data.name),
        role=data.role,
        contact=clean(data.contact),
        trusted_by_youth=data.trusted_by_youth,
        trained_in_method=data.trained_in_method,
    )
    session.add(member)
    session.flush()
    return member


def get_member(session: Session, member_id: int) -> NetworkMember:
    member = session.get(NetworkMember, member_id)
    if member is None:
        raise NotFound(f"there is no network member {member_id}")
    return member


def update_member(session: Session, member_id: int, data: NetworkMemberUpdate) -> NetworkMember:
    member = get_member(session, member_id)
    for name, value in msgspec.structs.asdict(data).items():
        if value is not UNSET:
            setattr(member, name, clean(value) if isinstance(value, str) else value)
    session.flush()
    return member


def remove_member(session: Session, member_id: int) -> None:
    session.delete(get_member(session, member_id))
    session.flush()


def members(session: Session, youth_id: int) -> list[NetworkMember]:
    return list(
        session.exec(select(NetworkMember).where(NetworkMember.youth_id == youth_id).order_by(col(NetworkMember.id)))
    )
