"""Participation: the target group proposes activities or uses of money and votes in a
round through a signed link; the team marks what it did with each proposal."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class ProposalRound(models.Model):
    subproject = models.ForeignKey(
        "subprojects.SubProject", on_delete=models.PROTECT, related_name="proposal_rounds"
    )
    title = models.CharField(_("question to the target group"), max_length=200)
    opens_on = models.DateField(_("opens"))
    closes_on = models.DateField(_("closes"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("proposal round")
        verbose_name_plural = _("proposal rounds")
        ordering = ["subproject", "-opens_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=F("opens_on")), name="round_closes_after_opening"
            )
        ]

    def __str__(self) -> str:
        return self.title


class ProposalResponse(models.TextChoices):
    OPEN = "open", _("Not yet considered")
    DONE = "done", _("Done")
    PLANNED = "planned", _("Planned")
    NOT_DONE = "not_done", _("Not done")


class Proposal(models.Model):
    round = models.ForeignKey(ProposalRound, on_delete=models.CASCADE, related_name="proposals")
    text = models.CharField(_("proposal"), max_length=500)
    # Who proposed stays out of every page; kept to limit proposals per person.
    proposed_by = models.ForeignKey(
        "people.Member", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_at = models.DateTimeField(auto_now_add=True)
    response = models.CharField(
        _("what the team did"),
        max_length=10,
        choices=ProposalResponse.choices,
        default=ProposalResponse.OPEN,
    )
    response_note = models.CharField(_("note from the team"), max_length=500, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["round", "proposed_at", "id"]

    def __str__(self) -> str:
        return self.text[:50]


class Vote(models.Model):
    """One person, one vote per round: the database refuses a second."""

    round = models.ForeignKey(ProposalRound, on_delete=models.CASCADE, related_name="votes")
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey("people.Member", on_delete=models.CASCADE, related_name="+")
    voted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.UniqueConstraint(fields=["round", "voter"], name="vote_one_per_person_round")
        ]

    def __str__(self) -> str:
        return f"{self.round_id}:{self.proposal_id}"
