"""Needs mapping, motivation letters, support requests, team meetings and decisions.

Every step carries its own time stamp (mapped_at, confirmed_at, requested_at, decided_at)
so the oversight reports can count days from first meeting to help.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from samskap.core.money import MoneyField


class Place(models.TextChoices):
    HOME = "home", _("At home")
    KINDERGARTEN = "kindergarten", _("Kindergarten")
    SCHOOL = "school", _("School")
    CULTURE = "culture", _("Culture arena")
    OTHER = "other", _("Somewhere else")


class BasicNeed(models.TextChoices):
    BED = "bed", _("Bed or mattress")
    WASHING_MACHINE = "washing_machine", _("Washing machine")
    FURNITURE = "furniture", _("Furniture")
    CLOTHING = "clothing", _("Clothing")
    FOOD = "food", _("Food")
    HOUSING = "housing", _("Housing")
    TRANSPORT = "transport", _("Transport")
    LEISURE = "leisure", _("Leisure")
    SCHOOL = "school", _("School")
    HEALTH = "health", _("Health")
    WORK = "work", _("Work")


class NeedsMapping(models.Model):
    """Needs mapped together by the services present (kartlegging)."""

    household = models.ForeignKey(
        "people.Household", on_delete=models.CASCADE, related_name="needs_mappings"
    )
    subproject = models.ForeignKey(
        "subprojects.SubProject", on_delete=models.PROTECT, related_name="+"
    )
    place = models.CharField(_("where"), max_length=20, choices=Place.choices)
    services_present = models.ManyToManyField(
        "accounts.Organisation", verbose_name=_("services present"), related_name="+"
    )
    # A list of BasicNeed codes; the service validates every code.
    basic_needs = models.JSONField(_("basic needs"), default=list)
    # Sensitive free text: the one place the mapping keeps a narrative.
    notes = models.TextField(_("notes (sensitive)"), blank=True)
    mapped_at = models.DateTimeField(_("need mapped"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # Mapping the needs again supersedes the older mapping: it stays as history, and the
    # case has one current mapping (not superseded).
    superseded_at = models.DateTimeField(_("superseded"), null=True, blank=True)
    superseded_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("needs mapping")
        verbose_name_plural = _("needs mappings")
        ordering = ["household", "-mapped_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["household", "subproject"],
                condition=Q(superseded_at__isnull=True),
                name="needsmapping_one_current_per_case",
            )
        ]

    def __str__(self) -> str:
        return f"{self.household} {self.mapped_at:%Y-%m-%d}"

    def basic_need_labels(self) -> list[str]:
        labels = dict(BasicNeed.choices)
        return [str(labels[code]) for code in self.basic_needs if code in labels]


class MotivationLetter(models.Model):
    """Written with the contact person in the citizen's language; it is the agreement."""

    household = models.ForeignKey(
        "people.Household", on_delete=models.CASCADE, related_name="letters"
    )
    subproject = models.ForeignKey(
        "subprojects.SubProject", on_delete=models.PROTECT, related_name="+"
    )
    language = models.CharField(_("language of the letter"), max_length=8)
    need = models.TextField(_("what we need"))
    purpose = models.TextField(_("what the money is for"))
    commitment = models.TextField(_("what I/we commit to"))
    other_help_wanted = models.TextField(_("other help we want"), blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    written_at = models.DateTimeField(_("written"), auto_now_add=True)
    link_sent_at = models.DateTimeField(_("confirmation link made"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("letter confirmed"), null=True, blank=True)
    # Writing the letter again supersedes the older one: it stays as history (and as the
    # letter of a request made from it), its citizen link stops working, and the case has
    # one current letter (not superseded).
    superseded_at = models.DateTimeField(_("superseded"), null=True, blank=True)
    superseded_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("motivation letter")
        verbose_name_plural = _("motivation letters")
        ordering = ["household", "-written_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["household", "subproject"],
                condition=Q(superseded_at__isnull=True),
                name="letter_one_current_per_case",
            )
        ]

    def __str__(self) -> str:
        return f"{self.household} {self.written_at:%Y-%m-%d}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    @property
    def is_superseded(self) -> bool:
        return self.superseded_at is not None


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("On the agenda")
    AWAITING_SECOND = "awaiting_second", _("Awaiting second approver")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")


class SupportRequest(models.Model):
    """What the contact person proposes to the team, based on a confirmed letter."""

    household = models.ForeignKey(
        "people.Household", on_delete=models.PROTECT, related_name="support_requests"
    )
    subproject = models.ForeignKey(
        "subprojects.SubProject", on_delete=models.PROTECT, related_name="support_requests"
    )
    letter = models.ForeignKey(MotivationLetter, on_delete=models.PROTECT, related_name="+")
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("request made"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )

    class Meta:
        verbose_name = _("support request")
        verbose_name_plural = _("support requests")
        ordering = ["requested_at", "id"]
        indexes = [models.Index(fields=["subproject", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=RequestStatus.values), name="supportrequest_status_valid"
            )
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.household}"

    @property
    def requested_total(self):
        return sum((line.amount for line in self.lines.all()), start=0)


class SupportForm(models.TextChoices):
    CASH = "cash", _("Money to the citizen's own account")
    PURCHASE = "purchase", _("Purchase made for them")
    VOUCHER = "voucher", _("Voucher or card")


class SupportLine(models.Model):
    """One amount of a request; the decision may adjust it, never above what was asked."""

    request = models.ForeignKey(SupportRequest, on_delete=models.CASCADE, related_name="lines")
    form = models.CharField(_("form of support"), max_length=10, choices=SupportForm.choices)
    description = models.CharField(_("what for"), max_length=140)
    amount = MoneyField(_("amount (NOK)"))
    approved_amount = MoneyField(_("approved amount (NOK)"), null=True, blank=True)
    supplier_name = models.CharField(_("supplier"), max_length=70, blank=True)
    supplier_account = models.CharField(_("supplier's account"), max_length=11, blank=True)
    invoice_reference = models.CharField(_("invoice reference"), max_length=35, blank=True)
    # The invoice's KID (Norwegian creditor reference), checked by payments.kid.clean_kid;
    # the bank file carries it as a structured reference instead of a message.
    kid = models.CharField(_("KID"), max_length=25, blank=True, default="")

    class Meta:
        verbose_name = _("support line")
        verbose_name_plural = _("support lines")
        ordering = ["request", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="supportline_amount_positive"),
            models.CheckConstraint(
                condition=Q(approved_amount__isnull=True)
                | (Q(approved_amount__gte=0) & Q(approved_amount__lte=models.F("amount"))),
                name="supportline_approved_within_asked",
            ),
            models.CheckConstraint(
                condition=~Q(form="purchase")
                | (~Q(supplier_name="") & Q(supplier_account__regex=r"^[0-9]{11}$")),
                name="supportline_purchase_has_supplier",
            ),
            models.CheckConstraint(
                condition=Q(kid="")
                | (Q(form="purchase") & Q(invoice_reference="") & Q(kid__regex=r"^[0-9]+-?$")),
                name="supportline_kid_on_invoice_only",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.description}: {self.amount}"


class HelpKind(models.TextChoices):
    HOUSING = "housing", _("Housing")
    HEALTH = "health", _("Health")
    NAV = "nav", _("NAV follow-up")
    SCHOOL = "school", _("School")
    WORK = "work", _("Work")
    LEISURE = "leisure", _("Leisure")
    OTHER = "other", _("Other")


class TaskStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    OPEN = "open", _("Task for the service")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Not agreed")


class OtherHelp(models.Model):
    """Help that is not money; once decided it is a task for the named service."""

    request = models.ForeignKey(SupportRequest, on_delete=models.CASCADE, related_name="other_help")
    kind = models.CharField(_("kind of help"), max_length=10, choices=HelpKind.choices)
    description = models.CharField(_("what"), max_length=200)
    responsible = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("responsible service"),
        on_delete=models.PROTECT,
        related_name="help_tasks",
    )
    due_on = models.DateField(_("due"))
    status = models.CharField(
        _("status"), max_length=10, choices=TaskStatus.choices, default=TaskStatus.PROPOSED
    )

    class Meta:
        verbose_name = _("other help")
        verbose_name_plural = _("other help")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.description


