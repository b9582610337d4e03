from django.urls import path

from samskap.subprojects import views

app_name = "subprojects"
urlpatterns = [
    path("", views.subproject_list, name="list"),
    path("ny/", views.subproject_create, name="create"),
    path("<int:subproject_id>/", views.subproject_detail, name="detail"),
    path("<int:subproject_id>/team/", views.team, name="team"),
]
