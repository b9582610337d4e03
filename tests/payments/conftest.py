"""A demo with two fresh payments waiting for export, and an economist elsewhere."""

from decimal import Decimal

import pytest

from samskap.accounts import services as accounts_services
from samskap.accounts.models import Role
from samskap.payments import services
from tests.support.factories import SUBPROJECT, decide, fund, request, set_limits


@pytest.fixture
def approved(demo):
    # Clear the demo's own pending payments, so each test sees only its own.
    services.payment_batch_export(
        acting_user=demo["users"]["okonom"], municipality=demo["municipality"]
    )
    fund(demo, demo["subprojects"][SUBPROJECT], Decimal("50000"))
    set_limits(demo)
    requests = [
        request(demo, amount="1200.50", alias="A"),
        request(
            demo,
            amount="3000",
            alias="B",
            form="purchase",
            supplier_name="Trafikkskolen AS",
            supplier_account="12345678903",
            invoice_reference="Faktura 77",
        ),
    ]
    decide(demo, requests)
    return demo


@pytest.fixture
def stranger(demo):
    """The economist of another municipality: manages payments, but not Trondheim's."""
    bamble = accounts_services.municipality_create(acting_user=None, name="Bamble", number="4012")
    return accounts_services.user_create(
        acting_user=None,
        username="bamble.okonom",
        role=Role.ECONOMIST,
        municipality=bamble,
        first_name="Berit",
        last_name="Bamble",
    )
