from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutsideAccountConfig(AppConfig):
    name = "samskap.outside_account"
    verbose_name = _("Outside account")
