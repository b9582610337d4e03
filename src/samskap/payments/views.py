"""The economist's payment pages: the queue by honest status, one payment (hold, release,
correct, cancel), one batch (download, withdraw), the programme's bank account, returns."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from samskap.core import paging
from samskap.core.errors import DomainError, NotFoundOrForbidden
from samskap.core.forms import add_problems, passed_fields
from samskap.core.http import get_or_404, message_on_refusal, refusal_on
from samskap.core.paging import page_of
from samskap.payments import access, returns, selectors, services
from samskap.payments.forms import (
    DebtorAccountForm,
    PaymentActionForm,
    ReturnsForm,
    WithdrawForm,
)
from samskap.payments.hold_services import OPEN_STATUSES
from samskap.payments.models import PaymentStatus
from samskap.payments.payees import current_payee
from samskap.payments.returns_services import REFUSED

MAX_RETURNS_FILE = returns.MAX_FILE_BYTES
LIST_LIMIT = 50


def _own_municipality(request):
    """The municipality whose payments the user manages; everyone else gets a 404.
    The services check the acting user again themselves."""
    if not access.sees_payments(request.user):
        raise Http404
    return request.user.municipality


def _refused_lines(report) -> dict | None:
    if report is None:
        return None
    refused = [line for line in report.lines if line.result == REFUSED]
    return {"lines": refused[: paging.PER_PAGE], "count": len(refused)}


# The overview's lists, one shown at a time (issue 14: rendering all seven lists of up to
# 50 payments cost 42 ms of Python a request). The waiting list, with the export and the
# bank's answers, is the default; each other list is a link carrying its count, so nothing
# that needs action is hidden, and only the chosen list is queried and rendered. Each list
# keeps its own pager parameter (the same as when they were all on the page).
LIST_PARAM = "liste"
WAITING, SET_ASIDE, HELD, SETTLED, RETURNED, BATCHES = (
    "ventende",
    "satt_til_side",
    "holdt",
    "sendt",
    "returnert",
    "bunter",
)
LISTS = (WAITING, SET_ASIDE, HELD, SETTLED, RETURNED, BATCHES)


def overview_url(shown: str = WAITING) -> str:
    """The overview with the list `shown` (where an action's result can be seen)."""
    url = reverse("payments:overview")
    return url if shown == WAITING else f"{url}?{LIST_PARAM}={shown}"


def _tabs(shown: str, counts: dict[str, int]) -> list[dict]:
    labels = {
        WAITING: _("Waiting for export"),
        SET_ASIDE: _("Set aside"),
        HELD: _("Held"),
        # Every payment past the queue, returned ones too: not "settled", a history.
        SETTLED: _("History"),
        RETURNED: _("Returned"),
        BATCHES: _("Exported batches"),
    }
    return [
        {
            "name": name,
            "label": labels[name],
            "count": counts[name],
            "url": overview_url(name),
            "current": name == shown,
        }
        for name in LISTS
    ]


def _shown_list(request, user, shown: str, counts: dict[str, int]) -> dict:
    """The context of the one list shown: only its queries run."""
    if shown == SET_ASIDE:
        selected = selectors.set_aside_payments(user=user)
    elif shown == HELD:
        selected = selectors.held_payments(user=user)
    elif shown == SETTLED:
        selected = selectors.settled_payments(user=user)
    elif shown == BATCHES:
        batches = selectors.batches_visible_to(user=user)
        return {"batches": page_of(request, batches, param=shown, count=counts[shown])}
    elif shown == RETURNED:
        return {
            "returned": page_of(
                request,
                selectors.returned_payments(user=user),
                param=shown,
                count=counts[shown],
            ),
            "returns_files": page_of(
                request,
                selectors.returns_files_visible_to(user=user),
                param="bankfiler",
                per_page=20,
            ),
        }
    else:
        selected = selectors.waiting_payments(user=user)
    key = {WAITING: "waiting", SET_ASIDE: "set_aside", HELD: "held", SETTLED: "settled"}[shown]
    return {key: page_of(request, selected, param=shown, count=counts[shown])}


def overview(request, form=None, report=None):
    _own_municipality(request)
    user = request.user
    # One statement counts every status and the batches; the lists take their lengths
    # (and the links their counts) from it instead of a COUNT each.
    statuses, batches = selectors.overview_summary(user=user)
    by_status = {row["status"]: row for row in statuses}
    pending = by_status[PaymentStatus.PENDING]
    counts = {
        WAITING: pending["count"] - pending["set_aside"],
        SET_ASIDE: pending["set_aside"],
        HELD: by_status[PaymentStatus.HELD]["count"],
        SETTLED: sum(by_status[status]["count"] for status in selectors.SETTLED_STATUSES),
        RETURNED: by_status[PaymentStatus.RETURNED]["count"],
        BATCHES: batches,
    }
    # A form answered on this page (a returns file) shows with the waiting list, where it is.
    shown = request.GET.get(LIST_PARAM) if form is None else WAITING
    if shown not in LISTS:
        shown = WAITING
    context = {
        "debtor": selectors.debtor_account_of(user=user),
        "statuses": statuses,
        "tabs": _tabs(shown, counts),
        "shown": shown,
        "summary": {"count": pending["count"], "total": pending["total"]},
        **_shown_list(request, user, shown, counts),
    }
    if shown == WAITING:
        context["form"] = form or ReturnsForm()
        # A refused file's report shows only the lines that cannot be applied, the first
        # page of them (the answer to a POST has no pages; fixing those comes first).
        context["refused"] = _refused_lines(report)
    return render(request, "payments/overview.html", context)


@require_POST
def export(request):
    municipality = _own_municipality(request)
    with message_on_refusal(request) as outcome:
        batch = services.payment_batch_export(acting_user=request.user, municipality=municipality)
    if outcome.refused:
        return redirect("payments:overview")
    set_aside = selectors.set_aside_payments(user=request.user).count()
    # Land where the result shows: the new file's download link, or what was set aside.
    if batch is not None:
        messages.success(
            request,
            ngettext(
                "Batch %(id)s is ready: %(count)d payment. "
                "Download the file and send it to the bank.",
                "Batch %(id)s is ready: %(count)d payments. "
                "Download the file and send it to the bank.",
                batch.payment_count,
            )
            % {"id": batch.message_id, "count": batch.payment_count},
        )
    elif not set_aside:
        messages.info(request, _("No payments are waiting for export."))
    if set_aside and batch is not None:
        messages.warning(
            request,
            ngettext(
                "%(count)d payment could not be written to the file and was set aside; "
                "the reason is under “Set aside”.",
                "%(count)d payments could not be written to the file and were set aside; "
                "the reasons are under “Set aside”.",
                set_aside,
            )
            % {"count": set_aside},
        )
    elif set_aside:
        message = ngettext(
            "%(count)d payment could not be written to the file and was set aside; "
            "see the reason below.",
            "%(count)d payments could not be written to the file and were set aside; "
            "see the reasons below.",
            set_aside,
        ) % {"count": set_aside}
        messages.error(request, message)
        return redirect(overview_url(SET_ASIDE))
    return redirect(overview_url(BATCHES if batch is not None else WAITING))


def batch_detail(request, batch_id: int):
    """One batch: its file, its payments, and withdrawal while the bank has not answered."""
    batch = get_or_404(access.access_batch, user=request.user, batch_id=batch_id)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with refusal_on(form):
            services.payment_batch_withdraw(
                acting_user=request.user, batch=batch, reason=form.cleaned_data["reason"]
            )
        if not form.errors:
            messages.success(
                request,
                _("The file is withdrawn. Its payments wait for the next file again."),
            )
            return redirect(overview_url(BATCHES))
    payments = page_of(request, batch.payments.select_related("subproject").order_by("id"))
    withdrawable = (
        not batch.is_withdrawn
        and not batch.payments.exclude(status=PaymentStatus.EXPORTED).exists()
    )
    return render(
        request,
        "payments/batch.html",
        {"batch": batch, "payments": payments, "form": form, "withdrawable": withdrawable},
    )


def batch_file(request, batch_id: int):
    """The stored file: downloading it again never makes new payments."""
    batch = get_or_404(access.access_batch, user=request.user, batch_id=batch_id)
    with message_on_refusal(request) as outcome:
        xml = services.payment_batch_download(acting_user=request.user, batch=batch)
    if outcome.refused:
        return redirect("payments:batch", batch_id=batch.pk)
    response = HttpResponse(xml, content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{batch.filename}"'
    return response


def _act(request, payment, form) -> str:
    action, reason = form.cleaned_data["action"], form.cleaned_data["reason"]
    common = {"acting_user": request.user, "payment": payment, "reason": reason}
    if action == "hold":
        services.payment_hold(**common)
        return _("The payment is held. It stays out of the files until you release it.")
    if action == "release":
        services.payment_release(**common)
        return _("The payment waits for the next file again.")
    if action == "cancel":
        services.payment_cancel(**common)
        return _("The payment is cancelled and its money is back in the sub-project's budget.")
    payee = current_payee(payment)
    if payee is None:
        raise DomainError(_("There is no current account to correct the payment from."))
    services.payment_correct(**common, creditor_name=payee.name, creditor_account=payee.account)
    return _("The payment now goes to the household's current account.")


def payment_detail(request, payment_id: int):
    """One payment: its state, why it was set aside or held, and what can be done."""
    payment = get_or_404(access.access_payment, user=request.user, payment_id=payment_id)
    form = PaymentActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with refusal_on(form):
            message = _act(request, payment, form)
        if not form.errors:
            messages.success(request, message)
            return redirect("payments:payment", payment_id=payment.pk)
    payee = current_payee(payment) if payment.status in OPEN_STATUSES else None
    return render(
        request,
        "payments/payment.html",
        {
            "payment": payment,
            "form": form,
            "is_open": payment.status in OPEN_STATUSES,
            "is_held": payment.status == PaymentStatus.HELD,
            "payee_last4": payee.account[-4:] if payee else "",
            "payee_differs": payee is not None
            and (payee.account, payee.name) != (payment.creditor_account, payment.creditor_name),
        },
    )


def debtor_account(request):
    """The programme's own bank account: the account every file of this municipality debits."""
    municipality = _own_municipality(request)
    current = selectors.debtor_account_of(user=request.user)
    initial = (
        {
            "name": current.name,
            "organisation_number": current.organisation_number,
            "account": current.account,
            "bic": current.bic,
        }
        if current
        else {}
    )
    form = DebtorAccountForm(request.POST or None, initial=initial)
    if request.method == "POST" and not form.is_valid():
        # The fields that passed the form are checked too, so all come in one answer.
        with refusal_on(form):
            add_problems(
                form,
                services.debtor_account_check(
                    acting_user=request.user,
                    municipality=municipality,
                    **passed_fields(form),
                ),
            )
    elif request.method == "POST":
        with refusal_on(form):
            services.debtor_account_set(
                acting_user=request.user, municipality=municipality, **form.cleaned_data
            )
        if not form.errors:
            messages.success(request, _("The programme's bank account is saved."))
            return redirect("payments:overview")
    return render(request, "payments/debtor.html", {"form": form, "current": current})


@require_POST
def returns_import(request):
    """Apply the bank's answer whole, then show its report; a refused file shows the report
    of the lines that cannot be applied, and nothing is changed."""
    municipality = _own_municipality(request)
    form = ReturnsForm(request.POST, request.FILES)
    if not form.is_valid():
        return overview(request, form=form)
    upload = form.cleaned_data["file"]
    if upload is not None and upload.size > MAX_RETURNS_FILE:
        form.add_error("file", _("The file is larger than 10 MB; this is not a returns file."))
        return overview(request, form=form)
    if upload is not None:
        data, filename = upload.read(), upload.name
    else:
        data, filename = form.cleaned_data["lines"].encode(), ""
    try:
        report = services.payment_returns_import(
            acting_user=request.user, municipality=municipality, data=data, filename=filename
        )
    except NotFoundOrForbidden as error:
        raise Http404 from error
    except services.ReturnsFileRefused as error:
        form.add_error(form.source_field, error.message)
        return overview(request, form=form, report=error.report)
    except DomainError as error:
        form.add_error(form.source_field, error.message)
        return overview(request, form=form)
    returns_file = report.returns_file
    if report.repeated:
        messages.info(
            request,
            _("This file was imported %(when)s. Nothing was changed this time.")
            % {
                "when": date_format(
                    timezone.localtime(returns_file.imported_at), "SHORT_DATETIME_FORMAT"
                )
            },
        )
    else:
        messages.success(
            request,
            _(
                "The file is imported: %(returned)s returned and given back to the budget, "
                "%(paid)s paid, %(unchanged)s unchanged."
            )
            % {"returned": report.returned, "paid": report.paid, "unchanged": report.unchanged},
        )
    return redirect("payments:returns_file", returns_file_id=returns_file.pk)


def returns_file(request, returns_file_id: int):
    """What an imported file did, line by line."""
    returns_file = get_or_404(
        access.access_returns_file, user=request.user, returns_file_id=returns_file_id
    )
    report = services.ReturnsReport.from_file(returns_file)
    lines = page_of(request, report.lines)
    return render(
        request, "payments/returns_file.html", {"returns_file": returns_file, "lines": lines}
    )
