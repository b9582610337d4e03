"""Friendly error pages of the page shell."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _

from samskap.core.citizen.languages import language_of_page, render_citizen_page


@login_not_required
def csrf_failure(request, reason=""):
    """The form-expired page: a citizen page's own shell and language, else the staff's."""
    match = request.resolver_match
    language = match and language_of_page(request, match.func, match.kwargs)
    if language:
        return render_citizen_page(
            request, "citizen/form_expired.html", {}, language=language, status=403
        )
    message = _(
        "The form had expired or was sent from another page. "
        "Go back, reload the page and try again."
    )
    return render(
        request, "core/error.html", {"title": _("Form expired"), "message": message}, status=403
    )


@login_not_required
def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


@login_not_required
def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


@login_not_required
def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


@login_not_required
def server_error(request):
    # Rendered without the request: whatever failed (often the database) must not fail again.
    return HttpResponseServerError(loader.get_template("500.html").render({}))
