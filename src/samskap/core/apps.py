from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "samskap.core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from samskap.core import blank_text

        blank_text.connect()
