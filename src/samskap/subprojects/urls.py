from django.urls import path

from samskap.subprojects import views

app_name = "subprojects"
urlpatterns = [
    path("", views.subproject_list, name="list"),
    path("<int:subproject_id>/", views.subproject_detail, name="detail"),
]
