"""The motivation letter: written with the family, confirmed by the citizen through a link."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samskap.audit.services import audit_record_create
from samskap.core.errors import DomainError
from samskap.core.text import LONG_TEXT_LENGTH, clean_text
from samskap.people.models import Household, Language
from samskap.subprojects.access import require_team_seat
from samskap.support.citizen import texts
from samskap.support.links import CitizenOnly, LinkRefused, letter_digest, read_letter_token
from samskap.support.models import MotivationLetter
from samskap.support.services._common import _require_enrolled


@transaction.atomic
def letter_write(
    *,
    acting_user,
    household: Household,
    subproject,
    language: str,
    need: str,
    purpose: str,
    commitment: str,
    other_help_wanted: str = "",
) -> MotivationLetter:
    require_team_seat(user=acting_user, subproject=subproject)
    _require_enrolled(household, subproject)
    if language not in Language.values:
        raise DomainError(_("Choose the language of the letter."), field="language")
    texts = {
        name: clean_text(
            text,
            max_length=LONG_TEXT_LENGTH,
            field=name,
            required_message=_("This part of the letter is needed."),
        )
        for name, text in (("need", need), ("purpose", purpose), ("commitment", commitment))
    }
    other_help_wanted = clean_text(
        other_help_wanted, max_length=LONG_TEXT_LENGTH, field="other_help_wanted"
    )
    # The household row is the case's lock: two saves at once supersede in turn.
    Household.objects.select_for_update().filter(pk=household.pk).first()
    current = MotivationLetter.objects.filter(
        household=household, subproject=subproject, superseded_at=None
    ).first()
    now = timezone.now()
    if current is not None:
        current.superseded_at = now
        current.save(update_fields=["superseded_at"])
    letter = MotivationLetter.objects.create(
        household=household,
        subproject=subproject,
        language=language,
        other_help_wanted=other_help_wanted,
        written_by=acting_user,
        **texts,
    )
    if current is not None:
        current.superseded_by = letter
        current.save(update_fields=["superseded_by"])
    audit_record_create(
        actor=acting_user,
        action="motivation_letter.create",
        target=letter,
        new_values={
            "household": household.pk,
            "subproject": subproject.pk,
            "language": language,
            "supersedes": current.pk if current is not None else None,
        },
        municipality=household.municipality,
    )
    return letter


def require_current_letter(letter: MotivationLetter) -> None:
    """Refuse to act on a letter a newer version of the same case has replaced."""
    if letter.is_superseded:
        raise DomainError(
            _(
                "A newer version of this letter exists: its link no longer works. Use the "
                "newest letter of the case."
            )
        )


@transaction.atomic
def letter_link_issue(*, acting_user, letter: MotivationLetter) -> MotivationLetter:
    """Record that a confirmation link was made; the token itself is made by the view."""
    require_team_seat(user=acting_user, subproject=letter.subproject)
    letter = MotivationLetter.objects.select_for_update().get(pk=letter.pk)
    require_current_letter(letter)
    if letter.is_confirmed:
        raise DomainError(_("The letter is already confirmed."))
    letter.link_sent_at = timezone.now()
    letter.save(update_fields=["link_sent_at"])
    audit_record_create(
        actor=acting_user,
        action="motivation_letter.link",
        target=letter,
        new_values={"link_sent_at": letter.link_sent_at},
        municipality=letter.household.municipality,
    )
    return letter


def letter_from_token(*, token: str) -> MotivationLetter:
    """The letter a valid link points to, or LinkRefused (expired, tampered or outdated)."""
    letter_id, digest = read_letter_token(token)
    letter = (
        MotivationLetter.objects.select_related("household__municipality")
        .filter(pk=letter_id)
        .first()
    )
    if letter is None or letter_digest(letter) != digest:
        raise LinkRefused(texts.LINK_OUTDATED)
    if letter.is_superseded:
        raise LinkRefused(texts.LINK_SUPERSEDED)
    return letter


def refuse_staff_session(signed_in_user) -> None:
    """CitizenOnly when the link is opened by someone logged in to Samskap."""
    if signed_in_user is not None and signed_in_user.is_authenticated:
        raise CitizenOnly(
            _(
                "You are logged in to Samskap. The citizen confirms the letter themselves, "
                "on their own phone or computer: send the link to them, or log out first if "
                "they use this device. Nothing has been changed."
            )
        )


@transaction.atomic
def letter_confirm(*, token: str, signed_in_user=None) -> MotivationLetter:
    """The citizen confirms on their own phone; confirming twice changes nothing.

    `signed_in_user` is whoever is logged in where the link was opened (None for the
    citizen): a staff session is refused, so "confirmed by the citizen link" stays true.
    """
    refuse_staff_session(signed_in_user)
    letter = letter_from_token(token=token)
    letter = MotivationLetter.objects.select_for_update().get(pk=letter.pk)
    if letter.is_superseded:  # replaced while the citizen was reading
        raise LinkRefused(texts.LINK_SUPERSEDED)
    if letter.confirmed_at is not None:
        return letter
    letter.confirmed_at = timezone.now()
    letter.save(update_fields=["confirmed_at"])
    audit_record_create(
        actor=None,
        action="motivation_letter.confirm",
        target=letter,
        new_values={"confirmed_at": letter.confirmed_at, "by": "citizen link"},
        municipality=letter.household.municipality,
    )
    return letter
