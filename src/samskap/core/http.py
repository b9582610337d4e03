"""Turning domain lookups into HTTP answers in views."""

from contextlib import contextmanager
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from samskap.core.errors import DomainError, NotFoundOrForbidden
from samskap.core.forms import MAX_KEY, add_domain_error


def get_or_404(selector, **kwargs):
    """Call an access selector; "forbidden" and "missing" both become the same 404.

    An id from the URL that no database integer holds is missing too: Django guards an
    exact lookup on the key, not one on a foreign key (a request number of twenty nines
    answered 500).
    """
    if any(type(value) is int and abs(value) > MAX_KEY for value in kwargs.values()):
        raise Http404
    try:
        return selector(**kwargs)
    except NotFoundOrForbidden as error:
        raise Http404 from error


@contextmanager
def refusal_on(form: forms.Form):
    """Run a write service for a valid form; its refusal goes on the form.

    A `DomainError` is shown on the field it names (or above the form) and the block ends
    there, so `form.errors` tells afterwards whether the service accepted. "Forbidden or
    missing" (`NotFoundOrForbidden`) becomes the same 404 as `get_or_404`.
    """
    try:
        yield
    except NotFoundOrForbidden as error:
        raise Http404 from error
    except DomainError as error:
        add_domain_error(form, error)


@dataclass
class Outcome:
    refused: bool = False


@contextmanager
def message_on_refusal(request):
    """Run a write service for a button without a form of its own (mark done, remove,
    deactivate); its refusal becomes an error message on the next page.

    `outcome.refused` tells afterwards whether it did. "Forbidden or missing"
    (`NotFoundOrForbidden`) becomes the same 404 as `get_or_404`.
    """
    outcome = Outcome()
    try:
        yield outcome
    except NotFoundOrForbidden as error:
        raise Http404 from error
    except DomainError as error:
        messages.error(request, error.message)
        outcome.refused = True


def already_recorded(request, *, message: str, next_url: str, next_label: str):
    """The page a repeated form lands on: what was recorded the first time, and a way on."""
    context = {"message": message, "next_url": next_url, "next_label": next_label}
    return render(request, "core/already_recorded.html", context)


def safe_next_url(request, fallback: str) -> str:
    """The `next` URL of the request when it stays on this site, else `fallback`."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def back_to_page(request, address: str, message: str):
    """A download whose query gives no file (typed in, or kept from an old link): back to
    the page at `address` with the same query, whose fields say what is wrong, and
    `message` on top. A 400 page in place of a file was a dead end (the trial)."""
    messages.warning(request, message)
    query = request.GET.urlencode()
    return redirect(f"{address}?{query}" if query else address)
