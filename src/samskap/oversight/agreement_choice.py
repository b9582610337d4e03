"""The answer of an oversight page asked for an agreement the user may not choose."""

from django.shortcuts import render
from django.utils.translation import gettext as _

from samskap.core.forms import named_message


def refused_agreement(request, template: str, agreements):
    """The page with only its agreement chooser and why the asked-for one is not shown
    (400): the answer when `access.chosen_agreement` gives no agreement."""
    message = _("Choose one of the programme agreements in the list.")
    context = {
        "agreements": agreements,
        "agreement": None,
        "agreement_error": message,
        "summary": [
            {"message": named_message(_("Programme agreement"), message), "anchor": "avtale"}
        ],
    }
    return render(request, template, context, status=400)
