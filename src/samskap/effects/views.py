"""Pages of the effects context: the evaluation report (page, PDF, Excel), the team's
participation page, and the target group's page behind a signed link."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from samskap.accounts.access import manages_municipality
from samskap.core.citizen.languages import citizen_page, render_citizen_page
from samskap.core.errors import DomainError, NotFoundOrForbidden
from samskap.core.forms import add_domain_error, add_problems, own_query, passed_fields, summary_of
from samskap.core.http import back_to_page, get_or_404
from samskap.effects import participation_services as participation
from samskap.effects.access import access_proposal, require_team_work
from samskap.effects.actions import posted_action
from samskap.effects.citizen import texts as citizen_texts
from samskap.effects.citizen.forms import ProposalForm, VoteForm
from samskap.effects.exports import report_context, report_pdf, report_xlsx
from samskap.effects.forms import PeriodForm, RespondForm, RoundForm
from samskap.effects.models import ProposalResponse
from samskap.effects.report import evaluation_report
from samskap.effects.selectors import participation_rounds
from samskap.funding.models import ProgrammeAgreement
from samskap.subprojects.access import access_subproject
from samskap.subprojects.selectors import subprojects_visible_to


@require_GET
def effects_index(request):
    subprojects = subprojects_visible_to(user=request.user).order_by("name")
    # The programme's goals are set by the municipality's economist and administrator.
    programmes = []
    if manages_municipality(request.user, request.user.municipality_id):
        programmes = ProgrammeAgreement.objects.filter(
            municipality_id=request.user.municipality_id
        ).order_by("-starts_on", "id")
    context = {"subprojects": subprojects, "programmes": programmes}
    return render(request, "effects/index.html", context)


def _report(request, subproject_id: int):
    # One sub-project's report shows its money however few households it covers: the
    # state sees effect achievement in its own view, across municipalities.
    if request.user.is_authenticated and request.user.is_state_viewer:
        raise Http404
    subproject = get_or_404(access_subproject, user=request.user, subproject_id=subproject_id)
    period = PeriodForm(own_query(request.GET, PeriodForm), agreement=subproject.agreement)
    starts_on = ends_on = None
    if period.is_bound and period.is_valid():
        starts_on, ends_on = period.cleaned_data["starts_on"], period.cleaned_data["ends_on"]
    report = evaluation_report(subproject=subproject, starts_on=starts_on, ends_on=ends_on)
    return subproject, period, report


def _report_page(request, subproject, period, report):
    """The page; a refused period shows its message above the agreement's whole period."""
    context = report_context(report)
    context["period"] = period
    context["query"] = request.GET.urlencode() if not period.errors else ""
    # Proposals are the target group's own words: the team reads them, nobody else.
    context["is_team"] = _is_team(request.user, subproject)
    if context["is_team"]:
        context["rounds"] = participation_rounds(subproject=subproject)
    return render(request, "effects/report.html", context, status=400 if period.errors else 200)


def _is_team(user, subproject) -> bool:
    try:
        require_team_work(user=user, subproject=subproject)
    except DomainError:
        return False
    return True


@require_GET
def report_page(request, subproject_id: int):
    subproject, period, report = _report(request, subproject_id)
    return _report_page(request, subproject, period, report)


def _filename(report, suffix: str) -> str:
    period = f"{report.starts_on:%Y%m%d}-{report.ends_on:%Y%m%d}"
    return f"evaluering-{report.subproject.pk}-{period}.{suffix}"


def _back_to_the_page(request, subproject):
    return back_to_page(
        request,
        reverse("effects:report", args=[subproject.pk]),
        _("There is no report to download for that period. Correct the fields and download again."),
    )


@require_GET
def report_pdf_download(request, subproject_id: int):
    subproject, period, report = _report(request, subproject_id)
    if period.errors:
        return _back_to_the_page(request, subproject)
    response = HttpResponse(report_pdf(report), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename(report, "pdf")}"'
    return response


@require_GET
def report_xlsx_download(request, subproject_id: int):
    subproject, period, report = _report(request, subproject_id)
    if period.errors:
        return _back_to_the_page(request, subproject)
    response = HttpResponse(
        report_xlsx(report),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(report, "xlsx")}"'
    return response


def participation_page(request, subproject_id: int):
    """The team's page: open a round, see proposals and votes, mark what was done."""
    subproject = get_or_404(access_subproject, user=request.user, subproject_id=subproject_id)
    try:
        require_team_work(user=request.user, subproject=subproject)
    except DomainError as error:
        raise Http404 from error
    round_form, respond_form = RoundForm(), RespondForm()
    status = 200
    if request.method == "POST":
        action = posted_action(request, "respond", "round")
        try:
            if action == "respond":
                respond_form = RespondForm(request.POST)
                if respond_form.is_valid():
                    proposal = access_proposal(
                        user=request.user, proposal_id=respond_form.cleaned_data["proposal"]
                    )
                    if proposal.round.subproject_id != subproject.pk:
                        raise NotFoundOrForbidden("proposal")
                    participation.proposal_respond(
                        acting_user=request.user,
                        proposal=proposal,
                        response=respond_form.cleaned_data["response"],
                        note=respond_form.cleaned_data["note"],
                    )
                    messages.success(request, _("The team's answer to the proposal is saved."))
                    return redirect("effects:participation", subproject_id=subproject.pk)
            elif action == "round":
                round_form = RoundForm(request.POST)
                if not round_form.is_valid():
                    add_problems(
                        round_form,
                        participation.proposal_round_check(
                            acting_user=request.user,
                            subproject=subproject,
                            **passed_fields(round_form),
                        ),
                    )
                else:
                    participation.proposal_round_create(
                        acting_user=request.user, subproject=subproject, **round_form.cleaned_data
                    )
                    messages.success(request, _("The round is open."))
                    return redirect("effects:participation", subproject_id=subproject.pk)
        except NotFoundOrForbidden as error:
            raise Http404 from error
        except DomainError as error:
            add_domain_error(respond_form if action == "respond" else round_form, error)
        status = 400
    rounds = participation_rounds(subproject=subproject, with_links=True)
    _mark_refused_answer(rounds, respond_form)
    for round_ in rounds:
        for voter in round_.voters:
            token = participation.participation_link_token(round_=round_, member_id=voter.member_id)
            voter.link = request.build_absolute_uri(
                f"{reverse('effects:participate')}?{urlencode({'lenke': token})}"
            )
    context = {
        "subproject": subproject,
        "rounds": rounds,
        "round_form": round_form,
        "respond_form": respond_form,
        "respond_summary": _respond_summary(respond_form),
        "responses": ProposalResponse.choices,
        "today": timezone.localdate(),
    }
    return render(request, "effects/participation.html", context, status=status)


