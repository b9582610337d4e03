"""Turning domain lookups into HTTP answers in views."""

from django.http import Http404
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

from samskap.core.errors import NotFoundOrForbidden


def get_or_404(selector, **kwargs):
    """Call an access selector; "forbidden" and "missing" both become the same 404."""
    try:
        return selector(**kwargs)
    except NotFoundOrForbidden as error:
        raise Http404 from error


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
