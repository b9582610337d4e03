"""Writes on grant schemes, programme agreements, the pot's ledger and delegated limits."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from samskap.accounts.access import require_system_or_manager
from samskap.accounts.models import MUNICIPALITY_WIDE_ROLES
from samskap.audit.services import audit_record_create
from samskap.core import blank_text
from samskap.core.errors import DomainError, NotFoundOrForbidden, Problems, full_clean_or_refuse
from samskap.core.money import parse_amount
from samskap.core.text import is_digits
from samskap.funding.agreement_services import (
    agreement_scheme_check,
    agreement_scheme_set,
    agreement_update,
)
from samskap.funding.authority_services import (
    authority_amounts_check,
    authority_ceiling_set,
    authority_limit_set,
)
from samskap.funding.guards import lock_subprojects
from samskap.funding.models import (
    GrantScheme,
    ProgrammeAgreement,
    ProgrammeEffectGoal,
    SchemeYearAmount,
)
from samskap.funding.money_services import (
    Commitment,
    Payout,
    Unpay,
    money_commit,
    money_commit_many,
    money_pay,
    money_pay_many,
    money_release,
    money_release_many,
    money_unpay,
    money_unpay_many,
)
from samskap.funding.pot_services import (
    agreement_close,
    allocation_check,
    allocation_create,
    carry_over_create,
    grant_receipt_check,
    grant_receipt_create,
    reallocation_check,
    reallocation_create,
    transaction_reverse,
)

__all__ = [
    "Commitment",
    "Payout",
    "Unpay",
    "agreement_check",
    "agreement_close",
    "agreement_create",
    "agreement_scheme_check",
    "agreement_scheme_set",
    "agreement_update",
    "allocation_check",
    "allocation_create",
    "authority_amounts_check",
    "authority_ceiling_set",
    "authority_limit_set",
    "carry_over_create",
    "grant_receipt_check",
    "grant_receipt_create",
    "grant_scheme_check",
    "grant_scheme_create",
    "lock_subprojects",
    "money_commit",
    "money_commit_many",
    "money_pay",
    "money_pay_many",
    "money_release",
    "money_release_many",
    "money_unpay",
    "money_unpay_many",
    "reallocation_check",
    "reallocation_create",
    "transaction_reverse",
]


@transaction.atomic
def grant_scheme_create(
    *,
    acting_user,
    name: str,
    ministry: str,
    directorate: str,
    budget_chapter: str,
    budget_post: str,
    reporting_duties: str = "",
) -> GrantScheme:
    """Register a state grant scheme. Schemes are national, shared by every municipality:
    any municipality's economist or administrator may register one (None: the system)."""
    _require_scheme_registrar(acting_user)
    name, budget_chapter, budget_post = (
        (value or "").strip() for value in (name, budget_chapter, budget_post)
    )
    _grant_scheme_problems(
        name=name, budget_chapter=budget_chapter, budget_post=budget_post
    ).refuse()
    scheme = GrantScheme(
        name=name,
        ministry=(ministry or "").strip(),
        directorate=(directorate or "").strip(),
        budget_chapter=budget_chapter,
        budget_post=budget_post,
        reporting_duties=reporting_duties,
    )
    full_clean_or_refuse(scheme)
    scheme.save()
    audit_record_create(
        actor=acting_user,
        action="grant_scheme.create",
        target=scheme,
        new_values={"name": name, "budget_line": scheme.budget_line},
    )
    return scheme


def _require_scheme_registrar(acting_user) -> None:
    if acting_user is not None and not (
        acting_user.is_superuser
        or (acting_user.role in MUNICIPALITY_WIDE_ROLES and acting_user.municipality_id)
    ):
        raise NotFoundOrForbidden("grant_scheme")


