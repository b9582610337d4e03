from django.urls import path

from samskap.oversight import (
    continuation_views,
    ethics_views,
    signal_views,
    state_views,
    time_to_help_views,
    views,
)

app_name = "oversight"
urlpatterns = [
    path("fordeling/", views.pot_distribution, name="pot_distribution"),
    path("staten/", state_views.state_page, name="state"),
    path("staten/rapport.pdf", state_views.state_report_pdf, name="state_report_pdf"),
    path("etikk/", ethics_views.ethics_guide, name="ethics"),
    path("etikk/bekreft/", ethics_views.ethics_acknowledge_view, name="ethics_acknowledge"),
    path("signaler/", signal_views.signals, name="signals"),
    path("signaler/signal/", signal_views.signal, name="signal"),
    path("signaler/terskler/", signal_views.signal_thresholds, name="signal_thresholds"),
    path("tid-til-hjelp/", time_to_help_views.time_to_help_page, name="time_to_help"),
    path("tid-til-hjelp/grunnlag/", time_to_help_views.baseline_set, name="time_to_help_baseline"),
    path(
        "tid-til-hjelp/enhetstall/",
        time_to_help_views.unit_indicator_record,
        name="unit_indicator_record",
    ),
    path("etter-piloten/", continuation_views.continuation_list, name="continuation_list"),
    path(
        "etter-piloten/<int:participant_id>/",
        continuation_views.continuation_plan,
        name="continuation_plan",
    ),
]
