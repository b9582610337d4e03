from django.urls import path

from samskap.oversight import state_views, views

app_name = "oversight"
urlpatterns = [
    path("fordeling/", views.pot_distribution, name="pot_distribution"),
    path("staten/", state_views.state_page, name="state"),
    path("staten/rapport.pdf", state_views.state_report_pdf, name="state_report_pdf"),
]