class Meeting(models.Model):
    """One team meeting: who was there and what it decided."""

    subproject = models.ForeignKey(
        "subprojects.SubProject", on_delete=models.PROTECT, related_name="meetings"
    )
    held_at = models.DateTimeField(_("held"), auto_now_add=True)
    services_present = models.ManyToManyField(
        "accounts.Organisation", verbose_name=_("services present"), related_name="+"
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # The form's one-time token: a double click or a retry finds the meeting already held.
    idempotency_key = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("team meeting")
        verbose_name_plural = _("team meetings")
        ordering = ["-held_at"]

    def __str__(self) -> str:
        return f"{self.subproject} {self.held_at:%Y-%m-%d}"


class Outcome(models.TextChoices):
    APPROVED = "approved", _("Approved")
    ADJUSTED = "adjusted", _("Approved with adjusted amount")
    DECLINED = "declined", _("Declined")


class SecondVerdict(models.TextChoices):
    """What the second approver said about a decision that waited for them."""

    CONFIRMED = "confirmed", _("Confirmed")
    DECLINED = "declined", _("Declined")


class Decision(models.Model):
    """The team's decision on one request; money is committed once it is final."""

    request = models.OneToOneField(
        SupportRequest, on_delete=models.PROTECT, related_name="decision"
    )
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="decisions")
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    amount = MoneyField(_("decided amount (NOK)"))
    rationale = models.CharField(_("rationale"), max_length=200)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    second_approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    needs_second_approval = models.BooleanField(default=False)
    # The second approver's own answer and words (required when they decline), kept apart
    # from the first approver's rationale. When they decline, outcome and amount become
    # "declined" and 0, and the first approver's outcome and amount stay here.
    second_verdict = models.CharField(
        _("second approver's answer"), max_length=10, choices=SecondVerdict.choices, blank=True
    )
    second_reason = models.CharField(_("second approver's reason"), max_length=200, blank=True)
    first_outcome = models.CharField(
        _("first approver's outcome"), max_length=10, choices=Outcome.choices, blank=True
    )
    first_amount = MoneyField(_("first approver's amount (NOK)"), null=True, blank=True)
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    # Set when the decision is final (at once, or when the second approver confirms).
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    # A final decision cancelled before any money left: the team's reason stays here,
    # never in the audit trail.
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cancel_reason = models.CharField(_("why it was cancelled"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-recorded_at"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="decision_amount_not_negative"),
            models.CheckConstraint(
                condition=Q(second_approver__isnull=True)
                | ~Q(second_approver=models.F("decided_by")),
                name="decision_two_different_people",
            ),
            models.CheckConstraint(
                condition=~Q(outcome="declined") | Q(amount=0),
                name="decision_declined_has_no_amount",
            ),
            # A second approver who declines says why. Refusals recorded before this rule
            # kept no first outcome, and stay as they were.
            models.CheckConstraint(
                condition=~Q(second_verdict="declined")
                | ~Q(second_reason="")
                | Q(first_outcome=""),
                name="decision_second_decline_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(second_verdict="") | Q(second_approver__isnull=False),
                name="decision_second_verdict_has_approver",
            ),
            models.CheckConstraint(
                condition=Q(cancelled_at__isnull=True)
                | (
                    Q(decided_at__isnull=False)
                    & Q(cancelled_by__isnull=False)
                    & ~Q(cancel_reason="")
                ),
                name="decision_cancelled_with_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.request}: {self.outcome} {self.amount}"


class ReturnedPaymentTask(models.Model):
    """The bank sent a payment back: the contact person checks the household's account with
    the family and pays the decision again. Opened by the returns import (through
    `payments.hooks`), closed when the line is paid again."""

    payment = models.OneToOneField(
        "payments.Payment", on_delete=models.PROTECT, related_name="returned_task"
    )
    request = models.ForeignKey(
        SupportRequest, on_delete=models.PROTECT, related_name="returned_payment_tasks"
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)

    class Meta:
        verbose_name = _("returned payment task")
        verbose_name_plural = _("returned payment tasks")
        ordering = ["opened_at", "id"]

    def __str__(self) -> str:
        return f"{self.request} {self.payment}"


class Repayment(models.Model):
    """Money of a paid decision that came back to the municipality (the family repaid it,
    or the support turned out to be wrong). Recorded by the economy from its bank
    statement; the ledger moves it out of the paid accounts the payouts filled.

    The note is free text and stays here, never in the audit trail.
    """

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="repayments")
    amount = MoneyField(_("amount (NOK)"))
    received_on = models.DateField(_("received"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    # One per shown form: a double click or a second tab records the repayment once.
    form_token = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("repayment")
        verbose_name_plural = _("repayments")
        ordering = ["received_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="repayment_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.decision_id}: {self.amount}"
