"""The measures of the demo: their legal frame (kind, who imposed it, the case number, the probation time, the
index offence in plain words) and their general and special conditions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from random import Random

from sqlmodel import Session

from ..casefile import measures
from ..casefile.models import Measure
from ..casefile.vocab import ConditionKind, ImposedBy, MeasureKind


@dataclass(frozen=True)
class MeasureTemplate:
    kind: MeasureKind
    months: tuple[int, int]
    #: (imposed by, legal basis) options.
    frames: tuple[tuple[ImposedBy, str], ...]
    #: Index offences in plain words, as the OM or the court put them.
    offences: tuple[str, ...]
    #: The frame carries the general conditions (algemene voorwaarden) of conditional sentences and dismissals.
    conditional: bool = False
    #: How long the probation time (proeftijd) runs from the start, in months; None when the frame has none.
    probation_months: int | None = None
    #: The frame comes with a case number of the OM (parketnummer).
    has_case_number: bool = True


_STREET_OFFENCES = (
    "Straatroof van een telefoon, samen met een ander",
    "Mishandeling van een leeftijdgenoot na schooltijd",
    "Inbraak in een schuur en diefstal van twee fietsen",
    "Bedreiging van een docent via een app-bericht",
    "Vernieling van bushokjes op oudejaarsavond",
)

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
            ("Winkeldiefstal van kleding ter waarde van € 120", "Heling van een fiets", *_STREET_OFFENCES[4:]),
        ),
        MeasureTemplate(
            MeasureKind.ITB_HARDE_KERN,
            (6, 9),
            (
                (ImposedBy.OM, "Voorwaardelijk sepot met als voorwaarde Intensieve Trajectbegeleiding Harde Kern"),
                (ImposedBy.KINDERRECHTER, "Bijzondere voorwaarde bij voorwaardelijke jeugddetentie: ITB Harde Kern"),
            ),
            _STREET_OFFENCES[:3],
            conditional=True,
            probation_months=12,
        ),
        MeasureTemplate(
            MeasureKind.ITB_CRIEM,
            (6, 9),
            (
                (ImposedBy.OM, "Voorwaardelijk sepot met als voorwaarde Individuele Trajectbegeleiding CRIEM"),
                (ImposedBy.KINDERRECHTER, "Bijzondere voorwaarde bij voorwaardelijke jeugddetentie: ITB CRIEM"),
            ),
            _STREET_OFFENCES[1:4],
            conditional=True,
            probation_months=12,
        ),
        MeasureTemplate(
            MeasureKind.GBM,
            (6, 12),
            ((ImposedBy.KINDERRECHTER, "Gedragsbeïnvloedende maatregel, opgelegd door de kinderrechter"),),
            ("Zware mishandeling tijdens een uitgaansavond", "Meerdere woninginbraken in de wijk"),
        ),
        MeasureTemplate(
            MeasureKind.VOORWAARDELIJK,
            (12, 24),
            ((ImposedBy.KINDERRECHTER, "Voorwaardelijke jeugddetentie met een proeftijd en bijzondere voorwaarden"),),
            _STREET_OFFENCES[:4],
            conditional=True,
            probation_months=24,
        ),
        MeasureTemplate(
            MeasureKind.PIJ_VOORWAARDELIJK,
            (12, 24),
            ((ImposedBy.KINDERRECHTER, "Voorwaardelijke beëindiging van de PIJ-maatregel met bijzondere voorwaarden"),),
            ("Gewapende overval op een snackbar", "Zware mishandeling met een wapen"),
            conditional=True,
            probation_months=24,
        ),
        MeasureTemplate(
            MeasureKind.STP,
            (6, 9),
            (
                (
                    ImposedBy.JJI,
                    "Scholings- en trainingsprogramma, door de justitiële jeugdinrichting toegekend als laatste "
                    "fase van de jeugddetentie",
                ),
            ),
            ("Straatroof met geweld (jeugddetentie van acht maanden)", "Afpersing van leeftijdgenoten"),
        ),
        MeasureTemplate(
            MeasureKind.LEERPLICHT,
            (4, 6),
            ((ImposedBy.LEERPLICHT, "Toezicht op het schoolbezoek na een proces-verbaal van de leerplichtambtenaar"),),
            ("Ongeoorloofd schoolverzuim: ruim zestig lesuren in acht weken",),
            has_case_number=False,
        ),
        MeasureTemplate(
            MeasureKind.VRIJWILLIG_RAAD,
            (4, 8),
            ((ImposedBy.RAAD, "Vrijwillige jeugdreclassering, op advies van de Raad voor de Kinderbescherming"),),
            ("Vernieling van een scooter; de zaak is met een Halt-afdoening afgesloten",),
            has_case_number=False,
        ),
        MeasureTemplate(
            MeasureKind.SCHORSING_VH,
            (3, 6),
            (
                (
                    ImposedBy.KINDERRECHTER,
                    "Schorsing van de voorlopige hechtenis onder voorwaarden, tot de zitting bij de kinderrechter",
                ),
            ),
            ("Verdacht van een straatroof met een mes; de zaak dient nog", "Verdacht van een woninginbraak"),
            conditional=True,
        ),
    )
}

#: General conditions (algemene voorwaarden): they hold for every conditional frame.
GENERAL_CONDITIONS: tuple[str, ...] = (
    "Geen nieuw strafbaar feit plegen",
    "Meewerken aan het toezicht door de jeugdreclassering, ook aan huisbezoeken",
)
NO_NEW_OFFENCE = GENERAL_CONDITIONS[0]
#: Special conditions (bijzondere voorwaarden): set per youth.
SPECIAL_CONDITIONS: tuple[str, ...] = (
    "Dagelijks naar school of stage",
    "Geen contact met medeverdachten",
    "Thuis om 22:00 uur",
    "Meewerken aan behandeling bij FACT-jeugd",
    "Meedoen aan de training Agressieregulatie",
    "Niet in het winkelcentrum na 20:00 uur",
    "Geen drugs gebruiken en meewerken aan urinecontroles",
)
#: The special condition added when the OM or the judge tightens the conditions after a case conference.
NEW_CONDITION = "Meldplicht: elke vrijdag melden bij de jeugdreclassering"
#: The arrondissement part of the demo's case numbers (Midden-Nederland).
ARRONDISSEMENT = 16


def case_number(rng: Random, start: date) -> str:
    """A parketnummer in the OM's shape: arrondissement / six digits - year."""
    return f"{ARRONDISSEMENT}/{rng.randint(100000, 999999)}-{start.year % 100:02d}"


