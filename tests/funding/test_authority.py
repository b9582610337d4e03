"""Delegated authority: nobody gives more than they hold; the economy sets a ceiling."""

from decimal import Decimal

import pytest
from django.urls import reverse

from samskap.audit.models import AuditRecord
from samskap.core.errors import DomainError, NotFoundOrForbidden
from samskap.funding import selectors, services
from samskap.funding.models import AuthorityCeiling, AuthorityLimit

D = Decimal
SUB = "Veien til førerkortet"  # leder leads it (lead: 25 000 / 60 000), kontakt sits on it


def limit_of(demo, username, sub=SUB):
    return selectors.authority_limit_for(
        user=demo["users"][username], subproject=demo["subprojects"][sub]
    )


def set_limit(demo, by, *, role="contact_person", per_decision, per_year, sub=SUB):
    return services.authority_limit_set(
        acting_user=demo["users"][by],
        municipality=demo["municipality"],
        subproject=demo["subprojects"][sub],
        team_role=role,
        max_per_decision=per_decision,
        max_per_household_per_year=per_year,
    )


def test_a_lead_limited_to_25_000_cannot_give_5_000_000(demo):
    assert limit_of(demo, "leder").max_per_decision == D("25000.00")
    before = limit_of(demo, "kontakt")
    with pytest.raises(DomainError) as error:
        set_limit(demo, "leder", per_decision="5000000", per_year="5000000")
    assert "25\u00a0000,00\u00a0kr" in str(error.value.message)
    after = limit_of(demo, "kontakt")
    assert (after.max_per_decision, after.max_per_household_per_year) == (
        before.max_per_decision,
        before.max_per_household_per_year,
    )


@pytest.mark.parametrize(
    ("per_decision", "per_year", "field"),
    [
        ("25000.01", "30000", "max_per_decision"),  # above the lead's per decision
        ("5000", "60000.01", "max_per_household_per_year"),  # above the lead's per year
    ],
)
def test_a_lead_gives_at_most_their_own_limit(demo, per_decision, per_year, field):
    with pytest.raises(DomainError) as error:
        set_limit(demo, "leder", per_decision=per_decision, per_year=per_year)
    assert error.value.field == field


def test_a_lead_may_give_exactly_their_own_limit(demo):
    set_limit(demo, "leder", per_decision="25000", per_year="60000")
    assert limit_of(demo, "kontakt").max_per_decision == D("25000.00")


def test_a_lead_without_authority_gives_none(demo):
    AuthorityLimit.objects.filter(team_role="lead").delete()
    with pytest.raises(DomainError):
        set_limit(demo, "leder", per_decision="100", per_year="200")


def test_the_form_refuses_999_999_999_999_99_with_a_message(demo, client_for):
    sub = demo["subprojects"][SUB]
    before = AuthorityLimit.objects.count(), AuditRecord.objects.count()
    response = client_for("leder").post(
        reverse("funding:authority", args=[sub.pk]),
        {
            "team_role": "member",
            "max_per_decision": "999 999 999 999,99",
            "max_per_household_per_year": "999 999 999 999,99",
        },
    )
    assert response.status_code == 200
    # Above the largest amount anyone may type (core.money.MAX_AMOUNT): refused as such
    # before the delegation rule is asked.
    assert "Beløpet er for stort: høyst 999" in response.content.decode()
    assert (AuthorityLimit.objects.count(), AuditRecord.objects.count()) == before


@pytest.mark.parametrize("amount", ["9999999999999999", "1e30", "99999999999999,999"])
def test_the_form_answers_out_of_range_amounts_with_a_message(demo, client_for, amount):
    sub = demo["subprojects"][SUB]
    response = client_for("okonom").post(
        reverse("funding:authority", args=[sub.pk]),
        {"team_role": "member", "max_per_decision": amount, "max_per_household_per_year": amount},
    )
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()


def test_only_the_economy_sets_a_ceiling(demo):
    sub = demo["subprojects"][SUB]
    for outsider in ("leder", "kontakt", "team", "stat"):
        with pytest.raises(NotFoundOrForbidden):
            services.authority_ceiling_set(
                acting_user=demo["users"][outsider],
                subproject=sub,
                max_per_decision="1000",
                max_per_household_per_year="2000",
            )
    assert not AuthorityCeiling.objects.filter(subproject=sub).exists()
    services.authority_ceiling_set(
        acting_user=demo["users"]["okonom"],
        subproject=sub,
        max_per_decision="30000",
        max_per_household_per_year="50000",
    )
    ceiling = selectors.authority_ceiling_for(subproject=sub)
    assert (ceiling.max_per_decision, ceiling.max_per_household_per_year) == (
        D("30000.00"),
        D("50000.00"),
    )
    audit = AuditRecord.objects.filter(action="authority_ceiling.set").latest("pk")
    assert audit.new_values["max_per_decision"] == "30000.00"


def test_every_limit_set_stays_under_the_ceiling_even_the_economists(demo):
    sub = demo["subprojects"][SUB]
    services.authority_ceiling_set(
        acting_user=demo["users"]["okonom"],
        subproject=sub,
        max_per_decision="15000",
        max_per_household_per_year="40000",
    )
    with pytest.raises(DomainError) as error:
        set_limit(demo, "okonom", per_decision="15000.01", per_year="20000")
    assert error.value.field == "max_per_decision"
    with pytest.raises(DomainError) as error:
        set_limit(demo, "admin", per_decision="1000", per_year="40000.01")
    assert error.value.field == "max_per_household_per_year"
    set_limit(demo, "okonom", per_decision="15000", per_year="40000")
    assert limit_of(demo, "kontakt").max_per_decision == D("15000.00")


