"""Forms of the support flow: shape only; the services decide what is allowed."""

import copy

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from samskap.core.forms import ACCOUNT_HINT, AmountField, ModelMultipleChoiceField
from samskap.core.text import LONG_TEXT_LENGTH
from samskap.funding.forms import DateInput, FormToken, amount_field
from samskap.people.models import Language
from samskap.subprojects.models import SubProject
from samskap.support.models import BasicNeed, HelpKind, Outcome, Place, SupportForm
from samskap.support.services import MAX_HELP, MAX_LINES
from samskap.support.wording import for_family


class _ReadOnce(ModelChoiceIterator):
    """The choices from the queryset itself (one SELECT, its rows kept by the form's own
    copy of the queryset) instead of `.iterator()`: on PostgreSQL that is a server-side
    cursor, a DECLARE, FETCH and CLOSE for a municipality's handful of organisations, on
    every meeting page (issue 14)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)


class OrganisationChoices(ModelMultipleChoiceField):
    iterator = _ReadOnce

    def label_from_instance(self, obj):
        return obj.name


class NeedsMappingForm(forms.Form):
    subproject = forms.ModelChoiceField(label=_("Sub-project"), queryset=None, empty_label=None)
    place = forms.ChoiceField(label=_("Where did you meet?"), choices=Place.choices)
    services_present = OrganisationChoices(
        label=_("Services that took part"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    basic_needs = forms.MultipleChoiceField(
        label=_("Basic needs that are not met"),
        choices=BasicNeed.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    notes = forms.CharField(
        label=_("Notes (sensitive)"),
        required=False,
        max_length=LONG_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only what the team needs to decide. Avoid health details."),
    )

    def __init__(self, *args, subprojects, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subproject"].queryset = subprojects
        self.fields["services_present"].queryset = organisations


class LetterForm(forms.Form):
    subproject = forms.ModelChoiceField(label=_("Sub-project"), queryset=None, empty_label=None)
    language = forms.ChoiceField(label=_("Language of the letter"), choices=Language.choices)
    need = forms.CharField(
        label=_("What we need"),
        max_length=LONG_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    purpose = forms.CharField(
        label=_("What the money is for"),
        max_length=LONG_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    commitment = forms.CharField(
        label=_("What I/we commit to"),
        max_length=LONG_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    other_help_wanted = forms.CharField(
        label=_("Other help we want (optional)"),
        required=False,
        max_length=LONG_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, subprojects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subproject"].queryset = subprojects


class TypedRowForm(forms.Form):
    """A formset row that counts as filled in only when something was typed in it.

    Browsers always submit a value for a select, so an untouched extra row would
    otherwise look changed and fail validation.
    """

    choice_fields: tuple[str, ...] = ()

    def has_changed(self) -> bool:
        return any(
            name not in self.choice_fields and self[name].value() not in (None, "")
            for name in self.fields
        )


class LineForm(TypedRowForm):
    choice_fields = ("form",)
    form = forms.ChoiceField(label=_("Form of support"), choices=SupportForm.choices)
    description = forms.CharField(label=_("What for"), max_length=140)
    amount = AmountField(label=_("Amount (NOK)"))
    supplier_name = forms.CharField(
        label=_("Supplier (for purchases)"), required=False, max_length=70
    )
    supplier_account = forms.CharField(
        label=_("Supplier's account (for purchases)"),
        required=False,
        max_length=20,
        help_text=ACCOUNT_HINT,
    )
    invoice_reference = forms.CharField(
        label=_("Invoice reference (for purchases)"), required=False, max_length=35
    )
    kid = forms.CharField(
        label=_("KID (for purchases)"),
        required=False,
        max_length=40,
        help_text=_("From the invoice. With a KID, leave the invoice reference empty."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    # Shown, and kept, only for a purchase (the page hides them for the other forms).
    supplier_fields = ("supplier_name", "supplier_account", "invoice_reference", "kid")

    def main_fields(self):
        return [self[name] for name in self.fields if name not in self.supplier_fields]

    def purchase_fields(self):
        return [self[name] for name in self.supplier_fields]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("form") and cleaned["form"] != SupportForm.PURCHASE:
            # Typed for a purchase, then switched to cash or a voucher: not the bank's business.
            for name in self.supplier_fields:
                cleaned[name] = ""
        return cleaned


class HelpForm(TypedRowForm):
    choice_fields = ("kind", "responsible")
    kind = forms.ChoiceField(label=_("Kind of help"), choices=HelpKind.choices)
    description = forms.CharField(label=_("What"), max_length=200)
    responsible = forms.ModelChoiceField(label=_("Responsible service"), queryset=None)
    due_on = forms.DateField(label=_("Due"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = organisations


class RowsFormSet(forms.BaseFormSet):
    default_error_messages = {
        "too_many_forms": _("Use at most %(num)d rows."),
    }


# The service refuses more rows than these too (support.services.requests.MAX_LINES).
LineFormSet = forms.formset_factory(
    LineForm,
    formset=RowsFormSet,
    extra=2,
    min_num=1,
    validate_min=True,
    max_num=MAX_LINES,
    validate_max=True,
    absolute_max=MAX_LINES,
)
HelpFormSet = forms.formset_factory(
    HelpForm,
    formset=RowsFormSet,
    extra=2,
    max_num=MAX_HELP,
    validate_max=True,
    absolute_max=MAX_HELP,
)


class MeetingForm(forms.Form):
    services_present = OrganisationChoices(
        label=_("Services present"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        # The service's own words: "This field is required." does not say what to do.
        error_messages={"required": _("Record which services were present.")},
    )
    token = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["services_present"].queryset = organisations


class _RowFields(dict):
    """DecisionRowForm's fields. Django deep-copies a form's fields for every form, and
    one agenda builds fifty of these: `copy.deepcopy` was three quarters of that (24 ms
    for 50 rows at load 14, issue 14). Each form still gets its own copy of each field,
    widget, attrs, choices, error messages and validators (what `Field.__deepcopy__` and
    `ChoiceWidget.__deepcopy__` copy), made with shallow copies: the labels and choices
    inside are shared, as nothing changes them per form."""

    def __deepcopy__(self, memo):
        fields = {}
        for name, field in self.items():
            copied = copy.copy(field)
            copied.widget = copy.copy(field.widget)
            copied.widget.attrs = field.widget.attrs.copy()
            if hasattr(field.widget, "choices"):
                copied.widget.choices = copy.copy(field.widget.choices)
            if hasattr(field, "_choices"):
                copied._choices = copy.copy(field._choices)
            copied.error_messages = field.error_messages.copy()
            copied.validators = field.validators[:]
            fields[name] = copied
        return fields


class BlankRow:
    """An agenda row before anything is sent (the page's GET): `{% agenda_items %}` writes
    the blank row with this prefix, so no form is built for it (fifty DecisionRowForms
    cost about 2 ms of Python, issue 14). A row sent back is always a DecisionRowForm."""

    is_bound = False

    def __init__(self, *, prefix: str):
        self.prefix = prefix


class DecisionRowForm(forms.Form):
    """One agenda line; prefixed with the request id so one screen decides them all.

    Shape only: whether an amount fits the chosen decision is the meeting service's call.
    A row left at "not now" with an amount typed in it is refused here, so no amount is
    ever dropped without a word.

    With `family` (the household's name) every message of the row, whoever adds it (a
    field, `clean`, or the page with the service's refusal), starts with the family's
    name (support.wording.for_family), at the field and in the page's summary alike.
    """

    outcome = forms.ChoiceField(
        label=_("Decision"), choices=[("", _("Not now")), *Outcome.choices], required=False
    )
    amount = AmountField(
        label=_("Adjusted amount (NOK)"),
        required=False,
        help_text=_('Only with "Approved with adjusted amount".'),
    )
    # Not `required`: a row left at "Not now" needs none. The meeting service refuses a
    # chosen decision without one; the hint says so before the team sends the agenda.
    rationale = forms.CharField(
        label=_("Rationale (one line)"),
        required=False,
        max_length=200,
        help_text=_("Needed with every decision."),
    )

    def __init__(self, *args, family=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.family = family

    def add_error(self, field, error):
        if self.family is not None and field is not None:
            messages = error.messages if isinstance(error, ValidationError) else [error]
            error = [for_family(self.family, message) for message in messages]
        super().add_error(field, error)

    def clean(self):
        data = super().clean()
        if not data.get("outcome") and (data.get("amount") or "").strip():
            # "Not now" is a choice: the request stays on the agenda for a later meeting
            # and nothing is granted now, so the amount has no use ("no decision is
            # chosen" told a team that had chosen "Not now" that it chose nothing).
            self.add_error(
                "amount",
                _(
                    '"Not now" leaves the request for a later meeting, and an amount is not '
                    "used then. Clear the amount, or choose a decision."
                ),
            )
        return data


DecisionRowForm.base_fields = _RowFields(DecisionRowForm.base_fields)


class CaseMappingForm(NeedsMappingForm):
    """The guided case's needs mapping: the sub-project is the case's own."""

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(
            *args, subprojects=SubProject.objects.none(), organisations=organisations, **kwargs
        )
        del self.fields["subproject"]


class CaseLetterForm(LetterForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, subprojects=SubProject.objects.none(), **kwargs)
        del self.fields["subproject"]


class CaseAccountForm(forms.Form):
    """The payout account on the request step, when the household has none yet: typing it
    there keeps the amounts already typed."""

    bank_account = forms.CharField(
        label=_("Bank account for payouts"),
        required=False,
        max_length=20,
        help_text=ACCOUNT_HINT,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    account_holder = forms.CharField(label=_("Account holder"), required=False, max_length=70)
    confirm_duplicate = forms.BooleanField(
        label=_("I have checked: register it anyway (the person or the account has moved)"),
        required=False,
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the decision cancelled?"),
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The team sees the reason; the audit trail records only that one was given."),
    )


class RepaymentForm(forms.Form):
    token = FormToken()
    amount = amount_field(_("Amount repaid (NOK)"))
    received_on = forms.DateField(
        label=_("Received on the municipality's account"), widget=DateInput
    )
    note = forms.CharField(
        label=_("Note (optional)"),
        max_length=200,
        required=False,
        help_text=_(
            "For example the bank's reference. The audit trail records only that one was given."
        ),
    )


class DecisionReferenceForm(forms.Form):
    reference = forms.CharField(
        label=_("Request number or the payment's end-to-end id"),
        max_length=35,
        widget=forms.SearchInput,
        error_messages={
            "max_length": _(
                "Search with at most %(limit_value)d characters; this search has %(show_value)d."
            )
        },
        help_text=_("As it stands on the bank statement, e.g. 123 or SAMSKAP-…"),
    )
