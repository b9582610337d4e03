"""The payments overview's counts in one written-out statement (`overview_summary`) are
`status_summary` and the batches' count as the ORM reads them, for every demo user
(issue 14: two ORM queries that took longer to build than to answer)."""

from samskap.accounts.models import User
from samskap.payments import selectors
from samskap.payments import services as payment_services
from samskap.payments.models import Payment, PaymentStatus


def _same_for_everyone():
    for user in User.objects.all():
        statuses, batches = selectors.overview_summary(user=user)
        assert statuses == selectors.status_summary(user=user)
        assert batches == selectors.batches_visible_to(user=user).count()


def test_the_written_out_summary_is_the_orms_for_every_user(demo):
    from benchmarks import data

    _same_for_everyone()
    data.pending_payments(demo, 12)
    payment_services.payment_batch_export(
        acting_user=demo["users"]["okonom"], municipality=demo["municipality"]
    )
    data.pending_payments(demo, 6)
    waiting = list(Payment.objects.filter(status=PaymentStatus.PENDING).order_by("pk"))
    Payment.objects.filter(pk=waiting[0].pk).update(problem="Mangler konto")
    Payment.objects.filter(pk=waiting[1].pk).update(status=PaymentStatus.HELD)
    counted = selectors.status_summary(user=demo["users"]["okonom"])
    assert sum(row["count"] > 0 for row in counted) >= 3
    assert any(row["set_aside"] for row in counted)
    _same_for_everyone()
