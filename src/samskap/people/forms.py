"""Forms for households: they check shape; the services check meaning."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samskap.core.forms import ACCOUNT_HINT, EMAIL_INVALID, ModelMultipleChoiceField
from samskap.core.numbers import TypedIntegerField
from samskap.people.models import (
    ConsentMethod,
    Language,
    LegalBasis,
    MemberRole,
    Purpose,
    SharingService,
)


def _confirm_duplicate_field():
    # Shown only after Samskap warned that the number is on another household.
    return forms.BooleanField(
        label=_("I have checked: register it anyway (the person or the account has moved)"),
        required=False,
    )


class MemberForm(forms.Form):
    name = forms.CharField(label=_("Name or alias"), max_length=100)
    role = forms.ChoiceField(label=_("Role in household"), choices=MemberRole.choices)
    birth_year = TypedIntegerField(label=_("Birth year"), min_value=1900, year=True)
    national_id = forms.CharField(
        label=_("National identity number (optional)"),
        required=False,
        max_length=20,
        help_text=_("Eleven digits. Only if the person wants it stored."),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    # Chosen, never assumed: it decides the language of the citizen's link and surveys.
    preferred_language = forms.ChoiceField(label=_("Preferred language"), choices=Language.choices)
    phone = forms.CharField(label=_("Phone (optional)"), required=False, max_length=20)
    email = forms.EmailField(
        label=_("E-mail (optional)"),
        required=False,
        max_length=254,
        error_messages={"invalid": EMAIL_INVALID},
    )
    confirm_duplicate = _confirm_duplicate_field()

    def clean_birth_year(self):
        year = self.cleaned_data["birth_year"]
        if year > timezone.localdate().year:
            raise forms.ValidationError(_("The birth year cannot be in the future."))
        return year


class HouseholdForm(MemberForm):
    subproject = forms.ModelChoiceField(label=_("Sub-project"), queryset=None, empty_label=None)
    alias = forms.CharField(
        label=_("Household name or alias"),
        max_length=100,
        help_text=_("What the household wants to be called in Samskap."),
    )
    bank_account = forms.CharField(
        label=_("Bank account for payouts (optional)"),
        required=False,
        max_length=20,
        help_text=ACCOUNT_HINT,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    account_holder = forms.CharField(
        label=_("Account holder (optional)"),
        required=False,
        max_length=70,
        help_text=_("Leave empty when the first person below holds the account."),
    )

    field_order = ["subproject", "alias", "bank_account", "account_holder"]

    def __init__(self, *args, subprojects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subproject"].queryset = subprojects


class BankAccountForm(forms.Form):
    bank_account = forms.CharField(
        label=_("Bank account for payouts"),
        max_length=20,
        help_text=ACCOUNT_HINT,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    account_holder = forms.CharField(label=_("Account holder"), max_length=70)
    confirm_duplicate = _confirm_duplicate_field()


class _GiverChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.get_role_display().lower()}, {obj.birth_year})"


def _date_field(label, **kwargs):
    return forms.DateField(
        label=label, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), **kwargs
    )


class ConsentForm(forms.Form):
    """Consent only (GDPR art. 6(1)(a)); other legal bases have their own form."""

    given_by = _GiverChoice(
        label=_("Who gave the consent"),
        queryset=None,
        empty_label=None,
        help_text=_("The person themselves, or the parent or guardian for a child."),
    )
    method = forms.ChoiceField(
        label=_("How was it given"),
        choices=[
            choice for choice in ConsentMethod.choices if choice[0] != ConsentMethod.NOT_RECORDED
        ],
    )
    given_on = _date_field(_("Given on"))
    services = forms.MultipleChoiceField(
        label=_("May be shared with"),
        choices=SharingService.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    purposes = forms.MultipleChoiceField(
        label=_("For these purposes"),
        choices=Purpose.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    valid_until = _date_field(
        _("Valid until"), help_text=_("After this day the consent counts as not given.")
    )
    scope = forms.CharField(
        label=_("Limits (optional)"),
        required=False,
        max_length=200,
        help_text=_("For example: not health details."),
    )

    def __init__(self, *args, household, **kwargs):
        today = timezone.localdate()
        kwargs.setdefault("initial", {})
        # ISO text: a date input reads only YYYY-MM-DD, and a template would print a date
        # object in the page's own (Norwegian) format.
        kwargs["initial"] = {
            "given_on": today.isoformat(),
            "valid_until": (today + datetime.timedelta(days=365)).isoformat(),
            **kwargs["initial"],
        }
        super().__init__(*args, **kwargs)
        self.fields["given_by"].queryset = household.members.order_by("birth_year", "id")


class LegalBasisForm(forms.Form):
    """A legal obligation or a public task, with the law named: never a consent."""

    basis = forms.ChoiceField(label=_("Legal basis"), choices=LegalBasis.choices)
    legal_reference = forms.CharField(
        label=_("The law and section"),
        max_length=200,
        help_text=_("For example: «sosialtjenesteloven § 17» or «barnevernsloven § 13-1»."),
    )
    services = forms.MultipleChoiceField(
        label=_("May be shared with"),
        choices=SharingService.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    purposes = forms.MultipleChoiceField(
        label=_("For these purposes"),
        choices=Purpose.choices,
        widget=forms.CheckboxSelectMultiple,
    )


SEARCH_LENGTH = 100


class HouseholdFilterForm(forms.Form):
    """Search and filters of the household list (a GET form). A bad value (a stage or a
    sub-project not in the lists, letters for a number, an over-long search) is refused
    next to its field and nothing is listed: ignoring it listed every household."""

    q = forms.CharField(
        label=_("Search by name, alias or household number"),
        required=False,
        max_length=SEARCH_LENGTH,
        widget=forms.SearchInput,
        error_messages={
            "max_length": _(
                "Search with at most %(limit_value)d characters; this search has %(show_value)d."
            )
        },
    )
    stage = forms.ChoiceField(label=_("Stage"), required=False)
    subproject = forms.TypedChoiceField(
        label=_("Sub-project"), required=False, coerce=int, empty_value=None
    )
    mine = forms.BooleanField(label=_("Only where I am the contact person"), required=False)

    def __init__(self, *args, stages, subprojects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = [("", _("All stages")), *stages]
        self.fields["subproject"].choices = [
            ("", _("All my sub-projects")),
            *((subproject.pk, subproject.name) for subproject in subprojects),
        ]

    def refused(self) -> bool:
        """A filter with a bad value: refused with a message, never run or dropped."""
        return self.is_bound and not self.is_valid()

    def filters(self) -> dict:
        """The chosen filters (none when a filter is refused)."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return {
            "search": data.get("q") or "",
            "stage": data.get("stage") or "",
            "subproject_id": data.get("subproject"),
            "mine": bool(data.get("mine")),
        }


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


class HouseholdChoices(ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        names = ", ".join(enrolment.subproject.name for enrolment in obj.enrolments.all())
        return f"{obj.alias} (#{obj.pk}) – {names}"


class ContactPersonForm(forms.Form):
    contact_person = StaffChoiceField(
        label=_("New contact person"),
        queryset=None,
        help_text=_("Colleagues with a seat as contact person or lead on the household's team."),
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact_person"].queryset = candidates


class HandOverForm(forms.Form):
    """The households to hand over (offered to a lead, who sees them; the economy hands
    over all without seeing them) and the new contact person."""

    households = HouseholdChoices(
        label=_("Households to hand over"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    to_user = StaffChoiceField(label=_("New contact person"), queryset=None)

    def __init__(self, *args, households, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        if households is None:
            del self.fields["households"]
        else:
            self.fields["households"].queryset = households
            self.fields["households"].initial = list(households)
        self.fields["to_user"].queryset = candidates
