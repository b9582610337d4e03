"""A small, fully controlled programme for ledger tests: two schemes, three sub-projects."""

import datetime
import itertools
from dataclasses import dataclass
from decimal import Decimal

import pytest

from samskap.accounts import services as accounts_services
from samskap.accounts.models import Role
from samskap.funding import services
from samskap.subprojects import services as subproject_services
from samskap.subprojects.models import TeamRole

D = Decimal
DAY = datetime.date(2026, 3, 1)
# A bank reference is registered once per scheme, so each receipt gets its own by default.
REFERENCES = itertools.count(1)


@dataclass
class World:
    municipality: object
    other_municipality: object
    agreement: object
    schemes: list
    subprojects: list
    users: dict

    def receive(self, amount, scheme_index=0, day=DAY, reference=None):
        return services.grant_receipt_create(
            acting_user=self.users["okonom"],
            agreement=self.agreement,
            scheme=self.schemes[scheme_index],
            received_on=day,
            amount=D(amount),
            reference=reference or f"ref-{next(REFERENCES)}",
            confirm_above_agreement=True,
        )

    def allocate(self, amount, index=0, year=2026, **kwargs):
        kwargs.setdefault("booked_on", DAY)  # the test period is fixed; so is its calendar
        return services.allocation_create(
            acting_user=self.users["okonom"],
            subproject=self.subprojects[index],
            year=year,
            amount=D(amount),
            reason="Fordeling",
            **kwargs,
        )


def make_world(tag: str = "t") -> World:
    municipality = accounts_services.municipality_create(
        acting_user=None, name=f"Testby {tag}", number=f"9{len(tag):03d}"
    )
    other = accounts_services.municipality_create(
        acting_user=None, name=f"Annenby {tag}", number=f"8{len(tag):03d}"
    )
    users = {}
    for username, role, place in [
        ("okonom", Role.ECONOMIST, municipality),
        ("admin", Role.ADMINISTRATOR, municipality),
        ("leder", Role.UNIT_LEAD, municipality),
        ("kontakt", Role.CONTACT_PERSON, municipality),
        ("team", Role.TEAM_MEMBER, municipality),
        ("fremmed", Role.ECONOMIST, other),
    ]:
        users[username] = accounts_services.user_create(
            acting_user=None,
            username=f"{username}-{tag}",
            role=role,
            municipality=place,
            first_name=username.title(),
            last_name="Test",
        )
    schemes = [
        services.grant_scheme_create(
            acting_user=None,
            name=f"Ordning {tag} {index}",
            ministry="Departementet",
            directorate="Direktoratet",
            budget_chapter=f"9{index}{len(tag)}",
            budget_post="6" + str(index),
        )
        for index in range(2)
    ]
    agreement = services.agreement_create(
        acting_user=users["okonom"],
        municipality=municipality,
        name="Testavtale",
        reference=f"AV-{tag}",
        starts_on=datetime.date(2025, 1, 1),
        ends_on=datetime.date(2027, 12, 31),
        yearly_amounts={
            schemes[0]: {year: D("600000") for year in (2025, 2026, 2027)},
            schemes[1]: {year: D("400000") for year in (2025, 2026, 2027)},
        },
    )
    subprojects = []
    for name in ("Alfa", "Beta", "Gamma"):
        subproject = subproject_services.subproject_create(
            acting_user=None,
            agreement=agreement,
            name=name,
            summary="s",
            target_group="t",
            age_from=0,
            age_to=24,
        )
        subprojects.append(subproject)
    subproject_services.team_member_add(
        acting_user=None, subproject=subprojects[0], user=users["leder"], team_role=TeamRole.LEAD
    )
    subproject_services.team_member_add(
        acting_user=None,
        subproject=subprojects[0],
        user=users["kontakt"],
        team_role=TeamRole.CONTACT_PERSON,
    )
    return World(municipality, other, agreement, schemes, subprojects, users)


@pytest.fixture
def world(db) -> World:
    return make_world()
