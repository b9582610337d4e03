"""The economist's payment pages: export the pending batch, download files, import returns."""

from django.contrib import messages
from django.db.models import Count, Sum
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samskap.core.errors import DomainError, NotFoundOrForbidden
from samskap.core.http import get_or_404
from samskap.payments import access, selectors, services
from samskap.payments.forms import ReturnsForm

MAX_RETURNS_FILE = 1024 * 1024


def _own_municipality(request):
    """The municipality whose payments the user manages; everyone else gets a 404.
    The services check the acting user again themselves."""
    if not access.sees_payments(request.user):
        raise Http404
    return request.user.municipality


def overview(request, form=None):
    _own_municipality(request)
    pending = selectors.pending_payments(user=request.user)
    summary = pending.aggregate(count=Count("id"), total=Sum("amount"))
    context = {
        "pending": pending,
        "summary": summary,
        "batches": selectors.batches_visible_to(user=request.user)[:50],
        "returned": selectors.returned_payments(user=request.user)[:50],
        "form": form or ReturnsForm(),
    }
    return render(request, "payments/overview.html", context)


@require_POST
def export(request):
    municipality = _own_municipality(request)
    try:
        batch = services.payment_batch_export(acting_user=request.user, municipality=municipality)
    except NotFoundOrForbidden as error:
        raise Http404 from error
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("payments:overview")
    if batch is None:
        messages.info(request, _("No payments are waiting for export."))
    else:
        messages.success(
            request,
            _(
                "Batch %(id)s is ready: %(count)s payments. "
                "Download the file and send it to the bank."
            )
            % {"id": batch.message_id, "count": batch.payment_count},
        )
    return redirect("payments:overview")


def batch_file(request, batch_id: int):
    """The stored file: downloading it again never makes new payments."""
    batch = get_or_404(access.access_batch, user=request.user, batch_id=batch_id)
    xml = services.payment_batch_download(acting_user=request.user, batch=batch)
    response = HttpResponse(xml, content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{batch.filename}"'
    return response


@require_POST
def returns_import(request):
    municipality = _own_municipality(request)
    form = ReturnsForm(request.POST, request.FILES)
    if not form.is_valid():
        return overview(request, form=form)
    upload = form.cleaned_data["file"]
    if upload.size > MAX_RETURNS_FILE:
        form.add_error("file", _("The file is too large."))
        return overview(request, form=form)
    try:
        text = upload.read().decode("utf-8-sig")
        result = services.payment_returns_import(
            acting_user=request.user, municipality=municipality, csv_text=text
        )
    except UnicodeDecodeError:
        form.add_error("file", _("The file must be UTF-8 text."))
        return overview(request, form=form)
    except NotFoundOrForbidden as error:
        raise Http404 from error
    except DomainError as error:
        form.add_error("file", error.message)
        return overview(request, form=form)
    messages.success(
        request,
        _(
            "%(returned)s payments returned and given back to the budget; "
            "%(accepted)s accepted; %(again)s already returned; %(unknown)s unknown."
        )
        % {
            "returned": len(result.returned),
            "accepted": result.accepted,
            "again": len(result.already_returned),
            "unknown": len(result.unknown),
        },
    )
    return redirect("payments:overview")
