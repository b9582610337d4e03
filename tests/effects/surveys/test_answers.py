"""The citizen answers once through the link, in their language; bad links and bad answers
store nothing; staff write down answers from a conversation; aggregates name no one."""

import time

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse

from samskap.audit.models import AuditRecord
from samskap.core.citizen.languages import LANGUAGE_COOKIE
from samskap.core.errors import DomainError
from samskap.effects.surveys import selectors, services
from samskap.effects.surveys.links import SALT, survey_token
from samskap.effects.surveys.models import Survey
from tests.effects.surveys.conftest import weeks_after

GOOD = {"helped": "yes", "how_much": "4", "what_changed": "Jeg fikk jobb", "anything_else": ""}


@pytest.fixture
def survey(paid):
    services.surveys_schedule(now=weeks_after(paid, 0))
    return Survey.objects.get(decision__request=paid.support_line.request, weeks_after=4)


def url(survey, **query):
    link = reverse("surveys:answer", args=[survey_token(survey)])
    return link + "".join(f"?{key}={value}" for key, value in query.items())


def unanswered(survey) -> bool:
    survey.refresh_from_db()
    return survey.answered_at is None and survey.helped == "" and survey.how_much is None


def test_the_citizen_answers_once_without_an_account(survey, client):
    page = client.get(url(survey))
    assert page.status_code == 200
    assert "Gjorde hjelpen en forskjell?" in page.content.decode()
    response = client.post(url(survey), GOOD)
    assert response.status_code == 200
    assert "Takk for at du svarte" in response.content.decode()
    survey.refresh_from_db()
    assert (survey.helped, survey.how_much, survey.answered_via) == ("yes", 4, "link")
    assert survey.what_changed == "Jeg fikk jobb" and survey.recorded_by is None
    record = AuditRecord.objects.get(action="survey.answer", object_id=str(survey.pk))
    assert record.actor is None
    assert record.new_values["what_changed_given"] is True
    assert "Jeg fikk jobb" not in str(record.new_values)


@pytest.mark.parametrize(
    ("language", "heading", "dir_"),
    [
        ("ar", "هل أحدثت المساعدة فرقًا؟", "rtl"),
        ("uk", "Чи була допомога корисною?", "ltr"),
        ("nn", "Gjorde hjelpa ein skilnad?", "ltr"),
        ("en", "Did the help make a difference?", "ltr"),
    ],
)
def test_the_survey_speaks_the_familys_language(survey, client, language, heading, dir_):
    Survey.objects.filter(pk=survey.pk).update(language=language)
    html = client.get(url(survey)).content.decode()
    assert f'<html lang="{language}" dir="{dir_}"' in html
    assert heading in html


def test_reusing_the_link_is_refused_in_the_familys_language_and_changes_nothing(survey, client):
    Survey.objects.filter(pk=survey.pk).update(language="ar")
    assert client.post(url(survey), GOOD).status_code == 200
    again = client.post(url(survey), {**GOOD, "helped": "no", "how_much": "1"})
    assert again.status_code == 400
    assert "لقد أجبت من قبل" in again.content.decode()
    survey.refresh_from_db()
    assert (survey.helped, survey.how_much) == ("yes", 4)
    assert AuditRecord.objects.filter(action="survey.answer", object_id=str(survey.pk)).count() == 1


def test_an_expired_link_is_refused_in_the_familys_language(survey, client, monkeypatch):
    Survey.objects.filter(pk=survey.pk).update(language="uk")
    link = url(survey)
    real_time = time.time
    monkeypatch.setattr("django.core.signing.time.time", lambda: real_time() + 29 * 24 * 3600)
    response = client.post(link, GOOD)
    assert response.status_code == 400
    assert "Це посилання застаріло" in response.content.decode()
    assert unanswered(survey)


@pytest.mark.parametrize(
    "token",
    [
        "forged",
        "abc:1xXmRY:" + "A" * 43,
        signing.TimestampSigner(salt="another.salt").sign("x" * 16),
        signing.TimestampSigner(salt=SALT).sign("no-such-survey"),
    ],
)
def test_forged_links_are_refused_and_store_nothing(survey, client, token):
    response = client.post(reverse("surveys:answer", args=[token]), GOOD)
    assert response.status_code == 400
    assert "Lenken virker ikke" in response.content.decode()
    assert unanswered(survey)


