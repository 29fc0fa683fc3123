"""Demo data: a plausible, entirely synthetic caseload to try the service (``reclassering serve --demo``).

Everything is built through the domain operations of ``casefile`` (so the same rules apply as in the API)
inside one unit of work: the demo world is stored completely or not at all. The people are invented: youths
carry a first name and an initial only, and no text describes a real case. The same ``seed`` and ``today``
always give the same world.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from random import Random
from typing import TypeVar, cast

from sqlalchemy import Engine, func
from sqlmodel import Session, col, select

from .casefile import checkins, events, goals, measures, network, users, youths
from .casefile.db import unit_of_work
from .casefile.errors import Conflict, Invalid
from .casefile.fields import today as utc_today
from .casefile.models import Condition, Goal, Measure, NetworkMember, User, Youth
from .casefile.vocab import (
    Compliance,
    ImposedBy,
    LifeDomain,
    MeasureKind,
    NetworkRole,
    RaterKind,
    Role,
    SetbackKind,
    SetbackResponse,
    Severity,
)
from .casefile.weeks import week_of

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
MIN_WEEKS, MAX_WEEKS = 10, 30

T = TypeVar("T")
Progress = Callable[[str], object]


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


STAFF: tuple[DemoAccount, ...] = (
    DemoAccount("femke", Role.WORKER, "Femke Jansen"),
    DemoAccount("bram", Role.WORKER, "Bram Hoekstra"),
    DemoAccount("ilse", Role.SUPERVISOR, "Ilse Vermeulen"),
    DemoAccount("beheer", Role.ADMIN, "Beheerder (demo)"),
)


def demo_accounts(youths: int = 8) -> DemoAccounts:
    """The accounts ``load_demo(youths=...)`` creates: the staff and the first youths' own accounts."""
    youth_accounts = tuple(
        DemoAccount(_username(name), Role.YOUTH, name) for name in YOUTH_NAMES[: min(youths, YOUTH_ACCOUNTS)]
    )
    return DemoAccounts(accounts=STAFF + youth_accounts)


def _username(display_name: str) -> str:
    return display_name.split()[0].lower()


def _id(value: int | None) -> int:
    """The id of a flushed row (the database has assigned it by then)."""
    if value is None:
        raise RuntimeError("row has no id; flush the session first")
    return value


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


# ------------------------------------------------------------------------------------------------------------
# Vocabulary of the synthetic world


@dataclass(frozen=True)
class MeasureTemplate:
    kind: MeasureKind
    months: tuple[int, int]
    #: (imposed by, legal basis) options.
    frames: tuple[tuple[ImposedBy, str], ...]


MEASURES: dict[MeasureKind, MeasureTemplate] = {
    t.kind: t
    for t in (
        MeasureTemplate(
            MeasureKind.TOEZICHT_BEGELEIDING,
            (6, 12),
            (
                (
                    ImposedBy.OM,
                    "Strafbeschikking van het OM met de aanwijzing: toezicht en begeleiding door de jeugdreclassering",
                ),
            ),
        ),
        MeasureTemplate(
            MeasureKind.ITB_HARDE_KERN,
            (6, 9),
            (
                (ImposedBy.OM, "Voorwaardelijk sepot met als voorwaarde Intensieve Trajectbegeleiding Harde Kern"),
                (ImposedBy.KINDERRECHTER, "Bijzondere voorwaarde bij voorwaardelijke jeugddetentie: ITB Harde Kern"),
            ),
        ),
        MeasureTemplate(
            MeasureKind.ITB_CRIEM,
            (6, 9),
            (
                (ImposedBy.OM, "Voorwaardelijk sepot met als voorwaarde Intensieve Trajectbegeleiding CRIEM"),
                (ImposedBy.KINDERRECHTER, "Bijzondere voorwaarde bij schorsing van de voorlopige hechtenis: ITB CRIEM"),
            ),
        ),
        MeasureTemplate(
            MeasureKind.GBM,
            (6, 12),
            ((ImposedBy.KINDERRECHTER, "Gedragsbeïnvloedende maatregel, opgelegd door de kinderrechter"),),
        ),
        MeasureTemplate(
            MeasureKind.VOORWAARDELIJK,
            (12, 24),
            ((ImposedBy.KINDERRECHTER, "Voorwaardelijke jeugddetentie met een proeftijd en bijzondere voorwaarden"),),
        ),
        MeasureTemplate(
            MeasureKind.PIJ_VOORWAARDELIJK,
            (12, 24),
            ((ImposedBy.KINDERRECHTER, "Voorwaardelijke beëindiging van de PIJ-maatregel met bijzondere voorwaarden"),),
        ),
        MeasureTemplate(
            MeasureKind.STP,
            (6, 9),
            ((ImposedBy.KINDERRECHTER, "Scholings- en trainingsprogramma als laatste fase van de jeugddetentie"),),
        ),
    )
}

