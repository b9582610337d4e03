from django.urls import path

from samskap.subprojects import views

app_name = "subprojects"
urlpatterns = [
    path("", views.subproject_list, name="list"),
    path("ny/", views.subproject_create, name="create"),
    path("<int:subproject_id>/", views.subproject_detail, name="detail"),
    path("<int:subproject_id>/team/", views.team, name="team"),
    path("<int:subproject_id>/endre/", views.subproject_edit, name="edit"),
    path("teamplass/<int:membership_id>/rolle/", views.membership_role, name="membership_role"),
    path("teamplass/<int:membership_id>/fjern/", views.membership_remove, name="membership_remove"),
]
