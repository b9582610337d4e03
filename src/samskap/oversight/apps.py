from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightConfig(AppConfig):
    """Oversight without the old control regime: the shared pot made visible to everyone
    who decides, explainable misuse signals with review, and the ethics guide. Reads
    support, people and funding; writes nothing of theirs."""

    name = "samskap.oversight"
    verbose_name = _("Oversight")

    def ready(self) -> None:
        # Deciding is delegated authority: the support flow's decision services refuse
        # someone who has not acknowledged the ethics guide this year. Support never
        # imports oversight; it runs what is registered here.
        from samskap.oversight.ethics import require_acknowledged
        from samskap.support.decision_guards import register_decision_guard

        register_decision_guard(require_acknowledged)
