"""The audit trail's allow-list: every action declares its keys; no names, ids or free text.

`test_every_action_is_walked_and_names_no_one` runs each audited action through its
service (the demo writes most of them; the walk below adds the rest) and checks every
stored row. A new audit action must be declared in its app's `audit_actions.py` and
get a step in `walk()`.
"""

import datetime
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import transaction
from django.utils import timezone

from samskap.accounts import services as accounts_services
from samskap.audit import registry
from samskap.audit.models import AuditRecord
from samskap.audit.services import audit_record_create
from samskap.funding import services as funding_services
from samskap.funding.models import AuthorityLimit, GrantScheme, LedgerTransaction
from samskap.outside_account import services as outside_services
from samskap.outside_account.models import UnitCost
from samskap.payments import services as payment_services
from samskap.payments.models import Payment, PaymentBatch
from samskap.people import services as people_services
from samskap.people.models import Household, Member
from samskap.subprojects import services as subproject_services
from samskap.support import services as support_services
from samskap.support.models import OtherHelp
from tests.support.factories import (
    SECOND_APPROVER,
    SUBPROJECT,
    VALID_ACCOUNT,
    VALID_FNR,
    consent_arguments,
    decide,
    fund,
    household,
    request,
)

SRC = Path(__file__).resolve().parents[2] / "src" / "samskap"


def test_unknown_action_is_refused_and_nothing_written(demo):
    before = AuditRecord.objects.count()
    with pytest.raises(registry.AuditNotAllowed), transaction.atomic():
        audit_record_create(actor=None, action="household.gossip", target=demo["municipality"])
    assert AuditRecord.objects.count() == before


def test_key_outside_the_allow_list_is_refused(demo):
    before = AuditRecord.objects.count()
    with pytest.raises(registry.AuditNotAllowed, match="account_holder"), transaction.atomic():
        audit_record_create(
            actor=None,
            action="household.bank_account",
            target=demo["municipality"],
            new_values={"bank_account_last4": "7947", "account_holder": "Kari Nordmann"},
        )
    assert AuditRecord.objects.count() == before


@pytest.mark.parametrize("value", ["15508600019", "8601 11 17947", "1550.86.00019"])
def test_an_eleven_digit_value_is_refused_even_under_an_allowed_key(demo, value):
    with pytest.raises(registry.AuditNotAllowed, match="national id"), transaction.atomic():
        audit_record_create(
            actor=None,
            action="household.bank_account",
            target=demo["municipality"],
            new_values={"bank_account_last4": value},
        )


def test_nested_keys_are_checked_too(demo):
    with pytest.raises(registry.AuditNotAllowed, match=r"first_member\.name"), transaction.atomic():
        audit_record_create(
            actor=None,
            action="household.create",
            target=demo["municipality"],
            new_values={"first_member": {"role": "parent", "name": "Kari"}},
        )


def test_changing_the_payout_account_stores_no_holder_name(demo):
    home = household(demo)
    people_services.household_bank_account_set(
        confirm_duplicate=True,
        acting_user=demo["users"]["kontakt"],
        household=home,
        bank_account="12345678903",
        account_holder="Kari Nordmann",
    )
    record = AuditRecord.objects.get(action="household.bank_account", object_id=str(home.pk))
    assert record.old_values == {"bank_account_last4": VALID_ACCOUNT[-4:]}
    assert record.new_values == {
        "bank_account_last4": "8903",
        "account_holder_changed": True,
        "duplicate_confirmed": True,  # the demo's households use the test accounts too
    }
    assert "Ali Testesen" not in str(record.old_values)
    assert "Kari Nordmann" not in str(record.new_values)


def _action_literals() -> set[str]:
    """Every action name written in the code: action="x", audit_posting(.., "x"), money.*."""
    names = set()
    for path in SRC.rglob("*.py"):
        text = path.read_text()
        # Audit actions are "thing.verb"; argparse's action="store_true" is not one.
        names.update(re.findall(r'\baction="([a-z_]+\.[a-z_.]+)"', text))
        names.update(
            re.findall(r'\b(?:audit_posting|_audit)\(\s*[^,()]+,\s*[^,()]+,\s*"([a-z_.]+)"', text)
        )
        if 'f"money.{kind}"' in text:
            names.update({"money.release", "money.payment", "money.late_return"})
    return names


