"""What a target-group member reads on the participation page, in every citizen language.

The services raise these (effects.participation_services); the page shows them in the
language the member picked, else their preferred language, else bokmål.
"""

from django.utils.translation import gettext_lazy as _

LINK_EXPIRED = _("This link has expired. Ask your contact person for a new one.")
LINK_INVALID = _("This link is not valid. Ask your contact person for a new one.")
ROUND_CLOSED = _("This round closed on %(date)s.")
ROUND_NOT_OPEN = _("This round opens on %(date)s.")
WRITE_PROPOSAL = _("Write your proposal.")
AT_MOST_500 = _("Write at most 500 characters.")
FIVE_PROPOSALS = _("You have already made five proposals in this round.")
CHOOSE_PROPOSAL = _("Choose one of the proposals.")
ALREADY_VOTED = _("You have already voted in this round. One vote per person.")
VOTE_COUNTED = _("Thank you. Your vote is counted.")
PROPOSAL_SENT = _("Thank you. Your proposal is sent to the team.")
UNCLEAR_FORM = _("The page could not tell which form was sent, so nothing was saved. Try again.")

# What the team did with a proposal, as the target group reads it (ProposalResponse).
TEAM_ANSWERS = {
    "open": _("The team has not answered yet."),
    "done": _("The team has done this."),
    "planned": _("The team plans to do this."),
    "not_done": _("The team will not do this."),
}
