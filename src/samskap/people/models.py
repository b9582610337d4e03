"""Households and their members: the minimum Samskap stores about citizens.

Help belongs to the household. Sensitive free text does not live here: it is kept in the
few clearly named fields of the support app (needs mapping notes, the motivation letter).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Language(models.TextChoices):
    BOKMAL = "nb", _("Norwegian bokmål")
    NYNORSK = "nn", _("Norwegian nynorsk")
    NORTHERN_SAMI = "se", _("Northern Sami")
    ENGLISH = "en", _("English")
    ARABIC = "ar", _("Arabic")
    SOMALI = "so", _("Somali")
    TIGRINYA = "ti", _("Tigrinya")
    UKRAINIAN = "uk", _("Ukrainian")
    POLISH = "pl", _("Polish")
    DARI = "prs", _("Dari")
    OTHER = "other", _("Other language")


class MemberRole(models.TextChoices):
    YOUNG_PERSON = "young_person", _("Young person")
    PARENT = "parent", _("Parent or guardian")
    CHILD = "child", _("Child")
    OTHER = "other", _("Other household member")


class Household(models.Model):
    """A family or a young person on their own; the unit that receives help."""

    municipality = models.ForeignKey(
        "core.Municipality", on_delete=models.PROTECT, related_name="households"
    )
    alias = models.CharField(
        _("name or alias"),
        max_length=100,
        help_text=_("What the household wants to be called in Samskap."),
    )
    contact_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("contact person"),
        on_delete=models.PROTECT,
        related_name="households_as_contact",
    )
    bank_account = models.CharField(
        _("bank account for payouts"), max_length=11, blank=True, default=""
    )
    account_holder = models.CharField(_("account holder"), max_length=70, blank=True, default="")
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ["alias", "id"]
        constraints = [
            # Norwegian account numbers are exactly eleven digits (checked by stdnum on entry).
            models.CheckConstraint(
                condition=Q(bank_account="") | Q(bank_account__regex=r"^[0-9]{11}$"),
                name="household_bank_account_11_digits",
            ),
        ]

    def __str__(self) -> str:
        return self.alias


class Member(models.Model):
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(_("name or alias"), max_length=100)
    role = models.CharField(_("role in household"), max_length=20, choices=MemberRole.choices)
    birth_year = models.PositiveSmallIntegerField(_("birth year"))
    # Stored only when the person gives it; never required.
    national_id = models.CharField(
        _("national identity number"), max_length=11, blank=True, default=""
    )
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=Language.choices, default=Language.BOKMAL
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True, default="")
    email = models.EmailField(_("e-mail"), blank=True, default="")

    class Meta:
        verbose_name = _("household member")
        verbose_name_plural = _("household members")
        ordering = ["household", "birth_year", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(birth_year__gte=1900) & Q(birth_year__lte=2200),
                name="member_birth_year_plausible",
            ),
            models.CheckConstraint(
                condition=Q(national_id="") | Q(national_id__regex=r"^[0-9]{11}$"),
                name="member_national_id_11_digits",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Enrolment(models.Model):
    """The household takes part in a sub-project; it is what lets that team see it."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="enrolments")
    subproject = models.ForeignKey(
        "subprojects.SubProject", on_delete=models.PROTECT, related_name="enrolments"
    )
    enrolled_at = models.DateTimeField(_("enrolled"), auto_now_add=True)
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["household", "enrolled_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["household", "subproject"], name="enrolment_unique_subproject"
            )
        ]

    def __str__(self) -> str:
        return f"{self.household} – {self.subproject}"


class SharingService(models.TextChoices):
    MUNICIPAL_UNIT = "municipal_unit", _("Municipal units")
    NAV = "nav", _("NAV")
    POLICE = "police", _("Police")
    HEALTH = "health", _("Health service")
    SCHOOL = "school", _("School and kindergarten")
    VOLUNTEER = "volunteer", _("Volunteer organisations")


