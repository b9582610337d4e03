"""Set-up forms for sub-projects and teams: they check shape; services check meaning."""

from django import forms
from django.utils.translation import gettext_lazy as _

from samskap.core.numbers import TypedIntegerField
from samskap.subprojects.models import TeamRole


class SubProjectForm(forms.Form):
    agreement = forms.ModelChoiceField(label=_("Programme agreement"), queryset=None)
    name = forms.CharField(label=_("Name"), max_length=150)
    summary = forms.CharField(
        label=_("Summary"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    target_group = forms.CharField(
        label=_("Target group"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Who the sub-project is for, in a sentence or two."),
    )
    age_from = TypedIntegerField(label=_("Age from"), min_value=0, max_value=24)
    age_to = TypedIntegerField(label=_("Age to"), min_value=0, max_value=24)
    effect_goal = forms.CharField(
        label=_("Purpose (optional)"),
        help_text=_(
            "What the sub-project is for, in a sentence. Measurable effect goals and their "
            "indicators are set on its goals page afterwards."
        ),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    indicator = forms.CharField(label=_("How it is seen"), max_length=200, required=False)

    def __init__(self, *args, agreements, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agreement"].queryset = agreements
        if len(agreements) == 1:
            self.fields["agreement"].initial = agreements[0].pk

    def clean(self):
        data = super().clean()
        if data.get("effect_goal") and not data.get("indicator"):
            self.add_error("indicator", _("Say how the purpose is seen."))
        return data


class SubProjectEditForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    summary = forms.CharField(
        label=_("Summary"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    target_group = forms.CharField(
        label=_("Target group"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Who the sub-project is for, in a sentence or two."),
    )
    age_from = TypedIntegerField(label=_("Age from"), min_value=0, max_value=24)
    age_to = TypedIntegerField(
        label=_("Age to"),
        min_value=0,
        max_value=24,
        help_text=_("A range that leaves out young people already enrolled is refused."),
    )


class TeamRoleForm(forms.Form):
    team_role = forms.ChoiceField(label=_("Role in the team"), choices=TeamRole.choices)


class TeamMemberForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Staff member"), queryset=None)
    team_role = forms.ChoiceField(label=_("Role in the team"), choices=TeamRole.choices)

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = candidates
        self.fields["user"].label_from_instance = _staff_label


def _staff_label(user) -> str:
    parts = [user.get_full_name() or user.username, user.get_role_display()]
    if user.organisation_id:
        parts.append(str(user.organisation))
    return " · ".join(parts)
