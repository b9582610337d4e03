"""Demo content for Trondheim's Innbyggernes modell (names and amounts are illustrative)."""

from samskap.accounts.models import OrganisationKind, Role
from samskap.subprojects.models import TeamRole

LEAD, CONTACT, MEMBER = TeamRole.LEAD, TeamRole.CONTACT_PERSON, TeamRole.MEMBER

# (name, ministry, directorate, chapter, post, reporting duties, yearly amount in NOK)
# Five schemes from four ministries; together 15 000 000 kr a year.
SCHEMES = [
    (
        "Nasjonal tilskuddsordning for inkludering av barn og unge",
        "Barne- og familiedepartementet",
        "Barne-, ungdoms- og familiedirektoratet (Bufdir)",
        "846",
        "61",
        "Årlig rapport om deltakere, aktiviteter og måloppnåelse innen 1. mars.",
        "4200000.00",
    ),
    (
        "Tilskudd til sosiale tjenester og sosial inkludering",
        "Arbeids- og inkluderingsdepartementet",
        "Arbeids- og velferdsdirektoratet",
        "621",
        "63",
        "Halvårlig rapport om bruk av midler og resultater for brukerne.",
        "3100000.00",
    ),
    (
        "Tilskudd til kommunalt psykisk helsearbeid for barn og unge",
        "Helse- og omsorgsdepartementet",
        "Helsedirektoratet",
        "765",
        "60",
        "Årlig rapport med regnskap attestert av revisor.",
        "2900000.00",
    ),
    (
        "Tilskudd til kommunalt rusforebyggende arbeid",
        "Helse- og omsorgsdepartementet",
        "Helsedirektoratet",
        "765",
        "62",
        "Årlig rapport med regnskap attestert av revisor.",
        "2600000.00",
    ),
    (
        "Tilskudd til økt gjennomføring i grunnopplæringen",
        "Kunnskapsdepartementet",
        "Utdanningsdirektoratet",
        "225",
        "64",
        "Årlig rapport om gjennomføring og frafall.",
        "2200000.00",
    ),
]

AGREEMENT = {
    "name": "Innbyggernes modell – programfinansiering 0–24, Trondheim",
    "reference": "0-24-TRD",
    "effect_goals": [
        "Flere barn og unge gjennomfører skole og utdanning.",
        "Flere unge kommer i arbeid eller aktivitet.",
        "Færre barn og familier lever med udekkede grunnleggende behov.",
        "Hjelpen kommer raskere og oppleves som helhetlig av familiene.",
    ],
}

ORGANISATIONS = [
    ("Trondheim kommune, Enhet for barn og familier", OrganisationKind.MUNICIPAL_UNIT),
    ("Trondheim kommune, Helsestasjon og skolehelsetjeneste", OrganisationKind.HEALTH),
    ("Trondheim kommune, Kultur og fritid", OrganisationKind.MUNICIPAL_UNIT),
    ("Trondheim kommune, Oppvekst og utdanning", OrganisationKind.MUNICIPAL_UNIT),
    ("Trondheim kommune, Økonomi", OrganisationKind.MUNICIPAL_UNIT),
    ("NAV Trondheim", OrganisationKind.NAV),
    ("Trøndelag politidistrikt", OrganisationKind.POLICE),
    ("Kirkens Bymisjon Trondheim", OrganisationKind.VOLUNTEER),
]
STATE = None

# Demo logins, one per role (password DEMO_PASSWORD).
DEMO_USERS = [
    ("okonom", Role.ECONOMIST, "Øystein", "Økonom", "Trondheim kommune, Økonomi"),
    ("leder", Role.UNIT_LEAD, "Liv", "Lede", "Trondheim kommune, Enhet for barn og familier"),
    (
        "kontakt",
        Role.CONTACT_PERSON,
        "Kari",
        "Kontakt",
        "Trondheim kommune, Enhet for barn og familier",
    ),
    ("team", Role.TEAM_MEMBER, "Tor", "Teamsen", "NAV Trondheim"),
    ("stat", Role.STATE_VIEWER, "Stine", "Statsforvalter", STATE),
    ("admin", Role.ADMINISTRATOR, "Ada", "Administrator", "Trondheim kommune, Økonomi"),
]

# Further team members; they have no password until an administrator sets one.
STAFF = [
    ("nav.hansen", Role.TEAM_MEMBER, "Hanne", "Hansen", "NAV Trondheim"),
    ("nav.berg", Role.CONTACT_PERSON, "Bjørn", "Berg", "NAV Trondheim"),
    ("politi.nilsen", Role.TEAM_MEMBER, "Nils", "Nilsen", "Trøndelag politidistrikt"),
    ("politi.aas", Role.TEAM_MEMBER, "Ingrid", "Aas", "Trøndelag politidistrikt"),
    (
        "helse.lie",
        Role.TEAM_MEMBER,
        "Sofie",
        "Lie",
        "Trondheim kommune, Helsestasjon og skolehelsetjeneste",
    ),
    ("kultur.moe", Role.CONTACT_PERSON, "Ola", "Moe", "Trondheim kommune, Kultur og fritid"),
    ("skole.dahl", Role.UNIT_LEAD, "Eva", "Dahl", "Trondheim kommune, Oppvekst og utdanning"),
    (
        "skole.strand",
        Role.CONTACT_PERSON,
        "Jonas",
        "Strand",
        "Trondheim kommune, Oppvekst og utdanning",
    ),
    ("bymisjon.holm", Role.TEAM_MEMBER, "Maria", "Holm", "Kirkens Bymisjon Trondheim"),
]

