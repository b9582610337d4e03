"""The support flow's choke points: only the team of the sub-project opens a family's papers,
and "missing" and "not yours" are the same refusal."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from samskap.accounts import services as accounts_services
from samskap.accounts.models import OrganisationKind, Role
from samskap.audit.models import AuditRecord
from samskap.core.errors import DomainError, NotFoundOrForbidden
from samskap.funding.models import LedgerTransaction
from samskap.payments.models import Payment
from samskap.subprojects.access import NotOnTeam
from samskap.support import access, services
from samskap.support.models import (
    Decision,
    Meeting,
    MotivationLetter,
    NeedsMapping,
    OtherHelp,
    Place,
    SupportLine,
    SupportRequest,
)
from tests.support.factories import (
    SUBPROJECT,
    consent_to_map,
    decide,
    fund,
    organisations,
    request,
    set_limits,
)

TEAM = ("leder", "kontakt", "nav.berg")  # the seats on SUBPROJECT
# Another sub-project's team, the municipality's economist and administrator (who see the
# sub-project's figures but hold no seat), and the state's viewer.
OUTSIDERS = ("team", "okonom", "admin", "stat")


@pytest.fixture
def papers(demo):
    """One of each thing on SUBPROJECT: a mapping, a letter, a request, its decision and task."""
    fund(demo, demo["subprojects"][SUBPROJECT], Decimal("50000"))
    set_limits(demo)
    support = request(demo, amount="1000")
    decision = decide(demo, [support]).decisions[0]
    consent_to_map(demo, support.household)
    mapping = services.needs_mapping_record(
        acting_user=demo["users"]["kontakt"],
        household=support.household,
        subproject=support.subproject,
        place=Place.HOME,
        services_present=organisations(demo),
        basic_needs=[],
    )
    return {
        "subproject": support.subproject,
        "mapping": mapping,
        "letter": support.letter,
        "request": support,
        "decision": decision,
        "task": OtherHelp.objects.get(request=support),
    }


def lookups(papers):
    """(access function, keyword for the id, the object it must return)."""
    return [
        (access.access_team_subproject, "subproject_id", papers["subproject"]),
        (access.access_needs_mapping, "needs_mapping_id", papers["mapping"]),
        (access.access_letter, "letter_id", papers["letter"]),
        (access.access_support_request, "support_request_id", papers["request"]),
        (access.access_decision, "decision_id", papers["decision"]),
        (access.access_help_task, "help_task_id", papers["task"]),
    ]


@pytest.mark.parametrize("for_write", [False, True])
@pytest.mark.parametrize("username", TEAM)
def test_the_team_opens_every_paper(demo, papers, username, for_write):
    user = demo["users"][username]
    for lookup, key, expected in lookups(papers):
        assert lookup(user=user, **{key: expected.pk}, for_write=for_write) == expected


@pytest.mark.parametrize("for_write", [False, True])
@pytest.mark.parametrize("username", OUTSIDERS)
def test_outsiders_open_nothing(demo, papers, username, for_write):
    user = demo["users"][username]
    for lookup, key, expected in lookups(papers):
        with pytest.raises(NotFoundOrForbidden):
            lookup(user=user, **{key: expected.pk}, for_write=for_write)


@pytest.mark.parametrize("bad_id", [999_999_999, "abc", None])
def test_missing_is_refused_like_forbidden(demo, papers, bad_id):
    user = demo["users"]["kontakt"]
    for lookup, key, _expected in lookups(papers):
        with pytest.raises(NotFoundOrForbidden):
            lookup(user=user, **{key: bad_id})


def test_a_contact_person_of_another_municipality_opens_nothing(demo, papers):
    stranger = _bamble_contact()
    for lookup, key, expected in lookups(papers):
        with pytest.raises(NotFoundOrForbidden):
            lookup(user=stranger, **{key: expected.pk}, for_write=True)


def test_pages_answer_missing_and_forbidden_with_the_same_404(demo, papers):
    outsider = Client()
    outsider.force_login(demo["users"]["team"])
    urls = [
        reverse("support:letter_detail", args=[papers["letter"].pk]),
        reverse("support:request_create", args=[papers["letter"].pk]),
        reverse("support:request_detail", args=[papers["request"].pk]),
        reverse("support:meeting", args=[papers["subproject"].pk]),
    ]
    for url in urls:
        assert outsider.get(url).status_code == 404, url
    posts = [
        reverse("support:decision_confirm", args=[papers["decision"].request_id]),
        reverse("support:decision_refuse", args=[papers["decision"].request_id]),
        reverse("support:task_done", args=[papers["task"].pk]),
        reverse("support:decision_confirm", args=[999_999_999]),
        reverse("support:task_done", args=[999_999_999]),
    ]
    for url in posts:
        assert outsider.post(url).status_code == 404, url


# --- Every write service checks the seat itself -----------------------------------------


def _bamble_contact():
    bamble = accounts_services.municipality_create(acting_user=None, name="Bamble", number="4012")
    return accounts_services.user_create(
        acting_user=None,
        username="bamble.kontakt",
        role=Role.CONTACT_PERSON,
        municipality=bamble,
        first_name="Bente",
        last_name="Bamble",
        password="bamble-demo-pass",
    )


def written(papers) -> dict:
    """Everything a support write could leave behind: rows, states, postings, audit."""
    papers["letter_unconfirmed"].refresh_from_db()
    return {
        "rows": [
            model.objects.count()
            for model in (
                NeedsMapping,
                MotivationLetter,
                SupportRequest,
                SupportLine,
                OtherHelp,
                Meeting,
                Decision,
                Payment,
                LedgerTransaction,
                AuditRecord,
            )
        ],
        "link_sent_at": papers["letter_unconfirmed"].link_sent_at,
        "decisions": list(
            Decision.objects.order_by("pk").values_list(
                "outcome", "amount", "decided_at", "second_approver"
            )
        ),
        "requests": list(SupportRequest.objects.order_by("pk").values_list("status", flat=True)),
        "tasks": list(OtherHelp.objects.order_by("pk").values_list("status", flat=True)),
    }


def write_calls(demo, papers, user):
    """Each write service of the support flow, called directly as `user` on SUBPROJECT."""
    subproject = papers["subproject"]
    return {
        "needs_mapping_record": lambda: services.needs_mapping_record(
            acting_user=user,
            household=papers["request"].household,
            subproject=subproject,
            place=Place.HOME,
            services_present=organisations(demo),
            basic_needs=[],
        ),
        "letter_write": lambda: services.letter_write(
            acting_user=user,
            household=papers["request"].household,
            subproject=subproject,
            language="nb",
            need="Behov",
            purpose="Formål",
            commitment="Innsats",
        ),
        "letter_link_issue": lambda: services.letter_link_issue(
            acting_user=user, letter=papers["letter_unconfirmed"]
        ),
        "support_request_create": lambda: services.support_request_create(
            acting_user=user,
            letter=papers["letter"],
            lines=[services.LineInput(form="cash", description="Sykkel", amount="500")],
        ),
        "meeting_hold": lambda: services.meeting_hold(
            acting_user=user,
            subproject=subproject,
            services_present=organisations(demo),
            decisions=[
                services.DecisionInput(
                    request_id=papers["pending"].pk, outcome="approved", rationale="Trengs"
                )
            ],
            idempotency_key="outsider-meeting",
        ),
        "decision_confirm": lambda: services.decision_confirm(
            acting_user=user, decision=papers["awaiting"]
        ),
        "decision_refuse": lambda: services.decision_refuse(
            acting_user=user, decision=papers["awaiting"], reason="Nei"
        ),
        "help_task_done": lambda: services.help_task_done(acting_user=user, task=papers["task"]),
    }


@pytest.fixture
def open_papers(demo, papers):
    """Add what is still open to act on: an unconfirmed letter, a pending request and a
    decision that waits for a second approver."""
    kontakt = demo["users"]["kontakt"]
    papers["pending"] = request(demo, amount="700", alias="Familien Venter")
    # In the pending request's household: a new letter supersedes the household's older
    # one, and papers["letter"] must stay current for support_request_create.
    papers["letter_unconfirmed"] = services.letter_write(
        acting_user=kontakt,
        household=papers["pending"].household,
        subproject=papers["subproject"],
        language="nb",
        need="Behov",
        purpose="Formål",
        commitment="Innsats",
    )
    # The lead's own proposal: the team holds authority for it, so it is never escalated
    # to the economy (see tests/support/test_authority.py for what is).
    own_proposal = request(demo, by="leder", amount="1500", alias="Familien Stor")
    papers["awaiting"] = decide(demo, [own_proposal], key="own-proposal").decisions[0]
    assert papers["awaiting"].needs_second_approval
    return papers


@pytest.mark.parametrize("username", [*OUTSIDERS, "bamble.kontakt"])
def test_write_services_refuse_outsiders_and_write_nothing(demo, open_papers, username):
    user = _bamble_contact() if username == "bamble.kontakt" else demo["users"][username]
    before = written(open_papers)
    for name, call in write_calls(demo, open_papers, user).items():
        with pytest.raises(NotOnTeam) as refusal:
            call()
        assert refusal.value.message == "Bare medlemmer av delprosjektets team kan gjøre dette.", (
            name
        )
        assert written(open_papers) == before, name


def test_the_team_passes_the_same_checks(demo, open_papers):
    """The refusals above are about the seat, not about the calls: the team gets through."""
    team = {
        "needs_mapping_record": "kontakt",
        "letter_link_issue": "kontakt",
        "support_request_create": "kontakt",
        "meeting_hold": "leder",
        "decision_confirm": "nav.berg",
        "help_task_done": "nav.berg",
        "letter_write": "kontakt",  # last: it supersedes the letter the request rests on
    }
    for name, username in team.items():
        call = write_calls(demo, open_papers, demo["users"][username])[name]
        assert call() is not None, name


def test_the_meeting_takes_services_of_its_own_municipality_only(demo, open_papers):
    bamble = _bamble_contact().municipality
    stranger = accounts_services.organisation_create(
        acting_user=None, municipality=bamble, name="NAV Bamble", kind=OrganisationKind.NAV
    )
    before = written(open_papers)
    with pytest.raises(DomainError) as refusal:
        services.meeting_hold(
            acting_user=demo["users"]["leder"],
            subproject=open_papers["subproject"],
            services_present=[stranger],
            decisions=[
                services.DecisionInput(
                    request_id=open_papers["pending"].pk, outcome="approved", rationale="Trengs"
                )
            ],
            idempotency_key="foreign-services",
        )
    assert refusal.value.field == "services_present"
    assert written(open_papers) == before


def test_an_economist_posting_the_meeting_form_gets_404_and_nothing_is_written(
    demo, open_papers, client_for
):
    pending = open_papers["pending"]
    before = written(open_papers)
    response = client_for("okonom").post(
        reverse("support:meeting", args=[open_papers["subproject"].pk]),
        {
            "token": "economist-meeting",
            "services_present": [organisations(demo)[0].pk],
            f"r{pending.pk}-outcome": "approved",
            f"r{pending.pk}-rationale": "Trengs",
        },
    )
    assert response.status_code == 404
    assert written(open_papers) == before