def _mark_refused_answer(rounds, respond_form) -> None:
    """The refused answer's own fields show its errors and what was typed: the proposal
    answered gets `answer_errors` ({field: [message]}) and, in memory only, the posted
    response and note (nothing was saved)."""
    if not respond_form.is_bound or not respond_form.errors:
        return
    answered = getattr(respond_form, "cleaned_data", {}).get("proposal")
    for round_ in rounds:
        for proposal in round_.proposals.all():
            if proposal.pk != answered:
                continue
            proposal.answer_errors = {
                name: respond_form.errors[name]
                for name in ("response", "note")
                if name in respond_form.errors
            }
            proposal.response = respond_form.data.get("response", "")
            proposal.response_note = respond_form.data.get("note", "")


def _respond_summary(respond_form) -> list[dict]:
    """The answer's fields sit on each proposal's own form (`response-<id>`, `note-<id>`):
    say which field was wrong, with a link to it on the proposal answered."""
    proposal = getattr(respond_form, "cleaned_data", {}).get("proposal")
    return [
        {
            "message": f"{respond_form.fields[name].label}: {message}",
            "anchor": f"{name}-{proposal}" if proposal and name != "proposal" else None,
        }
        for name, errors in respond_form.errors.items()
        if name in respond_form.fields
        for message in errors
    ]


def _language_of_participant(request) -> tuple[str | None]:
    return (participation.language_of_link(token=request.GET.get("lenke", "")),)


@login_not_required
@citizen_page(_language_of_participant)
def participate(request, *, language: str):
    """The target group's page: no account, the signed link is the key. Staff sessions are
    refused, so a vote is always the person's own. The page, its refusals and its messages
    speak the language the person picked, else their preferred language, else bokmål."""
    if request.user.is_authenticated:
        return render(
            request,
            "effects/participate_refused.html",
            {"message": _("Log out first: this page is for the target group's own vote.")},
            status=403,
        )
    token = request.GET.get("lenke", "")
    # Messages made while handling the page (a refusal, a thank-you) are in it too.
    with translation.override(language):
        return _participate(request, token, language)


def _participate(request, token: str, language: str):
    def page(template, context, status=200):
        return render_citizen_page(request, template, context, language=language, status=status)

    try:
        round_, member_id = participation.read_link(token)
    except participation.LinkRefused as error:
        return page("effects_citizen/refused.html", {"message": error.message}, status=400)
    proposals = list(round_.proposals.order_by("id"))
    proposal_form, vote_form = ProposalForm(), VoteForm(proposals=proposals)
    done, unclear, status = "", "", 200
    if request.method == "POST":
        # As posted_action, but said on the page in the citizen's language: the citizen
        # shell shows no staff messages.
        actions = request.POST.getlist("action")
        action = actions[0] if len(actions) == 1 and actions[0] in ("vote", "propose") else None
        if action is None:
            unclear = citizen_texts.UNCLEAR_FORM
        try:
            if action == "vote":
                vote_form = VoteForm(request.POST, proposals=proposals)
                if vote_form.is_valid():
                    participation.vote_cast(
                        token=token, proposal_id=vote_form.cleaned_data["proposal"]
                    )
                    done = citizen_texts.VOTE_COUNTED
            elif action == "propose":
                proposal_form = ProposalForm(request.POST)
                if proposal_form.is_valid():
                    participation.proposal_create(
                        token=token, text=proposal_form.cleaned_data["text"]
                    )
                    done = citizen_texts.PROPOSAL_SENT
                    proposal_form = ProposalForm()
        except participation.LinkRefused as error:
            return page("effects_citizen/refused.html", {"message": error.message}, status=400)
        except DomainError as error:
            form = vote_form if action == "vote" else proposal_form
            form.add_error(None, error.message)
        if done:
            proposals = list(round_.proposals.order_by("id"))
            vote_form = VoteForm(proposals=proposals)
        else:
            status = 400
    answered = [p for p in proposals if p.response != ProposalResponse.OPEN]
    for proposal in answered:
        proposal.answer = citizen_texts.TEAM_ANSWERS[proposal.response]
    context = {
        "round": round_,
        "is_open": participation.round_is_open(round_),
        "my_vote": participation.vote_of(round_=round_, member_id=member_id),
        "answered": answered,
        "proposal_form": proposal_form,
        "vote_form": vote_form,
        "done": done,
        "unclear": unclear,
        # One question per form, its message says what to do ("Velg forslaget du stemmer
        # på."), in the citizen's language: not named by the staff catalogue's label.
        "summary": summary_of(vote_form, proposal_form, name=str),
    }
    return page("effects_citizen/participate.html", context, status=status)
