"""Root URLs: each bounded context mounts its own urls module."""

from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

urlpatterns = [
    path("", include("samskap.web.urls")),
    path("konto/", include("samskap.accounts.urls")),
    path("potten/", include("samskap.funding.urls")),
    path("delprosjekter/", include("samskap.subprojects.urls")),
    path("husstander/", include("samskap.people.urls")),
    path("stotte/", include("samskap.support.urls")),
    path("utbetalinger/", include("samskap.payments.urls")),
    path("svar/", include("samskap.effects.surveys.urls")),
    path("utenforregnskap/", include("samskap.outside_account.urls")),
    path("innsyn/", include("samskap.oversight.urls")),
    path("effekter/", include("samskap.effects.urls")),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
]

handler400 = "samskap.core.views.bad_request"
handler403 = "samskap.core.views.permission_denied"
handler404 = "samskap.core.views.page_not_found"
handler500 = "samskap.core.views.server_error"
