"""Turning domain lookups into HTTP answers in views."""

from django.http import Http404

from samskap.core.errors import NotFoundOrForbidden


def get_or_404(selector, **kwargs):
    """Call an access selector; "forbidden" and "missing" both become the same 404."""
    try:
        return selector(**kwargs)
    except NotFoundOrForbidden as error:
        raise Http404 from error
