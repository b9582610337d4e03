from django.urls import path

from samskap.people import views

app_name = "people"
urlpatterns = [
    path("", views.household_list, name="list"),
    path("ny/", views.household_create, name="create"),
    path("<int:household_id>/", views.household_detail, name="detail"),
    path("<int:household_id>/medlem/", views.member_add, name="member_add"),
    path("<int:household_id>/konto/", views.bank_account_set, name="bank_account"),
    path("<int:household_id>/kontaktperson/", views.contact_person_set, name="contact_person"),
    path("overfor/<int:user_id>/", views.hand_over, name="hand_over"),
    path("<int:household_id>/samtykke/", views.consent_give, name="consent_give"),
    path(
        "<int:household_id>/behandlingsgrunnlag/",
        views.legal_basis_record,
        name="legal_basis_record",
    ),
    path(
        "behandlingsgrunnlag/<int:basis_id>/avslutt/",
        views.legal_basis_end,
        name="legal_basis_end",
    ),
    path("samtykke/<int:consent_id>/trekk/", views.consent_withdraw, name="consent_withdraw"),
]
