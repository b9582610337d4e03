"""The citizen's survey page (signed link, no login) and the staff page for a conversation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from samskap.core.citizen.languages import citizen_page, render_citizen_page
from samskap.core.errors import DomainError
from samskap.core.forms import add_domain_error
from samskap.core.http import get_or_404
from samskap.effects.surveys import selectors, services
from samskap.effects.surveys.access import access_survey
from samskap.effects.surveys.forms import SurveyForm
from samskap.effects.surveys.links import SurveyLinkRefused
from samskap.effects.surveys.services.answers import CitizenOnly


def _answer_from(form: SurveyForm) -> services.SurveyAnswer:
    data = form.cleaned_data
    return services.SurveyAnswer(
        helped=data["helped"],
        how_much=data["how_much"],
        what_changed=data["what_changed"],
        anything_else=data["anything_else"],
    )


def _language_of_survey(request, survey_token: str) -> tuple[str | None]:
    return (selectors.language_of_link(token=survey_token),)


@login_not_required
@citizen_page(_language_of_survey)
def answer(request, survey_token: str, *, language: str):
    """Four questions in the family's language; an old, forged or used link stores nothing."""
    # Messages made while answering (a text too long) are in the citizen's language too.
    with translation.override(language):
        return _answer(request, survey_token, language)


def _answer(request, token: str, language: str):
    signed_in = request.user if request.user.is_authenticated else None

    def page(template, context, status=200):
        return render_citizen_page(request, template, context, language=language, status=status)

    try:
        services.refuse_staff_session(signed_in)
        services.survey_for_token(token=token)
        form = SurveyForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            try:
                services.survey_answer(
                    token=token, answer=_answer_from(form), signed_in_user=signed_in
                )
            except SurveyLinkRefused:
                raise
            except DomainError as error:
                add_domain_error(form, error)
            else:
                return page("surveys/thanks.html", {})
    except CitizenOnly as error:
        # Staff read this in their own language and page shell.
        with translation.override(request.LANGUAGE_CODE):
            return render(
                request, "surveys/staff_refused.html", {"message": error.message}, status=403
            )
    except SurveyLinkRefused as error:
        return page("surveys/refused.html", {"message": error.message}, status=400)
    return page("surveys/answer.html", {"form": form}, status=400 if form.errors else 200)


def record(request, survey_id: int):
    """Staff write down the answers a citizen gave in a conversation."""
    survey = get_or_404(
        access_survey, user=request.user, survey_id=survey_id, for_write=request.method == "POST"
    )
    form = SurveyForm(request.POST if request.method == "POST" else None)
    if survey.answered_at is None and request.method == "POST" and form.is_valid():
        try:
            services.survey_record_conversation(
                acting_user=request.user, survey_id=survey.pk, answer=_answer_from(form)
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The answers are saved."))
            return redirect("people:detail", survey.decision.request.household_id)
    return render(
        request,
        "surveys/record.html",
        {"survey": survey, "form": form},
        status=400 if form.errors else 200,
    )
