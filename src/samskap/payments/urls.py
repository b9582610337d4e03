from django.urls import path

from samskap.payments import views

app_name = "payments"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("eksport/", views.export, name="export"),
    path("konto/", views.debtor_account, name="debtor"),
    path("<int:payment_id>/", views.payment_detail, name="payment"),
    path("bunt/<int:batch_id>/", views.batch_detail, name="batch"),
    path("bunt/<int:batch_id>/pain001.xml", views.batch_file, name="batch_file"),
    path("retur/", views.returns_import, name="returns_import"),
    path("retur/<int:returns_file_id>/", views.returns_file, name="returns_file"),
]
