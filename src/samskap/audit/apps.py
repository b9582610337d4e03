from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "samskap.audit"
    verbose_name = _("Audit")

    def ready(self) -> None:
        # Each app declares its actions in <app>/audit_actions.py; load them all.
        from samskap.audit.registry import autodiscover

        autodiscover()