def _grant_scheme_problems(*, name=None, budget_chapter=None, budget_post=None) -> Problems:
    """The scheme's checks of the fields given (None: refused by the form, not checked),
    all of them: the budget line's shape (Norwegian state budget: a chapter of up to
    four digits, a post of two), then whether the name or the line is taken."""
    problems = Problems()
    chapter_ok = budget_chapter is not None and is_digits(budget_chapter)
    chapter_ok = chapter_ok and 1 <= len(budget_chapter) <= 4
    post_ok = budget_post is not None and is_digits(budget_post) and len(budget_post) == 2
    if budget_chapter is not None and not chapter_ok:
        problems.add(
            _("The state budget chapter is a number of up to four digits, e.g. 846."),
            field="budget_chapter",
        )
    if budget_post is not None and not post_ok:
        problems.add(_("The state budget post has two digits, e.g. 63."), field="budget_post")
    if name and GrantScheme.objects.filter(name__iexact=name).exists():
        problems.add(_("A grant scheme by this name is already registered."), field="name")
    if (
        chapter_ok
        and post_ok
        and GrantScheme.objects.filter(
            budget_chapter=budget_chapter, budget_post=budget_post
        ).exists()
    ):
        problems.add(
            _("A grant scheme on this budget chapter and post is already registered."),
            field="budget_post",
        )
    return problems


def grant_scheme_check(*, acting_user, **fields) -> list[DomainError]:
    """What `grant_scheme_create` would refuse of the fields that passed the form
    (`fields`: any of name, budget_chapter, budget_post), without writing: for the page
    when other fields were refused, so every problem shows in one answer."""
    _require_scheme_registrar(acting_user)
    return _grant_scheme_problems(
        **{key: (value or "").strip() for key, value in fields.items()}
    ).items


def _agreement_period_problems(*, starts_on=None, ends_on=None) -> Problems:
    """The period's checks, run when both days were read (a pair)."""
    problems = Problems()
    if starts_on is None or ends_on is None:
        return problems
    if starts_on >= ends_on:
        problems.add(_("The agreement must end after it starts."), field="ends_on")
    elif ends_on.year - starts_on.year > 10:
        problems.add(_("An agreement runs for at most ten years."), field="ends_on")
    return problems


def agreement_check(*, acting_user, municipality, **fields) -> list[DomainError]:
    """What `agreement_create` would refuse the period with when it passed the form
    (`fields`: starts_on, ends_on), without writing: for the page when other fields were
    refused, so every problem shows in one answer."""
    require_system_or_manager(user=acting_user, municipality_id=municipality.pk, what="agreement")
    return _agreement_period_problems(**fields).items


@transaction.atomic
def agreement_create(
    *,
    acting_user,
    municipality,
    name: str,
    reference: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    yearly_amounts: dict[GrantScheme, dict[int, Decimal]],
    effect_goals: list[str] = (),
) -> ProgrammeAgreement:
    """Register a programme agreement with each scheme's amount per calendar year.

    Only the municipality's economist or administrator (None: the system). Schemes and
    amounts can also be added afterwards, one scheme at a time (`agreement_scheme_set`).
    """
    require_system_or_manager(user=acting_user, municipality_id=municipality.pk, what="agreement")
    _agreement_period_problems(starts_on=starts_on, ends_on=ends_on).refuse()
    name, reference = (name or "").strip(), (reference or "").strip()
    if ProgrammeAgreement.objects.filter(municipality=municipality, reference=reference).exists():
        raise DomainError(
            _("The municipality already has an agreement with this reference."), field="reference"
        )
    agreement = ProgrammeAgreement(
        municipality=municipality,
        name=name,
        reference=reference,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    full_clean_or_refuse(agreement)
    agreement.save()
    years = set(agreement.years)
    lines = []
    for scheme, per_year in yearly_amounts.items():
        for year, amount in per_year.items():
            if year not in years:
                raise DomainError(
                    _("%(year)s is outside the agreement period.") % {"year": year}, field="year"
                )
            lines.append(
                SchemeYearAmount(
                    agreement=agreement, scheme=scheme, year=year, amount=parse_amount(amount)
                )
            )
    blank_text.bulk_create(SchemeYearAmount.objects, lines)
    blank_text.bulk_create(
        ProgrammeEffectGoal.objects,
        [
            ProgrammeEffectGoal(agreement=agreement, position=position, description=text)
            for position, text in enumerate(effect_goals, start=1)
        ],
    )
    audit_record_create(
        actor=acting_user,
        action="agreement.create",
        target=agreement,
        new_values={
            "reference": reference,
            "starts_on": starts_on,
            "ends_on": ends_on,
            # [budget line, year, amount] rows: the trail's keys are fixed names only.
            "yearly_amounts": [
                [scheme.budget_line, year, str(amount)]
                for scheme, per_year in yearly_amounts.items()
                for year, amount in per_year.items()
            ],
        },
        municipality=municipality,
    )
    return agreement
