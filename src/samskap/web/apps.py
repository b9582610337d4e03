from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    """The top floor: composes the site (start pages, navigation, the demo) from the
    contexts below it; nothing imports it."""

    name = "samskap.web"
    verbose_name = _("Site")
