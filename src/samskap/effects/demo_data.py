"""The effects part of the Trondheim demo: goals and indicators of the eight sub-projects.

(title, SDG targets, plan goal codes, indicators); an indicator is (name, kind, target,
baseline or None, when, how, who records it)."""

PLAN_GOALS = [
    ("KP 1.1", "Alle barn og unge har en trygg og god oppvekst"),
    ("KP 2.3", "Flere unge fullfører utdanning og kommer i arbeid"),
    ("KP 3.2", "Sosiale forskjeller utjevnes"),
]

PROGRAMME_GOALS = [
    (
        "Flere unge er i arbeid, utdanning eller aktivitet",
        ["8.6", "10.2", "17.17"],
        ["KP 2.3"],
        [
            (
                "I arbeid, utdanning eller aktivitet",
                "achieved",
                "60",
                None,
                "Ved avslutning",
                "Register (NAV) og samtale",
                "contact_person",
            ),
        ],
    ),
]

LICENCE = "Bestått førerprøve klasse B"
WORK = "I arbeid eller utdanning seks måneder etter start"
NO_CRIME = "Ingen registrerte lovbrudd i perioden"
MASTERY = "Opplevd mestring (1–5)"
LEISURE = "Deltar jevnlig i en fritidsaktivitet"
BELONGING = "Opplevd tilhørighet (1–5)"
BASIC_NEEDS = "Ingen udekkede grunnbehov i familien"

GOALS = {
    "Veien til førerkortet": [
        (
            "Deltakerne tar førerkort klasse B",
            ["4.4", "8.6"],
            ["KP 2.3"],
            [
                (
                    LICENCE,
                    "achieved",
                    "80",
                    None,
                    "Når kurset er ferdig",
                    "Register: Statens vegvesen",
                    "contact_person",
                ),
                (
                    MASTERY,
                    "scale",
                    "4",
                    "2",
                    "Ved start og ved avslutning",
                    "Samtale med kontaktpersonen",
                    "contact_person",
                ),
            ],
        ),
        (
            "Deltakerne kommer i arbeid eller utdanning",
            ["8.5", "8.6"],
            ["KP 2.3"],
            [
                (
                    WORK,
                    "achieved",
                    "60",
                    "0",
                    "Seks måneder etter start",
                    "Register (NAV) og samtale",
                    "contact_person",
                ),
            ],
        ),
        (
            "Deltakerne holder seg unna kriminalitet",
            ["16.1"],
            ["KP 1.1"],
            [
                (
                    NO_CRIME,
                    "achieved",
                    "90",
                    None,
                    "Ved avslutning",
                    "Register: politiets straffesaksregister",
                    "team",
                ),
            ],
        ),
    ],
    "Tidlig innsats Brundalen": [
        (
            "Barna mestrer lesing og regning ved slutten av 4. trinn",
            ["4.1", "4.2"],
            ["KP 1.1"],
            [
                (
                    "Over bekymringsgrensen på kartleggingsprøver",
                    "achieved",
                    "85",
                    None,
                    "Hver vår",
                    "Register: skolens kartleggingsprøver",
                    "team",
                ),
            ],
        ),
    ],
    "Fritid for alle barn og unge": [
        (
            "Flere barn deltar i en fast fritidsaktivitet",
            ["10.2"],
            ["KP 1.1", "KP 3.2"],
            [
                (
                    LEISURE,
                    "achieved",
                    "70",
                    None,
                    "Seks måneder etter start",
                    "Samtale med familien",
                    "contact_person",
                ),
            ],
        ),
        (
            "Barna opplever tilhørighet",
            ["3.4"],
            ["KP 1.1"],
            [
                (
                    BELONGING,
                    "scale",
                    "4",
                    "3",
                    "Ved start og etter seks måneder",
                    "Kort spørreskjema til barnet",
                    "contact_person",
                ),
            ],
        ),
    ],
    "Stødig start": [
        (
            "De unge beholder boligen sin",
            ["11.1"],
            ["KP 3.2"],
            [
                (
                    "Bor i samme bolig etter ett år",
                    "achieved",
                    "80",
                    None,
                    "Etter ett år",
                    "Register: boligkontoret",
                    "contact_person",
                ),
            ],
        ),
        (
            "De unge har orden i økonomien",
            ["1.2"],
            ["KP 3.2"],
            [
                (
                    "Ubetalte regninger (kr)",
                    "amount",
                    "0",
                    None,
                    "Hvert kvartal",
                    "Samtale og kontoutskrift",
                    "contact_person",
                ),
            ],
        ),
    ],
    "På egne ben, men ikke alene": [
        (
            "De unge er i arbeid, skole eller aktivitet",
            ["8.6"],
            ["KP 2.3"],
            [
                (
                    "I arbeid, skole eller aktivitet",
                    "achieved",
                    "60",
                    None,
                    "Hvert halvår",
                    "Register (NAV)",
                    "contact_person",
                ),
            ],
        ),
    ],
    "Som de andre": [
        (
            "Grunnleggende behov i familien er dekket",
            ["1.2", "1.4"],
            ["KP 3.2"],
            [
                (
                    BASIC_NEEDS,
                    "achieved",
                    "90",
                    None,
                    "Etter tre måneder",
                    "Kartlegging med familien",
                    "contact_person",
                ),
            ],
        ),
    ],
    "Flyktningefamilien i sentrum": [
        (
            "Foreldrene kommer i arbeid eller kvalifisering",
            ["8.5", "10.2"],
            ["KP 2.3"],
            [
                (
                    "Antall foreldre i arbeid eller kvalifisering",
                    "count",
                    "1",
                    "0",
                    "Hvert halvår",
                    "Register (NAV)",
                    "contact_person",
                ),
            ],
        ),
    ],
    "Praktisk grunnskole": [
        (
            "Elevene fullfører grunnskolen med vurdering",
            ["4.1"],
            ["KP 2.3"],
            [
                (
                    "Fullført grunnskole med vurdering",
                    "achieved",
                    "90",
                    None,
                    "Ved skoleslutt",
                    "Register: skolen",
                    "team",
                ),
            ],
        ),
    ],
}

