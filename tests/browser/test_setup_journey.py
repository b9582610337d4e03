"""A municipality sets itself up from an empty database with only the browser, then runs
one case to the bank file (issue #10, item 1).

`samskap create_admin` is the only command; after it the administrator and the
economist set up everything on their pages, at a phone's width (390 px), axe-checked,
bad input refused on the page with nothing stored. Then the guided case flow runs one
family from "new case" to the bank file. The test prints the screens, clicks and typed
fields per role.
"""

import datetime
import io
import re
from collections import Counter
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from samskap.accounts.models import Organisation, User
from samskap.funding.models import GrantScheme, ProgrammeAgreement, SchemeYearAmount
from samskap.payments.models import Payment, PaymentStatus
from samskap.people.models import Household
from samskap.subprojects.models import SubProject, TeamMembership
from samskap.support.models import SupportRequest
from tests.browser.fixtures import assert_accessible, open_page

# It opens its own pages (no `page` fixture), so it says itself that it needs a browser
# and PostgreSQL: on SQLite the live server's flush meets the append-only triggers.
pytestmark = pytest.mark.browser

PASSWORD = "Siljan-er-fin-2026"
SUBPROJECT = "Fritid for alle i Siljan"
# The set-up pages this slice adds; they must fit a phone. (The pot's and the payments'
# pages are measured by their own tests.)
SETUP_PAGES = re.compile(
    r"/($|oppsett/|konto/|potten/avtale/|potten/\d+/oppsett/|delprosjekter/(ny/|\d+/team/)"
    r"|stotte/sak/|stotte/soknad/)"
)


def fits_the_screen(page) -> bool:
    """Nothing in the page's own content sticks out (tables scroll in their region)."""
    return page.evaluate(
        """() => [...document.querySelectorAll('main *')]
            .filter(el => !el.closest('.table-scroll'))
            .every(el => el.getBoundingClientRect().right <= window.innerWidth + 1)"""
    )


class Person:
    """One user's browser, counting what they do: screens seen, clicks, typed fields."""

    def __init__(self, journey, role: str, *, phone: bool = False):
        self.role, self.counts, self.phone = role, journey[role], phone
        self.page = open_page(journey.browser)
        if phone:
            self.page.set_viewport_size({"width": 390, "height": 844})

    def _seen(self) -> None:
        self.page.wait_for_load_state()
        self.counts["screens"] += 1
        assert_accessible(self.page)
        path = "/" + self.page.url.split("/", 3)[3]
        if self.phone and SETUP_PAGES.match(path.split("?")[0]):
            assert fits_the_screen(self.page), f"{self.page.url} is wider than 390 px"

    def open(self, url: str) -> None:
        self.page.goto(url)
        self._seen()

    def link(self, name: str) -> None:
        self.page.get_by_role("link", name=name, exact=True).first.click()
        self.counts["clicks"] += 1
        self._seen()

    def press(self, name: str) -> None:
        self.page.get_by_role("button", name=name).click()
        self.counts["clicks"] += 1
        self._seen()

    def type(self, **fields) -> None:
        for field_id, value in fields.items():
            self.page.locator(f"#id_{field_id}").fill(str(value))
            self.counts["typed"] += 1

    def choose(self, **fields) -> None:
        for field_id, value in fields.items():
            self.page.locator(f"#id_{field_id}").select_option(str(value))
            self.counts["clicks"] += 1

    def tick(self, selector: str) -> None:
        self.page.locator(selector).first.check()
        self.counts["clicks"] += 1

    def invalid(self, field_id: str) -> bool:
        return self.page.locator(f"#id_{field_id}").get_attribute("aria-invalid") == "true"

    def says(self, text: str) -> bool:
        return self.page.get_by_text(text).first.is_visible()

    def accept_invitation(self, link: str, username: str, base: str) -> None:
        """Open the one-time link, choose a password, log in with it."""
        self.open(link)
        self.type(password=PASSWORD, password_repeat=PASSWORD)
        self.press("Lagre passordet")
        self.type(username=username, password=PASSWORD)
        self.press("Logg inn")
        assert self.page.url == f"{base}/"

    def close(self) -> None:
        self.page.context.close()


