"""Writes on tenants (municipalities), their staff users, organisations and invitations.

Every service checks its acting user (None is the system: commands, the demo loader).
"""

import datetime
import hashlib
import secrets

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samskap.accounts.access import assignable_roles, require_system_or_manager
from samskap.accounts.departures import departure_refusals
from samskap.accounts.models import Invitation, Organisation, OrganisationKind, Role, User
from samskap.audit.services import audit_record_create
from samskap.core.errors import DomainError, NotFoundOrForbidden, Problems, full_clean_or_refuse
from samskap.core.models import Municipality

INVITATION_DAYS = 7


@transaction.atomic
def organisation_create(*, acting_user, municipality, name: str, kind: str) -> Organisation:
    require_system_or_manager(
        user=acting_user, municipality_id=municipality.pk, what="municipality"
    )
    name = (name or "").strip()
    if not name:
        raise DomainError(_("Write the organisation's name."), field="name")
    if kind not in OrganisationKind.values:
        raise DomainError(_("Choose what kind of organisation it is."), field="kind")
    if Organisation.objects.filter(municipality=municipality, name__iexact=name).exists():
        raise DomainError(_("An organisation with this name is already registered."), field="name")
    organisation = Organisation(municipality=municipality, name=name, kind=kind)
    full_clean_or_refuse(organisation)
    organisation.save()
    audit_record_create(
        actor=acting_user,
        action="organisation.create",
        target=organisation,
        new_values={"name": name, "kind": kind},
        municipality=municipality,
    )
    return organisation


def _user_problems(*, acting_user, username=None, role=None, first_name=None, last_name=None):
    """Every check of a new user that its own fields decide, each field's given (None:
    the form refused it, so its check is left out), collected so all come in one answer.
    The names are checked as a pair, when both were given."""
    problems = Problems()
    if acting_user is not None and role is not None and role not in assignable_roles(acting_user):
        problems.add(_("You cannot give this role."), field="role")
    if username is not None:
        username = username.strip()
        if not username:
            problems.add(_("Write a username."), field="username")
        elif User.objects.filter(username__iexact=username).exists():
            problems.add(_("The username is taken. Choose another."), field="username")
    if (
        acting_user is not None
        and first_name is not None
        and last_name is not None
        and not (first_name.strip() and last_name.strip())
    ):
        problems.add(_("Write the user's first and last name."), field="first_name")
    return problems


def user_invite_check(*, acting_user, municipality, **fields) -> list[DomainError]:
    """What `user_invite` would refuse the fields that passed their form with (`fields`:
    username, role, first_name, last_name), without writing: for the page when other
    fields were refused, so every problem shows in one answer."""
    require_system_or_manager(
        user=acting_user,
        municipality_id=municipality.pk if municipality else None,
        what="municipality",
    )
    return _user_problems(acting_user=acting_user, **fields).items


@transaction.atomic
def user_create(
    *,
    acting_user,
    username: str,
    role: Role,
    municipality,
    first_name: str,
    last_name: str,
    organisation: Organisation | None = None,
    email: str = "",
    password: str | None = None,
) -> User:
    """Create a staff user; without a password the account cannot log in until one is
    chosen through an invitation link (`invitation_issue`)."""
    if acting_user is not None:
        require_system_or_manager(
            user=acting_user,
            municipality_id=municipality.pk if municipality else None,
            what="municipality",
        )
        if password:
            # Staff choose their own password through the invitation link.
            raise DomainError(_("The new user chooses their own password."), field="password")
    # The role, the username and the names are checked together (a missing one as
    # empty), so all their problems come in one answer.
    _user_problems(
        acting_user=acting_user,
        username=username or "",
        role=role if role is not None else "",
        first_name=first_name or "",
        last_name=last_name or "",
    ).refuse()
    username = username.strip()
    if organisation is not None and organisation.municipality_id != (
        municipality.pk if municipality else None
    ):
        raise NotFoundOrForbidden("organisation")
    user = User(
        username=username,
        role=role,
        municipality=municipality,
        organisation=organisation,
        first_name=(first_name or "").strip(),
        last_name=(last_name or "").strip(),
        email=(email or "").strip(),
        is_staff=role == Role.ADMINISTRATOR,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    full_clean_or_refuse(user, exclude=["password"])
    user.save()
    audit_record_create(
        actor=acting_user,
        action="user.create",
        target=user,
        new_values={
            "username": username,
            "role": role,
            "organisation": organisation.pk if organisation else None,
        },
        municipality=municipality,
    )
    return user


def _password_problems(error: ValidationError) -> str:
    """Django's password validators, said in Samskap's words (Django's own Norwegian
    catalogue lags behind its English texts)."""
    texts = {
        "password_too_short": _(
            "The password is too short: use at least %(min_length)s characters."
        ),
        "password_too_common": _("The password is too common. Choose one that is harder to guess."),
        "password_entirely_numeric": _("The password cannot be only digits."),
        "password_too_similar": _("The password is too like your name or username."),
    }
    problems = []
    for problem in error.error_list:
        text = texts.get(problem.code)
        problems.append(text % (problem.params or {}) if text else " ".join(problem.messages))
    return " ".join(problems)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def invitation_issue(*, acting_user, user) -> str:
    """A new one-time link for `user` to choose a password; returns the token (shown
    once, never stored). Links issued before for the same user stop working."""
    if acting_user is not None:
        require_system_or_manager(
            user=acting_user, municipality_id=user.municipality_id, what="user"
        )
        if user.role not in assignable_roles(acting_user):
            raise NotFoundOrForbidden("user")
    if not user.is_active:
        raise DomainError(_("This user is deactivated: reactivate them first."))
    if user.has_usable_password():
        raise DomainError(_("This user has already chosen a password."))
    now = timezone.now()
    Invitation.objects.filter(user=user, used_at__isnull=True, expires_at__gt=now).update(
        expires_at=now
    )
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        user=user,
        token_hash=_token_hash(token),
        expires_at=now + datetime.timedelta(days=INVITATION_DAYS),
        created_by=acting_user,
    )
    audit_record_create(
        actor=acting_user,
        action="invitation.issue",
        target=invitation,
        new_values={"user": user.pk, "expires_at": invitation.expires_at.isoformat()},
        municipality=user.municipality,
    )
    return token


