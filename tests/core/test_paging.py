"""A page number that makes no sense (?side=x, 0, -1, 1.5, 999, a 30-digit number) shows a
page, never an error and never a 400: the shared pager (core.paging.page_of) does what
Django's Paginator.get_page does, except below 1. Not a number, 0 or below: the first page;
past the end: the last.
Checked once through the pager and once per family of paged pages. (A nonsense *filter*
is different: it is refused with 400, see tests/people/test_household_list.py.)"""

import pytest
from django.core.paginator import Page
from django.test import RequestFactory
from django.urls import reverse

from samskap.core import paging
from samskap.core.paging import page_of
from samskap.payments.models import PaymentBatch, ReturnsFile
from tests.support.factories import household

FIRST = ("x", "", "1.5", "1e3", "²", "NaN", "side=2", "0", "-1", "-99999")
LAST = ("4", "999", "9" * 30, "1" * 5000)  # 5,000 digits: beyond Python's int() limit
OUT_OF_RANGE = ("99999", "9" * 30)  # beyond any demo list


def _page(value) -> Page:
    request = RequestFactory().get("/", {"side": value})
    return page_of(request, list(range(5)), per_page=2)


@pytest.mark.parametrize("value", FIRST)
def test_not_a_page_number_shows_the_first_page(value):
    page = _page(value)
    assert page.number == 1 and list(page) == [0, 1]


@pytest.mark.parametrize("value", LAST)
def test_a_page_out_of_range_shows_the_last_page(value):
    page = _page(value)
    assert page.number == 3 and list(page) == [4]


def test_a_missing_page_number_shows_the_first_page_and_an_empty_list_one_page():
    page = page_of(RequestFactory().get("/"), [], per_page=2)
    assert page.number == 1 and list(page) == [] and page.param == "side"


def _pages_of(response) -> dict[str, Page]:
    contexts = response.context if isinstance(response.context, list) else [response.context]
    return {
        value.param: value
        for context in contexts
        for value in context.flatten().values()
        if isinstance(value, Page) and hasattr(value, "param")
    }


def _families(demo):
    budget = reverse("funding:subproject", args=[demo["subprojects"]["Veien til førerkortet"].pk])
    batch = PaymentBatch.objects.order_by("pk").first()
    returns = ReturnsFile.objects.order_by("pk").first()
    return [
        ("kontakt", reverse("people:list")),
        ("kontakt", reverse("support:tasks")),
        ("okonom", reverse("support:escalated")),
        ("okonom", reverse("support:repayments")),
        # The payments overview shows one list at a time (issue 14): each on its link.
        *[
            ("okonom", reverse("payments:overview") + f"?liste={shown}")
            for shown in ("ventende", "satt_til_side", "holdt", "sendt", "returnert", "bunter")
        ],
        ("okonom", budget),
        ("okonom", reverse("payments:batch", args=[batch.pk])),
        ("okonom", reverse("payments:returns_file", args=[returns.pk])),
    ]


def test_every_paged_page_shows_a_page_for_a_nonsense_page_number(demo, client_for, monkeypatch):
    monkeypatch.setattr(paging, "PER_PAGE", 1)
    household(demo, alias="Familien Side")
    checked = set()
    for role, url in _families(demo):
        client = client_for(role)
        path, _, shown = url.partition("?liste=")
        chosen = {"liste": shown} if shown else {}
        params = _pages_of(client.get(path, chosen))
        assert params, url  # the page has at least one paged list
        for param in params:
            for value in FIRST + OUT_OF_RANGE:
                response = client.get(path, {**chosen, param: value})
                assert response.status_code == 200, (url, param, value)
                shown = _pages_of(response)[param]
                expected = 1 if value in FIRST else shown.paginator.num_pages
                assert shown.number == expected, (url, param, value)
            checked.add((url, param))
    assert len(checked) >= 15
