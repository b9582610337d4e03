from django.contrib.auth import views as auth_views
from django.urls import path

from samskap.accounts import views
from samskap.accounts.forms import LoginForm

app_name = "accounts"
urlpatterns = [
    path(
        "logg-inn/",
        auth_views.LoginView.as_view(
            template_name="accounts/login.html",
            authentication_form=LoginForm,
            redirect_authenticated_user=True,
        ),
        name="login",
    ),
    path("logg-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("organisasjoner/", views.organisations, name="organisations"),
    path("brukere/", views.users, name="users"),
    path("brukere/<int:user_id>/invitasjon/", views.user_invite, name="user_invite"),
    path("brukere/<int:user_id>/deaktiver/", views.user_deactivate, name="user_deactivate"),
    path("brukere/<int:user_id>/aktiver/", views.user_reactivate, name="user_reactivate"),
    path("invitasjon/<str:invitation>/", views.invitation, name="invitation"),
]
