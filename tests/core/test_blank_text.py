"""No Samskap text is made only of invisible characters: a lone zero-width space in a
decision's rationale, a posting's reason, an agreement's or organisation's name (all
accepted once) is refused where the row is written, whatever form or service wrote it."""

import pytest
from django.apps import apps
from django.db import models, transaction
from django.urls import reverse

from samskap.accounts.models import Organisation
from samskap.core.blank_text import has_visible
from samskap.core.errors import DomainError

INVISIBLE = ["\u200b", "\u200b\u200b", " \u200b ", "\u2060", "\u00ad", "\ufeff", "\u202e"]


def text_fields(model):
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField) and not field.choices
    ]


@pytest.mark.parametrize("value", INVISIBLE)
def test_invisible_only_has_nothing_visible(value):
    assert not has_visible(value)
    assert has_visible(value + "a")
    assert has_visible("Ørsta \u200b")


def test_every_samskap_model_refuses_an_invisible_only_text(demo):
    walked = []
    for model in apps.get_models():
        if not model._meta.app_config.name.startswith("samskap."):
            continue
        row = model._default_manager.first()
        if row is None:
            continue
        for field in text_fields(model):
            before = getattr(row, field.attname)
            setattr(row, field.attname, "\u200b")
            with pytest.raises(DomainError) as error, transaction.atomic():
                row.save()
            assert error.value.field == field.name
            setattr(row, field.attname, before)
            walked.append(f"{model._meta.label}.{field.name}")
    # The walk reached the rows the trial found open: rationale, reason, names.
    for expected in (
        "support.Decision.rationale",
        "funding.LedgerTransaction.reason",
        "funding.ProgrammeAgreement.name",
        "accounts.Organisation.name",
        "accounts.User.first_name",
        "subprojects.SubProject.name",
    ):
        assert expected in walked


def test_the_organisation_page_refuses_a_zero_width_name(demo, client_for):
    client = client_for("admin")
    count = Organisation.objects.count()
    page = client.post(reverse("accounts:organisations"), {"name": "\u200b", "kind": "nav"})
    assert page.status_code in (200, 400)
    assert "Navn har et tegn som ikke synes (tegn nr. 1)" in page.content.decode()
    assert Organisation.objects.count() == count


@pytest.mark.parametrize("invisible", ["\u200b", "\u00ad"])
def test_bulk_inserts_are_checked_too(demo, invisible):
    """The trial's cases: an allocation reason (the ledger inserts in bulk) and a
    sub-project's effect goal and indicator (inserted in bulk after the sub-project)."""
    from samskap.funding import services as funding_services
    from samskap.funding.models import LedgerTransaction
    from samskap.subprojects import services as subproject_services
    from samskap.subprojects.models import SubProject

    postings = LedgerTransaction.objects.count()
    with pytest.raises(DomainError) as error:
        funding_services.allocation_create(
            acting_user=demo["users"]["okonom"],
            subproject=demo["subprojects"]["Stødig start"],
            year=demo["agreement"].starts_on.year,
            amount="1000",
            reason=invisible,
        )
    assert error.value.field == "reason"
    assert LedgerTransaction.objects.count() == postings
    for goal in ((invisible, "Førerkort bestått"), ("Flere i jobb", invisible)):
        with pytest.raises(DomainError):
            subproject_services.subproject_create(
                acting_user=demo["users"]["okonom"],
                agreement=demo["agreement"],
                name="Nytt delprosjekt",
                summary="Et forsøk",
                target_group="Unge 16–24",
                age_from=16,
                age_to=24,
                effect_goals=[goal],
            )
        assert not SubProject.objects.filter(name="Nytt delprosjekt").exists()


def test_samskap_code_never_bulk_inserts_past_the_check():
    from pathlib import Path

    import samskap

    root = Path(samskap.__file__).parent
    raw = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if "migrations" not in path.parts
        and path.name != "blank_text.py"
        and ".objects.bulk_create(" in path.read_text()
    ]
    assert raw == [], "use samskap.core.blank_text.bulk_create"


def test_both_checks_say_it_in_the_same_plain_words(demo):
    """The bank-text check said "invisible or control character (U+200B) at position 4",
    the save check "cannot be made only of spaces or invisible characters": one wording."""
    from django.utils import translation

    from samskap.core.banktext import check_bank_text

    with translation.override("nb"):
        with pytest.raises(DomainError) as typed:
            check_bank_text("Ola\u200bNordmann", max_length=70, field="name")
        organisation = Organisation.objects.first()
        organisation.name = "\u200b"
        with pytest.raises(DomainError) as saved, transaction.atomic():
            organisation.save()
    advice = "ofte fra kopiering og innliming. Skriv teksten på nytt i stedet for å lime den inn."
    assert typed.value.message.endswith(advice) and saved.value.message.endswith(advice)
    assert "tegn som ikke synes (tegn nr. 4)" in typed.value.message
    assert "tegn som ikke synes (tegn nr. 1)" in saved.value.message
    assert "U+" not in typed.value.message + saved.value.message
