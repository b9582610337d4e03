from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EffectsConfig(AppConfig):
    name = "samskap.effects"
    verbose_name = _("Effects")

    def ready(self) -> None:
        # The sub-project page links here; subprojects never imports effects.
        from samskap.effects.navigation import subproject_links
        from samskap.subprojects.page_links import register_subproject_links

        register_subproject_links(subproject_links)
        # ...and shows its effect goals there, in place of the old free-text ones.
        from samskap.effects.goal_links import subproject_goal_section
        from samskap.subprojects.page_links import register_subproject_section

        register_subproject_section(subproject_goal_section)

        # The request page offers the team the goal its decision and help tasks serve;
        # support never imports effects.
        from samskap.effects.goal_links import request_goal_section
        from samskap.support.request_sections import register_request_section

        register_request_section(request_goal_section)