def _months(start: date, months: int) -> date:
    return start + timedelta(days=round(months * 30.44))


def create_measure(
    session: Session, rng: Random, youth_id: int, kind: MeasureKind, start: date, today: date
) -> Measure:
    """A running measure with its frame and conditions: general ones where the frame is conditional, and two or
    three special ones."""
    template = MEASURES[kind]
    imposed_by, legal_basis = rng.choice(template.frames)
    # A running measure: its planned end lies at least a month ahead, however long ago it started.
    planned_end = max(_months(start, rng.randint(*template.months)), today + timedelta(weeks=rng.randint(4, 20)))
    special = rng.sample(SPECIAL_CONDITIONS, rng.randint(2, 3))
    conditions = [measures.ConditionCreate(text=t, kind=ConditionKind.GENERAL) for t in GENERAL_CONDITIONS] * int(
        template.conditional
    ) + [measures.ConditionCreate(text=t, kind=ConditionKind.SPECIAL) for t in special]
    probation_end = None
    if template.probation_months is not None:
        probation_end = max(_months(start, template.probation_months), planned_end)
    return measures.create_measure(
        session,
        youth_id,
        measures.MeasureCreate(
            kind=kind,
            imposed_by=imposed_by,
            start_date=start,
            planned_end=planned_end,
            legal_basis=legal_basis,
            conditions=conditions,
            case_number=case_number(rng, start) if template.has_case_number else "",
            probation_end=probation_end,
            index_offence=rng.choice(template.offences),
        ),
    )
