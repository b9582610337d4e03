from django.urls import path

from samskap.oversight import views

app_name = "oversight"
urlpatterns = [
    path("fordeling/", views.pot_distribution, name="pot_distribution"),
]