class Purpose(models.TextChoices):
    """What the information may be used for (GDPR art. 5(1)(b): specified purposes)."""

    NEEDS_MAPPING = "needs_mapping", _("Mapping needs together with the services")
    COORDINATION = "coordination", _("Coordinating help between the services")
    SUPPORT = "support", _("Requests and decisions on support")
    FOLLOW_UP = "follow_up", _("Follow-up and measuring effects")


class ConsentMethod(models.TextChoices):
    WRITTEN = "written", _("In writing")
    ORAL = "oral", _("Orally")
    DIGITAL = "digital", _("Digitally")
    # Consents recorded before who, how and until when were asked for (migration 0002).
    NOT_RECORDED = "not_recorded", _("Not recorded (registered before 2026-11-29)")


class LegalBasis(models.TextChoices):
    """Legal bases other than consent; each is its own record, never a consent."""

    PUBLIC_TASK = "public_task", _("Public task (GDPR art. 6(1)(e))")
    LEGAL_OBLIGATION = "legal_obligation", _("Legal obligation (GDPR art. 6(1)(c))")


class Consent(models.Model):
    """A household member's (or guardian's) consent: who, how, when, for what, until when.

    Expired (after `valid_until`) or withdrawn consent counts as no consent.
    """

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="consents")
    given_by = models.ForeignKey(
        Member,
        verbose_name=_("given by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consents_given",
    )
    method = models.CharField(_("how"), max_length=20, choices=ConsentMethod.choices)
    given_on = models.DateField(_("given"))
    services = models.JSONField(_("services"), default=list)
    purposes = models.JSONField(_("purposes"), default=list)
    scope = models.CharField(_("what may be shared"), max_length=200, blank=True, default="")
    valid_until = models.DateField(_("valid until"))
    recorded_at = models.DateTimeField(_("recorded"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["household", "-given_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | Q(withdrawn_at__gte=F("recorded_at")),
                name="consent_withdrawn_after_recorded",
            ),
            models.CheckConstraint(
                condition=Q(valid_until__gte=F("given_on")),
                name="consent_valid_until_after_given",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.household}: {self.given_on}"

    def is_active_on(self, day) -> bool:
        return self.withdrawn_at is None and self.given_on <= day <= self.valid_until

    @property
    def is_active(self) -> bool:
        return self.is_active_on(timezone.localdate())

    @property
    def is_expired(self) -> bool:
        return self.withdrawn_at is None and self.valid_until < timezone.localdate()

    @property
    def service_labels(self) -> list[str]:
        return _labels(SharingService, self.services)

    @property
    def purpose_labels(self) -> list[str]:
        return _labels(Purpose, self.purposes)


class LegalBasisRecord(models.Model):
    """Processing on another legal basis than consent (art. 6(1)(c) or (e)), with the law
    named: a separate record, so a consent form never stands in for a legal duty."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="legal_bases")
    basis = models.CharField(_("legal basis"), max_length=20, choices=LegalBasis.choices)
    legal_reference = models.CharField(
        _("the law and section"), max_length=200, blank=True, default=""
    )
    services = models.JSONField(_("services"), default=list)
    purposes = models.JSONField(_("purposes"), default=list)
    recorded_at = models.DateTimeField(_("recorded"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("other legal basis")
        verbose_name_plural = _("other legal bases")
        ordering = ["household", "-recorded_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=F("recorded_at")),
                name="legal_basis_ended_after_recorded",
            )
        ]

    def __str__(self) -> str:
        return f"{self.household}: {self.get_basis_display()}"

    @property
    def is_active(self) -> bool:
        return self.ended_at is None

    @property
    def service_labels(self) -> list[str]:
        return _labels(SharingService, self.services)

    @property
    def purpose_labels(self) -> list[str]:
        return _labels(Purpose, self.purposes)


def _labels(choices, values) -> list[str]:
    known = dict(choices.choices)
    return [str(known[value]) for value in values if value in known]


class HouseholdAccess(models.Model):
    """Who read a household, when, and through which page: the privacy access log."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="accesses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    purpose = models.CharField(_("page"), max_length=50)

    class Meta:
        verbose_name = _("household access")
        verbose_name_plural = _("household accesses")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.household_id}"
