from django.urls import path

from samskap.outside_account import views

app_name = "outside_account"
urlpatterns = [
    path("", views.index, name="index"),
    path("delprosjekt/<int:subproject_id>/", views.scenario, name="scenario"),
    path(
        "delprosjekt/<int:subproject_id>/utenforregnskap.xlsx",
        views.export_workbook,
        name="workbook",
    ),
    path("delprosjekt/<int:subproject_id>/utenforregnskap.pdf", views.export_pdf, name="pdf"),
    path("parametere/", views.library, name="library"),
    path("parametere/<int:unit_cost_id>/ny-versjon/", views.unit_cost_revise, name="unit_cost"),
]
