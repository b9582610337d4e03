"""Navigation for the page shell, chosen by the user's role."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samskap.support.navigation import support_navigation


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": []}
    items = [
        (_("Start"), reverse("web:home")),
        (_("The pot"), reverse("funding:pot")),
        (_("Sub-projects"), reverse("subprojects:list")),
        *support_navigation(user),
    ]
    current = request.path
    return {
        "navigation": [
            {"label": label, "url": url, "current": current == url} for label, url in items
        ]
    }
