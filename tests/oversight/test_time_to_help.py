"""Time to help against the ordinary route: days per step from the records' own time
stamps, services, staff and meetings per case, the baseline and the hours estimate, unit
indicators typed in by hand; groups under five households suppressed, a fixed number of
queries, everyone who decides sees it, bad input refused with nothing stored."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samskap.audit.models import AuditRecord
from samskap.core.errors import DomainError, NotFoundOrForbidden
from samskap.oversight import time_to_help_services as services
from samskap.oversight.time_to_help import time_to_help
from samskap.oversight.time_to_help_models import RouteBaseline, UnitIndicator
from samskap.payments.models import Payment
from samskap.payments.services import payment_batch_export, payment_returns_import
from samskap.people import services as people_services
from samskap.people.models import SharingService
from samskap.support import services as support_services
from samskap.support.models import Decision, MotivationLetter, NeedsMapping, SupportRequest
from tests.support.factories import (
    SUBPROJECT,
    confirmed_letter,
    consent_arguments,
    decide,
    fund,
    household,
    organisations,
    set_limits,
)

D = Decimal
URL = "oversight:time_to_help"


def _at(day, hour=12):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def case(demo, alias, *, mapped_to_confirmed, confirmed_to_decided, decided_to_paid, ago=20):
    """A whole case in Stødig start, its steps put at exact days apart."""
    subproject = demo["subprojects"][SUBPROJECT]
    home = household(demo, alias=alias)
    kinds = {org.kind for org in organisations(demo)} & set(SharingService.values)
    people_services.consent_give(
        acting_user=demo["users"]["kontakt"], **consent_arguments(home, services=sorted(kinds))
    )
    support_services.needs_mapping_record(
        acting_user=demo["users"]["kontakt"],
        household=home,
        subproject=subproject,
        place="home",
        services_present=organisations(demo),
        basic_needs=["bed"],
    )
    letter = confirmed_letter(demo, home)
    request = support_services.support_request_create(
        acting_user=demo["users"]["kontakt"],
        letter=letter,
        lines=[support_services.LineInput(form="cash", description="Seng", amount="1000")],
    )
    decide(demo, [request], key="ttd-" + alias.replace(" ", "-").lower())
    batch = payment_batch_export(
        acting_user=demo["users"]["okonom"], municipality=demo["municipality"]
    )
    payment_returns_import(
        acting_user=demo["users"]["okonom"],
        municipality=demo["municipality"],
        data="".join(f"{p.end_to_end_id};ACSC\n" for p in batch.payments.all()).encode(),
        filename=f"ok-{alias}.csv",
    )
    decided_day = timezone.localdate() - datetime.timedelta(days=ago)
    decided = _at(decided_day)
    confirmed = decided - datetime.timedelta(days=confirmed_to_decided)
    mapped = confirmed - datetime.timedelta(days=mapped_to_confirmed)
    NeedsMapping.objects.filter(household=home).update(mapped_at=mapped)
    MotivationLetter.objects.filter(pk=letter.pk).update(confirmed_at=confirmed)
    SupportRequest.objects.filter(pk=request.pk).update(requested_at=confirmed)
    Decision.objects.filter(request=request).update(decided_at=decided)
    Payment.objects.filter(support_line__request=request).update(
        paid_on=decided_day + datetime.timedelta(days=decided_to_paid)
    )
    return request


@pytest.fixture
def funded(demo):
    fund(demo, demo["subprojects"][SUBPROJECT], D("60000"))
    set_limits(demo)
    return demo


def row_of(figures, name=SUBPROJECT):
    return next(row for row in figures.rows if row.label == name)


def test_days_per_step_are_median_and_90th_percentile(funded):
    # Needs mapped → decided: 1, 2, 3, 4 and 10 days; paid 0–2 days after the decision.
    for n, (first, second, paid) in enumerate(
        [(0, 1, 0), (1, 1, 1), (1, 2, 2), (2, 2, 1), (4, 6, 2)]
    ):
        case(
            funded,
            f"Familien Tid {n}",
            mapped_to_confirmed=first,
            confirmed_to_decided=second,
            decided_to_paid=paid,
        )
    row = row_of(time_to_help(agreement=funded["agreement"]))
    assert not row.suppressed and row.cases == 5
    assert row.spans["mapped_to_decided"].median == 3.0
    # Type 7 (numpy's default): 4 + 0.6 × (10 − 4).
    assert row.spans["mapped_to_decided"].p90 == 7.6
    assert row.spans["mapped_to_confirmed"].median == 1.0
    assert row.spans["decided_to_paid"].median == 1.0
    # Mapped → paid in whole days: 1, 3, 5, 5 and 12.
    assert row.spans["mapped_to_paid"].median == 5.0
    # Two services at the mapping and the meeting, one help task: the same two services.
    assert row.services_per_case == 2.0
    # kontakt mapped, wrote and proposed; leder decided.
    assert row.people_per_case == 2.0
    assert row.meetings == 5 and row.meetings_per_decision == 1.0
    baseline = time_to_help(agreement=funded["agreement"]).baseline
    assert baseline.ordinary_days == 28 and baseline.is_default
    assert row.hours_ordinary == D("40.0")  # 5 cases × 2 services × 4 hours
    assert row.hours_here == D("10.0")  # 5 cases × 2 staff × 1 hour
    assert row.hours_saved == D("30.0")


def test_the_page_shows_them_beside_the_ordinary_route(funded, client_for):
    for n in range(5):
        case(
            funded,
            f"Familien Side {n}",
            mapped_to_confirmed=1,
            confirmed_to_decided=2,
            decided_to_paid=1,
        )
    page = client_for("leder").get(reverse(URL)).content.decode()
    # Shown, unless it must be hidden so the total cannot give a smaller row back.
    row = row_of(time_to_help(agreement=funded["agreement"]))
    assert "Stødig start" in page and "3,0 / 3,0" in page  # medians are no sums
    if row.protecting:  # its count of cases is one
        assert "Skjult for å verne en liten gruppe" in page
    assert "28 dager" in page
    assert 'role="img"' in page and "<desc" in page
    assert "Forutsetninger" in page or "forutsetning" in page.lower()


def test_a_group_under_five_households_is_suppressed(funded, client_for):
    for n in range(4):
        case(
            funded,
            f"Familien Liten {n}",
            mapped_to_confirmed=1,
            confirmed_to_decided=17,
            decided_to_paid=1,
        )
    row = row_of(time_to_help(agreement=funded["agreement"]))
    assert row.suppressed
    page = client_for("kontakt").get(reverse(URL)).content.decode()
    days = page[page.index('id="days-table"') :]
    stodig = days[days.index("Stødig start") :]
    assert stodig[: stodig.index("</tr>")].count("Færre enn 5 husstander") == 1
    assert "18,0" not in stodig[: stodig.index("</tr>")]


def test_the_demo_shows_real_figures(demo):
    row = row_of(time_to_help(agreement=demo["agreement"]), "Flyktningefamilien i sentrum")
    assert not row.suppressed and row.cases == 8
    assert row.spans["mapped_to_decided"].median < 28
    assert row.spans["decided_to_paid"].median is not None
    assert time_to_help(agreement=demo["agreement"]).indicators


def test_the_page_runs_a_fixed_number_of_queries(funded, client_for):
    client = client_for("okonom")
    client.get(reverse(URL))

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(URL)).status_code == 200
        return len(queries)

    small = count()
    for n in range(6):
        case(
            funded,
            f"Familien Mange {n}",
            mapped_to_confirmed=n,
            confirmed_to_decided=1,
            decided_to_paid=1,
        )
    services.unit_indicator_record(
        acting_user=funded["users"]["okonom"],
        organisation_id=funded["users"]["leder"].organisation_id,
        year=2025,
        quarter=4,
        sick_leave_percent="6,5",
    )
    assert count() == small


@pytest.mark.parametrize("who", ["okonom", "admin", "leder", "kontakt", "team"])
def test_everyone_who_decides_sees_it(client_for, who):
    assert client_for(who).get(reverse(URL)).status_code == 200


def test_the_state_viewer_and_foreign_agreements_do_not(demo, client_for):
    from tests.funding.conftest import make_world

    assert client_for("stat").get(reverse(URL)).status_code == 404
    foreign = make_world("ttd-foreign").agreement
    for value in (foreign.pk, "abc", "-1", "99999999999999999999"):
        page = client_for("okonom").get(reverse(URL), {"avtale": value})
        assert page.status_code == 400
        assert "Velg en av programavtalene i listen." in page.content.decode()
        assert foreign.name not in page.content.decode()
        assert "baseline_form" not in page.context or page.context["baseline_form"] is None


# --- the baseline ---------------------------------------------------------------------


def test_the_economist_sets_the_baseline(demo, client_for):
    page = client_for("okonom").post(
        reverse("oversight:time_to_help_baseline"),
        {
            "ordinary_days": "35",
            "hours_per_ordinary_decision": "5,5",
            "hours_per_person_per_case": "0,5",
        },
    )
    assert page.status_code == 302
    stored = RouteBaseline.objects.get(municipality=demo["municipality"])
    assert (stored.ordinary_days, stored.hours_per_ordinary_decision) == (35, D("5.5"))
    audit = AuditRecord.objects.filter(action="route_baseline.set").latest("pk")
    assert audit.new_values["ordinary_days"] == 35
    assert "35 dager" in client_for("kontakt").get(reverse(URL)).content.decode()


@pytest.mark.parametrize(
    "field,value",
    [
        ("ordinary_days", "-1"),
        ("ordinary_days", "0"),
        ("ordinary_days", "366"),
        ("ordinary_days", "4 uker"),
        ("ordinary_days", "2,5"),
        ("hours_per_ordinary_decision", "0"),
        ("hours_per_ordinary_decision", "1,25"),
        ("hours_per_ordinary_decision", "NaN"),
        ("hours_per_person_per_case", "-1"),
        ("hours_per_person_per_case", "201"),
        ("hours_per_person_per_case", ""),
    ],
)
def test_bad_baselines_are_refused_and_nothing_is_stored(demo, client_for, field, value):
    data = {
        "ordinary_days": "28",
        "hours_per_ordinary_decision": "4",
        "hours_per_person_per_case": "1",
    }
    data[field] = value
    before = AuditRecord.objects.count()
    page = client_for("okonom").post(reverse("oversight:time_to_help_baseline"), data)
    assert page.status_code == 400
    assert 'aria-invalid="true"' in page.content.decode()
    assert not RouteBaseline.objects.filter(municipality=demo["municipality"]).exists()
    assert AuditRecord.objects.count() == before


@pytest.mark.parametrize("who", ["leder", "kontakt", "team", "stat"])
def test_only_the_economy_sets_the_baseline(demo, client_for, who):
    page = client_for(who).post(
        reverse("oversight:time_to_help_baseline"),
        {
            "ordinary_days": "10",
            "hours_per_ordinary_decision": "4",
            "hours_per_person_per_case": "1",
        },
    )
    assert page.status_code == 404
    assert not RouteBaseline.objects.exists()
    with pytest.raises(NotFoundOrForbidden):
        services.route_baseline_set(
            acting_user=demo["users"][who],
            municipality=demo["municipality"],
            ordinary_days=10,
            hours_per_ordinary_decision="4",
            hours_per_person_per_case="1",
        )


# --- unit indicators -----------------------------------------------------------------


def _indicator(demo, **changes):
    today = timezone.localdate()
    data = {
        "organisation": str(demo["users"]["leder"].organisation_id),
        "year": str(today.year - 1),
        "quarter": "4",
        "sick_leave_percent": "7,5",
        "substitute_costs": "125 000",
    }
    data.update(changes)
    return data


def test_a_unit_lead_records_and_corrects_their_units_figures(demo, client_for):
    client = client_for("leder")
    assert (
        client.post(reverse("oversight:unit_indicator_record"), _indicator(demo)).status_code == 302
    )
    row = UnitIndicator.objects.get(
        organisation_id=demo["users"]["leder"].organisation_id, quarter=4
    )
    assert (row.sick_leave_percent, row.substitute_costs) == (D("7.50"), D("125000.00"))
    data = _indicator(demo, sick_leave_percent="6,9", substitute_costs="")
    assert client.post(reverse("oversight:unit_indicator_record"), data).status_code == 302
    row.refresh_from_db()
    assert (row.sick_leave_percent, row.substitute_costs) == (D("6.90"), None)
    audit = AuditRecord.objects.filter(action="unit_indicator.record").latest("pk")
    assert audit.old_values["sick_leave_percent"] == "7.50"
    assert audit.new_values["sick_leave_percent"] == "6.90"
    page = client_for("team").get(reverse(URL)).content.decode()
    assert "6,9" in page


def test_a_unit_lead_cannot_record_another_units_figures(demo, client_for):
    other = demo["users"]["nav.hansen"].organisation_id
    page = client_for("leder").post(
        reverse("oversight:unit_indicator_record"), _indicator(demo, organisation=str(other))
    )
    assert page.status_code == 400  # not among the units offered
    with pytest.raises(NotFoundOrForbidden):
        services.unit_indicator_record(
            acting_user=demo["users"]["leder"],
            organisation_id=other,
            year=2025,
            quarter=1,
            sick_leave_percent="5",
        )
    assert not UnitIndicator.objects.filter(organisation_id=other, year=2025, quarter=1).exists()


def test_the_economist_records_any_unit(demo):
    other = demo["users"]["nav.hansen"].organisation_id
    row = services.unit_indicator_record(
        acting_user=demo["users"]["okonom"],
        organisation_id=other,
        year=2025,
        quarter=1,
        substitute_costs="0",
    )
    assert row.substitute_costs == D("0.00") and row.sick_leave_percent is None


@pytest.mark.parametrize("who", ["kontakt", "team", "stat"])
def test_others_may_not_record_indicators(demo, client_for, who):
    page = client_for(who).post(reverse("oversight:unit_indicator_record"), _indicator(demo))
    assert page.status_code == 404
    assert not UnitIndicator.objects.filter(quarter=4, year=timezone.localdate().year - 1).exists()


def _next_quarter():
    today = timezone.localdate()
    quarter = (today.month - 1) // 3 + 1
    return (today.year + 1, 1) if quarter == 4 else (today.year, quarter + 1)


@pytest.mark.parametrize(
    "changes",
    [
        {"sick_leave_percent": "101"},
        {"sick_leave_percent": "-1"},
        {"sick_leave_percent": "sju"},
        {"sick_leave_percent": "7,555"},
        {"substitute_costs": "-100"},
        {"substitute_costs": "10.000"},
        {"substitute_costs": "1000000000"},
        {"quarter": "5"},
        {"year": "1999"},
        {"year": "abcd"},
        {"sick_leave_percent": "", "substitute_costs": ""},
        {"organisation": "99999999"},
    ],
)
def test_bad_indicators_are_refused_and_nothing_is_stored(demo, client_for, changes):
    before = (UnitIndicator.objects.count(), AuditRecord.objects.count())
    page = client_for("okonom").post(
        reverse("oversight:unit_indicator_record"), _indicator(demo, **changes)
    )
    assert page.status_code == 400
    assert "Ingenting ble lagret." in page.content.decode()
    assert (UnitIndicator.objects.count(), AuditRecord.objects.count()) == before


def test_a_quarter_not_yet_started_is_refused(demo):
    year, quarter = _next_quarter()
    with pytest.raises(DomainError) as refused:
        services.unit_indicator_record(
            acting_user=demo["users"]["okonom"],
            organisation_id=demo["users"]["leder"].organisation_id,
            year=year,
            quarter=quarter,
            sick_leave_percent="5",
        )
    # In the fourth quarter the next one is next year: the year rule refuses it.
    assert refused.value.field == ("year" if year > timezone.localdate().year else "quarter")
    assert not UnitIndicator.objects.filter(year=year, quarter=quarter).exists()


def test_the_current_unfinished_quarter_is_refused(demo):
    """The trial recorded sick leave for the quarter still running: its figures are not
    known until it has ended."""
    today = timezone.localdate()
    with pytest.raises(DomainError) as refused:
        services.unit_indicator_record(
            acting_user=demo["users"]["okonom"],
            organisation_id=demo["users"]["leder"].organisation_id,
            year=today.year,
            quarter=(today.month - 1) // 3 + 1,
            sick_leave_percent="5",
        )
    assert refused.value.field == "quarter" and "ikke slutt" in refused.value.message
    assert not UnitIndicator.objects.filter(
        year=today.year, quarter=(today.month - 1) // 3 + 1
    ).exists()


def test_every_problem_of_the_staff_figures_comes_in_one_answer(demo, client_for):
    """The trial: the missing year, then the sick leave, then the costs, in three rounds."""
    before = (UnitIndicator.objects.count(), AuditRecord.objects.count())
    page = client_for("okonom").post(
        reverse("oversight:unit_indicator_record"),
        _indicator(demo, year="", sick_leave_percent="101", substitute_costs="-100"),
    )
    assert page.status_code == 400
    errors = page.context["indicator_form"].errors
    assert set(errors) == {"year", "sick_leave_percent", "substitute_costs"}
    assert errors["sick_leave_percent"] == [
        "Skriv sykefraværet i prosent fra 0 til 100, for eksempel 7,5."
    ]
    # The example amount is written as Norwegians write it: "125 000" (a no-break space).
    assert errors["substitute_costs"] == [
        "Skriv vikarutgiftene i kroner, for eksempel 125\u00a0000 eller 0."
    ]
    assert (UnitIndicator.objects.count(), AuditRecord.objects.count()) == before


def test_every_problem_of_the_baseline_comes_in_one_answer(demo, client_for):
    before = AuditRecord.objects.count()
    page = client_for("okonom").post(
        reverse("oversight:time_to_help_baseline"),
        {
            "ordinary_days": "",
            "hours_per_ordinary_decision": "0",
            "hours_per_person_per_case": "201",
        },
    )
    assert page.status_code == 400
    errors = page.context["baseline_form"].errors
    assert set(errors) == {
        "ordinary_days",
        "hours_per_ordinary_decision",
        "hours_per_person_per_case",
    }
    assert AuditRecord.objects.count() == before
