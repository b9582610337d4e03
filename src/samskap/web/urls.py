from django.urls import path

from samskap.web import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("oppsett/", views.setup, name="setup"),
]
