from django.urls import path

from samskap.effects import goal_link_views, staff_views, views

app_name = "effects"
urlpatterns = [
    path("", views.effects_index, name="index"),
    path("delta/", views.participate, name="participate"),
    path("<int:subproject_id>/", views.report_page, name="report"),
    path("<int:subproject_id>/rapport.pdf", views.report_pdf_download, name="report_pdf"),
    path("<int:subproject_id>/rapport.xlsx", views.report_xlsx_download, name="report_xlsx"),
    path("<int:subproject_id>/medvirkning/", views.participation_page, name="participation"),
    path("<int:subproject_id>/maal/", staff_views.subproject_goals, name="goals"),
    path("program/<int:agreement_id>/maal/", staff_views.programme_goals, name="programme_goals"),
    path("maal/<int:goal_id>/", staff_views.goal_edit, name="goal"),
    path("maal/<int:goal_id>/ny-indikator/", staff_views.indicator_create, name="indicator_create"),
    path("indikator/<int:indicator_id>/", staff_views.indicator_edit, name="indicator"),
    path("<int:subproject_id>/deltakere/", staff_views.participants, name="participants"),
    path("deltaker/<int:participant_id>/", staff_views.participant, name="participant"),
    path("resultat/<int:outcome_id>/retting/", staff_views.outcome_correct, name="outcome_correct"),
    # The goal a decision (by its request's number) or a help task serves: POST only.
    path("vedtak/<int:request_number>/maal/", goal_link_views.decision_goal, name="decision_goal"),
    path("oppgave/<int:task_id>/maal/", goal_link_views.help_task_goal, name="help_task_goal"),
]