CONDITIONS: tuple[str, ...] = (
    "Dagelijks naar school of stage",
    "Geen contact met medeverdachten",
    "Thuis om 22:00 uur",
    "Meewerken aan behandeling bij FACT-jeugd",
    "Meedoen aan de training Agressieregulatie",
    "Niet in het winkelcentrum na 20:00 uur",
    "Geen drugs gebruiken en meewerken aan urinecontroles",
)


@dataclass(frozen=True)
class MemberTemplate:
    name: str
    role: NetworkRole
    contact: str


PARENTS: tuple[MemberTemplate, ...] = (
    MemberTemplate("Moeder", NetworkRole.PARENT, "Telefonisch, liefst na 17:00 uur"),
    MemberTemplate("Vader", NetworkRole.PARENT, "Via de app; werkt overdag"),
)
OTHER_MEMBERS: tuple[MemberTemplate, ...] = (
    MemberTemplate("Oma Joke", NetworkRole.RELATIVE, "Woont om de hoek; thuis bereikbaar"),
    MemberTemplate("Oom Hamid", NetworkRole.RELATIVE, "Telefonisch in het weekend"),
    MemberTemplate("Trainer Kevin (voetbal)", NetworkRole.SPORTS_TRAINER, "Bij de club op di en do"),
    MemberTemplate("Mentor mw. De Wit", NetworkRole.TEACHER, "Via de administratie van school"),
    MemberTemplate("Maatje Jesse (vrijwilliger)", NetworkRole.MENTOR, "Via het maatjesproject"),
    MemberTemplate("Stagebegeleider Ruud", NetworkRole.COACH, "Op het stagebedrijf, ochtenden"),
)


@dataclass(frozen=True)
class GoalTemplate:
    title: str
    domain: LifeDomain
    #: Who is worried about what if nothing changes; ``{name}`` is the youth's first name.
    worry: str
    #: GAS level descriptions -2, -1, 0, +1, +2 (empty when the goal carries none).
    gas: tuple[str, ...] = ()


