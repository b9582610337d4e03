"""Pages about sub-projects."""

from django.shortcuts import render

from samskap.core.http import get_or_404
from samskap.subprojects import selectors


def subproject_list(request):
    subprojects = selectors.subprojects_visible_to(user=request.user).prefetch_related(
        "effect_goals"
    )
    return render(request, "subprojects/list.html", {"subprojects": subprojects})


def subproject_detail(request, subproject_id: int):
    subproject = get_or_404(
        selectors.subproject_for, user=request.user, subproject_id=subproject_id
    )
    return render(request, "subprojects/detail.html", {"subproject": subproject})
