"""Pages with more than one form say which one was sent in a hidden `action` field. A POST
naming no action, or one the page does not know, changes nothing: the page answers 400
with a message, and never guesses which form was meant (a stray POST once saved an
outcome)."""

from django.contrib import messages
from django.utils.translation import gettext as _


def posted_action(request, *known: str) -> str | None:
    """The action the POST names when it is one of `known`; otherwise None, after an error
    message for the page (the caller answers 400 and stores nothing)."""
    action = request.POST.get("action")
    if action in known:
        return action
    messages.error(
        request,
        _("The page could not tell which form was sent, so nothing was saved. Try again."),
    )
    return None
