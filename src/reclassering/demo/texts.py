"""The words of the synthetic world's weekly records: goals with their worry statements, successes, setbacks,
the notes of a week and the people in a youth's network. Invented, and about no real case."""

from __future__ import annotations

from dataclasses import dataclass

from ..casefile.vocab import Compliance, LifeDomain, NetworkRole, SetbackKind, SetbackResponse, Severity


@dataclass(frozen=True)
class MemberTemplate:
    name: str
    role: NetworkRole
    contact: str
    #: How they relate to the youth, in the words used at the table ("moeder", "trainer").
    role_word: str


PARENTS: tuple[MemberTemplate, ...] = (
    MemberTemplate("Moeder", NetworkRole.PARENT, "Telefonisch, liefst na 17:00 uur", "moeder"),
    MemberTemplate("Vader", NetworkRole.PARENT, "Via de app; werkt overdag", "vader"),
)
OTHER_MEMBERS: tuple[MemberTemplate, ...] = (
    MemberTemplate("Oma Joke", NetworkRole.RELATIVE, "Woont om de hoek; thuis bereikbaar", "oma"),
    MemberTemplate("Oom Hamid", NetworkRole.RELATIVE, "Telefonisch in het weekend", "oom"),
    MemberTemplate("Trainer Kevin (voetbal)", NetworkRole.SPORTS_TRAINER, "Bij de club op di en do", "trainer"),
    MemberTemplate("Mentor mw. De Wit", NetworkRole.TEACHER, "Via de administratie van school", "mentor op school"),
    MemberTemplate("Maatje Jesse (vrijwilliger)", NetworkRole.MENTOR, "Via het maatjesproject", "maatje"),
    MemberTemplate("Stagebegeleider Ruud", NetworkRole.COACH, "Op het stagebedrijf, ochtenden", "stagebegeleider"),
)
ROLE_WORDS: dict[str, str] = {m.name: m.role_word for m in (*PARENTS, *OTHER_MEMBERS)}


@dataclass(frozen=True)
class GoalTemplate:
    """A success goal in the youth's words and the worry statement it answers (``{name}``: the first name)."""

    title: str
    domain: LifeDomain
    #: Who is worried …
    who: str
    #: … about what …
    about: str
    #: … and what happens if nothing changes.
    if_nothing_changes: str
    #: GAS level descriptions -2, -1, 0, +1, +2 (empty when the goal carries none).
    gas: tuple[str, ...] = ()

    def worry_statement(self, name: str) -> str:
        """The statement in one line, as the method's records write it (who: about what — if nothing changes)."""
        about, then = self.about.format(name=name), self.if_nothing_changes.format(name=name)
        return f"{self.who}: {about} — {then}"


