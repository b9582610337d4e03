"""Building blocks for support-flow tests, made through the services like real use."""

import datetime
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from samskap.accounts.models import Organisation
from samskap.funding import selectors as funding_selectors
from samskap.funding import services as funding_services
from samskap.funding.models import GrantScheme
from samskap.people import services as people_services
from samskap.people.models import SharingService
from samskap.subprojects.models import TeamRole
from samskap.support import services as support_services
from samskap.support.links import letter_token

VALID_ACCOUNT = "15038010007"  # not the debtor's 86011117947: a payee is never the payer
DEBTOR_ACCOUNT = "86011117947"  # settings.SAMSKAP_DEBTOR, the demo's paying account
OTHER_ACCOUNT = "12345678903"
VALID_FNR = "15108695088"
# Not the demo's sub-project, so the demo households never mix with a test's own.
SUBPROJECT = "Stødig start"
SECOND_APPROVER = "nav.berg"


def fund(demo, subproject, amount: Decimal) -> None:
    """Make sure the sub-project has at least `amount` left this year."""
    budget = funding_selectors.subproject_budget(subproject=subproject)
    missing = amount - budget.remaining
    if missing <= 0:
        return
    economist = demo["users"]["okonom"]
    agreement = subproject.agreement
    scheme = GrantScheme.objects.filter(pk__in=agreement.scheme_amounts.values("scheme")).first()
    today = timezone.localdate()
    funding_services.grant_receipt_create(
        acting_user=economist,
        agreement=agreement,
        scheme=scheme,
        received_on=today,
        amount=missing,
        reference=f"TEST-{today:%Y%m%d}-{missing}",
        # Tests top the pot up beyond the agreement's plan on purpose.
        confirm_above_agreement=True,
    )
    funding_services.allocation_create(
        acting_user=economist,
        subproject=subproject,
        year=funding_selectors.budget_year(agreement=agreement),
        amount=missing,
        reason="Test allocation",
    )


def set_limits(demo, *, per_decision="10000", per_year="30000") -> None:
    for role in TeamRole.values:
        funding_services.authority_limit_set(
            acting_user=demo["users"]["okonom"],
            municipality=demo["municipality"],
            team_role=role,
            max_per_decision=per_decision,
            max_per_household_per_year=per_year,
        )


def household(
    demo,
    *,
    by="kontakt",
    alias="Familien Test",
    subproject=SUBPROJECT,
    account=VALID_ACCOUNT,
    confirm_duplicate=True,
    national_id="",
):
    # Test households share one account on purpose: the duplicate warning is confirmed
    # unless a test is about it (tests/people/test_duplicates.py).
    return people_services.household_create(
        confirm_duplicate=confirm_duplicate,
        acting_user=demo["users"][by],
        subproject=demo["subprojects"][subproject],
        alias=alias,
        bank_account=account,
        first_member=people_services.MemberInput(
            name="Ali Testesen",
            role="young_person",
            birth_year=2006,
            preferred_language="ar",
            national_id=national_id,
        ),
    )


def confirmed_letter(demo, household, *, by="kontakt", subproject=SUBPROJECT):
    letter = support_services.letter_write(
        acting_user=demo["users"][by],
        household=household,
        subproject=demo["subprojects"][subproject],
        language="nb",
        need="Førerkort",
        purpose="Kjøretimer",
        commitment="Møte opp til timene",
    )
    return support_services.letter_confirm(token=letter_token(letter))


def organisations(demo):
    return list(Organisation.objects.filter(municipality=demo["municipality"])[:2])


def request(demo, *, by="kontakt", amount="5000", alias="Familien Test", form="cash", **line):
    home = household(demo, by=by, alias=alias)
    letter = confirmed_letter(demo, home, by=by)
    return support_services.support_request_create(
        acting_user=demo["users"][by],
        letter=letter,
        lines=[
            support_services.LineInput(form=form, description="Kjøretimer", amount=amount, **line)
        ],
        other_help=[
            support_services.HelpInput(
                kind="nav",
                description="Oppfølging fra NAV",
                responsible=organisations(demo)[0],
                due_on=timezone.localdate() + datetime.timedelta(days=14),
            )
        ],
    )


def decide(demo, requests, *, by="leder", outcome="approved", amount=None, key="meeting-1"):
    return support_services.meeting_hold(
        acting_user=demo["users"][by],
        subproject=requests[0].subproject,
        services_present=organisations(demo),
        decisions=[
            support_services.DecisionInput(
                request_id=r.pk, outcome=outcome, amount=amount, rationale="Godt begrunnet"
            )
            for r in requests
        ],
        idempotency_key=key,
    )


# `post_meeting`'s default: the municipality's first organisation was present.
FIRST_SERVICE = "first"


def meeting_url(support) -> str:
    return reverse("support:meeting", args=[support.subproject_id])


def meeting_token(client, support) -> str:
    """The one-time token the meeting page puts in its form."""
    return client.get(meeting_url(support)).context["form"]["token"].value()


def post_meeting(demo, client, rows, *, token=None, services=FIRST_SERVICE):
    """Send the meeting page as a team does. `rows` maps each request to the fields sent
    for its row ({"outcome": ..., "amount": ..., "rationale": ...}; a field left out is not
    sent); `token` is the page's own unless given (the same token twice is a repeat);
    `services` are the organisations' keys present (the first by default; None sends
    none). The page is the first request's sub-project's."""
    data = {"token": token or meeting_token(client, next(iter(rows)))}
    if services == FIRST_SERVICE:
        services = [demo["municipality"].organisations.first().pk]
    if services:
        data["services_present"] = services
    for support, fields in rows.items():
        data |= {f"r{support.pk}-{name}": value for name, value in fields.items()}
    return client.post(meeting_url(next(iter(rows))), data)


def consent_arguments(household, **overrides) -> dict:
    """A valid consent by the household's first member: in writing, today, for a year."""
    today = timezone.localdate()
    return {
        "household": household,
        "given_by": household.members.order_by("pk").first(),
        "method": "written",
        "given_on": today,
        "services": ["nav"],
        "purposes": ["needs_mapping", "support"],
        "valid_until": today + datetime.timedelta(days=365),
        "scope": "",
        **overrides,
    }


def consent_to_map(demo, household, *, by="kontakt"):
    """A consent that lets the needs be mapped with every kind of service (the mapping
    service refuses services no consent or legal basis covers)."""
    return people_services.consent_give(
        acting_user=demo["users"][by],
        **consent_arguments(household, services=list(SharingService.values)),
    )


def needs_mapping(demo, household, *, by="kontakt", subproject=SUBPROJECT):
    """A needs mapping at home with the municipality's services present (consent given)."""
    consent_to_map(demo, household, by=by)
    return support_services.needs_mapping_record(
        acting_user=demo["users"][by],
        household=household,
        subproject=demo["subprojects"][subproject],
        place="home",
        services_present=organisations(demo),
        basic_needs=["bed"],
    )


def consent_form(household, **overrides) -> dict:
    """The consent page's POST data for the same consent."""
    data = consent_arguments(household)
    data = {
        "given_by": data["given_by"].pk,
        "method": data["method"],
        "given_on": data["given_on"].isoformat(),
        "services": data["services"],
        "purposes": data["purposes"],
        "valid_until": data["valid_until"].isoformat(),
        "scope": "",
    }
    data.update(overrides)
    return data
