"""Samskap's URLs and a trivial logged-in page (`/benk/tom/`), for benchmarks only."""

from django.http import HttpResponse
from django.urls import include, path


def trivial(request):
    """The floor: through every middleware and the login check, no query of its own."""
    return HttpResponse(f"ok {request.user.pk}", content_type="text/plain")


urlpatterns = [
    path("benk/tom/", trivial, name="bench_trivial"),
    path("", include("samskap.urls")),
]
