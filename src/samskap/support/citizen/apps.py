from django.apps import AppConfig


class SupportCitizenConfig(AppConfig):
    name = "samskap.support.citizen"
    label = "support_citizen"
    citizen_facing = True