GOALS: tuple[GoalTemplate, ...] = (
    GoalTemplate(
        "Ik wil mijn diploma halen",
        LifeDomain.SCHOOL_WORK,
        "School en moeder zijn bang dat {name} zonder diploma van school gaat en geen werk vindt.",
        (
            "Uitgeschreven of helemaal niet meer op school",
            "Vaak afwezig en ver achter met opdrachten",
            "Bijna elke dag op school, opdrachten op tijd ingeleverd",
            "Elke dag op school en voldoendes voor de meeste vakken",
            "Over naar het volgende leerjaar of examen gehaald",
        ),
    ),
    GoalTemplate(
        "Elke dag op tijd op mijn stage zijn",
        LifeDomain.SCHOOL_WORK,
        "De stagebegeleider is bang dat {name} de stageplek kwijtraakt door te laat te komen.",
    ),
    GoalTemplate(
        "Minder ruzie met mijn moeder",
        LifeDomain.FAMILY,
        "Moeder is bang dat de ruzies thuis uit de hand lopen en {name} dan op straat belandt.",
        (
            "Bijna elke dag hoog oplopende ruzie of weglopen",
            "Een paar keer per week ruzie met schreeuwen",
            "Hooguit één keer per week ruzie, daarna weer praten",
            "Ruzies worden uitgepraat zonder schreeuwen",
            "Thuis is het rustig; samen afspraken maken en nakomen",
        ),
    ),
    GoalTemplate(
        "Weer normaal praten met mijn vader",
        LifeDomain.FAMILY,
        "Vader is bang dat het contact met {name} helemaal verdwijnt.",
    ),
    GoalTemplate(
        "Niet meer blowen doordeweeks",
        LifeDomain.SUBSTANCE_USE,
        "De jeugdreclassering is bang dat {name} door het blowen school mist en weer in de problemen komt.",
        (
            "Elke dag blowen",
            "Meerdere doordeweekse dagen blowen",
            "Hooguit één doordeweekse dag blowen",
            "Doordeweeks helemaal niet geblowd",
            "Een hele maand niet geblowd",
        ),
    ),
    GoalTemplate(
        "Geen lachgas meer op feestjes",
        LifeDomain.SUBSTANCE_USE,
        "Moeder is bang dat {name} door lachgas iets overkomt of iets doms doet.",
    ),
    GoalTemplate(
        "Niet meer rondhangen bij het winkelcentrum",
        LifeDomain.FRIENDS,
        "De wijkagent en moeder zijn bang dat {name} via de groep bij het winkelcentrum weer in een delict belandt.",
        (
            "Elke avond bij de groep in het winkelcentrum",
            "Een paar avonden per week bij de groep",
            "Alleen overdag even langs, 's avonds ergens anders",
            "Niet meer bij de groep; contact met andere vrienden",
            "Een vaste vriendengroep die niets met de oude groep te maken heeft",
        ),
    ),
    GoalTemplate(
        "Vrienden hebben die me niet in de problemen brengen",
        LifeDomain.FRIENDS,
        "De jeugdreclassering is bang dat {name} meegaat in wat de oude vrienden doen.",
    ),
    GoalTemplate(
        "Weer gaan voetballen bij de club",
        LifeDomain.FREE_TIME,
        "Vader is bang dat {name} zich verveelt en daardoor 's avonds weer op straat zwerft.",
        (
            "Geen enkele vaste bezigheid",
            "Wel aangemeld maar niet gegaan",
            "Eén keer per week naar training",
            "Twee keer per week training en de wedstrijden",
            "Vaste speler en helpt bij de jeugdtraining",
        ),
    ),
    GoalTemplate(
        "Iets leuks doen in het weekend in plaats van chillen op straat",
        LifeDomain.FREE_TIME,
        "Oma is bang dat {name} in het weekend weer met verkeerde mensen optrekt.",
    ),
    GoalTemplate(
        "Rustig blijven als iemand me uitdaagt",
        LifeDomain.THINKING_BEHAVIOUR,
        "Docenten zijn bang dat iemand gewond raakt als {name} boos wordt.",
        (
            "Slaat of dreigt bij een conflict",
            "Schreeuwt en scheldt bij een conflict",
            "Loopt weg als het te veel wordt",
            "Zegt wat dwarszit zonder te schelden",
            "Lost een conflict op door te praten",
        ),
    ),
    GoalTemplate(
        "Eerst nadenken, dan doen",
        LifeDomain.THINKING_BEHAVIOUR,
        "De jeugdreclassering is bang dat {name} zich door anderen laat meeslepen.",
    ),
    GoalTemplate(
        "Mijn boete afbetalen zonder nieuwe schulden",
        LifeDomain.FINANCES,
        "Moeder is bang dat {name} door geldzorgen weer gaat stelen.",
    ),
    GoalTemplate(
        "Een kamer vinden bij begeleid wonen",
        LifeDomain.HOUSING,
        "De jeugdreclassering is bang dat {name} zonder vaste plek gaat zwerven.",
    ),
    GoalTemplate(
        "Gewoon naar mijn afspraken bij FACT gaan",
        LifeDomain.HEALTH,
        "De behandelaar is bang dat {name} afhaakt en de behandeling stopt.",
    ),
    GoalTemplate(
        "Elke nacht voor één uur slapen",
        LifeDomain.HEALTH,
        "Moeder is bang dat {name} door te weinig slaap niet meer uit bed komt voor school.",
    ),
)

