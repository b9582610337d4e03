"""Demo households at every stage of the support flow, made through the services.

Runs after the funding step; commitments and payments go through the ledger. Stages:
needs mapped, letter awaiting confirmation, on the agenda, decided and awaiting payment,
paid, and paid but returned by the bank.
"""

import datetime
from decimal import Decimal

from django.db.models import F
from django.utils import timezone

from samskap.accounts.models import Organisation
from samskap.funding import selectors as funding_selectors
from samskap.payments.services import payment_batch_export, payment_returns_import
from samskap.people.models import (
    ConsentMethod,
    Enrolment,
    Household,
    Purpose,
    SharingService,
)
from samskap.people.services import MemberInput, consent_give, household_create, member_add
from samskap.subprojects.models import TeamRole
from samskap.support import services
from samskap.support.links import letter_token
from samskap.support.models import MotivationLetter, NeedsMapping, SupportRequest

SUBPROJECT = "Veien til førerkortet"

# (alias, members, bank account, stage)
HOUSEHOLDS = [
    (
        "Familien Haugen",
        [("Kari", "parent", 1984, "nb"), ("Emil", "child", 2012, "nb")],
        "",
        "mapped",
    ),
    ("Amina", [("Amina", "young_person", 2005, "so")], "12345678903", "letter"),
    ("Jonas", [("Jonas", "young_person", 2006, "nb")], "15032710007", "agenda"),
    (
        "Familien Rahimi",
        [("Farid", "parent", 1979, "prs"), ("Sahar", "young_person", 2007, "prs")],
        "63087861351",
        "decided",
    ),
    ("Sara", [("Sara", "young_person", 2004, "nb")], "69960244893", "paid"),
    ("Mikael", [("Mikael", "young_person", 2005, "uk")], "16656008583", "returned"),
]

AMOUNTS = {
    "agenda": [("cash", "Kjøretimer, pakke med 10 timer", "8500")],
    "decided": [
        ("cash", "Teoriprøve og førerkortgebyr", "2300"),
        ("voucher", "Bussmånedskort til kjøreskolen", "750"),
        ("purchase", "Kjøreskolepakke betalt direkte til kjøreskolen", "4500"),
    ],
    "paid": [("cash", "Kjøretimer og sikkerhetskurs", "6400")],
    "returned": [("cash", "Kjøretimer", "4000")],
}
SUPPLIER = {
    "supplier_name": "Trafikkskolen Midt AS",
    "supplier_account": "12345678903",
    "invoice_reference": "Faktura 2026-117",
}
NEEDED = Decimal("40000")


