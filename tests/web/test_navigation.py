"""The main menu is worked out once per shape of user and language and kept
(samskap.web.context_processors): these tests fail if a kept menu is the wrong one."""

import itertools
import re

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from samskap.accounts.models import Role, User
from samskap.web import context_processors
from samskap.web.context_processors import menu_items, menu_shape, navigation

# What the contributors may read of a user: the shape, and properties made of it alone.
SHAPE_READS = {
    "role",
    "is_superuser",
    "is_active",
    "municipality_id",
    "is_authenticated",
    "is_state_viewer",
}


def _user(role, *, superuser=False, active=True, municipality=True, pk=1):
    return User(
        pk=pk,
        username=f"u{pk}",
        role=role,
        is_superuser=superuser,
        is_active=active,
        municipality_id=7 if municipality else None,
    )


EVERY_SHAPE = [
    _user(role, superuser=superuser, active=active, municipality=municipality)
    for role, superuser, active, municipality in itertools.product(
        Role.values, (False, True), (True, False), (True, False)
    )
]


class Recorder:
    """A user that notes every attribute a contributor reads."""

    def __init__(self, user):
        self._user = user
        self.read = set()

    def __getattr__(self, name):
        self.read.add(name)
        return getattr(self._user, name)


@pytest.fixture(autouse=True)
def _no_kept_menus():
    context_processors._forget()
    yield
    context_processors._forget()


def _menu(user, path, language):
    request = RequestFactory().get(path)
    request.user = user
    with translation.override(language):
        return _tags(navigation(request)["navigation"])


def _tags(html):
    """The elements, whatever the whitespace between them."""
    return re.sub(r">\s+<", "><", str(html)).strip()


def _fresh(user, path, language):
    """The menu as it was built before it was kept: every entry, then the current one."""
    current = ' aria-current="page"'
    with translation.override(language):
        return _tags(
            "".join(
                f'<li><a class="ds-link" href="{escape(url)}"{current if url == path else ""}>'
                f"{escape(label)}</a></li>"
                for label, url in menu_items(user)
            )
        )


def test_the_menu_reads_nothing_of_the_user_but_its_shape():
    """A contributor that decided on a team seat or a permission would give two users of
    the same shape different menus: it must be added to SHAPE_ATTRIBUTES first."""
    for user in EVERY_SHAPE:
        recorder = Recorder(user)
        menu_items(recorder)  # no database either: this test has none
        assert recorder.read <= SHAPE_READS, (user.role, recorder.read - SHAPE_READS)


def test_a_kept_menu_is_the_one_worked_out_afresh_for_every_shape_language_and_page():
    paths = {"/ingen-meny/"} | {url for user in EVERY_SHAPE for _label, url in menu_items(user)}
    for path, language in itertools.product(sorted(paths), ("nb", "en")):
        for user in EVERY_SHAPE:
            # Twice: worked out, then kept.
            assert _menu(user, path, language) == _fresh(user, path, language)
            assert _menu(user, path, language) == _fresh(user, path, language)


def test_the_language_the_role_and_the_page_each_give_their_own_menu():
    economist = _user(Role.ECONOMIST)
    member = _user(Role.TEAM_MEMBER, pk=2)
    pot = reverse("funding:pot")
    payments = reverse("payments:overview")

    norwegian = _menu(economist, pot, "nb")
    english = _menu(economist, pot, "en")
    assert ">Potten</a>" in norwegian
    assert ">The pot</a>" in english and ">Potten</a>" not in english

    assert f'href="{payments}"' in _menu(economist, pot, "nb")
    assert f'href="{payments}"' not in _menu(member, pot, "nb")
    assert f'href="{reverse("people:list")}"' in _menu(member, pot, "nb")

    assert re.findall(r'href="([^"]+)" aria-current="page"', _menu(economist, pot, "nb")) == [pot]
    assert re.findall(r'href="([^"]+)" aria-current="page"', _menu(economist, payments, "nb")) == [
        payments
    ]
    assert "aria-current" not in _menu(economist, "/ingen-meny/", "nb")


def test_two_users_of_one_shape_share_a_menu_and_another_shape_does_not():
    one, other = _user(Role.UNIT_LEAD, pk=1), _user(Role.UNIT_LEAD, pk=2)
    assert menu_shape(one) == menu_shape(other)
    assert _menu(one, "/", "nb") == _menu(other, "/", "nb")
    without_municipality = _user(Role.UNIT_LEAD, pk=3, municipality=False)
    assert menu_shape(without_municipality) != menu_shape(one)
    assert _menu(without_municipality, "/", "nb") != _menu(one, "/", "nb")


def test_anonymous_visitors_get_no_menu():
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    assert navigation(request) == {"navigation": ""}
