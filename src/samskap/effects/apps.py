from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EffectsConfig(AppConfig):
    name = "samskap.effects"
    verbose_name = _("Effects")