def load(context: dict) -> None:
    municipality = context["municipality"]
    if Household.objects.filter(
        municipality=municipality, alias__in=[row[0] for row in HOUSEHOLDS]
    ).exists():
        return
    users = context["users"]
    subproject = context["subprojects"][SUBPROJECT]
    contact, lead = users["kontakt"], users["leder"]
    second = next(
        m.user
        for m in subproject.memberships.select_related("user").filter(team_role=TeamRole.MEMBER)
    )
    services_present = list(
        Organisation.objects.filter(members__team_memberships__subproject=subproject).distinct()
    )
    # Follow-up towards work is NAV's, whoever else sits on the team.
    nav = next(
        (org for org in services_present if org.kind == "nav"),
        second.organisation or services_present[0],
    )
    funded = funding_selectors.subproject_budget(subproject=subproject).remaining >= NEEDED
    today = timezone.localdate()
    to_decide, returned_ids = [], []
    for alias, members, account, stage in HOUSEHOLDS:
        if stage in AMOUNTS and not funded:
            continue  # without a budget the money stages would be refused
        first, *others = members
        household = household_create(
            acting_user=contact,
            subproject=subproject,
            alias=alias,
            bank_account=account,
            first_member=MemberInput(
                name=first[0], role=first[1], birth_year=first[2], preferred_language=first[3]
            ),
        )
        for name, role, year, language in others:
            member_add(
                acting_user=contact,
                household=household,
                data=MemberInput(
                    name=name, role=role, birth_year=year, preferred_language=language
                ),
            )
        # Consent first: needs are mapped with the services only when it covers them
        # (given before the mapping, which `_spread_over_the_last_days` puts 8 days back).
        consent_give(
            acting_user=contact,
            household=household,
            given_by=household.members.order_by("pk").first(),
            method=ConsentMethod.WRITTEN,
            given_on=today - datetime.timedelta(days=9),
            services=sorted({org.kind for org in services_present} & set(SharingService.values)),
            purposes=[Purpose.NEEDS_MAPPING, Purpose.COORDINATION, Purpose.SUPPORT],
            valid_until=today + datetime.timedelta(days=365),
        )
        services.needs_mapping_record(
            acting_user=contact,
            household=household,
            subproject=subproject,
            place="school" if stage != "mapped" else "home",
            services_present=services_present,
            basic_needs=["transport", "work"] if stage != "mapped" else ["bed", "washing_machine"],
            notes="",
        )
        if stage == "mapped":
            continue
        letter = services.letter_write(
            acting_user=contact,
            household=household,
            subproject=subproject,
            # Written in Norwegian with the contact person, as the text below is: a letter
            # stored as Somali, Dari or Ukrainian with bokmål text told the team (and the
            # citizen's page) something untrue. The family's own language stays on its
            # members (preferred language).
            language="nb",
            need="Jeg trenger førerkort for å kunne ta jobb som krever bil.",
            purpose="Kjøretimer, teoriprøve og gebyrer.",
            commitment="Jeg møter til alle timer og melder fra hvis noe endrer seg.",
            other_help_wanted="Hjelp til å søke jobb når jeg har førerkortet.",
        )
        services.letter_link_issue(acting_user=contact, letter=letter)
        if stage == "letter":
            continue
        letter = services.letter_confirm(token=letter_token(letter))
        request = services.support_request_create(
            acting_user=contact,
            letter=letter,
            lines=[
                services.LineInput(
                    form=form,
                    description=description,
                    amount=amount,
                    **(SUPPLIER if form == "purchase" else {}),
                )
                for form, description, amount in AMOUNTS[stage]
            ],
            other_help=[
                services.HelpInput(
                    kind="nav",
                    description="Oppfølging mot arbeid etter førerkortet",
                    responsible=nav,
                    due_on=today + datetime.timedelta(days=30),
                )
            ],
        )
        if stage != "agenda":
            to_decide.append((stage, request))

    # The paid and returned households are decided and exported first, then returned.
    early = [request for stage, request in to_decide if stage in {"paid", "returned"}]
    late = [request for stage, request in to_decide if stage == "decided"]
    for key, batch in (("demo-meeting-1", early), ("demo-meeting-2", late)):
        if not batch:
            continue
        result = services.meeting_hold(
            acting_user=lead,
            subproject=subproject,
            services_present=services_present,
            decisions=[
                services.DecisionInput(
                    request_id=r.pk,
                    outcome="approved",
                    rationale="I tråd med målene for delprosjektet; motivasjonsbrevet er tydelig.",
                )
                for r in batch
            ],
            idempotency_key=key,
        )
        for decision in result.decisions:
            if decision.decided_at is None:
                services.decision_confirm(acting_user=second, decision=decision)
        if key == "demo-meeting-1":
            payment_batch_export(acting_user=users["okonom"], municipality=municipality)
            returned_ids = [
                payment.end_to_end_id
                for stage, request in to_decide
                if stage == "returned"
                for line in request.lines.prefetch_related("payments")
                for payment in line.payments.all()
            ]
            if returned_ids:
                payment_returns_import(
                    acting_user=users["okonom"],
                    municipality=municipality,
                    data="".join(
                        f"{e2e};RJCT;AC04;Kontoen er avsluttet\n" for e2e in returned_ids
                    ).encode(),
                    filename="retur-demo.csv",
                )
    _spread_over_the_last_days(municipality)


def _spread_over_the_last_days(municipality) -> None:
    """Put the demo's earlier steps days back, so time-to-help shows a real figure.

    Households were registered and enrolled ten days ago (before their consents, nine
    days back), needs mapped about a week ago, letters written and confirmed in between,
    requests made a few days ago; decisions and payment files stay today.
    """
    # Only this step's households: other steps set their own time stamps.
    households = Household.objects.filter(
        municipality=municipality, alias__in=[row[0] for row in HOUSEHOLDS]
    )
    for model, field, days in (
        (NeedsMapping, "mapped_at", 8),
        (MotivationLetter, "written_at", 6),
        (MotivationLetter, "link_sent_at", 6),
        (MotivationLetter, "confirmed_at", 5),
        (SupportRequest, "requested_at", 4),
    ):
        model.objects.filter(household__in=households).exclude(**{field: None}).update(
            **{field: F(field) - datetime.timedelta(days=days)}
        )
    ten_days = datetime.timedelta(days=10)
    Enrolment.objects.filter(household__in=households).update(
        enrolled_at=F("enrolled_at") - ten_days
    )
    households.update(created_at=F("created_at") - ten_days)
