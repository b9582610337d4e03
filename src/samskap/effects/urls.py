from django.urls import path

from samskap.effects import views

app_name = "effects"
urlpatterns = [
    path("", views.effects_index, name="index"),
    path("delta/", views.participate, name="participate"),
    path("<int:subproject_id>/", views.report_page, name="report"),
    path("<int:subproject_id>/rapport.pdf", views.report_pdf_download, name="report_pdf"),
    path("<int:subproject_id>/rapport.xlsx", views.report_xlsx_download, name="report_xlsx"),
    path("<int:subproject_id>/medvirkning/", views.participation_page, name="participation"),
]
