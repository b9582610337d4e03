"""The household page's written-out reads (selectors.household_page) against the ORM's:
the same households visible to the same users, the same rows, the same hand-over right."""

import pytest
from django.urls import reverse

from samskap.accounts.models import User
from samskap.core.errors import NotFoundOrForbidden
from samskap.people import access, selectors, services
from samskap.people.models import Consent, Enrolment, Household
from tests.support.factories import consent_arguments, household


def _fields(item) -> dict:
    return {field.attname: getattr(item, field.attname) for field in item._meta.concrete_fields}


@pytest.fixture
def varied(demo):
    """A household with two consents (one without who gave it), a legal basis and a
    second sub-project, beside the demo's own."""
    kontakt = demo["users"]["kontakt"]
    home = household(demo, alias="Familien Sidevisning")
    sara = services.member_add(
        acting_user=kontakt,
        household=home,
        data=services.MemberInput(name="Sara", role="parent", birth_year=1980),
        confirm_duplicate=True,
    )
    services.consent_give(acting_user=kontakt, **consent_arguments(home))
    # A consent whose giver is no longer stored (given_by is SET_NULL when a member goes).
    unknown = services.consent_give(acting_user=kontakt, **consent_arguments(home, given_by=sara))
    Consent.objects.filter(pk=unknown.pk).update(given_by=None)
    services.legal_basis_record(
        acting_user=kontakt,
        household=home,
        basis="legal_obligation",
        legal_reference="barnevernsloven § 13-1",
        services=["school"],
        purposes=["coordination"],
    )
    enrolled = home.enrolments.get().subproject_id
    other = next(s for s in demo["subprojects"].values() if s.pk != enrolled)
    Enrolment.objects.create(household=home, subproject=other, enrolled_by=kontakt)
    return home


def test_the_page_sees_and_reads_what_the_orm_does(demo, varied):
    users = list(User.objects.order_by("pk"))
    households = list(Household.objects.order_by("pk"))
    seen = 0
    for user in users:
        for home in households:
            try:
                expected = access.access_household(user=user, household_id=home.pk)
            except NotFoundOrForbidden:
                expected = None
            try:
                page = access.access_household_page(user=user, household_id=home.pk)
            except NotFoundOrForbidden:
                page = None
            assert (expected is None) == (page is None), (user.username, home.alias)
            if expected is None:
                continue
            seen += 1
            assert _fields(page.household) == _fields(expected)
            assert _fields(page.household.contact_person) == _fields(expected.contact_person)
            assert page.subproject_names == [
                enrolment.subproject.name for enrolment in expected.enrolments.all()
            ]
            assert [_fields(m) for m in page.members] == [
                _fields(m) for m in expected.members.all()
            ]
            assert [(_fields(c), c.given_by and c.given_by.name) for c in page.consents] == [
                (_fields(c), c.given_by and c.given_by.name) for c in expected.consents.all()
            ]
            assert [_fields(b) for b in page.legal_bases] == [
                _fields(b) for b in expected.legal_bases.all()
            ]
            assert access.may_hand_over(
                user=user, household=page.household, leads_its_team=page.leads_its_team
            ) == access.may_hand_over(user=user, household=expected)
    assert seen > len(households)  # several users see several households, varied among them


def test_the_page_refuses_an_id_no_row_can_have(demo):
    for household_id in (2**63, -(2**63) - 1, 0):
        with pytest.raises(NotFoundOrForbidden):
            selectors.household_page(user=demo["users"]["kontakt"], household_id=household_id)


def test_the_read_log_is_listed_newest_first_with_who_read(demo, client_for):
    home = household(demo, alias="Familien Logg")
    for username in ("kontakt", "leder"):
        response = client_for(username).get(reverse("people:detail", args=[home.pk]))
        assert response.status_code == 200
    listed = selectors.household_page_accesses(household_id=home.pk)
    assert [(a.pk, a.at, a.user.username) for a in listed] == [
        (a.pk, a.at, a.user.username) for a in selectors.accesses_of(user=None, household=home)
    ]
    assert [a.user_id for a in listed] == [demo["users"]["leder"].pk, demo["users"]["kontakt"].pk]
    assert str(listed[0].user) == str(demo["users"]["leder"])