SUCCESS_TEXTS: dict[LifeDomain, tuple[str, ...]] = {
    LifeDomain.SCHOOL_WORK: (
        "Hele week op school geweest",
        "Voldoende gehaald voor wiskunde",
        "Elke dag op tijd op stage",
        "Zelf de mentor gemaild over een gemiste toets",
    ),
    LifeDomain.FAMILY: (
        "Samen met moeder gekookt",
        "Ruzie uitgepraat zonder deuren te slaan",
        "Zondag met vader naar een wedstrijd geweest",
        "Zelf aangeboden de afwas te doen",
    ),
    LifeDomain.SUBSTANCE_USE: (
        "Hele week niet geblowd",
        "Nee gezegd toen vrienden een joint aanboden",
        "Urinecontrole schoon",
    ),
    LifeDomain.FRIENDS: (
        "Niet met de groep mee gegaan naar het winkelcentrum",
        "Met een klasgenoot gaan zwemmen",
        "Oude vriend geblokkeerd in de app",
    ),
    LifeDomain.FREE_TIME: (
        "Twee keer naar training geweest",
        "Eerste wedstrijd gespeeld",
        "Zaterdag gaan werken in plaats van rondhangen",
    ),
    LifeDomain.THINKING_BEHAVIOUR: (
        "Weggelopen toen iemand begon te duwen",
        "Eerst even afgekoeld voor het gesprek",
        "Sorry gezegd tegen de docent",
    ),
    LifeDomain.FINANCES: ("Eerste termijn van de boete betaald", "Budgetlijstje gemaakt met de jeugdreclasseerder"),
    LifeDomain.HOUSING: ("Intakegesprek begeleid wonen gehad", "Inschrijving voor een kamer geregeld"),
    LifeDomain.HEALTH: ("Naar de afspraak bij FACT gegaan", "Hele week voor één uur in bed"),
}
GENERAL_SUCCESSES: tuple[str, ...] = (
    "Op tijd bij de afspraak met de jeugdreclasseerder",
    "Zelf gebeld om een afspraak te verzetten",
    "Goed gesprek gehad over de toekomst",
)


@dataclass(frozen=True)
class SetbackTemplate:
    kind: SetbackKind
    severities: tuple[Severity, ...]
    responses: tuple[SetbackResponse, ...]
    texts: tuple[str, ...]


SETBACKS: tuple[SetbackTemplate, ...] = (
    SetbackTemplate(
        SetbackKind.MISSED_APPOINTMENT,
        (Severity.MINOR,),
        (SetbackResponse.TALK,),
        ("Afspraak met de jeugdreclasseerder gemist zonder af te bellen", "Niet op de training verschenen"),
    ),
    SetbackTemplate(
        SetbackKind.SCHOOL_ABSENCE,
        (Severity.MINOR, Severity.MODERATE),
        (SetbackResponse.TALK, SetbackResponse.WARNING),
        ("Twee dagen niet op school geweest", "Ongeoorloofd afwezig op stage"),
    ),
    SetbackTemplate(
        SetbackKind.SUBSTANCE_USE,
        (Severity.MINOR, Severity.MODERATE),
        (SetbackResponse.TALK, SetbackResponse.PLAN_CHANGE),
        ("Doordeweeks geblowd met vrienden", "Urinecontrole positief op cannabis"),
    ),
    SetbackTemplate(
        SetbackKind.POLICE_CONTACT,
        (Severity.MODERATE,),
        (SetbackResponse.TALK, SetbackResponse.WARNING),
        ("Staande gehouden bij het winkelcentrum; geen verdenking", "Politie belde over overlast van de groep"),
    ),
    SetbackTemplate(
        SetbackKind.CONDITION_BREACH,
        # Weighted by repetition: most breaches are moderate and met with a talk or a warning.
        (Severity.MINOR, Severity.MODERATE, Severity.MODERATE, Severity.SERIOUS),
        (SetbackResponse.TALK, SetbackResponse.WARNING, SetbackResponse.WARNING, SetbackResponse.REPORT_BACK),
        ("Niet gehouden aan de voorwaarde: {condition}",),
    ),
    SetbackTemplate(
        SetbackKind.OTHER,
        (Severity.MINOR,),
        (SetbackResponse.TALK,),
        ("Weggelopen van huis, na een nacht teruggekomen", "Telefoon afgepakt na bedreiging in de app"),
    ),
)
NEW_OFFENCES: tuple[str, ...] = (
    "Aangehouden voor winkeldiefstal samen met twee vrienden",
    "Verdacht van een vechtpartij op het station; verhoord en heengezonden",
    "Aangehouden met een gestolen scooter",
)
RESPONSE_NOTES: dict[SetbackResponse, str] = {
    SetbackResponse.TALK: "Besproken in het wekelijkse gesprek; afspraken gemaakt",
    SetbackResponse.WARNING: "Officiële waarschuwing gegeven; bij herhaling volgt een terugmelding",
    SetbackResponse.PLAN_CHANGE: "Plan aangepast: extra contactmoment per week en netwerk ingeschakeld",
    SetbackResponse.REPORT_BACK: "Teruggemeld bij het OM; casusoverleg gepland",
    SetbackResponse.NONE_YET: "",
}

