from django.urls import path

from samskap.funding import period_views, setup_views, views

app_name = "funding"
urlpatterns = [
    path("", views.pot_overview, name="pot"),
    path("avtale/ny/", setup_views.agreement_create, name="agreement_create"),
    path("<int:agreement_id>/oppsett/", setup_views.agreement_setup, name="agreement_setup"),
    path("<int:agreement_id>/oppsett/ordning/", setup_views.scheme_create, name="scheme_create"),
    path("<int:agreement_id>/oppsett/endre/", setup_views.agreement_edit, name="agreement_edit"),
    path("<int:agreement_id>/ordninger/", views.scheme_report, name="schemes"),
    path("<int:agreement_id>/mottak/", views.receipt_create, name="receipt"),
    path("<int:agreement_id>/fordeling/", views.allocation_create, name="allocate"),
    path("<int:agreement_id>/omfordeling/", views.reallocation_create, name="reallocate"),
    path("<int:agreement_id>/overforing/", period_views.carry_over, name="carry_over"),
    path("<int:agreement_id>/avslutning/", period_views.close, name="close"),
    path("<int:agreement_id>/korrigering/", period_views.reverse, name="reverse"),
    path("<int:agreement_id>/potten.xlsx", views.export_workbook, name="workbook"),
    path("<int:agreement_id>/regnskap.csv", views.export_accounting_csv, name="accounting_csv"),
    path("delprosjekt/<int:subproject_id>/", views.subproject_budget, name="subproject"),
    path(
        "delprosjekt/<int:subproject_id>/handlingsrom/",
        views.authority_limit_set,
        name="authority",
    ),
    path(
        "delprosjekt/<int:subproject_id>/handlingsrom/tak/",
        views.authority_ceiling_set,
        name="authority_ceiling",
    ),
]
