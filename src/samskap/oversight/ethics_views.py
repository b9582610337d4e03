"""The ethics guide's page and its acknowledgement: thin wrappers around oversight.ethics."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from samskap.core.errors import DomainError, NotFoundOrForbidden
from samskap.oversight import ethics
from samskap.oversight.services import ethics_acknowledge
from samskap.oversight.services.ethics import may_acknowledge


def _page(request, *, error=None, status=200):
    valid_until = ethics.acknowledgement_valid_until(user=request.user)
    latest = ethics.latest_acknowledgement(user=request.user) if valid_until else None
    context = {
        "version": ethics.GUIDE_VERSION,
        "may_acknowledge": may_acknowledge(request.user),
        "valid_until": valid_until,
        # Confirmed for this year: say when, instead of asking again.
        "confirmed_at": latest.acknowledged_at if latest else None,
        "error": error,
    }
    return render(request, "oversight/ethics.html", context, status=status)


@require_GET
def ethics_guide(request):
    """The guide, for everyone logged in; staff confirm it at the bottom."""
    return _page(request)


@require_POST
def ethics_acknowledge_view(request):
    try:
        ethics_acknowledge(acting_user=request.user, version=request.POST.get("version", ""))
    except NotFoundOrForbidden as error:
        raise Http404 from error
    except DomainError as error:
        return _page(request, error=error.message, status=400)
    messages.success(request, _("Thank you. You have confirmed the guide to ethics in the work."))
    return redirect("oversight:ethics")
