"""Staff users: one municipality, one role, one organisation; team seats live in subprojects."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ECONOMIST = "economist", _("Economist / project lead")
    UNIT_LEAD = "unit_lead", _("Unit lead")
    CONTACT_PERSON = "contact_person", _("Contact person")
    TEAM_MEMBER = "team_member", _("Team member")
    STATE_VIEWER = "state_viewer", _("State viewer")
    ADMINISTRATOR = "administrator", _("Administrator")


# Roles that see every sub-project of their municipality; the others see only their teams'.
MUNICIPALITY_WIDE_ROLES = frozenset({Role.ECONOMIST, Role.ADMINISTRATOR})
# Roles that work with families through their team seats.
TEAM_ROLES = frozenset({Role.UNIT_LEAD, Role.CONTACT_PERSON, Role.TEAM_MEMBER})


class OrganisationKind(models.TextChoices):
    MUNICIPAL_UNIT = "municipal_unit", _("Municipal unit")
    NAV = "nav", _("NAV")
    POLICE = "police", _("Police")
    HEALTH = "health", _("Health service")
    VOLUNTEER = "volunteer", _("Volunteer organisation")
    STATE = "state", _("State agency")


class Organisation(models.Model):
    """A service that staff come from: a municipal unit, the NAV office, the police..."""

    municipality = models.ForeignKey(
        "core.Municipality",
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisations",
    )
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="organisation_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    municipality = models.ForeignKey(
        "core.Municipality",
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            # Only the state's viewers stand outside a municipality.
            models.CheckConstraint(
                condition=Q(role="state_viewer") | Q(municipality__isnull=False),
                name="user_has_municipality_unless_state",
            ),
            models.CheckConstraint(
                condition=Q(role__in=[choice.value for choice in Role]),
                name="user_role_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_state_viewer(self) -> bool:
        return self.role == Role.STATE_VIEWER

    @property
    def sees_whole_municipality(self) -> bool:
        return self.role in MUNICIPALITY_WIDE_ROLES


class Invitation(models.Model):
    """A one-time link for a new user to choose their own password.

    Only the SHA-256 of the link's token is stored, so a copy of the database opens no
    account. A link works once, until `expires_at`; a new link for the same user ends
    the old ones.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="invitations")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    used_at = models.DateTimeField(_("used"), null=True, blank=True)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user} ({self.expires_at:%Y-%m-%d})"