GOALS: tuple[GoalTemplate, ...] = (
    GoalTemplate(
        "Ik wil mijn diploma halen",
        LifeDomain.SCHOOL_WORK,
        "School en moeder",
        "{name} is vaak afwezig en loopt ver achter met opdrachten.",
        "Dan gaat {name} zonder diploma van school en vindt geen werk.",
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
        "De stagebegeleider",
        "{name} komt vaak te laat op de stage.",
        "Dan raakt {name} de stageplek kwijt en loopt de opleiding vast.",
    ),
    GoalTemplate(
        "Minder ruzie met mijn moeder",
        LifeDomain.FAMILY,
        "Moeder",
        "De ruzies thuis lopen hoog op.",
        "Dan lopen de ruzies uit de hand en belandt {name} op straat.",
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
        "Vader",
        "{name} en hij praten bijna niet meer met elkaar.",
        "Dan verdwijnt het contact met {name} helemaal.",
    ),
    GoalTemplate(
        "Niet meer blowen doordeweeks",
        LifeDomain.SUBSTANCE_USE,
        "De jeugdreclassering",
        "{name} blowt doordeweeks en mist daardoor school.",
        "Dan raakt {name} achter op school en komt weer in de problemen.",
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
        "Moeder",
        "{name} gebruikt lachgas op feestjes.",
        "Dan overkomt {name} iets, of doet {name} iets doms.",
    ),
    GoalTemplate(
        "Niet meer rondhangen bij het winkelcentrum",
        LifeDomain.FRIENDS,
        "De wijkagent en moeder",
        "{name} hangt 's avonds rond met de groep bij het winkelcentrum.",
        "Dan belandt {name} via de groep weer in een delict.",
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
        "De jeugdreclassering",
        "{name} gaat mee in wat de oude vrienden doen.",
        "Dan komt {name} opnieuw met de politie in aanraking.",
    ),
    GoalTemplate(
        "Weer gaan voetballen bij de club",
        LifeDomain.FREE_TIME,
        "Vader",
        "{name} heeft niets te doen en verveelt zich.",
        "Dan zwerft {name} 's avonds weer op straat.",
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
        "Oma",
        "{name} trekt in het weekend op met mensen die oma niet vertrouwt.",
        "Dan raakt {name} weer betrokken bij wat die groep uithaalt.",
    ),
    GoalTemplate(
        "Rustig blijven als iemand me uitdaagt",
        LifeDomain.THINKING_BEHAVIOUR,
        "De docenten",
        "{name} wordt snel boos als iemand uitdaagt.",
        "Dan raakt er iemand gewond en wordt {name} van school gestuurd.",
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
        "De jeugdreclassering",
        "{name} laat zich door anderen meeslepen.",
        "Dan doet {name} mee aan iets waar spijt van komt.",
    ),
    GoalTemplate(
        "Mijn boete afbetalen zonder nieuwe schulden",
        LifeDomain.FINANCES,
        "Moeder",
        "{name} heeft geldzorgen door de boete en schulden bij vrienden.",
        "Dan gaat {name} weer stelen om rond te komen.",
    ),
    GoalTemplate(
        "Een kamer vinden bij begeleid wonen",
        LifeDomain.HOUSING,
        "De jeugdreclassering",
        "{name} heeft geen vaste plek om te slapen.",
        "Dan gaat {name} zwerven en raakt uit beeld.",
    ),
    GoalTemplate(
        "Gewoon naar mijn afspraken bij FACT gaan",
        LifeDomain.HEALTH,
        "De behandelaar",
        "{name} slaat afspraken bij FACT over.",
        "Dan stopt de behandeling en komen de oude problemen terug.",
    ),
    GoalTemplate(
        "Elke nacht voor één uur slapen",
        LifeDomain.HEALTH,
        "Moeder",
        "{name} gaat elke nacht heel laat slapen.",
        "Dan komt {name} niet meer uit bed voor school.",
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
#: New suspicions, worded as suspicions: nobody is guilty before a court says so.
NEW_SUSPICIONS: tuple[str, ...] = (
    "Verdacht van winkeldiefstal samen met twee vrienden; aangehouden en verhoord",
    "Verdacht van betrokkenheid bij een vechtpartij op het station; verhoord en heengezonden",
    "Verdacht van heling: aangetroffen op een gestolen scooter",
)
RESPONSE_NOTES: dict[SetbackResponse, str] = {
    SetbackResponse.TALK: "Besproken in het wekelijkse gesprek; afspraken gemaakt",
    SetbackResponse.WARNING: "Officiële waarschuwing gegeven; bij herhaling volgt een terugmelding",
    SetbackResponse.PLAN_CHANGE: "Plan aangepast: extra contactmoment per week en netwerk ingeschakeld",
    SetbackResponse.REPORT_BACK: "Teruggemeld bij het OM en de Raad; casusoverleg gepland",
    SetbackResponse.NONE_YET: "",
}
SEVERITY_PENALTY: dict[Severity, float] = {Severity.MINOR: 0.5, Severity.MODERATE: 1.5, Severity.SERIOUS: 3.0}

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
#: The general condition against new offences is judged by convictions only, never by a suspicion.
NO_NEW_OFFENCE_NOTES: tuple[str, str] = (
    "Geen nieuwe veroordeling",
    "Nieuwe verdenking in onderzoek (zie terugval); zonder veroordeling geldt de voorwaarde als nageleefd",
)