def test_every_action_in_the_code_is_declared():
    declared = registry.registered_actions()
    literals = _action_literals()
    assert len(literals) > 20  # the scan itself works
    assert literals - declared.keys() == set()


def walk(demo) -> None:
    """The actions the demo does not write, each once through its service."""
    users = demo["users"]
    economist, contact = users["okonom"], users["kontakt"]
    agreement = demo["subprojects"][SUBPROJECT].agreement
    home = household(demo, alias="Familien Gjennomgang")
    people_services.member_add(
        acting_user=contact,
        household=home,
        data=people_services.MemberInput(
            name="Kari Nordmann", role="parent", birth_year=1986, national_id=VALID_FNR
        ),
    )
    people_services.household_bank_account_set(
        confirm_duplicate=True,
        acting_user=contact,
        household=home,
        bank_account="12345678903",
        account_holder="Kari N",
    )
    consent = people_services.consent_give(
        acting_user=contact,
        **consent_arguments(home, scope="Kari Nordmann sin sak hos NAV"),
    )
    people_services.consent_withdraw(acting_user=contact, consent=consent)
    basis = people_services.legal_basis_record(
        acting_user=contact,
        household=home,
        basis="public_task",
        legal_reference="Kari Nordmann: sosialtjenesteloven § 17",
        services=["nav"],
        purposes=["coordination"],
    )
    people_services.legal_basis_end(acting_user=contact, record=basis)
    # The team's lead takes the family over (before the contact person leaves, say).
    people_services.household_contact_person_set(
        acting_user=users["leder"], household=home, contact_person=users["leder"]
    )
    # Two requests above the lead's limit: one confirmed, one refused by a second approver.
    fund(demo, demo["subprojects"][SUBPROJECT], Decimal("60000"))
    funding_services.authority_ceiling_set(
        acting_user=economist,
        subproject=demo["subprojects"][SUBPROJECT],
        max_per_decision="50000",
        max_per_household_per_year="100000",
    )
    for role, per_decision in (("lead", "10000"), ("contact_person", "10000"), ("member", "20000")):
        funding_services.authority_limit_set(
            acting_user=economist,
            municipality=demo["municipality"],
            team_role=role,
            max_per_decision=per_decision,
            max_per_household_per_year="40000",
        )
    confirm, refuse = request(demo, amount="15000", alias="A"), request(demo, amount="15000")
    decisions = decide(demo, [confirm, refuse]).decisions
    support_services.decision_confirm(acting_user=users[SECOND_APPROVER], decision=decisions[0])
    support_services.decision_refuse(
        acting_user=users[SECOND_APPROVER], decision=decisions[1], reason="Ikke nå"
    )
    task = OtherHelp.objects.filter(request=confirm).first()
    support_services.help_task_done(acting_user=contact, task=task)
    waiting = Payment.objects.get(support_line__request=confirm)
    for step in (payment_services.payment_hold, payment_services.payment_release):
        step(acting_user=economist, payment=waiting, reason="Kari Nordmann ringte")
    payment_services.payment_correct(
        acting_user=economist,
        payment=waiting,
        creditor_name="Kari Nordmann",
        creditor_account=VALID_ACCOUNT,
        reason="Ny konto for Kari Nordmann",
    )
    cancelled = request(demo, amount="1000", alias="Familien Avlyst")
    decide(demo, [cancelled], key="walk-cancel")
    payment_services.payment_cancel(
        acting_user=economist,
        payment=Payment.objects.get(support_line__request=cancelled),
        reason="Kari Nordmann trenger ikke pengene",
    )
    # A decision cancelled by the team: the typed reason stays on the decision.
    undone = request(demo, amount="1200", alias="Familien Annullert")
    support_services.decision_cancel(
        acting_user=users[SECOND_APPROVER],
        decision=decide(demo, [undone], key="walk-decision-cancel").decisions[0],
        reason="Kari Nordmann flyttet til Bergen",
    )
    payment_services.debtor_account_set(
        acting_user=economist,
        municipality=demo["municipality"],
        name="Trondheim kommune",
        organisation_number="942110464",
        account="3000 12 34567",  # no payee's account: those would be set aside
        bic="DNBANOKKXXX",
    )
    withdrawn = payment_services.payment_batch_export(
        acting_user=economist, municipality=demo["municipality"]
    )
    payment_services.payment_batch_withdraw(
        acting_user=economist, batch=withdrawn, reason="Kari Nordmann sin fil ble aldri sendt"
    )
    # One payment the bank could not take is set aside; the others go in the next file.
    Payment.objects.filter(pk=waiting.pk).update(creditor_account="12345678900")
    batch = payment_services.payment_batch_export(
        acting_user=economist, municipality=demo["municipality"]
    )
    assert Payment.objects.get(pk=waiting.pk).problem
    payment_services.payment_batch_download(acting_user=economist, batch=batch)
    returned = Payment.objects.filter(batch=batch, support_line__form="cash").first()
    paid = Payment.objects.filter(batch=batch).exclude(pk=returned.pk).first()
    payment_services.payment_returns_import(
        acting_user=economist,
        municipality=demo["municipality"],
        data=(
            f"{returned.end_to_end_id};RJCT;Konto stengt for Kari Nordmann\n"
            f"{paid.end_to_end_id};ACSC\n"
        ).encode(),
        filename="retur Kari Nordmann.csv",
    )
    # The contact person corrects the account and pays the same decision again.
    support_request = returned.support_line.request
    people_services.household_bank_account_set(
        acting_user=contact,
        household=support_request.household,
        bank_account="97100000001",
        account_holder="Kari Nordmann",
    )
    support_services.decision_pay_again(acting_user=contact, decision=support_request.decision)
    # The family of the paid payment repays part of it; the economist records it.
    support_services.repayment_record(
        acting_user=economist,
        decision=paid.support_line.request.decision,
        amount="100",
        received_on=timezone.localdate(),
        note="Kari Nordmann betalte tilbake",
        form_token="walk-repayment-token",
    )
    subprojects = [s for s in demo["subprojects"].values() if s.agreement_id == agreement.pk]
    year = timezone.localdate().year
    moved = funding_services.reallocation_create(
        acting_user=economist,
        source=subprojects[0],
        target=subprojects[1],
        year=year,
        amount="100",
        reason="Flytter for Kari Nordmann",
    )
    funding_services.transaction_reverse(
        acting_user=economist, original=moved, reason="Feil beløp for Kari Nordmann"
    )
    # The economist revises a unit cost of the outside account's library; the source text
    # stays in the library row, never in the trail.
    outside_services.unit_cost_revise(
        acting_user=economist,
        unit_cost_id=UnitCost.objects.filter(municipality=None).first().pk,
        amount="1000",
        price_year=2024,
        source="Anslått av Kari Nordmann",
        effective_from=datetime.date(2025, 1, 1),
    )
    # The economist sets the ordinary route's baseline for the time-to-help page.
    from samskap.oversight.time_to_help_services import route_baseline_set

    route_baseline_set(
        acting_user=economist,
        municipality=demo["municipality"],
        ordinary_days=30,
        hours_per_ordinary_decision="4,5",
        hours_per_person_per_case="1",
    )
    scheme = GrantScheme.objects.filter(pk__in=agreement.scheme_amounts.values("scheme")).first()
    ended = funding_services.agreement_create(
        acting_user=economist,
        municipality=demo["municipality"],
        name="Avsluttet avtale",
        reference="AV-GAMMEL",
        starts_on=datetime.date(year - 4, 1, 1),
        ends_on=datetime.date(year - 2, 12, 31),
        yearly_amounts={scheme: {year - 3: Decimal("1000")}},
    )
    funding_services.agreement_scheme_set(
        acting_user=economist,
        agreement=ended,
        scheme=scheme,
        yearly_amounts={year - 3: "1000", year - 2: "2000"},
    )
    # A colleague invited by a one-time link chooses a password (the token is stored as a
    # hash only, and never reaches the trail).
    _invited, token = accounts_services.user_invite(
        acting_user=users["admin"],
        municipality=demo["municipality"],
        username="ny.kollega",
        role="contact_person",
        first_name="Kari",
        last_name="Nordmann",
    )
    accounts_services.invitation_accept(
        token=token, password="Lang-og-sjelden-2026", password_repeat="Lang-og-sjelden-2026"
    )
    accounts_services.user_deactivate(acting_user=economist, user=_invited)
    accounts_services.user_reactivate(acting_user=economist, user=_invited)
    funding_services.agreement_update(
        acting_user=economist,
        agreement=ended,
        name="Avsluttet avtale for Kari Nordmann",
        reference="AV-GAMMEL",
        starts_on=ended.starts_on,
        ends_on=ended.ends_on,
    )
    old_project = subproject_services.subproject_create(
        acting_user=None,
        agreement=ended,
        name="Gammelt delprosjekt",
        summary="s",
        target_group="t",
        age_from=0,
        age_to=24,
    )
    subproject_services.subproject_update(
        acting_user=economist,
        subproject=old_project,
        name="Gammelt delprosjekt",
        summary="Kari Nordmann sitt forslag",
        target_group="Unge som Kari Nordmann",
        age_from=0,
        age_to=24,
    )
    seat = subproject_services.team_member_add(
        acting_user=economist, subproject=old_project, user=_invited, team_role="member"
    )
    subproject_services.team_role_change(acting_user=economist, membership=seat, team_role="lead")
    subproject_services.team_member_remove(acting_user=economist, membership=seat)
    day = datetime.date(year - 3, 6, 1)
    funding_services.grant_receipt_create(
        acting_user=economist,
        agreement=ended,
        scheme=scheme,
        received_on=day,
        amount="1000",
        reference="R",
        confirm_above_agreement=True,
    )
    funding_services.allocation_create(
        acting_user=economist,
        subproject=old_project,
        year=year - 3,
        amount="500",
        reason="Kari",
        booked_on=day,
    )
    for kind in ("commit", "pay"):
        getattr(funding_services, f"money_{kind}")(
            acting_user=economist,
            subproject=old_project,
            amount="100",
            idempotency_key=f"walk-old-{kind}",
            reason="Kari",
            booked_on=day,
            **({"settles": "walk-old-commit"} if kind == "pay" else {}),
        )
    funding_services.agreement_close(acting_user=economist, agreement=ended, reason="Kari")
    # The bank sends the payout back after the close: it goes to the closing balance.
    funding_services.money_release(
        acting_user=economist,
        subproject=old_project,
        amount="100",
        idempotency_key="walk-old-return",
        reason="Kari",
        from_paid=True,
        settles="walk-old-pay",
    )
    assert PaymentBatch.objects.filter(pk=batch.pk).exists()
    assert LedgerTransaction.objects.filter(reverses=moved).exists()
    assert AuthorityLimit.objects.filter(team_role="member").exists()
    _walk_survey()
    _walk_oversight(demo)
    _walk_effects(demo)


