from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightConfig(AppConfig):
    """Oversight without the old control regime: the shared pot made visible to everyone
    who decides. Reads support, people and funding; writes nothing of theirs."""

    name = "samskap.oversight"
    verbose_name = _("Oversight")
