"""The parameter library shipped with Samskap: KS-like target groups and what one person
in the group costs the public purse per year, per cost category and payer, in 2024 prices.

Every value says where it comes from, in Norwegian bokmål because the library page shows it
as written. "Regel" (rule) values follow from published rates (the
National Insurance basic amount G = 124 028 kr from 1 May 2024, the 2024 tax rates);
"antakelse" (assumption) values are shares or averages an economist should check against the
municipality's own figures (KOSTRA, NAV statistics) and revise on the library page: a
revision is a new version with its own effective date, and saved results keep the
version they used.

Lost tax of a person in work, 2024 rules, gross wage 450 000 kr: ordinary income
450 000 − minimum deduction 104 450 − personal allowance 88 250 = 257 300 × 22 % =
56 606 kr, shared by the tax rates 10.95 % municipality, 2.35 % county and 8.70 % state
(fellesskatt); the state also gets national insurance contributions 7.8 % (35 100),
bracket tax (7 728) and the employer's contribution 14.1 % zone 1 (63 450).
"""

PRICE_YEAR = 2024
EFFECTIVE_FROM = "2024-05-01"

TAX_SOURCE = (
    "Regel: Stortingets skattevedtak 2024 (skattører 10,95/2,35/8,70 %, trygdeavgift 7,8 %, "
    "trinnskatt, arbeidsgiveravgift 14,1 % sone 1), bruttolønn 450 000 kr (antakelse)"
)
AAP_YOUNG = 165_371  # 4/3 G: minimum work assessment allowance under 25 years
UNG_UFOR = 360_921  # 2.91 G: minimum disability benefit for young disabled
SOCIAL_ASSISTANCE_YEAR = 90_600  # 12 × 7 550 kr: national guideline rate, single adult 2024

TARGET_GROUPS = [
    {
        "key": "neet",
        "name": "Unge utenfor arbeid og utdanning",
        "description": (
            "Ung voksen (18–29 år) som står utenfor arbeid og utdanning. Verdiene er hva én "
            "person i gruppen koster det offentlige per år sammenlignet med å være i jobb."
        ),
        "values": [
            ("lost_tax", "municipality", 28_175, TAX_SOURCE),
            ("lost_tax", "county", 6_047, TAX_SOURCE),
            ("lost_tax", "state", 128_662, TAX_SOURCE),
            (
                "work_assessment_allowance",
                "state",
                round(0.3 * AAP_YOUNG),
                "Antakelse: 30 % av gruppen mottar AAP med minsteytelsen for unge under 25 år, "
                "4/3 G = 165 371 kr (folketrygdloven § 11-20, G = 124 028 kr fra 1.5.2024)",
            ),
            (
                "social_assistance",
                "municipality",
                round(0.5 * SOCIAL_ASSISTANCE_YEAR),
                "Antakelse: 50 % av gruppen mottar økonomisk sosialhjelp etter den statlige "
                "veiledende satsen for enslig voksen, 7 550 kr i måneden (Statlige veiledende "
                "retningslinjer for økonomisk stønad 2024), boutgifter ikke medregnet",
            ),
        ],
    },
    {
        "key": "upper_secondary_dropout",
        "name": "Frafall fra videregående opplæring",
        "description": (
            "Ungdom som ikke fullfører videregående. Verdiene er forskjellen i forventet "
            "offentlig kostnad per år mot en som fullfører: lavere sysselsetting og mer "
            "bruk av ytelser."
        ),
        "values": [
            (
                "lost_tax",
                "municipality",
                round(0.3 * 28_175),
                TAX_SOURCE + "; × 30 % lavere sysselsetting (antakelse)",
            ),
            (
                "lost_tax",
                "county",
                round(0.3 * 6_047),
                TAX_SOURCE + "; × 30 % lavere sysselsetting (antakelse)",
            ),
            (
                "lost_tax",
                "state",
                round(0.3 * 128_662),
                TAX_SOURCE + "; × 30 % lavere sysselsetting (antakelse)",
            ),
            (
                "work_assessment_allowance",
                "state",
                round(0.1 * AAP_YOUNG),
                "Antakelse: 10 prosentpoeng flere mottar AAP, 4/3 G = 165 371 kr",
            ),
            (
                "disability_benefit",
                "state",
                round(0.03 * UNG_UFOR),
                "Antakelse: 3 prosentpoeng flere mottar uføretrygd med minsteytelsen for unge "
                "uføre, 2,91 G = 360 921 kr (folketrygdloven § 12-13)",
            ),
            (
                "social_assistance",
                "municipality",
                round(0.1 * SOCIAL_ASSISTANCE_YEAR),
                "Antakelse: 10 prosentpoeng flere mottar økonomisk sosialhjelp, 7 550 kr i måneden",
            ),
        ],
    },
    {
        "key": "low_income_children",
        "name": "Barn i familier med lavinntekt",
        "description": (
            "Barn som vokser opp i en husholdning med vedvarende lavinntekt. Verdiene er "
            "forventet offentlig kostnad per år som et vellykket løp kan unngå."
        ),
        "values": [
            (
                "child_welfare",
                "municipality",
                15_000,
                "Antakelse: 5 prosentpoeng flere barn med hjelpetiltak i hjemmet fra barnevernet, "
                "om lag 300 000 kr i året per barn; kontroller mot KOSTRA (barnevern)",
            ),
            (
                "social_assistance",
                "municipality",
                round(0.2 * SOCIAL_ASSISTANCE_YEAR),
                "Antakelse: 20 % av de voksne i familiene mottar økonomisk sosialhjelp, "
                "7 550 kr i måneden",
            ),
            (
                "health_services",
                "state",
                5_000,
                "Antakelse: mer bruk av psykisk helsevern for barn og unge (BUP); kontroller "
                "mot Helsedirektoratets tall",
            ),
        ],
    },
]


def ship(TargetGroup, UnitCost) -> None:
    """Create the shipped target groups and their version-1 unit costs where missing
    (the data migration, and the demo loader after a test flushed the tables)."""
    import datetime

    effective = datetime.date.fromisoformat(EFFECTIVE_FROM)
    for item in TARGET_GROUPS:
        group, _created = TargetGroup.objects.get_or_create(
            key=item["key"], defaults={"name": item["name"], "description": item["description"]}
        )
        for category, payer, amount, source in item["values"]:
            UnitCost.objects.get_or_create(
                target_group=group,
                municipality=None,
                category=category,
                payer=payer,
                version=1,
                defaults={
                    "amount": amount,
                    "price_year": PRICE_YEAR,
                    "source": source,
                    "effective_from": effective,
                },
            )
