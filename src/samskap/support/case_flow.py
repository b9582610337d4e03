"""The guided case: household, people, payout account, consent, needs mapping, letter and
request as steps of one flow (issue #10, item 2).

Nothing here writes: each step's page calls the existing write services (which check
access themselves), so the flow saves as it goes. Where the case stands is read from what
is stored, so it can be resumed from any device: `case_state` says which steps are done
and which comes next.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samskap.people.selectors import has_processing_basis
from samskap.support.models import MotivationLetter, NeedsMapping, SupportRequest

# (key, URL name, label), in the order the contact person meets them.
STEPS = (
    ("household", "support:case_start", _("Household")),
    ("members", "support:case_members", _("People")),
    ("account", "support:case_account", _("Payout account")),
    ("consent", "support:case_consent", _("Consent")),
    ("mapping", "support:case_mapping", _("Needs mapping")),
    ("letter", "support:case_letter", _("Letter")),
    ("request", "support:case_request", _("Request")),
)
STEP_KEYS = [key for key, _url, _label in STEPS]


@dataclass(frozen=True)
class Step:
    key: str
    number: int
    label: str
    url: str
    done: bool
    current: bool


@dataclass(frozen=True)
class CaseState:
    household: object
    subproject: object
    steps: list[Step]
    open_letter: MotivationLetter | None  # the latest letter not yet in a request
    request: SupportRequest | None  # the request made from the latest letter, once made
    next_url: str

    @property
    def has_account(self) -> bool:
        return bool(self.household.bank_account)

    @property
    def has_basis(self) -> bool:
        return next(step for step in self.steps if step.key == "consent").done


def case_state(*, household, subproject, current: str = "") -> CaseState:
    """Where the household's case in `subproject` stands; `current` marks the open step."""
    letter = (
        MotivationLetter.objects.filter(household=household, subproject=subproject)
        .order_by("-written_at", "-pk")
        .first()
    )
    request = None
    if letter is not None:
        request = (
            SupportRequest.objects.filter(letter=letter).order_by("-requested_at", "-pk").first()
        )
    open_letter = letter if letter is not None and request is None else None
    done = {
        "household": True,
        "members": True,  # the first person is registered with the household
        "account": bool(household.bank_account),
        "consent": has_processing_basis(household=household),
        "mapping": NeedsMapping.objects.filter(household=household, subproject=subproject).exists(),
        "letter": letter is not None,
        "request": request is not None,
    }
    steps = []
    for number, (key, url_name, label) in enumerate(STEPS, start=1):
        url = (
            reverse("people:detail", args=[household.pk])
            if key == "household"
            else reverse(url_name, args=[household.pk])
        )
        steps.append(Step(key, number, label, url, done[key], key == current))
    if request is not None:
        next_url = reverse("support:request_detail", args=[request.pk])
    else:
        # The account may wait (a purchase needs none); the rest is needed for a request.
        pending = [key for key in ("consent", "mapping", "letter", "request") if not done[key]]
        next_url = reverse(f"support:case_{pending[0]}", args=[household.pk])
    return CaseState(household, subproject, steps, open_letter, request, next_url)
