"""Who acknowledged which version of the ethics guide, and when."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class EthicsAcknowledgement(models.Model):
    """A staff member read the guide to ethics in the work and acknowledged it.

    Kept, never edited: the latest row of the current version says whether the person may
    decide (it lasts a year, `samskap.oversight.ethics`).
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.CharField(_("version of the guide"), max_length=20)
    acknowledged_at = models.DateTimeField(_("acknowledged"))

    class Meta:
        verbose_name = _("ethics acknowledgement")
        verbose_name_plural = _("ethics acknowledgements")
        ordering = ["-acknowledged_at", "-id"]
        indexes = [models.Index(fields=["user", "version", "acknowledged_at"])]

    def __str__(self) -> str:
        return f"{self.user_id} {self.version} {self.acknowledged_at:%Y-%m-%d}"
