from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubprojectsConfig(AppConfig):
    name = "samskap.subprojects"
    verbose_name = _("Subprojects")
