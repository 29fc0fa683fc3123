"""The words of the demo's method work: mapping sessions, meetings, interaction patterns and their breaks, the
three houses and closing summaries. Invented; ``{name}`` is the youth's first name."""

from __future__ import annotations

from dataclasses import dataclass

WORKING_WELL: tuple[str, ...] = (
    "{name} komt op tijd naar de afspraken",
    "{name} en de ouder willen allebei dat het thuis rustiger wordt",
    "De trainer ziet {name} graag terug bij de club",
    "{name} is eerlijk over wat er misging",
    "Oma is een vaste plek waar {name} altijd terecht kan",
    "{name} kan goed met jongere kinderen omgaan",
)
MAPPING_NEXT_STEPS = (
    "Succesdoelen maken in de woorden van {name}; elke week samen schalen.",
    "Met het netwerk afspreken wie {name} helpt bij welk doel; over zes weken opnieuw in kaart brengen.",
)
SECOND_MAPPING_WORRIES = "Minder zorgen dan bij het begin. Blijvende zorg: {worry}"
SECOND_MAPPING_WELL = "{name} houdt zich aan de meeste afspraken; het netwerk ziet verschil, vooral thuis."

NETWORK_MEETING_FIRST = (
    "Eerste netwerkbijeenkomst: kennismaking van het team rond {name}, uitleg over de maatregel en de voorwaarden, "
    "afspraken over wie wat doet.",
    "{coach_a} en {coach_b} zijn samen het coachkoppel; het getrainde netwerk vormt het team en belt {name} om "
    "de beurt op zondagavond. Volgende bijeenkomst over "
    "zes weken.",
)
NETWORK_MEETING_LATER = (
    "Tweede netwerkbijeenkomst: terugblik op de eerste weken, op de momenten waarop het oude patroon werd "
    "doorbroken en op de terugval.",
    "Het team houdt wekelijks contact; {name} vertelt voortaan zelf in het team wat er beter gaat.",
)
INDIVIDUAL_TALKS: tuple[tuple[str, str], ...] = (
    (
        "Los gesprek met {name} over wat er vlak voordat het misgaat gebeurt.",
        "{name} herkent het moment waarop het oploopt; afgesproken dat moment hardop te benoemen.",
    ),
    (
        "Los gesprek met {name} over de terugval en wat het team daarvan leert.",
        "{name} kiest zelf wie uit het team gebeld wordt als het weer dreigt mis te gaan.",
    ),
    (
        "Los gesprek met {name} over waar {name} trots op is sinds de start.",
        "Successen op een rij gezet om in de volgende netwerkbijeenkomst te vertellen.",
    ),
)
NETWORK_REVIEW = (
    "Terugkijken met het netwerk: wat is gelukt, welke zorgen zijn er nog, en wie helpt {name} als de "
    "jeugdreclassering stopt?",
    "De meeste doelen gaan de goede kant op; {member} blijft aanspreekpunt na de maatregel. Afsluiting voorbereiden.",
)


@dataclass(frozen=True)
class PatternTemplate:
    pattern: str
    strength: str
    breaks: tuple[str, ...]