WENT_WELL: tuple[str, ...] = (
    "Afspraken nagekomen",
    "Goed contact deze week",
    "Meer open over wat er thuis speelt",
    "Zelf met ideeën gekomen",
    "Netwerk denkt actief mee",
    "Op tijd en voorbereid op het gesprek",
)
WORRIES: tuple[str, ...] = (
    "Veel tijd met de oude vrienden",
    "Moe en weinig zin in school",
    "Spanning thuis loopt op",
    "Geldzorgen",
    "Slaapt slecht",
)
NEXT_STEPS: tuple[str, ...] = (
    "Volgende week samen naar school voor een gesprek met de mentor",
    "Netwerkberaad plannen",
    "Schaalvragen opnieuw doornemen met moeder",
    "Oefenen met de stop-denk-doe-kaart",
    "Afspraak maken bij het jongerenloket",
    "Successen van deze week op de poster zetten",
)
ASSESSMENT_NOTES: dict[Compliance, tuple[str, ...]] = {
    Compliance.COMPLIED: ("Houdt zich aan de voorwaarde", "Bevestigd door school en ouder"),
    Compliance.PARTLY: ("Grotendeels, één keer niet", "Wisselend; besproken"),
    Compliance.NOT_COMPLIED: ("Voorwaarde overtreden; zie terugval",),
}

SEVERITY_PENALTY: dict[Severity, float] = {Severity.MINOR: 0.5, Severity.MODERATE: 1.5, Severity.SERIOUS: 3.0}


# ------------------------------------------------------------------------------------------------------------
# Building the world


@dataclass
class PlannedSetback:
    week_index: int
    template: SetbackTemplate
    severity: Severity
    response: SetbackResponse
    text: str
    condition: Condition | None = None


@dataclass
class Case:
    """One youth's record as it is being built."""

    first_name: str
    worker: User
    youth_user: User | None
    measure: Measure
    conditions: list[Condition]
    goals: list[Goal]
    members: list[NetworkMember]
    #: The Monday of every check-in week, oldest first (ending last week).
    mondays: list[date]
    setbacks: list[PlannedSetback] = field(default_factory=list)

    @property
    def measure_id(self) -> int:
        return _id(self.measure.id)


def load_demo(
    engine: Engine,
    *,
    youths: int = 8,
    seed: int = 7,
    today: date | None = None,
    progress: Progress | None = None,
) -> DemoAccounts:
    """Store the demo world in an empty database and return its accounts.

    Refuses (``Conflict``) when the database already holds users: demo data never mixes with real records.
    ``progress`` is called with each youth's display name once that youth's record is complete.
    """
    if not MIN_YOUTHS <= youths <= MAX_YOUTHS:
        raise Invalid(f"the demo has between {MIN_YOUTHS} and {MAX_YOUTHS} youths, not {youths}")
    day = today or utc_today()
    rng = Random(seed)
    with unit_of_work(engine) as session:
        ensure_empty(session)
        workers = _create_staff(session)
        kinds = list(MEASURES)  # the kinds the demo has templates for
        rng.shuffle(kinds)
        offender = rng.randrange(youths)
        for index, name in enumerate(YOUTH_NAMES[:youths]):
            worker = workers[index % len(workers)]
            case = _open_case(
                session, rng, worker, name, kinds[index % len(kinds)], day, with_account=index < YOUTH_ACCOUNTS
            )
            _plan_setbacks(rng, case, new_offence=index == offender)
            _record_weeks(session, rng, case)
            _record_successes(session, rng, case, day)
            _record_setbacks(session, rng, case, day)
            _assess_conditions(session, rng, case)
            if progress is not None:
                progress(name)
    return demo_accounts(youths)


def _create_staff(session: Session) -> list[User]:
    """The team with its two workers, a supervisor and an administrator; returns the workers."""
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
    return [created[a.username] for a in STAFF if a.role == Role.WORKER]


