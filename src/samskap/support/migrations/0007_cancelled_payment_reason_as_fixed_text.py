"""A payment cancelled with its decision kept the reason in the language of whoever
cancelled ("Vedtak #7 annullert", "Decision #7 cancelled", naming the decision's internal
id). It is now stored as the fixed text "Support #<request> cancelled" (the request number
people know), shown in the reader's language; this rewrites the rows written before."""

import re

from django.db import migrations

WRITTEN = re.compile(r"^(?:Vedtak|Decision) #(\d+) (?:annullert|cancelled)$")


def to_fixed_text(apps, schema_editor):
    Payment = apps.get_model("payments", "Payment")
    Decision = apps.get_model("support", "Decision")
    candidates = Payment.objects.filter(status="cancelled", status_reason__contains="#")
    for payment in candidates.only("pk", "status_reason").iterator():
        match = WRITTEN.match(payment.status_reason)
        if not match:
            continue
        request_id = (
            Decision.objects.filter(pk=int(match.group(1)))
            .values_list("request_id", flat=True)
            .first()
        )
        if request_id is None:
            continue
        Payment.objects.filter(pk=payment.pk).update(
            status_reason=f"Support #{request_id} cancelled"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("payments", "0006_returns_files_and_paying_again"),
        ("support", "0006_decision_second_verdict_and_reason"),
    ]

    operations = [migrations.RunPython(to_fixed_text, migrations.RunPython.noop)]