SUBPROJECTS = [
    {
        "name": "Veien til førerkortet",
        "summary": "Unge uten arbeid får støtte til førerkort, med oppfølging mot jobb.",
        "target_group": "Unge mellom 18 og 24 år som står utenfor arbeid og utdanning, og som selv har utformet delprosjektet.",
        "ages": (18, 24),
        "goals": [
            ("Deltakerne tar førerkort klasse B.", "Andel deltakere med bestått førerprøve"),
            (
                "Deltakerne kommer i arbeid eller utdanning.",
                "Andel i arbeid eller utdanning seks måneder etter",
            ),
            ("Deltakerne holder seg unna kriminalitet.", "Antall registrerte lovbrudd i perioden"),
        ],
        "team": [
            ("leder", LEAD),
            ("kontakt", CONTACT),
            ("team", MEMBER),
            ("politi.nilsen", MEMBER),
        ],
    },
    {
        "name": "Tidlig innsats Brundalen",
        "summary": "Tverrfaglig innsats i barnehage og skole i Brundalen for barn som trenger mer.",
        "target_group": "Barn i barnehage og barneskole i Brundalen og familiene deres.",
        "ages": (1, 13),
        "goals": [
            (
                "Barna mestrer lesing og regning ved slutten av 4. trinn.",
                "Andel over bekymringsgrensen på kartleggingsprøver",
            ),
            ("Familiene får hjelp før problemene vokser.", "Tid fra bekymring til tiltak"),
        ],
        "team": [
            ("skole.dahl", LEAD),
            ("skole.strand", CONTACT),
            ("helse.lie", MEMBER),
            ("nav.hansen", MEMBER),
        ],
    },
    {
        "name": "Fritid for alle barn og unge",
        "summary": "Alle barn og unge skal kunne delta i minst én fritidsaktivitet de selv velger.",
        "target_group": "Barn og unge i familier med lav inntekt.",
        "ages": (6, 18),
        "goals": [
            (
                "Flere barn deltar i en fast fritidsaktivitet.",
                "Andel som deltar jevnlig etter seks måneder",
            ),
            ("Barna opplever tilhørighet.", "Opplevd tilhørighet i spørreundersøkelse"),
        ],
        "team": [("leder", LEAD), ("kultur.moe", CONTACT), ("bymisjon.holm", MEMBER)],
    },
    {
        "name": "Stødig start",
        "summary": "Unge som flytter for seg selv får en stødig start med bolig, økonomi og nettverk.",
        "target_group": "Unge mellom 16 og 23 år som etableres i egen bolig.",
        "ages": (16, 23),
        "goals": [
            ("De unge beholder boligen sin.", "Andel som bor i samme bolig etter ett år"),
            ("De unge har orden i økonomien.", "Andel uten betalingsanmerkninger"),
        ],
        "team": [("leder", LEAD), ("kontakt", CONTACT), ("nav.berg", MEMBER)],
    },
    {
        "name": "På egne ben, men ikke alene",
        "summary": "Unge som går ut av barnevernet får en fast voksen og hjelp til overgangen.",
        "target_group": "Unge mellom 18 og 24 år med erfaring fra barnevernet.",
        "ages": (18, 24),
        "goals": [
            ("De unge er i arbeid, skole eller aktivitet.", "Andel i aktivitet"),
            ("De unge har en voksen de stoler på.", "Opplevd støtte i spørreundersøkelse"),
        ],
        "team": [("leder", LEAD), ("nav.berg", CONTACT), ("helse.lie", MEMBER)],
    },
    {
        "name": "Som de andre",
        "summary": "Barn i familier med dårlig råd skal ha det samme som andre: utstyr, klær og opplevelser.",
        "target_group": "Barn og unge i lavinntektsfamilier.",
        "ages": (0, 18),
        "goals": [
            (
                "Grunnleggende behov i familien er dekket.",
                "Andel familier uten udekkede grunnbehov",
            ),
            ("Barna deltar på lik linje med andre.", "Opplevd deltakelse i spørreundersøkelse"),
        ],
        "team": [
            ("leder", LEAD),
            ("kontakt", CONTACT),
            ("bymisjon.holm", MEMBER),
            ("nav.hansen", MEMBER),
        ],
    },
    {
        "name": "Flyktningefamilien i sentrum",
        "summary": "Flyktningfamilier får helhetlig hjelp der hele familien står i sentrum.",
        "target_group": "Familier med flyktningbakgrunn og barn under 18 år.",
        "ages": (0, 18),
        "goals": [
            (
                "Foreldrene kommer i arbeid eller kvalifisering.",
                "Andel foreldre i arbeid eller kvalifisering",
            ),
            ("Barna trives i barnehage og skole.", "Opplevd trivsel i spørreundersøkelse"),
        ],
        "team": [
            ("leder", LEAD),
            ("nav.hansen", CONTACT),
            ("helse.lie", MEMBER),
            ("politi.aas", MEMBER),
        ],
    },
    {
        "name": "Praktisk grunnskole",
        "summary": "Et praktisk opplegg for elever på ungdomstrinnet som står i fare for å falle ut.",
        "target_group": "Elever på 8.–10. trinn med høyt fravær eller svake resultater.",
        "ages": (13, 16),
        "goals": [
            ("Elevene fullfører grunnskolen med vurdering.", "Andel med fullført grunnskole"),
            ("Elevene går videre til videregående opplæring.", "Andel som starter i videregående"),
        ],
        "team": [("skole.dahl", LEAD), ("skole.strand", CONTACT), ("politi.aas", MEMBER)],
    },
]
