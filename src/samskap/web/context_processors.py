"""Navigation for the page shell: each context contributes its own entries.

The menu is the same for everyone of the same role, superuser flag, active flag and
municipality-or-not (the contributors decide on nothing else; tests/web/test_navigation.py
fails if one reads anything else), so each worker works it out once per shape of user and
language and keeps it: two dozen `reverse()` calls and a template loop of lazy labels were
about 1 ms of every page (docs/benchmarks.md, *The page shell*)."""

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from samskap.accounts.access import sets_up_municipality
from samskap.accounts.models import Role
from samskap.accounts.navigation import accounts_navigation
from samskap.effects.navigation import effects_navigation
from samskap.funding.navigation import funding_navigation
from samskap.outside_account.navigation import outside_account_navigation
from samskap.oversight.navigation import oversight_navigation
from samskap.payments.navigation import payments_navigation
from samskap.people.navigation import people_navigation
from samskap.subprojects.navigation import subprojects_navigation
from samskap.support.navigation import support_navigation

# Menu order: start, the money, the work with families, the bank.
CONTRIBUTORS = (
    funding_navigation,
    subprojects_navigation,
    people_navigation,
    support_navigation,
    payments_navigation,
    effects_navigation,
    outside_account_navigation,
    oversight_navigation,
)
# The administrator sets the municipality up: its start page is the set-up, and the menu
# holds what it sets up (no households: an administrator holds no team seat).
ADMINISTRATOR_CONTRIBUTORS = (
    accounts_navigation,
    subprojects_navigation,
    funding_navigation,
    payments_navigation,
)

# What the menu may depend on. A contributor that decides on anything else (a team seat,
# a permission, a query) must be added here, or the menus of two users would be mixed up.
SHAPE_ATTRIBUTES = ("role", "is_superuser", "is_active")

# (shape, urlconf, script prefix) -> ((label, url), ...); the labels are lazy, so one
# entry serves every language.
_items: dict[tuple, tuple[tuple[object, str], ...]] = {}
# (items key, language, positions of the current item) -> the menu's <li> elements.
_html: dict[tuple, str] = {}


@receiver(setting_changed)
def _forget(**_kwargs) -> None:
    """Tests change the URLs, languages and templates: work the menus out again."""
    _items.clear()
    _html.clear()


def menu_shape(user) -> tuple:
    """The attributes of `user` the menu is a function of."""
    return (
        *(getattr(user, name) for name in SHAPE_ATTRIBUTES),
        user.municipality_id is not None,
    )


def menu_items(user) -> list[tuple[object, str]]:
    """(label, url) of every entry `user` sees, worked out afresh (the uncached path)."""
    items = [(_("Start"), reverse("web:home"))]
    if user.role == Role.ADMINISTRATOR:
        contributors = ADMINISTRATOR_CONTRIBUTORS
    else:
        contributors = CONTRIBUTORS
        if sets_up_municipality(user):
            items.append((_("Set-up"), reverse("web:setup")))
    for contribute in contributors:
        items += contribute(user)
    return items


def navigation(request):
    """`navigation`: the main menu's <li> elements (safe HTML), "" for anonymous users."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": ""}
    key = (menu_shape(user), get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())
    items = _items.get(key)
    if items is None:
        items = _items[key] = tuple(menu_items(user))
    current = tuple(index for index, (_label, url) in enumerate(items) if url == request.path)
    html_key = (key, get_language(), current)
    html = _html.get(html_key)
    if html is None:
        html = _html[html_key] = render_to_string(
            "web/navigation.html",
            {
                "items": [
                    {"label": label, "url": url, "current": index in current}
                    for index, (label, url) in enumerate(items)
                ]
            },
        )
    return {"navigation": html}
