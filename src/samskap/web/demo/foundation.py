"""Demo foundation: Trondheim, the five pooled schemes, the agreement, eight sub-projects."""

import datetime
from decimal import Decimal

from django.utils import timezone

from samskap.accounts import services as accounts_services
from samskap.accounts.models import Role, User
from samskap.core.models import Municipality
from samskap.funding import services as funding_services
from samskap.funding.models import GrantScheme, ProgrammeAgreement
from samskap.subprojects import services as subproject_services
from samskap.subprojects.models import SubProject
from samskap.web.demo import DEMO_PASSWORD
from samskap.web.demo.trondheim_data import (
    AGREEMENT,
    DEMO_USERS,
    ORGANISATIONS,
    SCHEMES,
    STAFF,
    SUBPROJECTS,
)


def demo_period(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """Three calendar years around today, so the demo budget is always live."""
    first_year = today.year - 1
    return datetime.date(first_year, 1, 1), datetime.date(first_year + 2, 12, 31)


def load(context: dict) -> None:
    municipality = Municipality.objects.filter(number="5001").first()
    if municipality is not None:
        context.update(existing_foundation(municipality))
        return
    context.update(create_foundation())


def existing_foundation(municipality) -> dict:
    agreement = ProgrammeAgreement.objects.get(
        municipality=municipality, reference=AGREEMENT["reference"]
    )
    return {
        "municipality": municipality,
        "agreement": agreement,
        "users": {user.username: user for user in User.objects.filter(municipality=municipality)}
        | {user.username: user for user in User.objects.filter(role=Role.STATE_VIEWER)},
        "subprojects": {sub.name: sub for sub in SubProject.objects.filter(agreement=agreement)},
    }


def create_foundation() -> dict:
    municipality = accounts_services.municipality_create(
        acting_user=None, name="Trondheim", number="5001"
    )
    organisations = {
        name: accounts_services.organisation_create(
            acting_user=None, municipality=municipality, name=name, kind=kind
        )
        for name, kind in ORGANISATIONS
    }
    users = {}
    for username, role, first, last, organisation in DEMO_USERS:
        users[username] = accounts_services.user_create(
            acting_user=None,
            username=username,
            role=role,
            municipality=None if role == Role.STATE_VIEWER else municipality,
            organisation=organisations.get(organisation),
            first_name=first,
            last_name=last,
            password=DEMO_PASSWORD,
        )
    for username, role, first, last, organisation in STAFF:
        users[username] = accounts_services.user_create(
            acting_user=None,
            username=username,
            role=role,
            municipality=municipality,
            organisation=organisations[organisation],
            first_name=first,
            last_name=last,
        )
    admin = users["admin"]
    schemes = [
        GrantScheme.objects.filter(budget_chapter=chapter, budget_post=post).first()
        or funding_services.grant_scheme_create(
            acting_user=admin,
            name=name,
            ministry=ministry,
            directorate=directorate,
            budget_chapter=chapter,
            budget_post=post,
            reporting_duties=duties,
        )
        for name, ministry, directorate, chapter, post, duties, _yearly in SCHEMES
    ]
    starts_on, ends_on = demo_period(timezone.localdate())
    years = range(starts_on.year, ends_on.year + 1)
    agreement = funding_services.agreement_create(
        acting_user=users["okonom"],
        municipality=municipality,
        name=AGREEMENT["name"],
        reference=AGREEMENT["reference"],
        starts_on=starts_on,
        ends_on=ends_on,
        yearly_amounts={
            scheme: {year: Decimal(row[6]) for year in years}
            for scheme, row in zip(schemes, SCHEMES, strict=True)
        },
        effect_goals=AGREEMENT["effect_goals"],
    )
    subprojects = {}
    for spec in SUBPROJECTS:
        subproject = subproject_services.subproject_create(
            acting_user=users["okonom"],
            agreement=agreement,
            name=spec["name"],
            summary=spec["summary"],
            target_group=spec["target_group"],
            age_from=spec["ages"][0],
            age_to=spec["ages"][1],
            effect_goals=spec["goals"],
        )
        for username, team_role in spec["team"]:
            subproject_services.team_member_add(
                acting_user=admin, subproject=subproject, user=users[username], team_role=team_role
            )
        subprojects[spec["name"]] = subproject
    return {
        "municipality": municipality,
        "agreement": agreement,
        "users": users,
        "subprojects": subprojects,
    }
