"""Reviewing a misuse signal, and the municipality's thresholds."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.utils.translation import gettext as _

from samskap.accounts.access import require_municipality_manager
from samskap.audit.services import audit_record_create
from samskap.core.errors import DomainError, Problems, full_clean_or_refuse
from samskap.core.money import MAX_AMOUNT
from samskap.core.numbers import parse_decimal, typed
from samskap.oversight.models import ReviewOutcome, SignalReview, SignalThresholds
from samskap.oversight.signal_access import access_signal

NOTE_LENGTH = 1000
THRESHOLD_FIELDS = (
    "staff_factor",
    "staff_min_count",
    "repeat_count",
    "repeat_amount",
    "split_window_days",
    "mutual_min_count",
    "mutual_factor",
    "account_days",
    "account_large_amount",
    "account_households",
    "target_margin_years",
    "several_subprojects",
    "several_window_days",
)


@transaction.atomic
def signal_review_record(
    *, acting_user, key: str, year: int, outcome: str, note: str
) -> SignalReview:
    """A lead of one of the signal's sub-projects (or the economy) records what they found.

    Nobody reviews a signal about themselves (forvaltningsloven § 6): another lead or the
    economist does. The note stays on the review; the audit row keeps ids and the outcome.
    """
    signal = access_signal(user=acting_user, key=key, year=year)
    if signal.involves(acting_user.pk):
        raise DomainError(
            _(
                "The signal is about you, so someone else reviews it: another lead of the "
                "sub-project or the economist."
            )
        )
    if outcome not in ReviewOutcome.values:
        raise DomainError(_("Choose an outcome."), field="outcome")
    words = " ".join(str(note or "").split())
    if not words:
        raise DomainError(_("Write a short note on what you found."), field="note")
    if len(words) > NOTE_LENGTH:
        raise DomainError(
            _("The note can be at most %(limit)s characters.") % {"limit": NOTE_LENGTH},
            field="note",
        )
    review = SignalReview.objects.create(
        municipality_id=acting_user.municipality_id,
        key=signal.key,
        kind=signal.kind,
        outcome=outcome,
        note=words,
        reviewed_by=acting_user,
    )
    audit_record_create(
        actor=acting_user,
        action="signal.review",
        target=review,
        new_values={
            "signal": signal.key,
            "kind": signal.kind,
            "outcome": outcome,
            "subprojects": sorted(signal.subproject_ids),
        },
        municipality_id=acting_user.municipality_id,
    )
    return review


def _limits(name: str) -> tuple[Decimal, Decimal]:
    """The range of a threshold, from the model field's validators (amounts: above zero,
    at most MAX_AMOUNT)."""
    field = SignalThresholds._meta.get_field(name)
    low, high = Decimal("0.01"), MAX_AMOUNT
    for validator in field.validators:
        if isinstance(validator, MinValueValidator):
            low = Decimal(validator.limit_value)
        elif isinstance(validator, MaxValueValidator):
            high = Decimal(validator.limit_value)
    return low, high


def _threshold(name: str, value) -> Decimal:
    """A typed threshold ("1,5", "45 000", 3) within its range, or DomainError on the
    field in words: never a database constraint's name."""
    number = parse_decimal(value, field=name)
    if number is None:
        raise DomainError(_("Enter a value."), field=name)
    low, high = _limits(name)
    field = SignalThresholds._meta.get_field(name)
    words = {"low": typed(low), "high": typed(high)}
    if isinstance(field, models.DecimalField) and field.decimal_places == 2:
        if number <= 0:
            raise DomainError(_("Enter an amount greater than zero."), field=name)
        if number > high or number != number.quantize(Decimal("0.01")):
            raise DomainError(
                _("Enter an amount in kroner, at most %(high)s, with at most two decimals.")
                % words,
                field=name,
            )
        return number
    if isinstance(field, models.DecimalField):
        if not low <= number <= high or number != number.quantize(Decimal("0.1")):
            raise DomainError(
                _("Enter a factor from %(low)s to %(high)s with one decimal, e.g. 1,5.") % words,
                field=name,
            )
        return number
    if not low <= number <= high or number != number.to_integral_value():
        raise DomainError(_("Enter a whole number from %(low)s to %(high)s.") % words, field=name)
    return number


def _thresholds_read(values: dict) -> tuple[dict, Problems]:
    """The thresholds in `values` read, and every value out of range as `Problems`
    (core.errors): a negative amount comes in the same answer as a factor that is not a
    number."""
    problems = Problems()
    read = {
        name: problems.check(_threshold, name, values[name])
        for name in THRESHOLD_FIELDS
        if name in values
    }
    return read, problems


def signal_thresholds_check(*, acting_user, municipality_id: int, **fields) -> list[DomainError]:
    """What `signal_thresholds_update` would refuse the fields that passed their form with
    (`fields`), without writing: for the page when other fields were refused."""
    require_municipality_manager(
        user=acting_user, municipality_id=municipality_id, what="thresholds"
    )
    return _thresholds_read(fields)[1].items


@transaction.atomic
def signal_thresholds_update(
    *, acting_user, municipality_id: int, values: dict
) -> SignalThresholds:
    """The economist or administrator sets when the signals fire; a value out of range
    (say −1) is refused and nothing changes."""
    require_municipality_manager(
        user=acting_user, municipality_id=municipality_id, what="thresholds"
    )
    thresholds = SignalThresholds.objects.select_for_update().filter(
        municipality_id=municipality_id
    ).first() or SignalThresholds(municipality_id=municipality_id)
    old = {name: str(getattr(thresholds, name)) for name in THRESHOLD_FIELDS}
    read, problems = _thresholds_read(values)
    problems.refuse()
    for name, number in read.items():
        field = SignalThresholds._meta.get_field(name)
        setattr(thresholds, name, number if isinstance(field, models.DecimalField) else int(number))
    full_clean_or_refuse(thresholds, exclude=["municipality"])
    thresholds.save()
    new = {name: str(getattr(thresholds, name)) for name in THRESHOLD_FIELDS}
    audit_record_create(
        actor=acting_user,
        action="signal.thresholds",
        target=thresholds,
        old_values={k: v for k, v in old.items() if new[k] != v},
        new_values={k: v for k, v in new.items() if old[k] != v},
        municipality_id=municipality_id,
    )
    return thresholds