def test_an_altered_link_is_refused(survey, client):
    token = survey_token(survey)
    altered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert client.post(reverse("surveys:answer", args=[altered]), GOOD).status_code == 400
    assert unanswered(survey)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"helped": ""}, "Velg ja, delvis eller nei."),
        ({"helped": "maybe"}, "Velg ja, delvis eller nei."),
        ({"how_much": ""}, "Velg et tall fra 1 til 5."),
        ({"how_much": "6"}, "Velg et tall fra 1 til 5."),
        ({"how_much": "0"}, "Velg et tall fra 1 til 5."),
        ({"how_much": "-1"}, "Velg et tall fra 1 til 5."),
        ({"how_much": "3.5"}, "Velg et tall fra 1 til 5."),
        ({"what_changed": "x" * 1001}, "Skriv høyst 1000 tegn. Du skrev 1001."),
    ],
)
def test_answers_out_of_range_are_refused_and_store_nothing(survey, client, change, message):
    response = client.post(url(survey), {**GOOD, **change})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert unanswered(survey)


def test_out_of_range_is_said_in_arabic_on_an_arabic_survey(survey, client):
    Survey.objects.filter(pk=survey.pk).update(language="ar")
    response = client.post(url(survey), {**GOOD, "how_much": "6"})
    assert response.status_code == 400
    assert "اختر رقمًا من 1 إلى 5." in response.content.decode()
    long = client.post(url(survey), {**GOOD, "anything_else": "ب" * 1001})
    assert "يُرجى ألّا تكتب أكثر من 1000 حرف" in long.content.decode()
    assert unanswered(survey)


def test_the_service_refuses_a_scale_value_of_6_too(survey):
    with pytest.raises(DomainError) as error:
        services.survey_answer(
            token=survey_token(survey), answer=services.SurveyAnswer(helped="yes", how_much=6)
        )
    assert error.value.field == "how_much"
    assert unanswered(survey)


def test_a_logged_in_staff_member_cannot_answer_for_the_citizen(survey, client_for):
    response = client_for("kontakt").post(url(survey), GOOD)
    assert response.status_code == 403
    assert "Bare innbyggeren svarer gjennom denne lenken" in response.content.decode()
    assert unanswered(survey)


def test_staff_write_down_answers_from_a_conversation(survey, client_for, demo):
    household = survey.decision.request.household
    kontakt = client_for("kontakt")
    page = kontakt.get(reverse("people:detail", args=[household.pk]))
    assert reverse("surveys:record", args=[survey.pk]) in page.content.decode()
    form = kontakt.get(reverse("surveys:record", args=[survey.pk]))
    assert form.status_code == 200 and "Svar fra en samtale" in form.content.decode()
    refused = kontakt.post(reverse("surveys:record", args=[survey.pk]), {**GOOD, "how_much": "6"})
    assert refused.status_code == 400 and unanswered(survey)
    response = kontakt.post(reverse("surveys:record", args=[survey.pk]), GOOD)
    assert response.status_code == 302
    survey.refresh_from_db()
    assert survey.answered_via == "conversation"
    assert survey.recorded_by == demo["users"]["kontakt"]
    # The citizen's link is used up by it.
    assert Client().get(url(survey)).status_code == 400
    assert kontakt.post(reverse("surveys:record", args=[survey.pk]), GOOD).status_code == 200


def test_only_the_team_may_write_down_answers(survey, client_for):
    for username in ("okonom", "stat", "admin"):
        client = client_for(username)
        assert client.get(reverse("surveys:record", args=[survey.pk])).status_code == 404
        assert client.post(reverse("surveys:record", args=[survey.pk]), GOOD).status_code == 404
    assert unanswered(survey)


def _answered(survey, weeks: int, helped: str, how_much: int) -> None:
    """Another answered round of the same support, made directly: only counts matter here."""
    Survey.objects.create(
        municipality_id=survey.municipality_id,
        subproject_id=survey.subproject_id,
        decision_id=survey.decision_id,
        weeks_after=weeks,
        paid_on=survey.paid_on,
        due_at=survey.due_at,
        language="nb",
        nonce=f"aggregate-{weeks}",
        answered_at=survey.due_at,
        answered_via="link",
        helped=helped,
        how_much=how_much,
    )


def test_aggregates_suppress_every_count_under_five_and_what_would_reveal_one(survey):
    subproject_ids = [survey.subproject_id]
    services.survey_answer(
        token=survey_token(survey), answer=services.SurveyAnswer(helped="yes", how_much=5)
    )
    few = selectors.perceived_effect(subproject_ids=subproject_ids)
    assert few.answered is None and few.mean_how_much is None
    assert set(few.helped.values()) == {None} and set(few.how_much.values()) == {None}
    # 12 answers: yes 6, partly 5, no 1; scale 4 seven times, 5 five times.
    answers = [("yes", 4)] * 5 + [("partly", 4)] * 2 + [("partly", 5)] * 3 + [("no", 5)]
    for weeks, (helped, how_much) in enumerate(answers, start=20):
        _answered(survey, weeks, helped, how_much)
    many = selectors.perceived_effect(subproject_ids=subproject_ids)
    assert many.answered == 12
    # "no" (1) is hidden; "partly" (5) is hidden too, or 12 - 6 - 5 would reveal the one.
    assert many.helped == {"yes": 6, "partly": None, "no": None}
    assert many.how_much == {1: None, 2: None, 3: None, 4: 7, 5: 5}
    assert many.mean_how_much == round((7 * 4 + 5 * 5) / 12, 2)