@transaction.atomic
def user_invite(
    *,
    acting_user,
    municipality,
    username: str,
    role: Role,
    first_name: str,
    last_name: str,
    organisation: Organisation | None = None,
    email: str = "",
) -> tuple[User, str]:
    """Create a staff user without a password and their first invitation link, as one
    step: the user and the token to show once."""
    user = user_create(
        acting_user=acting_user,
        username=username,
        role=role,
        municipality=municipality,
        first_name=first_name,
        last_name=last_name,
        organisation=organisation,
        email=email,
    )
    return user, invitation_issue(acting_user=acting_user, user=user)


class InvitationRefused(DomainError):
    """The link is unknown, used or expired: the page says so and nothing changes."""


def invitation_for(*, token: str) -> Invitation:
    """The invitation behind a link that may still be used, else InvitationRefused."""
    invitation = (
        Invitation.objects.select_related("user").filter(token_hash=_token_hash(token)).first()
    )
    if (
        invitation is None
        or not invitation.user.is_active
        or invitation.used_at is not None
        or invitation.expires_at <= (timezone.now())
    ):
        raise InvitationRefused(
            _(
                "This link cannot be used: it is unknown, used already or too old. "
                "Ask your administrator for a new one."
            )
        )
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, password: str, password_repeat: str) -> User:
    """The invited user chooses their password (Django's password validators apply);
    the link then stops working."""
    invitation = invitation_for(token=token)
    Invitation.objects.select_for_update().filter(pk=invitation.pk).first()
    invitation = invitation_for(token=token)  # again, under the lock: a second tab loses
    user = invitation.user
    if password != password_repeat:
        raise DomainError(_("The two passwords are not the same."), field="password_repeat")
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise DomainError(_password_problems(error), field="password") from error
    user.set_password(password)
    user.save(update_fields=["password"])
    invitation.used_at = timezone.now()
    invitation.save(update_fields=["used_at"])
    audit_record_create(
        actor=user,
        action="invitation.accept",
        target=invitation,
        new_values={"user": user.pk},
        municipality=user.municipality,
    )
    return user


def _require_manages_user(acting_user, user) -> None:
    """The acting user sets up `user`'s municipality and may give `user`'s role (an
    economist does not switch an administrator off); None is the system."""
    if acting_user is None:
        return
    require_system_or_manager(user=acting_user, municipality_id=user.municipality_id, what="user")
    if user.role not in assignable_roles(acting_user):
        raise NotFoundOrForbidden("user")


@transaction.atomic
def user_deactivate(*, acting_user, user) -> User:
    """Switch a staff user off: they cannot log in (an open session ends at its next
    request), their invitation links stop working, and they are no longer offered as a
    team member or a possible approver. What they decided or recorded stays as it is."""
    _require_manages_user(acting_user, user)
    user = User.objects.select_for_update().get(pk=user.pk)
    if acting_user is not None and user.pk == acting_user.pk:
        raise DomainError(_("You cannot deactivate yourself."), field="user")
    if not user.is_active:
        raise DomainError(_("This user is already deactivated."), field="user")
    reasons = departure_refusals(user=user)
    if reasons:
        raise DomainError(" ".join(reasons), field="user")
    user.is_active = False
    user.save(update_fields=["is_active"])
    now = timezone.now()
    ended = Invitation.objects.filter(user=user, used_at__isnull=True, expires_at__gt=now).update(
        expires_at=now
    )
    audit_record_create(
        actor=acting_user,
        action="user.deactivate",
        target=user,
        old_values={"is_active": True},
        new_values={"is_active": False, "invitations_ended": ended},
        municipality=user.municipality,
    )
    return user


@transaction.atomic
def user_reactivate(*, acting_user, user) -> User:
    """Switch a deactivated staff user on again: they log in with their old password (or
    a new invitation link if they never chose one); their team seats are as they were."""
    _require_manages_user(acting_user, user)
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.is_active:
        raise DomainError(_("This user is already active."), field="user")
    user.is_active = True
    user.save(update_fields=["is_active"])
    audit_record_create(
        actor=acting_user,
        action="user.reactivate",
        target=user,
        old_values={"is_active": False},
        new_values={"is_active": True},
        municipality=user.municipality,
    )
    return user


@transaction.atomic
def municipality_create(*, acting_user, name: str, number: str) -> Municipality:
    """A new tenant: only the system (the `create_admin` command) or a superuser."""
    if acting_user is not None and not acting_user.is_superuser:
        raise NotFoundOrForbidden("municipality")
    municipality = Municipality(name=(name or "").strip(), number=(number or "").strip())
    full_clean_or_refuse(municipality)
    municipality.save()
    audit_record_create(
        actor=acting_user,
        action="municipality.create",
        target=municipality,
        new_values={"name": municipality.name, "number": municipality.number},
        municipality=municipality,
    )
    return municipality