# Every person below is given by age when the cohort starts, not by birth year: the demo's
# agreement moves with today's date, and a fixed birth year would age out of the
# sub-project's range (the services refuse a participant outside it). demo.py turns the age
# into a birth year from the cohort's start.

# "Veien til førerkortet": the thesis's cohort. Twenty young people, all passed, sixteen in
# work, none registered for a crime. (name, age at the start, in work, mastery at start, at end)
DRIVERS = [
    ("Ahmed", 22, True, 2, 4),
    ("Ida", 21, True, 2, 4),
    ("Martin", 23, True, 3, 4),
    ("Nora", 20, True, 2, 3),
    ("Ali", 22, False, 1, 3),
    ("Thea", 21, True, 2, 5),
    ("Hassan", 23, True, 3, 5),
    ("Maja", 20, True, 2, 4),
    ("Oskar", 22, True, 2, 3),
    ("Leah", 21, False, 1, 2),
    ("Yonas", 23, True, 3, 4),
    ("Selma", 20, True, 2, 4),
    ("Filip", 22, True, 2, 4),
    ("Hanna", 21, True, 3, 5),
    ("Omar", 23, False, 2, 3),
    ("Ingrid", 20, True, 2, 4),
    ("Daniel", 22, True, 1, 3),
    ("Aisha", 21, True, 2, 4),
    ("Tobias", 23, False, 2, 2),
    ("Mariam", 22, True, 2, 4),
]

# "Fritid for alle": six children now, five on the waiting list. (name, age at the start, regular,
# belonging at start, after six months)
LEISURE_CHILDREN = [
    ("Elias", 11, True, 2, 4),
    ("Sofie", 10, True, 3, 4),
    ("Adam", 12, True, 2, 3),
    ("Amalie", 9, False, 2, 2),
    ("Noah", 11, True, 3, 5),
    ("Ella", 10, True, 2, 4),
]
LEISURE_WAITING = [
    ("Lukas", 11, False),
    ("Emma", 10, True),
    ("Jakob", 12, False),
    ("Olivia", 9, False),
    ("William", 11, False),
]

