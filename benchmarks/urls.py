"""Samskap's URLs and a trivial logged-in page (`/benk/tom/`), for benchmarks only."""

from django.http import HttpResponse
from django.template import engines
from django.urls import include, path

# The shared page shell and nothing else: base.html's menu, header, language switch,
# messages and context processors, with an empty content block.
LAYOUT = engines["django"].from_string(
    '{% extends "base.html" %}{% block title %}Tom{% endblock %}'
)


def trivial(request):
    """The floor: through every middleware and the login check, no query of its own."""
    return HttpResponse(f"ok {request.user.pk}", content_type="text/plain")


def layout(request):
    """What every page costs beyond the trivial view: the shell, with no content."""
    return HttpResponse(LAYOUT.render(request=request))


urlpatterns = [
    path("benk/tom/", trivial, name="bench_trivial"),
    path("benk/ramme/", layout, name="bench_layout"),
    path("", include("samskap.urls")),
]