def _open_case(
    session: Session,
    rng: Random,
    worker: User,
    name: str,
    kind: MeasureKind,
    today: date,
    *,
    with_account: bool,
) -> Case:
    """The youth, their measure with conditions, their network and goals; the check-in weeks it will span."""
    youth = youths.create_youth(
        session, worker, youths.YouthCreate(display_name=name, birth_year=today.year - rng.randint(14, 20))
    )
    youth_user = _youth_account(session, youth, name) if with_account else None
    last_monday = _monday(today) - timedelta(weeks=1)
    n_weeks = rng.randint(MIN_WEEKS, MAX_WEEKS)
    mondays = [last_monday - timedelta(weeks=n_weeks - 1 - i) for i in range(n_weeks)]
    start = mondays[0] + timedelta(days=rng.randint(0, 3))
    measure = _create_measure(session, rng, _id(youth.id), kind, start, today)
    conditions, _ = measures.conditions_of(session, [_id(measure.id)])
    first_name = name.split()[0]
    return Case(
        first_name=first_name,
        worker=worker,
        youth_user=youth_user,
        measure=measure,
        conditions=conditions,
        goals=_create_goals(session, rng, worker, _id(measure.id), first_name),
        members=_add_network(session, rng, _id(youth.id)),
        mondays=mondays,
    )


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _youth_account(session: Session, youth: Youth, name: str) -> User:
    return users.register_user(
        session,
        users.UserCreate(
            username=_username(name), password=DEMO_PASSWORD, role=Role.YOUTH, display_name=name, youth_id=_id(youth.id)
        ),
    )


def _create_measure(
    session: Session, rng: Random, youth_id: int, kind: MeasureKind, start: date, today: date
) -> Measure:
    template = MEASURES[kind]
    imposed_by, legal_basis = rng.choice(template.frames)
    months = rng.randint(*template.months)
    # A running measure: its planned end lies at least a month ahead, however long ago it started.
    planned_end = max(start + timedelta(days=round(months * 30.44)), today + timedelta(weeks=rng.randint(4, 20)))
    texts = rng.sample(CONDITIONS, rng.randint(2, 3))
    return measures.create_measure(
        session,
        youth_id,
        measures.MeasureCreate(
            kind=kind,
            imposed_by=imposed_by,
            start_date=start,
            planned_end=planned_end,
            legal_basis=legal_basis,
            conditions=[measures.ConditionCreate(text=t) for t in texts],
        ),
    )


def _add_network(session: Session, rng: Random, youth_id: int) -> list[NetworkMember]:
    parent = rng.choice(PARENTS)
    others = rng.sample(OTHER_MEMBERS, rng.randint(1, 2))
    return [
        network.add_member(
            session,
            youth_id,
            network.NetworkMemberCreate(
                name=m.name, role=m.role, contact=m.contact, trusted_by_youth=rng.random() > 0.15
            ),
        )
        for m in (parent, *others)
    ]


def _create_goals(session: Session, rng: Random, worker: User, measure_id: int, first_name: str) -> list[Goal]:
    """3-4 goals over different life domains; the first carries a full set of GAS levels."""
    with_gas = rng.choice([g for g in GOALS if g.gas])
    chosen = [with_gas]
    wanted = rng.randint(3, 4)
    for template in _shuffled(rng, GOALS):
        if len(chosen) == wanted:
            break
        if template.domain not in {c.domain for c in chosen}:
            chosen.append(template)
    return [
        goals.create_goal(
            session,
            worker,
            measure_id,
            goals.GoalCreate(
                title=template.title,
                life_domain=template.domain,
                worry_statement=template.worry.format(name=first_name),
                sustain_weeks=rng.choice((6, 8, 10, 12)),
                gas_levels=_gas_levels(template) if position == 0 else {},
            ),
        )
        for position, template in enumerate(chosen)
    ]


def _gas_levels(template: GoalTemplate) -> dict[goals.GasKey, str]:
    return cast(dict[goals.GasKey, str], dict(zip(goals.GAS_KEYS, template.gas, strict=True)))


def _shuffled(rng: Random, items: Sequence[T]) -> list[T]:
    copy = list(items)
    rng.shuffle(copy)
    return copy


