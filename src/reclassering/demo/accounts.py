"""The demo's people: one team, its staff and the youths' own accounts, all invented; one shared password."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, col, select

from ..casefile import users
from ..casefile.errors import Conflict
from ..casefile.models import User, Youth
from ..casefile.vocab import Role
from .common import row_id

#: The one password of every demo account (the service demands at least ten characters).
DEMO_PASSWORD = "demo-wachtwoord-2026"
TEAM_NAME = "Team Utrecht-Noord"
#: Synthetic youths: first name and initial only. The order is fixed: the accounts do not depend on the seed.
YOUTH_NAMES: tuple[str, ...] = (
    "Daan V.",
    "Noor B.",
    "Milan S.",
    "Sara E.",
    "Luuk H.",
    "Yasmin O.",
    "Jayden K.",
    "Fleur T.",
    "Ravi D.",
    "Lotte M.",
    "Sem A.",
    "Imane R.",
)
MIN_YOUTHS, MAX_YOUTHS = 2, len(YOUTH_NAMES)
#: How many of the youths (the first ones) get an account of their own.
YOUTH_ACCOUNTS = 2


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    display_name: str


@dataclass(frozen=True)
class DemoAccounts:
    """The accounts of the demo world; all share one password."""

    accounts: tuple[DemoAccount, ...]
    password: str = DEMO_PASSWORD

    @property
    def usernames(self) -> list[str]:
        return [a.username for a in self.accounts]

    def of_role(self, role: Role) -> list[DemoAccount]:
        return [a for a in self.accounts if a.role == role]


STAFF: tuple[DemoAccount, ...] = (
    DemoAccount("femke", Role.WORKER, "Femke Jansen"),
    DemoAccount("bram", Role.WORKER, "Bram Hoekstra"),
    DemoAccount("ilse", Role.SUPERVISOR, "Ilse Vermeulen"),
    #: The team's behavioural expert (gedragswetenschapper): consulted on breaches, takes part in conferences.
    DemoAccount("anouk", Role.EXPERT, "Anouk de Graaf"),
    DemoAccount("beheer", Role.ADMIN, "Beheerder (demo)"),
)


@dataclass(frozen=True)
class Staff:
    """The demo team's staff as stored."""

    workers: list[User]
    supervisor: User
    expert: User


def demo_accounts(youths: int = 8) -> DemoAccounts:
    """The accounts ``load_demo(youths=...)`` creates: the staff and the first youths' own accounts."""
    youth_accounts = tuple(
        DemoAccount(username_of(name), Role.YOUTH, name) for name in YOUTH_NAMES[: min(youths, YOUTH_ACCOUNTS)]
    )
    return DemoAccounts(accounts=STAFF + youth_accounts)


def username_of(display_name: str) -> str:
    return display_name.split()[0].lower()


def count_users(session: Session) -> int:
    return session.exec(select(func.count()).select_from(User)).one()


def ensure_empty(session: Session) -> None:
    """Refuse (``Conflict``) when the database holds any user: demo data never mixes with real records."""
    existing = count_users(session)
    if existing:
        raise Conflict(
            f"the database already holds {existing} user(s), so no demo data was loaded: it only goes into an "
            "empty database (point RECLASSERING_DATA_DIR or RECLASSERING_DATABASE_URL at a fresh one)"
        )


def existing_demo_accounts(session: Session) -> DemoAccounts:
    """The demo accounts present in the database (none when it holds another world)."""
    known = demo_accounts(MAX_YOUTHS).accounts
    names = [a.username for a in known]
    rows = session.exec(select(User.username, User.role).where(col(User.username).in_(names)))
    present = {(username, role) for username, role in rows}
    return DemoAccounts(accounts=tuple(a for a in known if (a.username, str(a.role)) in present))


def create_staff(session: Session) -> Staff:
    """The team with its two workers, a supervisor, a behavioural expert and an administrator."""
    team = users.create_team(session, TEAM_NAME, shares_caseload=False)
    created = {
        account.username: users.create_user(
            session,
            username=account.username,
            password=DEMO_PASSWORD,
            role=account.role,
            display_name=account.display_name,
            team_id=None if account.role == Role.ADMIN else team.id,
        )
        for account in STAFF
    }
    by_role = {role: [created[a.username] for a in STAFF if a.role == role] for role in Role}
    return Staff(workers=by_role[Role.WORKER], supervisor=by_role[Role.SUPERVISOR][0], expert=by_role[Role.EXPERT][0])


def youth_account(session: Session, youth: Youth) -> User:
    """The youth's own account, linked to their record."""
    return users.register_user(
        session,
        users.UserCreate(
            username=username_of(youth.display_name),
            password=DEMO_PASSWORD,
            role=Role.YOUTH,
            display_name=youth.display_name,
            youth_id=row_id(youth.id),
        ),
    )