# "Som de andre": three families so far, too few to show anything.
BASIC_NEEDS_FAMILIES = [("Vilde", 13, True), ("Isak", 14, True), ("Frida", 12, False)]

# The other five sub-projects, each with a cohort big enough to show figures (five or more),
# measured where the sub-project's indicators say. Names are the demo's aliases.
# "Tidlig innsats Brundalen": (name, age at the start, above the concern line in the spring)
EARLY_READERS = [
    ("Linnea", 9, True),
    ("Sander", 9, True),
    ("Yusuf", 8, False),
    ("Ingeborg", 9, True),
    ("Mikkel", 8, True),
    ("Hiba", 9, True),
    ("Even", 8, False),
    ("Ronja", 9, True),
]
# "Stødig start": (name, age at the start, same home after a year)
STEADY_START = [
    ("Eirik", 20, True),
    ("Ylva", 19, True),
    ("Henrik", 20, False),
    ("Julie", 19, True),
    ("Mohammed", 20, True),
    ("Emilie", 18, True),
]
# "Stødig start": unpaid bills (kr) after a year, in the order above; lower is better.
STEADY_BILLS = ["0", "0", "0", "0", "500", "1200"]
BILLS = "Ubetalte regninger (kr)"
# Indicators where lower is better: a participant reaches the target at or below it.
LOWER_IS_BETTER = {BILLS}
# "På egne ben, men ikke alene": (name, age at the start, in work, school or activity)
OWN_FEET = [
    ("Kasper", 22, True),
    ("Lotte", 21, True),
    ("Abdi", 23, False),
    ("Tuva", 22, True),
    ("Magnus", 21, True),
    ("Rahel", 23, True),
    ("Sebastian", 22, False),
]
# "Flyktningefamilien i sentrum" (ages 0–18): (family alias, a parent and age, the
# child who takes part and age (at the start), parents in work or qualification after half a year;
# none at the start). The child takes part as one of the target group; the parent, outside
# the age range, as a family member, and the household's count of parents in work or
# qualification is recorded on the parent. The aliases differ from the
# time-to-help step's families (oversight), whose children take part in the same sub-project.
REFUGEE_FAMILIES = [
    ("Familien Gebru", ("Mebrat", 39), ("Senait", 11), 1),
    ("Familien Haddad", ("Rania", 42), ("Yusuf", 13), 2),
    ("Familien Warsame", ("Hodan", 35), ("Ayaan", 9), 0),
    ("Familien Melnyk", ("Olena", 40), ("Sofiia", 12), 1),
    ("Familien Ahmadi", ("Farid", 44), ("Maryam", 14), 1),
]
# "Praktisk grunnskole": (name, age at the start, completed with marks)
PRACTICAL_SCHOOL = [
    ("Vetle", 15, True),
    ("Marwa", 15, True),
    ("Kristian", 14, True),
    ("Eline", 15, False),
    ("Dawit", 14, True),
    ("Oliver", 15, True),
]


# Perceived effect, as the team wrote it down in conversations: (helped, how much 1–5) per
# answer, one per survey round (4 and 12 weeks) of the sub-project's paid decisions. Five
# or more answers show the distribution (a cell under 5 still hidden); fewer show nothing
# but "fewer than 5". Frøya's "Ung på Frøya" gets its answers in web/demo/froya.py.
SURVEY_ANSWERS = {
    # One decision is paid out so far: its first round answered in a conversation, too
    # few to show; the second round's link is still open for the citizen.
    "Veien til førerkortet": ("kontakt", [("yes", 5)]),
    # 8 paid decisions x 2 rounds: cells of 10 and 6, "partly" 5 times.
    "Flyktningefamilien i sentrum": (
        "nav.hansen",
        [("yes", 4)] * 5 + [("partly", 4)] * 5 + [("yes", 5)] * 6,
    ),
}
# 6 paid decisions x 2 rounds.
FROYA_SURVEY_ANSWERS = [("yes", 4)] * 7 + [("yes", 5)] * 5