def _plan_setbacks(rng: Random, case: Case, *, new_offence: bool) -> None:
    """A few setbacks of different kinds, spread over the weeks; for one youth also a new offence."""
    n_weeks = len(case.mondays)
    count = rng.randint(2, 4)
    weeks = sorted(rng.sample(range(1, n_weeks), count))
    for week_index, template in zip(weeks, rng.sample(SETBACKS, count), strict=True):
        condition = rng.choice(case.conditions) if template.kind is SetbackKind.CONDITION_BREACH else None
        text = rng.choice(template.texts).format(condition=_lower_first(condition.text) if condition else "")
        severity, response = rng.choice(template.severities), rng.choice(template.responses)
        case.setbacks.append(PlannedSetback(week_index, template, severity, response, text, condition))
    if new_offence:
        offence = SetbackTemplate(
            SetbackKind.NEW_SUSPICION,
            (Severity.SERIOUS,),
            (SetbackResponse.REPORT_BACK, SetbackResponse.PLAN_CHANGE),
            NEW_OFFENCES,
        )
        week_index = round(n_weeks * rng.uniform(0.4, 0.75))
        response, text = rng.choice(offence.responses), rng.choice(offence.texts)
        case.setbacks.append(PlannedSetback(week_index, offence, Severity.SERIOUS, response, text))
        case.setbacks.sort(key=lambda s: s.week_index)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


# ------------------------------------------------------------------------------------------------------------
# Weekly check-ins with scores


@dataclass(frozen=True)
class Trajectory:
    """How a rater's score of a goal runs over the weeks, before noise and setbacks."""

    start: float
    low: float
    low_at: float
    end: float

    def at(self, t: float) -> float:
        if t <= self.low_at:
            return self.start + (self.low - self.start) * t / self.low_at
        return self.low + (self.end - self.low) * (t - self.low_at) / (1 - self.low_at)


def _youth_trajectory(rng: Random) -> Trajectory:
    """Youths often score high at intake, dip once the work starts, then rise."""
    return Trajectory(
        start=rng.uniform(6, 8.5), low=rng.uniform(2.5, 4.5), low_at=rng.uniform(0.2, 0.4), end=rng.uniform(6, 9)
    )


def _worker_trajectory(rng: Random) -> Trajectory:
    """Workers start cautious and climb steadily."""
    start = rng.uniform(2, 4)
    return Trajectory(start=start, low=start, low_at=0.1, end=rng.uniform(5, 8))


def _penalties(case: Case) -> list[float]:
    """How much each week's scores drop after setbacks: fully in the week, half and a quarter after."""
    drop = [0.0] * len(case.mondays)
    for setback in case.setbacks:
        for offset, share in ((0, 1.0), (1, 0.5), (2, 0.25)):
            if setback.week_index + offset < len(drop):
                drop[setback.week_index + offset] += SEVERITY_PENALTY[setback.severity] * share
    return drop


def _scale(value: float) -> int:
    return max(0, min(10, round(value)))


def _gas_level(value: int) -> int:
    return max(-2, min(2, round((value - 5) / 2)))


def _record_weeks(session: Session, rng: Random, case: Case) -> None:
    youth_paths = [_youth_trajectory(rng) for _ in case.goals]
    worker_paths = [_worker_trajectory(rng) for _ in case.goals]
    drops = _penalties(case)
    last = len(case.mondays) - 1
    for index, monday in enumerate(case.mondays):
        t = index / last
        worker_scores, youth_scores = [], []
        for goal, youth_path, worker_path in zip(case.goals, youth_paths, worker_paths, strict=True):
            worker_value = _scale(worker_path.at(t) - drops[index] + rng.gauss(0, 0.6))
            worker_scores.append(
                checkins.ScoreEntry(
                    goal_id=_id(goal.id),
                    rater=RaterKind.WORKER,
                    value=worker_value,
                    gas_level=_gas_level(worker_value) if goal.gas_levels else None,
                )
            )
            if rng.random() < 0.92:  # now and then the youth skips the scale question
                youth_value = _scale(youth_path.at(t) - 0.7 * drops[index] + rng.gauss(0, 0.8))
                youth_scores.append(checkins.ScoreEntry(goal_id=_id(goal.id), rater=RaterKind.YOUTH, value=youth_value))
        network_scores = _network_scores(rng, case, worker_scores)
        week = week_of(monday)
        notes = _week_notes(rng, case, index)
        own_scores = youth_scores if case.youth_user is None else []
        checkins.record_check_in(
            session,
            case.worker,
            case.measure_id,
            week,
            checkins.CheckInWrite(**notes, scores=worker_scores + own_scores + network_scores),
        )
        if case.youth_user is not None and youth_scores:
            checkins.record_check_in(
                session, case.youth_user, case.measure_id, week, checkins.CheckInWrite(scores=youth_scores)
            )


