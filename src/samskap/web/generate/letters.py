"""The motivation letter every generated request stands on, written and confirmed through
the support services (the citizen's confirmation by its link's token)."""

from samskap.support import services as support_services
from samskap.support.links import letter_token


def confirmed_letter(*, proposer, household, subproject):
    """A driving-licence letter for `household` in `subproject`, written by `proposer` and
    confirmed."""
    letter = support_services.letter_write(
        acting_user=proposer,
        household=household,
        subproject=subproject,
        language="nb",
        need="Førerkort",
        purpose="Kjøretimer",
        commitment="Møte opp til timene",
    )
    return support_services.letter_confirm(token=letter_token(letter))
