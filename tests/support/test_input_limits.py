"""Inputs the support pages accepted before: dates, row counts, long text, a bad token.

Each is refused with a Norwegian message and nothing is stored.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from samskap.core.errors import DomainError
from samskap.support import services
from samskap.support.models import (
    Meeting,
    MotivationLetter,
    NeedsMapping,
    OtherHelp,
    SupportRequest,
)
from tests.support.factories import (
    SUBPROJECT,
    confirmed_letter,
    consent_to_map,
    fund,
    household,
    organisations,
    request,
    set_limits,
)


@pytest.fixture
def funded(demo):
    from decimal import Decimal

    fund(demo, demo["subprojects"][SUBPROJECT], Decimal("50000"))
    set_limits(demo)
    return demo


def _management(prefix: str, total: int) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "10",
    }


def _request_page(demo, client_for, *, lines=1, helps=(), letter=None, amount="10"):
    letter = letter or confirmed_letter(demo, household(demo))
    data = {**_management("line", lines), **_management("help", len(helps))}
    for index in range(lines):
        data |= {
            f"line-{index}-form": "voucher",
            f"line-{index}-description": "Bussbillett",
            f"line-{index}-amount": amount,
        }
    for index, due_on in enumerate(helps):
        data |= {
            f"help-{index}-kind": "nav",
            f"help-{index}-description": "Oppfølging",
            f"help-{index}-responsible": str(organisations(demo)[0].pk),
            f"help-{index}-due_on": due_on,
        }
    url = reverse("support:request_create", args=[letter.pk])
    return letter, client_for("kontakt").post(url, data)


def test_a_21_digit_amount_on_a_request_line_is_too_large_in_money_words(funded, client_for):
    """Sent past the input's maxlength it got Django's count of characters."""
    letter, response = _request_page(funded, client_for, amount="1" * 21)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Beløpet er for stort: høyst 999\u00a0999\u00a0999,99\u00a0kr." in page
    assert "tegn" not in page.split('role="alert"', 1)[1]
    assert not SupportRequest.objects.filter(letter=letter).exists()


@pytest.mark.parametrize("due_on", ["0001-01-01", "9999-12-31"])
def test_help_task_due_date_out_of_range_is_refused_next_to_the_field(funded, client_for, due_on):
    letter, response = _request_page(funded, client_for, helps=[due_on])
    assert response.status_code == 200
    page = response.content.decode()
    assert "Velg en frist mellom" in page or "Velg i dag eller en senere dato" in page
    assert response.context["helps"].forms[0].errors["due_on"]
    assert not SupportRequest.objects.filter(letter=letter).exists()


def test_help_task_due_dates_inside_the_range_are_kept(funded):
    today = timezone.localdate()
    for due_on in (today, today + datetime.timedelta(days=1825)):
        support = request(funded)
        letter = support.letter
        created = services.support_request_create(
            acting_user=funded["users"]["kontakt"],
            letter=letter,
            lines=[services.LineInput(form="voucher", description="Buss", amount="10")],
            other_help=[
                services.HelpInput(
                    kind="nav",
                    description="Oppfølging",
                    responsible=organisations(funded)[0],
                    due_on=due_on,
                )
            ],
        )
        assert created.other_help.get().due_on == due_on
    with pytest.raises(DomainError) as error:
        services.support_request_create(
            acting_user=funded["users"]["kontakt"],
            letter=letter,
            lines=[services.LineInput(form="voucher", description="Buss", amount="10")],
            other_help=[
                services.HelpInput(
                    kind="nav",
                    description="Oppfølging",
                    responsible=organisations(funded)[0],
                    due_on=today + datetime.timedelta(days=1826),
                )
            ],
        )
    assert error.value.field == "due_on"


def test_a_request_with_300_lines_is_refused_on_the_page(funded, client_for):
    letter, response = _request_page(funded, client_for, lines=300)
    assert response.status_code == 200
    assert "Bruk høyst 10 rader." in response.content.decode()
    assert not SupportRequest.objects.filter(letter=letter).exists()


def test_the_service_counts_lines_and_help_too(funded):
    letter = confirmed_letter(funded, household(funded))
    line = services.LineInput(form="voucher", description="Buss", amount="10")
    with pytest.raises(DomainError, match="høyst 10 beløp; denne har 11"):
        services.support_request_create(
            acting_user=funded["users"]["kontakt"], letter=letter, lines=[line] * 11
        )
    help_item = services.HelpInput(
        kind="nav",
        description="Oppfølging",
        responsible=organisations(funded)[0],
        due_on=timezone.localdate(),
    )
    with pytest.raises(DomainError, match="høyst 10 typer annen hjelp"):
        services.support_request_create(
            acting_user=funded["users"]["kontakt"],
            letter=letter,
            lines=[line],
            other_help=[help_item] * 11,
        )
    assert not SupportRequest.objects.filter(letter=letter).exists()
    ten = services.support_request_create(
        acting_user=funded["users"]["kontakt"], letter=letter, lines=[line] * 10
    )
    assert ten.lines.count() == 10


def test_a_100000_character_letter_is_refused_on_the_page(demo, client_for):
    home = household(demo)
    response = client_for("kontakt").post(
        reverse("support:letter_create", args=[home.pk]),
        {
            "subproject": demo["subprojects"][SUBPROJECT].pk,
            "language": "nb",
            "need": "x" * 100_000,
            "purpose": "Kjøretimer",
            "commitment": "Møte opp",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["need"]
    assert "5000" in response.content.decode()
    assert not MotivationLetter.objects.filter(household=home).exists()


@pytest.mark.parametrize("field", ["need", "purpose", "commitment", "other_help_wanted"])
def test_the_letter_service_holds_every_part_to_the_length(demo, field):
    home = household(demo)
    texts = {"need": "Seng", "purpose": "Kjøpe seng", "commitment": "Gå på skolen"}
    texts[field] = "x" * 5001
    with pytest.raises(DomainError, match="høyst 5000 tegn") as error:
        services.letter_write(
            acting_user=demo["users"]["kontakt"],
            household=home,
            subproject=demo["subprojects"][SUBPROJECT],
            language="nb",
            **texts,
        )
    assert error.value.field == field
    assert not MotivationLetter.objects.filter(household=home).exists()


def test_a_letter_part_of_only_invisible_characters_is_empty(demo):
    home = household(demo)
    with pytest.raises(DomainError) as error:
        services.letter_write(
            acting_user=demo["users"]["kontakt"],
            household=home,
            subproject=demo["subprojects"][SUBPROJECT],
            language="nb",
            need="\u200b \u200b",
            purpose="Kjøpe seng",
            commitment="Gå på skolen",
        )
    assert error.value.field == "need"


def test_needs_mapping_notes_are_held_to_the_length(demo):
    home = household(demo)
    consent_to_map(demo, home)
    with pytest.raises(DomainError, match="høyst 5000 tegn"):
        services.needs_mapping_record(
            acting_user=demo["users"]["kontakt"],
            household=home,
            subproject=demo["subprojects"][SUBPROJECT],
            place="home",
            services_present=organisations(demo),
            basic_needs=[],
            notes="x" * 5001,
        )
    assert not NeedsMapping.objects.filter(household=home).exists()


@pytest.mark.parametrize("token", ["a" * 65, "", "../../etc", "tokén"])
def test_a_bad_meeting_token_is_refused_not_a_500(funded, client_for, token):
    support = request(funded, amount="2500")
    url = reverse("support:meeting", args=[support.subproject_id])
    before = Meeting.objects.count()
    response = client_for("leder").post(
        url,
        {
            "token": token,
            "services_present": [organisations(funded)[0].pk],
            f"r{support.pk}-outcome": "approved",
            f"r{support.pk}-amount": "",
            f"r{support.pk}-rationale": "Trenger det nå",
        },
    )
    assert response.status_code == 200
    if token:  # an empty hidden field is the form's own "required" error
        assert "Møteskjemaet er skadet eller utdatert" in response.content.decode()
    assert Meeting.objects.count() == before
    support.refresh_from_db()
    assert support.status == "pending"


@pytest.mark.parametrize("days_ago", [1, 30])
def test_a_help_task_due_in_the_past_is_refused_and_nothing_stored(funded, days_ago):
    """The due date range reached a year back: a task was born overdue."""
    letter = request(funded).letter
    past = timezone.localdate() - datetime.timedelta(days=days_ago)
    tasks = OtherHelp.objects.count()
    with translation.override("nb"), pytest.raises(DomainError) as error:
        services.support_request_create(
            acting_user=funded["users"]["kontakt"],
            letter=letter,
            lines=[services.LineInput(form="voucher", description="Buss", amount="10")],
            other_help=[
                services.HelpInput(
                    kind="nav",
                    description="Oppfølging",
                    responsible=organisations(funded)[0],
                    due_on=past,
                )
            ],
        )
    assert error.value.field == "due_on"
    assert "har passert. Velg i dag eller en senere dato." in error.value.message
    assert OtherHelp.objects.count() == tasks
