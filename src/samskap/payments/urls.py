from django.urls import path

from samskap.payments import views

app_name = "payments"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("eksport/", views.export, name="export"),
    path("bunt/<int:batch_id>/pain001.xml", views.batch_file, name="batch_file"),
    path("retur/", views.returns_import, name="returns_import"),
]