def _walk_oversight(demo) -> None:
    """A signal reviewed with a note naming the family, and a threshold changed."""
    from samskap.oversight.services import signal_review_record, signal_thresholds_update
    from tests.oversight import signal_factories

    home = signal_factories.household(
        demo, alias="Familien Gjennomgang", birth_year=signal_factories.year() - 30
    )
    signal_factories.support(demo, home, decider="nav.berg")  # the lead had no hand in it
    signal_review_record(
        acting_user=demo["users"]["leder"],
        key=f"target-{home.pk}-{home.enrolments.get().subproject_id}-{signal_factories.year()}",
        year=signal_factories.year(),
        outcome="fine",
        note="Kari Nordmann er storesøster og søkte for familien.",
    )
    signal_thresholds_update(
        acting_user=demo["users"]["okonom"],
        municipality_id=demo["municipality"].pk,
        values={"repeat_count": 5},
    )


VEIEN = "Veien til førerkortet"


def _walk_effects(demo) -> None:
    """A goal and an indicator edited with free text, an enrolment ended."""
    from samskap.effects import services as effects_services
    from samskap.effects.models import Goal

    contact = demo["users"]["kontakt"]  # on the team of "Veien til førerkortet"
    lead = demo["users"]["leder"]  # its lead: a sub-project's goals are the lead's to set
    goal = Goal.objects.filter(subproject__name=VEIEN).order_by("pk").first()
    effects_services.goal_update(
        acting_user=lead, goal=goal, title="Kari Nordmann sitt mål", sdg_targets=["4.4"]
    )
    indicator = goal.indicators.order_by("pk").first()
    effects_services.indicator_update(
        acting_user=lead,
        indicator=indicator,
        name="Kari Nordmann sin indikator",
        kind=indicator.kind,
        target="90" if indicator.kind == "achieved" else indicator.target,
        measured_when="Når Kari Nordmann er ferdig",
        measured_how="Samtale med Kari Nordmann",
        recorded_by=indicator.recorded_by,
    )
    # A young person of the sub-project's ages at the start (the demo's dates move with
    # today, so the birth year does too; the service refuses anyone outside the range).
    starts_on = timezone.localdate() - datetime.timedelta(days=7)
    subproject = goal.subproject
    household = Household.objects.filter(enrolments__subproject=subproject).order_by("pk").first()
    member = people_services.member_add(
        acting_user=contact,
        household=household,
        data=people_services.MemberInput(
            name="Kari Nordmann junior",
            role="young_person",
            birth_year=starts_on.year - (subproject.age_from + subproject.age_to) // 2,
        ),
    )
    participant = effects_services.participant_enrol(
        acting_user=contact, subproject=subproject, member=member, starts_on=starts_on
    )
    effects_services.participant_end(
        acting_user=contact, participant=participant, ends_on=participant.starts_on
    )
    # The demo linked the sub-project's decisions to a goal: one is taken off it again.
    from samskap.effects.models import GoalLink

    link = GoalLink.objects.filter(decision__request__subproject=goal.subproject).first()
    effects_services.goal_link_clear(acting_user=contact, decision=link.decision)


