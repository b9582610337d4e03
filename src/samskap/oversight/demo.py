"""Oversight's demo step: every demo staff member has read and confirmed the ethics guide.

Runs before the support step, whose demo meetings decide money: the decision services
refuse anyone who has not confirmed the guide this year, and the demo users are no
exception, they confirm it like anyone else (through the service, idempotently).
"""

from samskap.oversight import ethics
from samskap.oversight.services import ethics_acknowledge
from samskap.oversight.services.ethics import may_acknowledge


def load(context: dict) -> None:
    for user in context["users"].values():
        if may_acknowledge(user) and not ethics.has_acknowledged(user=user):
            ethics_acknowledge(acting_user=user, version=ethics.GUIDE_VERSION)
