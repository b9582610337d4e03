from django.urls import path

from samskap.funding import views

app_name = "funding"
urlpatterns = [path("", views.pot_overview, name="pot")]
