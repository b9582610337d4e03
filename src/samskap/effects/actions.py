"""Pages with more than one form say which one was sent in a hidden `action` field. A POST
naming no action, more than one, or one the page does not know, changes nothing: the page
answers 400 with a message, and never guesses which form was meant (a stray POST once
saved an outcome)."""

from django.contrib import messages
from django.utils.translation import gettext as _


def posted_action(request, *known: str) -> str | None:
    """The action the POST names when it is one of `known`; otherwise None, after an error
    message for the page (the caller answers 400 and stores nothing)."""
    actions = request.POST.getlist("action")
    # Two actions in one POST (a hand-made request) are as unclear as none.
    if len(actions) == 1 and actions[0] in known:
        return actions[0]
    messages.error(
        request,
        _("The page could not tell which form was sent, so nothing was saved. Try again."),
    )
    return None