def _network_scores(rng: Random, case: Case, worker_scores: list[checkins.ScoreEntry]) -> list[checkins.ScoreEntry]:
    """Now and then one network member scores the goals too, not far from the worker."""
    if rng.random() >= 0.3:
        return []
    member = rng.choice(case.members)
    return [
        checkins.ScoreEntry(
            goal_id=s.goal_id,
            rater=RaterKind.NETWORK,
            network_member_id=_id(member.id),
            value=_scale(s.value + rng.choice((-1, 0, 0, 1))),
        )
        for s in worker_scores
    ]


def _week_notes(rng: Random, case: Case, index: int) -> dict[str, str]:
    setbacks = [s.text for s in case.setbacks if s.week_index == index]
    worries = "; ".join(setbacks) or (rng.choice(WORRIES) if rng.random() < 0.4 else "")
    return {"went_well": rng.choice(WENT_WELL), "worries": worries, "next_steps": rng.choice(NEXT_STEPS)}


# ------------------------------------------------------------------------------------------------------------
# Successes, setbacks and condition assessments


def _day_in_week(rng: Random, case: Case, index: int, today: date) -> date:
    """A day of check-in week ``index`` that lies neither before the measure started nor after today."""
    day = case.mondays[index] + timedelta(days=rng.randint(0, 6))
    return min(max(day, case.measure.start_date), today)


def _record_successes(session: Session, rng: Random, case: Case, today: date) -> None:
    """About one success a week, some of them noticed by the youth."""
    for index in range(len(case.mondays)):
        for _ in range(_successes_this_week(rng)):
            goal = rng.choice(case.goals) if rng.random() < 0.85 else None
            pool = SUCCESS_TEXTS[LifeDomain(goal.life_domain)] if goal else GENERAL_SUCCESSES
            noticed_by = rng.choices((RaterKind.YOUTH, RaterKind.WORKER, RaterKind.NETWORK), (35, 50, 15))[0]
            actor = case.youth_user if noticed_by is RaterKind.YOUTH and case.youth_user else case.worker
            events.record_success(
                session,
                actor,
                case.measure_id,
                events.SuccessCreate(
                    occurred_on=_day_in_week(rng, case, index, today),
                    text=rng.choice(pool),
                    goal_id=goal.id if goal else None,
                    noticed_by=noticed_by,
                ),
            )


def _successes_this_week(rng: Random) -> int:
    roll = rng.random()
    return 0 if roll < 0.2 else 2 if roll > 0.9 else 1


def _record_setbacks(session: Session, rng: Random, case: Case, today: date) -> None:
    """The planned setbacks with their responses; those older than two weeks have been dealt with."""
    for planned in case.setbacks:
        occurred_on = _day_in_week(rng, case, planned.week_index, today)
        recent = (today - occurred_on).days <= 14
        undecided = rng.random() < 0.5  # drawn always, so that the rest of the world does not hang on the weekday
        response = SetbackResponse.NONE_YET if recent and undecided else planned.response
        setback = events.record_setback(
            session,
            case.worker,
            case.measure_id,
            events.SetbackCreate(
                occurred_on=occurred_on,
                kind=planned.template.kind,
                severity=planned.severity,
                text=planned.text,
                condition_id=planned.condition.id if planned.condition else None,
                response=response,
                response_note=RESPONSE_NOTES[response],
            ),
        )
        if not recent:
            events.update_setback(session, _id(setback.id), events.SetbackUpdate(resolved=True))


def _assess_conditions(session: Session, rng: Random, case: Case) -> None:
    """Every few weeks the worker judges each condition; a breach since the last judgement shows."""
    every = rng.randint(3, 5)
    previous = -1
    for index in range(every - 1, len(case.mondays), every):
        assessed_on = max(case.mondays[index] + timedelta(days=4), case.measure.start_date)
        for condition in case.conditions:
            breaches = [s for s in case.setbacks if s.condition is condition and previous < s.week_index <= index]
            compliance = _compliance(rng, breaches)
            note = rng.choice(ASSESSMENT_NOTES[compliance])
            measures.assess_condition(
                session,
                case.worker,
                _id(condition.id),
                measures.AssessmentCreate(assessed_on=assessed_on, compliance=compliance, note=note),
            )
        previous = index


def _compliance(rng: Random, breaches: list[PlannedSetback]) -> Compliance:
    if any(b.severity is Severity.SERIOUS for b in breaches):
        return Compliance.NOT_COMPLIED
    if breaches:
        return Compliance.PARTLY
    return Compliance.COMPLIED if rng.random() < 0.85 else Compliance.PARTLY