def test_a_ceiling_caps_limits_that_were_set_before_it(demo):
    # The lead's municipal default is 25 000 / 60 000; a lower ceiling wins in this sub-project.
    services.authority_ceiling_set(
        acting_user=demo["users"]["okonom"],
        subproject=demo["subprojects"][SUB],
        max_per_decision="12000",
        max_per_household_per_year="24000",
    )
    lead = limit_of(demo, "leder")
    assert (lead.max_per_decision, lead.max_per_household_per_year) == (
        D("12000.00"),
        D("24000.00"),
    )
    # Elsewhere the default still applies.
    assert limit_of(demo, "leder", sub="Stødig start").max_per_decision == D("25000.00")


@pytest.mark.parametrize(
    ("per_decision", "per_year"), [("0", "10"), ("20", "10"), ("abc", "10"), ("", "")]
)
def test_a_bad_ceiling_is_refused(demo, per_decision, per_year):
    with pytest.raises(DomainError):
        services.authority_ceiling_set(
            acting_user=demo["users"]["okonom"],
            subproject=demo["subprojects"][SUB],
            max_per_decision=per_decision,
            max_per_household_per_year=per_year,
        )
    assert not AuthorityCeiling.objects.exists()


def test_the_ceiling_form_is_on_the_limits_page_for_the_economist_only(demo, client_for):
    sub = demo["subprojects"][SUB]
    url = reverse("funding:authority_ceiling", args=[sub.pk])
    page = reverse("funding:authority", args=[sub.pk])
    assert url in client_for("okonom").get(page).content.decode()
    assert url not in client_for("leder").get(page).content.decode()
    data = {"ceiling-max_per_decision": "20 000", "ceiling-max_per_household_per_year": "45 000"}
    assert client_for("leder").post(url, data).status_code == 403
    assert not AuthorityCeiling.objects.exists()
    response = client_for("okonom").post(url, data)
    assert response.status_code == 302
    assert selectors.authority_ceiling_for(subproject=sub).max_per_decision == D("20000.00")
    bad = client_for("okonom").post(url, data | {"ceiling-max_per_decision": "99999999999999999"})
    assert bad.status_code == 200
    assert 'role="alert"' in bad.content.decode()


def test_the_budget_pages_limits_are_the_ones_that_apply(demo):
    """The budget page reads limits and ceiling in one statement of its own: each role
    shows what `authority_by_role` applies (none set, municipal defaults, the
    sub-project's own limit winning over the default, a ceiling capping both), in every
    demo sub-project and in the roles' order."""
    from samskap.subprojects.models import TeamRole

    def both(sub):
        shown = selectors.authority_limits_for_subproject(subproject=sub)
        applied = selectors.authority_by_role(subproject=sub)
        assert [label for label, _limit in shown] == [label for _v, label in TeamRole.choices]
        assert [limit for _label, limit in shown] == [applied[v] for v in TeamRole.values]
        return [limit for _label, limit in shown]

    for sub in demo["subprojects"].values():
        both(sub)
    sub = demo["subprojects"][SUB]
    set_limit(demo, "okonom", per_decision="7000.50", per_year="9000")
    services.authority_ceiling_set(
        acting_user=demo["users"]["okonom"],
        subproject=sub,
        max_per_decision="8000",
        max_per_household_per_year="8500.25",
    )
    limits = dict(zip(TeamRole.values, both(sub), strict=True))
    contact = limits[TeamRole.CONTACT_PERSON]
    assert (contact.max_per_decision, contact.max_per_household_per_year) == (
        D("7000.50"),
        D("8500.25"),
    )
    assert limits[TeamRole.LEAD].max_per_decision == D("8000.00")
    AuthorityLimit.objects.filter(municipality=demo["municipality"]).delete()
    assert both(sub) == [None, None, None]


def test_budget_and_authority_are_the_budget_and_each_users_own_authority(demo):
    """The meeting agenda reads this year's budget and the chair's authority in one
    statement: the same as `subproject_budget` and `authority_limit_for`, for every demo
    user (on the team or not) in every sub-project, with municipal defaults only, a
    sub-project's own limit, a ceiling capping both, and no limits at all."""

    def same():
        checked = 0
        for sub in demo["subprojects"].values():
            budget = selectors.subproject_budget(subproject=sub)
            for user in demo["users"].values():
                read = selectors.budget_and_authority(subproject=sub, user=user)
                assert read == (budget, selectors.authority_limit_for(user=user, subproject=sub))
                checked += read[1] is not None
        return checked

    assert same() > 0
    assert selectors.subproject_budget(subproject=demo["subprojects"][SUB]).allocated > 0
    set_limit(demo, "okonom", per_decision="7000.50", per_year="9000")
    services.authority_ceiling_set(
        acting_user=demo["users"]["okonom"],
        subproject=demo["subprojects"][SUB],
        max_per_decision="8000",
        max_per_household_per_year="8500.25",
    )
    assert same() > 0
    AuthorityLimit.objects.all().delete()
    assert same() == 0
