from django.urls import path

from samskap.support import case_views, views

app_name = "support"
urlpatterns = [
    # The guided case (issue #10): one step per page, resumable.
    path("sak/ny/", case_views.case_start, name="case_start"),
    path("sak/<int:household_id>/", case_views.case_resume, name="case"),
    path("sak/<int:household_id>/personer/", case_views.case_members, name="case_members"),
    path("sak/<int:household_id>/konto/", case_views.case_account, name="case_account"),
    path("sak/<int:household_id>/samtykke/", case_views.case_consent, name="case_consent"),
    path("sak/<int:household_id>/kartlegging/", case_views.case_mapping, name="case_mapping"),
    path("sak/<int:household_id>/brev/", case_views.case_letter, name="case_letter"),
    path("sak/<int:household_id>/soknad/", case_views.case_request, name="case_request"),
    path("husstand/<int:household_id>/kartlegging/", views.mapping_create, name="mapping_create"),
    path("husstand/<int:household_id>/brev/", views.letter_create, name="letter_create"),
    path("brev/<int:letter_id>/", views.letter_detail, name="letter_detail"),
    path("brev/<int:letter_id>/soknad/", views.request_create, name="request_create"),
    path("bekreft/<str:token>/", views.letter_confirm, name="confirm"),
    path("soknad/<int:request_id>/", views.request_detail, name="request_detail"),
    path("moter/", views.meeting_list, name="meetings"),
    path("moter/<int:subproject_id>/", views.meeting, name="meeting"),
    path("vedtak/eskalert/", views.escalated, name="escalated"),
    # A decision's pages are addressed by its request's number, the one people see ("#12").
    path("soknad/<int:request_number>/annuller/", views.decision_cancel, name="decision_cancel"),
    path("soknad/<int:request_number>/bekreft/", views.decision_confirm, name="decision_confirm"),
    path("soknad/<int:request_number>/avslaa/", views.decision_refuse, name="decision_refuse"),
    path(
        "soknad/<int:request_number>/betal-igjen/",
        views.decision_pay_again,
        name="decision_pay_again",
    ),
    path(
        "soknad/<int:request_number>/tilbakebetaling/",
        views.repayment_record,
        name="repayment_record",
    ),
    # Old links by the decision's database id lead to the pages above.
    path(
        "vedtak/<int:decision_id>/annuller/",
        views.decision_by_id,
        {"to": "support:decision_cancel"},
        name="decision_cancel_by_id",
    ),
    path(
        "vedtak/<int:decision_id>/tilbakebetaling/",
        views.decision_by_id,
        {"to": "support:repayment_record"},
        name="repayment_record_by_id",
    ),
    path("tilbakebetalinger/", views.repayments, name="repayments"),
    path("oppgaver/", views.task_list, name="tasks"),
    path("oppgaver/<int:task_id>/utfort/", views.task_done, name="task_done"),
]