class _RefusingGateway:
    def send_messages(self, messages):
        raise ConnectionError("gateway refused +4791234567")


def _walk_survey() -> None:
    """The demo's survey: its e-mail sent, its SMS failing once, then answered with text."""
    from django.test import override_settings

    from samskap.effects.surveys import services as survey_services
    from samskap.effects.surveys.links import survey_token
    from samskap.effects.surveys.models import Survey

    survey = Survey.objects.filter(answered_at__isnull=True).order_by("pk").first()
    Member.objects.filter(household__support_requests__decision=survey.decision_id).update(
        email="kari@example.invalid", phone="+4791234567"
    )
    email, sms = survey.messages.get(channel="email"), survey.messages.get(channel="sms")
    assert survey_services.survey_message_send(message_id=email.pk, now=survey.due_at) == "sent"
    with override_settings(SAMSKAP_SMS_BACKEND="tests.audit.test_allow_list._RefusingGateway"):
        assert (
            survey_services.survey_message_send(message_id=sms.pk, now=survey.due_at) == "pending"
        )
    survey_services.survey_answer(
        token=survey_token(survey),
        answer=survey_services.SurveyAnswer(
            helped="yes", how_much=5, what_changed="Kari Nordmann fikk jobb"
        ),
    )


def _strings(value):
    if isinstance(value, dict):
        for key, inner in value.items():
            yield str(key)
            yield from _strings(inner)
    elif isinstance(value, list | tuple):
        for inner in value:
            yield from _strings(inner)
    elif value is not None:
        yield str(value)


