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

# "Veien til førerkortet": the thesis's cohort. Twenty young people, all passed, sixteen in
# work, none registered for a crime. (name, birth year, in work, mastery at start, at end)
DRIVERS = [
    ("Ahmed", 2003, True, 2, 4),
    ("Ida", 2004, True, 2, 4),
    ("Martin", 2002, True, 3, 4),
    ("Nora", 2005, True, 2, 3),
    ("Ali", 2003, False, 1, 3),
    ("Thea", 2004, True, 2, 5),
    ("Hassan", 2002, True, 3, 5),
    ("Maja", 2005, True, 2, 4),
    ("Oskar", 2003, True, 2, 3),
    ("Leah", 2004, False, 1, 2),
    ("Yonas", 2002, True, 3, 4),
    ("Selma", 2005, True, 2, 4),
    ("Filip", 2003, True, 2, 4),
    ("Hanna", 2004, True, 3, 5),
    ("Omar", 2002, False, 2, 3),
    ("Ingrid", 2005, True, 2, 4),
    ("Daniel", 2003, True, 1, 3),
    ("Aisha", 2004, True, 2, 4),
    ("Tobias", 2002, False, 2, 2),
    ("Mariam", 2003, True, 2, 4),
]

# "Fritid for alle": six children now, five on the waiting list. (name, year, regular,
# belonging at start, after six months)
LEISURE_CHILDREN = [
    ("Elias", 2014, True, 2, 4),
    ("Sofie", 2015, True, 3, 4),
    ("Adam", 2013, True, 2, 3),
    ("Amalie", 2016, False, 2, 2),
    ("Noah", 2014, True, 3, 5),
    ("Ella", 2015, True, 2, 4),
]
LEISURE_WAITING = [
    ("Lukas", 2014, False),
    ("Emma", 2015, True),
    ("Jakob", 2013, False),
    ("Olivia", 2016, False),
    ("William", 2014, False),
]

# "Som de andre": three families so far, too few to show anything.
BASIC_NEEDS_FAMILIES = [("Vilde", 2012, True), ("Isak", 2011, True), ("Frida", 2013, False)]

# The other five sub-projects, each with a cohort big enough to show figures (five or more),
# measured where the sub-project's indicators say. Names are the demo's aliases.
# "Tidlig innsats Brundalen": (name, birth year, above the concern line in the spring)
EARLY_READERS = [
    ("Linnea", 2016, True),
    ("Sander", 2016, True),
    ("Yusuf", 2017, False),
    ("Ingeborg", 2016, True),
    ("Mikkel", 2017, True),
    ("Hiba", 2016, True),
    ("Even", 2017, False),
    ("Ronja", 2016, True),
]
# "Stødig start": (name, birth year, same home after a year)
STEADY_START = [
    ("Eirik", 2005, True),
    ("Ylva", 2006, True),
    ("Henrik", 2005, False),
    ("Julie", 2006, True),
    ("Mohammed", 2005, True),
    ("Emilie", 2007, True),
]
# "På egne ben, men ikke alene": (name, birth year, in work, school or activity)
OWN_FEET = [
    ("Kasper", 2003, True),
    ("Lotte", 2004, True),
    ("Abdi", 2002, False),
    ("Tuva", 2003, True),
    ("Magnus", 2004, True),
    ("Rahel", 2002, True),
    ("Sebastian", 2003, False),
]
# "Flyktningefamilien i sentrum" (ages 0–18): (family alias, a parent and birth year, the
# child who takes part and birth year, parents in work or qualification after half a year;
# none at the start). The parent is outside the age range: the child is the participant and
# the household's count is recorded on the child.
REFUGEE_FAMILIES = [
    ("Familien Tesfay", ("Mebrat", 1986), ("Senait", 2014), 1),
    ("Familien Haddad", ("Rania", 1983), ("Yusuf", 2012), 2),
    ("Familien Warsame", ("Hodan", 1990), ("Ayaan", 2016), 0),
    ("Familien Kovalenko", ("Olena", 1985), ("Sofiia", 2013), 1),
    ("Familien Ahmadi", ("Farid", 1981), ("Maryam", 2011), 1),
]
# "Praktisk grunnskole": (name, birth year, completed with marks)
PRACTICAL_SCHOOL = [
    ("Vetle", 2010, True),
    ("Marwa", 2010, True),
    ("Kristian", 2011, True),
    ("Eline", 2010, False),
    ("Dawit", 2011, True),
    ("Oliver", 2010, True),
]
