"""The economist's screens for carry-over, closing the period and correcting a posting.

Each asks twice: the first POST shows the balances before and after and asks to confirm;
the second (with `confirm`) posts. The services check everything again when they post.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from samskap.core.errors import DomainError
from samskap.core.forms import add_domain_error
from samskap.funding import pot_services, previews, selectors, services
from samskap.funding.forms import CarryOverForm, CloseForm, ReverseForm
from samskap.funding.views import _managed_agreement


def _confirm_page(request, *, agreement, form, title, intro, moves=None, by_scheme=False):
    """The form, or (after a valid first POST) the figures and the confirm button."""
    changes = None
    if moves is not None:
        changes = previews.balance_changes(moves, by_scheme=by_scheme)
    status = 400 if request.method == "POST" and form.errors else 200
    context = {
        "agreement": agreement,
        "form": form,
        "title": title,
        "intro": intro,
        "changes": changes,
    }
    return render(request, "funding/confirm.html", context, status=status)


def _confirmed(request) -> bool:
    return request.method == "POST" and request.POST.get("confirm") == "yes"


def carry_over(request, agreement_id: int):
    agreement = _managed_agreement(request, agreement_id)
    form = CarryOverForm(request.POST or None, years=agreement.years[:-1])
    moves = None
    if request.method == "POST" and form.is_valid():
        year, reason = form.cleaned_data["year"], form.cleaned_data["reason"]
        try:
            if _confirmed(request):
                services.carry_over_create(
                    acting_user=request.user, agreement=agreement, year=year, reason=reason
                )
                messages.success(
                    request, _("Unused budget from %(year)s is carried over.") % {"year": year}
                )
                return redirect("funding:pot")
            moves = pot_services.carry_over_moves(
                agreement=agreement, year=year, find=previews.peek
            )
        except DomainError as error:
            add_domain_error(form, error)
    return _confirm_page(
        request,
        agreement=agreement,
        form=form,
        title=_("Carry over unused budget"),
        intro=_(
            "At year end, each sub-project's unused budget moves to the next year of the "
            "period, scheme by scheme."
        ),
        moves=moves if not form.errors else None,
    )


def close(request, agreement_id: int):
    agreement = _managed_agreement(request, agreement_id)
    form = CloseForm(request.POST or None)
    moves = None
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        try:
            if _confirmed(request):
                services.agreement_close(
                    acting_user=request.user, agreement=agreement, reason=reason
                )
                messages.success(request, _("The programme period is closed."))
                return redirect("funding:pot")
            moves = pot_services.close_moves(agreement=agreement, find=previews.peek)
        except DomainError as error:
            add_domain_error(form, error)
    return _confirm_page(
        request,
        agreement=agreement,
        form=form,
        title=_("Close the programme period"),
        intro=_(
            "Closing returns every unspent krone in the pot and the budgets to its grant "
            "scheme, booked today. After that nothing more can be posted; a payout the bank "
            "sends back later goes to the closing balance."
        ),
        moves=moves if not form.errors else None,
        by_scheme=True,
    )


def reverse(request, agreement_id: int):
    agreement = _managed_agreement(request, agreement_id)
    form = ReverseForm(
        request.POST or None,
        postings=selectors.correctable_postings(agreement=agreement),
        initial={"posting": request.GET.get("posting")},
    )
    moves = None
    if request.method == "POST" and form.is_valid():
        original, reason = form.cleaned_data["posting"], form.cleaned_data["reason"]
        try:
            if _confirmed(request):
                services.transaction_reverse(
                    acting_user=request.user, original=original, reason=reason
                )
                messages.success(request, _("The posting is corrected with a reversal."))
                return redirect("funding:pot")
            moves = pot_services.reversal_moves(original)
        except DomainError as error:
            add_domain_error(form, error)
    return _confirm_page(
        request,
        agreement=agreement,
        form=form,
        title=_("Correct a posting"),
        intro=_(
            "A mistaken posting is corrected with its mirror image; the original stays in "
            "the ledger. Decisions and payments are cancelled or returned on their own pages."
        ),
        moves=moves if not form.errors else None,
    )
