from django.urls import path

from samskap.effects.surveys import views

app_name = "surveys"
urlpatterns = [
    # Short, for an SMS: /svar/<token>/
    path("<str:survey_token>/", views.answer, name="answer"),
    path("samtale/<int:survey_id>/", views.record, name="record"),
]