def test_every_action_is_walked_and_names_no_one(demo):
    walk(demo)
    declared = registry.registered_actions()
    rows = list(AuditRecord.objects.all())
    assert {row.action for row in rows} == declared.keys(), "an action is not walked"
    # Who the trail must never name: members, aliases, account holders, and the free
    # text typed in the walk ("Kari Nordmann" appears in a consent scope, a reason, a
    # bank's return text).
    names = set(Member.objects.values_list("name", flat=True))
    names |= set(Household.objects.values_list("alias", flat=True))
    names |= set(
        Household.objects.exclude(account_holder="").values_list("account_holder", flat=True)
    )
    names |= {"Kari Nordmann", "Kari N"}
    identity_numbers = set(
        Member.objects.exclude(national_id="").values_list("national_id", flat=True)
    )
    identity_numbers |= set(
        Household.objects.exclude(bank_account="").values_list("bank_account", flat=True)
    )
    assert names and identity_numbers
    # Whole words, and not the one-letter aliases tests use ("A" is in "AV-1").
    named = re.compile("|".join(rf"\b{re.escape(name)}\b" for name in names if len(name) > 2))
    for row in rows:
        for values in (row.old_values, row.new_values):
            registry.check_values(row.action, values)  # the stored keys, once more
            for text in _strings(values):
                assert not registry.looks_like_identity_number(text), (row.action, text)
                assert not any(number in text for number in identity_numbers), (row.action, text)
                assert not named.search(text), (row.action, text)