def test_staff_never_see_what_one_citizen_answered(survey, client_for):
    """The household page and the conversation form say a survey is answered, never what:
    the answers are read only in the evaluation's suppressed summaries."""
    services.survey_answer(
        token=survey_token(survey),
        answer=services.SurveyAnswer(
            helped="no", how_much=1, what_changed="Ingenting ble bedre", anything_else="Sint"
        ),
    )
    household = survey.decision.request.household
    for username in ("kontakt", "team", "leder"):
        client = client_for(username)
        pages = [
            client.get(reverse("people:detail", args=[household.pk])),
            client.get(reverse("surveys:record", args=[survey.pk])),
        ]
        for page in pages:
            if page.status_code != 200:
                continue
            text = page.content.decode()
            assert "Ingenting ble bedre" not in text and "Sint" not in text
            assert "1/5" not in text
    kontakt_page = client_for("kontakt").get(reverse("people:detail", args=[household.pk]))
    assert "Besvart" in kontakt_page.content.decode()


@pytest.mark.parametrize("refusal", ["answered", "expired"])
def test_a_refusal_speaks_the_language_the_citizen_switched_to(
    survey, client, monkeypatch, refusal
):
    """The trial: an Arabic survey, switched to Ukrainian and answered; the same link
    opened again from the SMS (without ?lang=) was refused in Arabic."""
    Survey.objects.filter(pk=survey.pk).update(language="ar")
    link = url(survey)  # signed now, as the SMS was
    assert '<html lang="uk"' in client.get(url(survey, lang="uk")).content.decode()
    if refusal == "answered":
        assert client.post(url(survey, lang="uk"), GOOD).status_code == 200
        expected = "Ви вже відповіли"
    else:
        real_time = time.time
        monkeypatch.setattr("django.core.signing.time.time", lambda: real_time() + 29 * 86400)
        expected = "Це посилання застаріло"
    for response in (client.get(link), client.post(link, GOOD)):
        assert response.status_code == 400
        text = response.content.decode()
        assert '<html lang="uk"' in text and expected in text


def test_a_later_pick_on_the_link_wins_over_the_remembered_one(survey, client):
    Survey.objects.filter(pk=survey.pk).update(language="ar")
    client.get(url(survey, lang="uk"))
    assert '<html lang="nn"' in client.get(url(survey, lang="nn")).content.decode()
    assert '<html lang="nn"' in client.get(url(survey)).content.decode()


def test_without_a_pick_the_refusal_speaks_the_familys_language(survey):
    Survey.objects.filter(pk=survey.pk).update(language="ar")
    citizen = Client()
    assert citizen.post(url(survey), GOOD).status_code == 200
    assert "لقد أجبت من قبل" in citizen.get(url(survey)).content.decode()


def test_the_remembered_pick_never_turns_a_staff_page(survey, client, client_for):
    client.get(url(survey, lang="uk"))
    assert client.cookies[LANGUAGE_COOKIE].value == "uk"
    staff = client_for("kontakt")
    staff.cookies[LANGUAGE_COOKIE] = "uk"  # a shared device
    page = staff.get(reverse("people:list")).content.decode()
    assert '<html lang="nb"' in page


def test_an_expired_survey_form_speaks_the_familys_language_and_stores_nothing(survey):
    Survey.objects.filter(pk=survey.pk).update(language="ar")
    response = Client(enforce_csrf_checks=True).post(url(survey), GOOD)
    html = response.content.decode()
    assert response.status_code == 403
    assert '<html lang="ar" dir="rtl"' in html and "انتهت صلاحية النموذج" in html
    assert unanswered(survey)


def test_the_surveys_summary_links_each_marked_question(survey, client):
    """Each entry of the summary goes to its question's group (WCAG 3.3.1)."""
    from tests.page_links import summary_anchors, unresolved_summary_links

    response = client.post(url(survey), {**GOOD, "helped": "", "how_much": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert summary_anchors(html) == ["id_helped", "id_how_much"]
    assert unresolved_summary_links(html) == []
    assert '<a class="ds-link" href="#id_helped">Velg ja, delvis eller nei.</a>' in html
    assert unanswered(survey)
