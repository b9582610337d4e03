"""Participation: the team opens a round, the target group proposes and votes through a
signed link (no account), the team marks what it did with each proposal.

A link names one round and one person; it is signed with the site's key and lives at
most MAX_LINK_AGE. The round takes proposals and votes while it is open; after it closes
the same link still shows the person's vote and the team's answers. One person has one
vote per round: the database refuses a second (Vote's unique constraint), also when two
arrive at once."""

import datetime

from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samskap.audit.services import audit_record_create
from samskap.core.errors import DomainError, Problems
from samskap.effects.access import require_team_work
from samskap.effects.citizen import texts
from samskap.effects.models import (
    Participant,
    ParticipantGroup,
    ParticipantRole,
    Proposal,
    ProposalResponse,
    ProposalRound,
    Vote,
)
from samskap.people.models import Member

SALT = "samskap.effects.participation"
MAX_PROPOSAL = 500
MAX_PROPOSALS_PER_PERSON = 5
# However a round is set, no link lives longer than this.
MAX_LINK_AGE = datetime.timedelta(days=120)


class LinkRefused(DomainError):
    """A forged, changed or expired link; the page says so and stores nothing."""


def participation_link_token(*, round_: ProposalRound, member_id: int) -> str:
    return signing.dumps({"r": round_.pk, "m": member_id}, salt=SALT, compress=True)


def _signed(token: str, *, max_age=MAX_LINK_AGE) -> dict:
    try:
        return signing.loads(token, salt=SALT, max_age=max_age)
    except signing.SignatureExpired as error:
        raise LinkRefused(texts.LINK_EXPIRED) from error
    except signing.BadSignature as error:
        raise LinkRefused(texts.LINK_INVALID) from error


def read_link(token: str) -> tuple[ProposalRound, int]:
    """The round and person a link names, open or closed: the page shows a closed round
    with the team's answers. LinkRefused when forged or expired, or before it opens."""
    data = _signed(token)
    try:
        round_ = ProposalRound.objects.select_related("subproject__agreement").get(pk=data["r"])
        member_id = int(data["m"])
    except (ProposalRound.DoesNotExist, KeyError, TypeError, ValueError) as error:
        raise LinkRefused(texts.LINK_INVALID) from error
    if timezone.localdate() < round_.opens_on:
        raise LinkRefused(texts.ROUND_NOT_OPEN % {"date": f"{round_.opens_on:%d.%m.%Y}"})
    if not Participant.objects.filter(
        subproject_id=round_.subproject_id,
        member_id=member_id,
        group=ParticipantGroup.PARTICIPANT,
        role=ParticipantRole.TARGET_GROUP,
    ).exists():
        raise LinkRefused(texts.LINK_INVALID)
    return round_, member_id


def round_is_open(round_: ProposalRound) -> bool:
    return round_.opens_on <= timezone.localdate() <= round_.closes_on


def read_token(token: str) -> tuple[ProposalRound, int]:
    """The round and person a link names while the round takes proposals and votes, or
    LinkRefused (forged, expired, closed or not yet open)."""
    round_, member_id = read_link(token)
    if not round_is_open(round_):
        raise LinkRefused(texts.ROUND_CLOSED % {"date": f"{round_.closes_on:%d.%m.%Y}"})
    return round_, member_id