class Journey(dict):
    def __init__(self, browser):
        super().__init__()
        self.browser = browser

    def __missing__(self, role):
        self[role] = Counter()
        return self[role]

    def report(self, title: str) -> None:
        print(f"\n{title}")
        for role, counts in self.items():
            print(
                f"  {role:<16} {counts['screens']:>3} screens {counts['clicks']:>3} clicks "
                f"{counts['typed']:>3} typed fields"
            )
        total = sum(self.values(), Counter())
        print(
            f"  {'all':<16} {total['screens']:>3} screens {total['clicks']:>3} clicks "
            f"{total['typed']:>3} typed fields"
        )


@pytest.fixture
def empty_site(transactional_db, live_server):
    """No municipality, no user, no scheme: the database of a new installation."""
    call_command("flush", interactive=False, verbosity=0)
    assert not User.objects.exists()
    return live_server.url


def invite(admin, *, first, last, username, role, organisation) -> str:
    """The administrator creates a user; the page shows their one-time link."""
    admin.type(first_name=first, last_name=last, username=username)
    admin.choose(role=role, organisation=organisation.pk)
    admin.press("Opprett brukeren og lag en lenke")
    return admin.page.locator("#invitation-link").inner_text()


def test_a_municipality_sets_itself_up_and_pays_one_case(browser, empty_site):
    base = empty_site
    journey = Journey(browser)
    today = timezone.localdate()
    years = [today.year, today.year + 1, today.year + 2]

    # The only command: a municipality and its administrator, with a one-time link.
    out = io.StringIO()
    call_command(
        "create_admin",
        municipality="Siljan",
        number="4010",
        username="siljan.admin",
        first_name="Siri",
        last_name="Admin",
        base_url=base,
        stdout=out,
    )
    admin_link = out.getvalue().strip().splitlines()[-1]

    # --- the administrator, on a phone --------------------------------------------------
    admin = Person(journey, "administrator", phone=True)
    admin.open(admin_link)
    admin.type(password="siljan", password_repeat="siljan")  # too short
    admin.press("Lagre passordet")
    assert admin.invalid("password") and admin.says("Passordet er for kort")
    assert not User.objects.get(username="siljan.admin").has_usable_password()
    admin.accept_invitation(admin_link, "siljan.admin", base)
    assert admin.page.get_by_role("heading", level=1).inner_text() == "Velkommen, Siri"
    assert admin.page.goto(admin_link).status == 403  # logged in: not for colleagues
    admin.open(f"{base}/")

    admin.link("Kommunale enheter, NAV, politi og frivillige")
    admin.press("Registrer organisasjonen")  # empty
    assert admin.invalid("name") and not Organisation.objects.exists()
    for name, kind in [("Siljan kommune, Oppvekst", "municipal_unit"), ("NAV Siljan", "nav")]:
        admin.type(name=name)
        admin.choose(kind=kind)
        admin.press("Registrer organisasjonen")
    unit, nav = (
        Organisation.objects.get(name=n) for n in ("Siljan kommune, Oppvekst", "NAV Siljan")
    )

    admin.link("Brukere")
    admin.type(first_name="Siri", last_name="To", username="SILJAN.ADMIN")
    admin.choose(role="economist")  # a role is chosen, never assumed ("Velg …" first)
    admin.press("Opprett brukeren og lag en lenke")
    assert admin.invalid("username") and admin.says("Brukernavnet er tatt")
    assert User.objects.count() == 1
    links = {
        username: invite(
            admin, first=first, last=last, username=username, role=role, organisation=org
        )
        for username, first, last, role, org in [
            ("siljan.okonom", "Øyvind", "Økonom", "economist", unit),
            ("siljan.leder", "Line", "Leder", "unit_lead", unit),
            ("siljan.kontakt", "Kari", "Kontakt", "contact_person", unit),
            ("siljan.nav", "Nils", "Nav", "team_member", nav),
        ]
    }

    # --- the economist registers the agreement, its schemes and yearly amounts ------------
    economist = Person(journey, "economist", phone=True)
    economist.accept_invitation(links["siljan.okonom"], "siljan.okonom", base)
    economist.link("Oppsett")
    economist.link("Ny programavtale")
    economist.type(
        name="Innbyggernes modell i Siljan",
        reference="0-24-SILJAN",
        starts_on=f"{years[-1]}-01-01",
        ends_on=f"{years[0]}-12-31",
    )
    economist.press("Registrer avtalen")
    assert economist.says("Avtalen må slutte etter at den starter")
    assert not ProgrammeAgreement.objects.exists()
    economist.type(starts_on=f"{years[0]}-01-01", ends_on=f"{years[-1]}-12-31")
    economist.press("Registrer avtalen")
    agreement = ProgrammeAgreement.objects.get(reference="0-24-SILJAN")
    economist.type(
        **{
            "scheme-name": "Nasjonal tilskuddsordning for inkludering av barn og unge",
            "scheme-ministry": "Barne- og familiedepartementet",
            "scheme-directorate": "Bufdir",
            "scheme-budget_chapter": "846",
            "scheme-budget_post": "61",
        }
    )
    economist.press("Registrer tilskuddsordningen")
    economist.choose(scheme=_scheme_pk())
    economist.type(**{f"year_{years[0]}": "2.600.000"})  # dotted thousands: refused
    economist.press("Lagre beløpene")
    assert economist.invalid(f"year_{years[0]}")
    assert not SchemeYearAmount.objects.exists()
    economist.choose(scheme=_scheme_pk())
    economist.type(**{f"year_{year}": "2 600 000" for year in years})
    economist.press("Lagre beløpene")
    assert SchemeYearAmount.objects.filter(agreement=agreement).count() == 3

    # --- the administrator makes the sub-project and its team ----------------------------
    admin.link("Delprosjekter")
    admin.link("Nytt delprosjekt")
    admin.type(
        name=SUBPROJECT,
        summary="Fritidsaktiviteter for barn og unge i familier med lav inntekt.",
        target_group="Barn og unge 6–18 år i familier med lav inntekt",
        age_from=6,
        age_to=30,
    )
    admin.press("Opprett delprosjektet")
    assert admin.invalid("age_to") and not SubProject.objects.exists()
    admin.type(age_to=18)
    admin.press("Opprett delprosjektet")
    subproject = SubProject.objects.get(name=SUBPROJECT)
    for username, team_role in [
        ("siljan.leder", "lead"),
        ("siljan.kontakt", "contact_person"),
        ("siljan.nav", "member"),
    ]:
        admin.choose(user=User.objects.get(username=username).pk, team_role=team_role)
        admin.press("Legg til i teamet")
    assert TeamMembership.objects.filter(subproject=subproject).count() == 3
    admin.close()

    # --- the economist: authority, the bank account, the money in and out to the team ----
    economist.link("Oppsett")
    economist.link(f"Handlingsrom i {SUBPROJECT}")
    economist.choose(team_role="lead")
    economist.type(max_per_decision="10 000", max_per_household_per_year="30 000")
    economist.press("Lagre grensen")
    economist.link("Oppsett")
    economist.link("Kontoen betalingsfilene betales fra")
    economist.type(
        name="Siljan kommune",
        organisation_number="942110464",
        account="8601 11 17947",
        bic="DNBANOKKXXX",
    )
    economist.press("Lagre")
    economist.link("Oppsett")
    economist.link("Registrer det staten har betalt, og fordel det til delprosjektene")
    economist.link("Registrer en innbetaling")
    economist.choose(scheme=_scheme_pk())
    economist.type(received_on=today.isoformat(), amount="650 000", reference="BUFDIR-1")
    economist.press("Poster")
    economist.link("Fordel fra potten")
    economist.choose(subproject=subproject.pk, year=today.year)
    economist.type(amount="100 000", reason="Første fordeling")
    economist.press("Poster")
    journey.report("Set-up from an empty database (screens, clicks, typed fields per role):")

    # --- one case through the guided case flow, the contact person on a phone -----------
    case = Journey(browser)
    contact = Person(case, "contact person", phone=True)
    contact.accept_invitation(links["siljan.kontakt"], "siljan.kontakt", base)
    contact.counts.clear()  # the case's figures start at "Ny sak", after the first login
    household = register_and_propose(contact, browser, base, subproject)
    assert contact.counts["screens"] <= 8, contact.counts
    lead = Person(case, "unit lead")
    lead.accept_invitation(links["siljan.leder"], "siljan.leder", base)
    lead.counts.clear()
    support = SupportRequest.objects.get(household=household)
    # A new decider confirms the ethics guide before the first decision (issue #13).
    lead.open(f"{base}/innsyn/etikk/")
    lead.press("Jeg har lest veilederen og vil følge den")
    lead.open(f"{base}/stotte/moter/{subproject.pk}/")
    lead.tick("input[name=services_present]")
    lead.choose(**{f"r{support.pk}-outcome": "approved"})
    lead.type(**{f"r{support.pk}-rationale": "Fotballskole gir venner; innenfor fullmakt."})
    lead.press("Bekreft møtets vedtak")
    payment = Payment.objects.get(support_line__request=support)
    assert payment.status == PaymentStatus.PENDING
    economist.counts = case["economist"]
    economist.link("Utbetalinger")
    economist.press("Lag betalingsfilen (pain.001)")
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.EXPORTED
    assert payment.amount == Decimal("1800.00")
    case.report('One case, from "Ny sak" to the bank file (after each first login):')
    for person in (economist, contact, lead):
        person.close()