PATTERNS: tuple[PatternTemplate, ...] = (
    PatternTemplate(
        "Als de ouder vraagt waar {name} is geweest, reageert {name} kortaf en loopt weg; de ouder gaat harder "
        "praten en het eindigt in geschreeuw.",
        "{name} kan goed uitleggen wat er speelt na even afkoelen, en de ouder kan goed luisteren als er niet meteen "
        "gereageerd hoeft te worden. Afspraak: eerst tien minuten rust, dan praten.",
        (
            "Niet weggelopen toen er werd gevraagd waar ik was; eerst even naar boven, daarna verteld",
            "Zelf gezegd hoe laat ik thuis zou zijn, en op tijd thuisgekomen",
            "Na een ruzie over de telefoon 's avonds samen thee gedronken en het uitgepraat",
            "Tien minuten rust genomen en daarna rustig gepraat",
        ),
    ),
    PatternTemplate(
        "Als de oude groep in de app roept, gaat {name} mee om er niet buiten te vallen; thuis volgt daarna ruzie "
        "over de tijd.",
        "{name} is trouw aan vrienden; bij de coaches en de club is er een plek waar {name} ook bij hoort.",
        (
            "De groep appte; in plaats daarvan met een coach naar de sportschool",
            "Gezegd dat ik moest trainen en niet meegegaan naar het winkelcentrum",
            "De groepsapp op stil gezet tijdens het huiswerk",
            "Een coach gebeld toen de groep aandrong",
        ),
    ),
    PatternTemplate(
        "Bij kritiek van een docent voelt {name} zich aangevallen en scheldt terug; de docent stuurt {name} de les "
        "uit.",
        "{name} kan goed zeggen wat dwarszit bij iemand die vertrouwd is; de mentor is dat aanspreekpunt op school.",
        (
            "Na een opmerking van de docent niets teruggezegd en na de les met de mentor gepraat",
            "Zelf sorry gezegd tegen de docent",
            "Rustig gebleven toen de docent mijn telefoon innam",
        ),
    ),
)

HOUSE_WORRIES: tuple[str, ...] = (
    "Dat ik van school word gestuurd",
    "De ruzies thuis",
    "Dat mijn vrienden boos worden als ik niet meer meega",
    "Dat ik weer word opgepakt",
    "Geld voor de boete",
)
HOUSE_GOOD_THINGS: tuple[str, ...] = (
    "Voetbal",
    "Mijn oma",
    "Dat ik goed kan tekenen",
    "Mijn broertje",
    "Mijn bijbaan bij de supermarkt",
    "Dat het thuis soms gezellig is",
)
HOUSE_DREAMS: tuple[str, ...] = (
    "Een eigen kamer",
    "Monteur worden",
    "Mijn diploma halen",
    "Met mijn moeder op vakantie",
    "Een eigen scooter, eerlijk gekocht",
)
CLOSING_SUMMARY = (
    "Concept voor de afsluiting: {name} heeft de doelen grotendeels gehaald en houdt zich aan de voorwaarden. "
    "Het netwerk ({members}) blijft na de maatregel betrokken; afspraken daarover volgen in het laatste gesprek."
)

# --- Signs of Success mapping, whole: the harm, the danger statement, complicating factors, existing safety ---

MAPPING_HARM = (
    "{name} is aangehouden na een winkeldiefstal samen met vrienden; de rechter legde een maatregel op.",
    "{name} heeft een klasgenoot geslagen en bedreigd; de school deed aangifte.",
    "{name} is betrapt met gestolen spullen die via vrienden werden doorverkocht.",
)
MAPPING_DANGER = (
    "Als er niets verandert, zijn we bang dat {name} opnieuw met de groep iets steelt, van school valt en een "
    "nieuwe zaak krijgt.",
    "Als er niets verandert, zijn we bang dat {name} bij ruzie weer iemand pijn doet en thuis niet meer welkom is.",
)
MAPPING_COMPLICATING = (
    "Thuis zijn geldzorgen; de groep vrienden woont in dezelfde straat.",
    "{name} slaapt slecht en komt daardoor vaak te laat op school.",
    "Een oudere neef trekt {name} mee naar de groep.",
)
MAPPING_SAFETY = (
    "Oma belt {name} elke avond; {name} is om tien uur thuis.",
    "De mentor op school houdt het verzuim bij en belt de ouder als {name} er niet is.",
)
HOUSES_PAPER_NOTE = "Getekend tijdens het gesprek; de tekening zit in de papieren map."

#: Invented professional coaches for the Safe Path demo measures (external to the team): name, organisation.
EXTERNAL_COACHES: tuple[tuple[str, str], ...] = (
    ("Ilse Vermeer", "Stichting Samen Verder"),
    ("Ruben Kaya", "Jeugdzorg Midden"),
    ("Anouk de Groot", "Stichting Samen Verder"),
)