def language_of_link(*, token: str) -> str | None:
    """The preferred language of the person a genuine link names (even an expired one),
    only to choose the page's language; None for a forged link."""
    try:
        member_id = int(signing.loads(token, salt=SALT)["m"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    return Member.objects.filter(pk=member_id).values_list("preferred_language", flat=True).first()


def vote_of(*, round_: ProposalRound, member_id: int) -> Vote | None:
    """The person's own vote in the round, with the proposal it went to (None: not voted)."""
    return Vote.objects.filter(round=round_, voter_id=member_id).select_related("proposal").first()


def voters_of(*, round_: ProposalRound):
    """The participants a round's links go to (one each): the target group, whose round
    it is (family members and comparison groups do not vote)."""
    return (
        Participant.objects.filter(
            subproject_id=round_.subproject_id,
            group=ParticipantGroup.PARTICIPANT,
            role=ParticipantRole.TARGET_GROUP,
        )
        .select_related("member")
        .order_by("member__name", "id")
    )


def _round_problems(subproject, *, title=None, opens_on=None, closes_on=None) -> Problems:
    """Every check of a new round that the fields given decide (None: not there, or
    refused by the form), collected so the team gets all of them in one answer."""
    problems = Problems()
    if title is not None:
        title = title.strip()
        if not title:
            problems.add(_("Write the question to the target group."), field="title")
        elif len(title) > 200:
            problems.add(_("Write at most 200 characters."), field="title")
    agreement = subproject.agreement
    for field, day in (("opens_on", opens_on), ("closes_on", closes_on)):
        if day is not None and not agreement.starts_on <= day <= agreement.ends_on:
            problems.add(
                _("The date must lie within the agreement period, %(first)s to %(last)s.")
                % {
                    "first": f"{agreement.starts_on:%d.%m.%Y}",
                    "last": f"{agreement.ends_on:%d.%m.%Y}",
                },
                field=field,
            )
    if opens_on is not None and closes_on is not None:
        if closes_on < opens_on:
            problems.add(_("The round cannot close before it opens."), field="closes_on")
        elif closes_on - opens_on > datetime.timedelta(days=90):
            problems.add(_("A round lasts at most 90 days."), field="closes_on")
    return problems


def proposal_round_check(*, acting_user, subproject, **fields) -> list[DomainError]:
    """What `proposal_round_create` would refuse the fields that passed their form with
    (`fields`), without writing: "closes before it opens" beside the missing question."""
    require_team_work(user=acting_user, subproject=subproject)
    return _round_problems(subproject, **fields).items


@transaction.atomic
def proposal_round_create(
    *, acting_user, subproject, title: str, opens_on: datetime.date, closes_on: datetime.date
) -> ProposalRound:
    require_team_work(user=acting_user, subproject=subproject)
    problems = _round_problems(
        subproject, title=title or "", opens_on=opens_on, closes_on=closes_on
    )
    if opens_on is None or closes_on is None:
        problems.add(_("Enter when the round opens and closes."), field="opens_on")
    problems.refuse()
    title = title.strip()
    round_ = ProposalRound.objects.create(
        subproject=subproject,
        title=title,
        opens_on=opens_on,
        closes_on=closes_on,
        created_by=acting_user,
    )
    audit_record_create(
        actor=acting_user,
        action="proposal_round.create",
        target=round_,
        new_values={
            "subproject": subproject.pk,
            "opens_on": opens_on.isoformat(),
            "closes_on": closes_on.isoformat(),
        },
        municipality=subproject.agreement.municipality,
    )
    return round_


@transaction.atomic
def proposal_create(*, token: str, text: str) -> Proposal:
    """A target-group member proposes an activity or a use of money."""
    round_, member_id = read_token(token)
    text = (text or "").strip()
    if not text:
        raise DomainError(texts.WRITE_PROPOSAL, field="text")
    if len(text) > MAX_PROPOSAL:
        raise DomainError(texts.AT_MOST_500, field="text")
    if (
        Proposal.objects.filter(round=round_, proposed_by_id=member_id).count()
        >= MAX_PROPOSALS_PER_PERSON
    ):
        raise DomainError(texts.FIVE_PROPOSALS, field="text")
    proposal = Proposal.objects.create(round=round_, text=text, proposed_by_id=member_id)
    audit_record_create(
        actor=None,
        action="proposal.create",
        target=proposal,
        new_values={"round": round_.pk},
        municipality=round_.subproject.agreement.municipality,
    )
    return proposal


@transaction.atomic
def vote_cast(*, token: str, proposal_id) -> Vote:
    """One vote per person and round; a second is refused with a message, never a 500."""
    round_, member_id = read_token(token)
    try:
        proposal = Proposal.objects.get(pk=proposal_id, round=round_)
    except (Proposal.DoesNotExist, ValueError, TypeError) as error:
        raise DomainError(texts.CHOOSE_PROPOSAL, field="proposal") from error
    already = DomainError(texts.ALREADY_VOTED)
    if Vote.objects.filter(round=round_, voter_id=member_id).exists():
        raise already
    try:
        with transaction.atomic():
            vote = Vote.objects.create(round=round_, proposal=proposal, voter_id=member_id)
    except IntegrityError as error:
        raise already from error
    audit_record_create(
        actor=None,
        action="vote.cast",
        target=vote,
        new_values={"round": round_.pk, "proposal": proposal.pk},
        municipality=round_.subproject.agreement.municipality,
    )
    return vote


@transaction.atomic
def proposal_respond(*, acting_user, proposal: Proposal, response: str, note: str = "") -> Proposal:
    """The team marks what it did with a proposal (the note stays out of the audit trail)."""
    proposal = (
        Proposal.objects.select_for_update()
        .select_related("round__subproject__agreement")
        .get(pk=proposal.pk)
    )
    require_team_work(user=acting_user, subproject=proposal.round.subproject)
    if response not in ProposalResponse.values:
        raise DomainError(_("Choose what the team did."), field="response")
    note = (note or "").strip()
    if len(note) > MAX_PROPOSAL:
        raise DomainError(_("Write at most 500 characters."), field="note")
    proposal.response, proposal.response_note, proposal.responded_by = response, note, acting_user
    proposal.save(update_fields=["response", "response_note", "responded_by"])
    audit_record_create(
        actor=acting_user,
        action="proposal.respond",
        target=proposal,
        new_values={"response": response},
        municipality=proposal.round.subproject.agreement.municipality,
    )
    return proposal


def demo_round(*, subproject, start: datetime.date) -> None:
    """The demo's round in "Veien til førerkortet": the target group chose the next steps."""
    today = timezone.localdate()
    round_ = proposal_round_create(
        acting_user=None,
        subproject=subproject,
        title="Hva bør Veien til førerkortet bruke penger på neste år?",
        opens_on=today - datetime.timedelta(days=14),
        closes_on=today + datetime.timedelta(days=14),
    )
    voters = list(voters_of(round_=round_)[:9])
    texts = [
        "Flere kjøretimer før oppkjøring",
        "Hjelp til å skrive CV og søke jobb",
        "Teorikurs på andre språk enn norsk",
    ]
    proposals = [
        proposal_create(
            token=participation_link_token(round_=round_, member_id=voters[i].member_id), text=text
        )
        for i, text in enumerate(texts)
    ]
    for i, voter in enumerate(voters):
        vote_cast(
            token=participation_link_token(round_=round_, member_id=voter.member_id),
            proposal_id=proposals[0 if i < 5 else 1 + i % 2].pk,
        )
    proposal_respond(
        acting_user=None,
        proposal=proposals[0],
        response=ProposalResponse.PLANNED,
        note="Vi setter av penger til fem ekstra timer per deltaker fra januar.",
    )
