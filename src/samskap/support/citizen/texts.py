"""What the citizen reads when a letter link does not work, in their language."""

from django.utils.translation import gettext_lazy as _

LINK_EXPIRED = _(
    "This link has expired. Ask your contact person to send you a new link. "
    "Nothing has been changed."
)
LINK_INVALID = _(
    "This link is not valid. Check that you opened the whole link, or ask your "
    "contact person for a new one. Nothing has been changed."
)
LINK_OUTDATED = _(
    "This link does not match the letter any more. Ask your contact person for a "
    "new link. Nothing has been changed."
)
LINK_SUPERSEDED = _(
    "There is a newer version of this letter, so this link no longer works. Ask your "
    "contact person for the link to the newest letter. Nothing has been changed."
)
