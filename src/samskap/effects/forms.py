"""Forms of the effects pages: shape only; the services check meaning."""

from django import forms
from django.utils.translation import gettext_lazy as _

from samskap.core.forms import ModelMultipleChoiceField
from samskap.core.numbers import TypedNumberField
from samskap.effects.models import (
    Indicator,
    IndicatorDirection,
    IndicatorKind,
    OutcomeSource,
    ParticipantGroup,
    ParticipantRole,
    PlanGoal,
    ProposalResponse,
    RecordedBy,
)
from samskap.effects.persons import person_label
from samskap.effects.report import default_period
from samskap.effects.sdg import SDG_CHOICES
from samskap.people.models import Member

# Numbers are typed as text (core.numbers.TypedNumberField) and judged by values.py: forty
# nines are refused there as too large for their kind (with the limit), not here for
# their length. Only input that is no number at all ("10.000", letters, a hundred
# characters) stops at the form, with a Norwegian reason.


class DateInput(forms.DateInput):
    input_type = "date"


class PeriodForm(forms.Form):
    """The report's period. A day left out is the report's own
    (`effects.report.default_period`), so a link with one day is not refused for the
    other (helper-89: "?starts_on=abc" was also told "To: this field is required")."""

    starts_on = forms.DateField(label=_("From"), widget=DateInput, required=False)
    ends_on = forms.DateField(label=_("To"), widget=DateInput, required=False)

    def __init__(self, *args, agreement, **kwargs):
        super().__init__(*args, **kwargs)
        self.agreement = agreement

    def clean(self):
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        # Each message at the field it is about, so the summary above links to it and the
        # field is marked (a message above the form alone marked nothing: the trial).
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The period cannot end before it starts."))
            return data
        # A report only covers the agreement's years: 0001-01-01 to 9999-12-31 says nothing
        # (and would reach dates the database and the statistics were never meant for).
        first, last = self.agreement.starts_on, self.agreement.ends_on
        for name in ("starts_on", "ends_on"):
            day = data.get(name)
            if day and not first <= day <= last:
                self.add_error(
                    name,
                    _("Choose a period within the agreement, %(first)s to %(last)s.")
                    % {"first": f"{first:%d.%m.%Y}", "last": f"{last:%d.%m.%Y}"},
                )
        # A start alone runs to the report's own end, which it must not pass.
        if (
            not self.errors
            and starts_on
            and not ends_on
            and starts_on > default_period(self.agreement)[1]
        ):
            self.add_error(
                "starts_on",
                _("Without an end, the period ends today: choose a start on or before it."),
            )
        return data


class RoundForm(forms.Form):
    title = forms.CharField(label=_("Question to the target group"), max_length=200)
    opens_on = forms.DateField(label=_("Opens"), widget=DateInput)
    closes_on = forms.DateField(label=_("Closes"), widget=DateInput)


class RespondForm(forms.Form):
    proposal = forms.IntegerField(label=_("Proposal"), widget=forms.HiddenInput)
    response = forms.ChoiceField(label=_("What the team did"), choices=ProposalResponse.choices)
    note = forms.CharField(label=_("Note to the target group"), max_length=500, required=False)


class GoalForm(forms.Form):
    title = forms.CharField(label=_("Effect goal"), max_length=200)
    sdg_targets = forms.MultipleChoiceField(
        label=_("UN Sustainable Development Goal targets"),
        choices=SDG_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    plan_goals = ModelMultipleChoiceField(
        label=_("The municipality's plan goals"),
        queryset=PlanGoal.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, municipality_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan_goals"].queryset = PlanGoal.objects.filter(
            municipality_id=municipality_id
        ).order_by("code")


class PlanGoalForm(forms.Form):
    code = forms.CharField(label=_("Code in the plan"), max_length=20)
    title = forms.CharField(label=_("Plan goal"), max_length=200)


class IndicatorForm(forms.Form):
    """Numbers stay text here: values.py reads "2,5" and answers in Norwegian."""

    name = forms.CharField(label=_("Indicator"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=IndicatorKind.choices)
    target = TypedNumberField(
        label=_("Target"),
        help_text=_(
            "Yes/no: the share who achieve it, 0–100 %. Count: a whole number. "
            "Scale: 1 to 5. Amount: kroner."
        ),
    )
    # Chosen on purpose (the select starts on "Velg …"): a police-report count read the
    # wrong way round would turn a drop into a failure.
    direction = forms.ChoiceField(
        label=_("Direction"),
        choices=IndicatorDirection.choices,
        help_text=_(
            "Lower is better for e.g. unpaid bills or police reports (target 0): a "
            "participant reaches the target at or below it. A yes/no indicator is worded "
            "so that yes is the goal, and higher is better."
        ),
    )
    baseline_value = TypedNumberField(
        label=_("Baseline value"),
        required=False,
    )
    baseline_date = forms.DateField(label=_("Baseline date"), required=False, widget=DateInput)
    measured_when = forms.CharField(label=_("When it is measured"), max_length=200)
    measured_how = forms.CharField(label=_("How it is measured"), max_length=200)
    recorded_by = forms.ChoiceField(label=_("Who records it"), choices=RecordedBy.choices)


class PersonChoiceField(forms.ModelChoiceField):
    """A household member, labelled so two people of the same name are told apart."""

    def label_from_instance(self, obj):
        return person_label(obj)


class EnrolForm(forms.Form):
    member = PersonChoiceField(
        label=_("Household member"), queryset=Member.objects.none(), empty_label=None
    )
    group = forms.ChoiceField(label=_("Group"), choices=ParticipantGroup.choices)
    role = forms.ChoiceField(
        label=_("Takes part as"),
        choices=ParticipantRole.choices,
        initial=ParticipantRole.TARGET_GROUP,
        required=False,  # left out: the target group, as before family members existed
        help_text=_(
            "Target group: the sub-project's age range applies. Family member: a member "
            "of a household taking part, e.g. a parent in a family project, at any age "
            "(participants only, never a comparison group)."
        ),
    )
    starts_on = forms.DateField(label=_("Enrolled from"), widget=DateInput)
    ends_on = forms.DateField(
        label=_("Enrolled until (if known)"), required=False, widget=DateInput
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members

    def clean_role(self):
        return self.cleaned_data.get("role") or ParticipantRole.TARGET_GROUP


class EndForm(forms.Form):
    ends_on = forms.DateField(label=_("Ended on"), widget=DateInput)


class OutcomeForm(forms.Form):
    indicator = forms.ModelChoiceField(
        label=_("Indicator"), queryset=Indicator.objects.none(), empty_label=None
    )
    value = TypedNumberField(
        label=_("Value"),
        help_text=_("Yes/no: 1 for yes, 0 for no. Scale: 1 to 5. Amount: kroner."),
    )
    measured_on = forms.DateField(label=_("Measured on"), widget=DateInput)
    source = forms.ChoiceField(label=_("Source"), choices=OutcomeSource.choices)

    def __init__(self, *args, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = indicators


class CorrectionForm(forms.Form):
    value = TypedNumberField(
        label=_("Value"),
    )
    measured_on = forms.DateField(label=_("Measured on"), widget=DateInput)
    source = forms.ChoiceField(label=_("Source"), choices=OutcomeSource.choices)
    reason = forms.CharField(label=_("Why it is corrected"), max_length=200)
