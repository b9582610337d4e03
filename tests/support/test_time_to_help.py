"""Time to help: days from first mapping to decision and to the payment file."""

import datetime
from decimal import Decimal

from django.utils import timezone

from samskap.payments import services as payment_services
from samskap.support import selectors, services
from samskap.support.models import NeedsMapping
from tests.support.factories import (
    SUBPROJECT,
    consent_to_map,
    decide,
    fund,
    organisations,
    request,
    set_limits,
)


def test_time_to_help_counts_days_from_first_mapping(demo):
    subproject = demo["subprojects"][SUBPROJECT]
    fund(demo, subproject, Decimal("20000"))
    set_limits(demo)
    support = request(demo, amount="1000")
    consent_to_map(demo, support.household)
    services.needs_mapping_record(
        acting_user=demo["users"]["kontakt"],
        household=support.household,
        subproject=subproject,
        place="home",
        services_present=organisations(demo),
        basic_needs=["bed"],
    )
    # The first meeting with the family was three days ago.
    NeedsMapping.objects.filter(household=support.household).update(
        mapped_at=timezone.now() - datetime.timedelta(days=3)
    )
    decide(demo, [support])
    summary = selectors.time_to_help(subproject=subproject)
    assert summary.decided == 1
    assert summary.median_days_to_decision == Decimal("3.0")
    assert summary.median_days_to_payment is None
    payment_services.payment_batch_export(
        acting_user=demo["users"]["okonom"], municipality=demo["municipality"]
    )
    assert selectors.time_to_help(subproject=subproject).median_days_to_payment == Decimal("3.0")