def _scheme_pk() -> int:
    return GrantScheme.objects.get(budget_chapter="846", budget_post="61").pk


def register_and_propose(contact, browser, base, subproject) -> Household:
    """The contact person's part, on a phone, through the guided case (`/stotte/sak/ny/`):
    household and first person, payout account, consent, needs mapping, letter (confirmed
    by the citizen on their own phone) and the request, one step a screen."""
    contact.link("Ny sak")
    assert contact.page.url == f"{base}/stotte/sak/ny/"
    contact.choose(subproject=subproject.pk, role="young_person", preferred_language="nb")
    contact.type(alias="Familien Siljan", name="Sara")
    contact.type(birth_year=datetime.date.today().year - 16)  # old enough to consent
    contact.press("Lagre og gå videre")
    household = Household.objects.get(alias="Familien Siljan")
    assert contact.page.url == f"{base}/stotte/sak/{household.pk}/konto/"
    contact.type(bank_account="1503 10 00006")
    contact.press("Lagre og gå videre")
    # Consent: Sara herself, orally, to share with the municipal unit and NAV.
    contact.choose(method="oral")
    contact.tick("input[name=services][value=municipal_unit]")
    contact.tick("input[name=services][value=nav]")
    for purpose in ("needs_mapping", "coordination", "support"):  # none is ticked in advance
        contact.tick(f"input[name=purposes][value={purpose}]")
    contact.press("Lagre og gå videre")
    assert household.consents.get().given_by.name == "Sara"
    # Needs, mapped with NAV: a service the consent covers.
    nav = Organisation.objects.get(name="NAV Siljan")
    contact.choose(place="school")
    contact.tick(f"input[name=services_present][value='{nav.pk}']")
    contact.tick("input[name=basic_needs][value=leisure]")
    contact.press("Lagre og gå videre")
    assert household.needs_mappings.exists()
    contact.type(
        need="Jeg vil gå på fotballskole med vennene mine.",
        purpose="Kontingent og fotballsko.",
        commitment="Jeg møter på treningene.",
    )
    contact.press("Lagre og lag lenken")
    assert contact.page.url == f"{base}/stotte/sak/{household.pk}/soknad/"
    link = contact.page.locator("#confirmation-link").inner_text()
    citizen = open_page(browser)
    citizen.set_viewport_size({"width": 390, "height": 844})
    citizen.goto(link)
    citizen.get_by_role("button", name="Ja, dette er brevet mitt").click()
    citizen.wait_for_load_state()
    assert_accessible(citizen)
    citizen.context.close()
    # The request, on the page the contact person is already on: cash, chosen, not assumed.
    contact.choose(**{"line-0-form": "cash"})
    contact.type(**{"line-0-description": "Fotballskole", "line-0-amount": "1 800"})
    contact.press("Sett på teamets saksliste")
    support = SupportRequest.objects.get(household=household)
    assert contact.page.url == f"{base}/stotte/soknad/{support.pk}/"
    return household
