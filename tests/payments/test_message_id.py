"""The batch's name and MsgId carry the local time the payments page shows beside it
(helper-89: SAMSKAP-20261201220040 for a batch shown as exported at 23:00)."""

import datetime
import re
from unittest import mock

from django.utils import timezone

from samskap.payments.export_services import _message_id


def test_the_batch_name_carries_oslo_time_in_winter_and_summer():
    for utc, local in (
        (datetime.datetime(2026, 12, 1, 22, 0, 40, tzinfo=datetime.UTC), "20261201230040"),
        (datetime.datetime(2026, 7, 4, 23, 30, 0, tzinfo=datetime.UTC), "20260705013000"),
    ):
        with mock.patch.object(timezone, "now", return_value=utc):
            name = _message_id()
        assert re.fullmatch(rf"SAMSKAP-{local}-[0-9A-F]{{6}}", name), name
        # ISO 20022 MsgId: at most 35 characters.
        assert len(name) <= 35
