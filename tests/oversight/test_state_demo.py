"""The demo has a second, small municipality (Frøya) so the state's view shows two; the
demo stays idempotent and its ledger sound."""

from django.core.management import call_command
from django.urls import reverse

from samskap.core.models import Municipality
from samskap.payments.models import Payment
from samskap.people.models import Household
from samskap.support.models import Decision
from samskap.web.demo import froya as froya_demo
from samskap.web.demo import load_demo


def test_froya_is_in_the_demo_once(demo):
    froya = Municipality.objects.get(number=froya_demo.NUMBER)
    before = (
        Household.objects.filter(municipality=froya).count(),
        Decision.objects.filter(request__household__municipality=froya).count(),
        Payment.objects.filter(municipality=froya).count(),
    )
    assert before == (8, 8, 8)
    load_demo()
    assert (
        Household.objects.filter(municipality=froya).count(),
        Decision.objects.filter(request__household__municipality=froya).count(),
        Payment.objects.filter(municipality=froya).count(),
    ) == before
    assert Municipality.objects.filter(number=froya_demo.NUMBER).count() == 1


def test_the_ledger_check_is_clean_with_froya(demo, capsys):
    call_command("ledger_check")
    out = capsys.readouterr().out
    assert "0-24-FRO" in out or "Frøya" in out


def test_the_state_sees_two_municipalities_in_the_demo(demo, client_for):
    html = client_for("stat").get(reverse("oversight:state")).content.decode()
    support = html[html.index('id="support-table"') : html.index('id="time-table"')]
    assert "Trondheim" in support and "Frøya" in support
    # Ung på Frøya: six households, 34 200 kr; but Familier i sentrum has two, so Ung på
    # Frøya is hidden with it and Frøya's total (eight households) is shown.
    assert "Skjult for å verne en liten gruppe" in support
    assert "Færre enn 5 husstander" in support
    froya = support[support.index("Frøya i alt") :]
    assert (
        '<td class="num">8</td><td class="num">8</td><td class="num">40\u00a0700,00\u00a0kr</td>'
        in (froya[: froya.index("</tr>")])
    )
    # Time to help: Frøya's eight supports were decided two days before the payment file.
    times = html[html.index('id="time-table"') :]
    froya_time = times[times.index('<th scope="row">Frøya</th>') :]
    froya_time = froya_time[: froya_time.index("</tr>")]
    assert '<td class="num">8</td><td class="num">2,0</td>' in froya_time
