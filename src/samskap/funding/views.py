"""Pages about the pot."""

from django.shortcuts import render

from samskap.funding import selectors


def pot_overview(request):
    plans = [
        selectors.pot_plan(agreement=agreement)
        for agreement in selectors.agreements_visible_to(user=request.user)
    ]
    return render(request, "funding/pot_overview.html", {"plans": plans})
