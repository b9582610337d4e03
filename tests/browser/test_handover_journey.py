"""A contact person leaves: their households are handed over in the browser, at a phone's
width (390 px), every screen axe-checked, then the administrator deactivates them.

The lead changes one family's contact person on its page and hands two more over from
the sub-project page (one left unticked); the administrator hands the last one over from
the users page, where a colleague without a seat on its team is set aside with the
reason, and then deactivates the person who left. The test prints the screens, clicks
and typed fields per role.
"""

from collections import Counter

import pytest
from django.urls import reverse

from samskap.accounts import services as accounts_services
from samskap.accounts.models import Role, User
from samskap.people.models import Household
from samskap.subprojects import services as subproject_services
from samskap.subprojects.models import TeamMembership, TeamRole
from tests.browser.fixtures import assert_accessible, log_in, open_page
from tests.support.factories import SUBPROJECT, household

pytestmark = pytest.mark.browser

OTHER_TEAM = "Veien til førerkortet"


def fits_the_screen(page) -> bool:
    """Nothing in the page's own content sticks out (tables scroll in their region)."""
    return page.evaluate(
        """() => [...document.querySelectorAll('main *')]
            .filter(el => !el.closest('.table-scroll'))
            .every(el => el.getBoundingClientRect().right <= window.innerWidth + 1)"""
    )


class Phone:
    """One user's browser at 390 px, counting screens, clicks and typed fields."""

    def __init__(self, browser, base: str, username: str):
        self.base, self.counts = base, Counter()
        self.page = open_page(browser)
        self.page.set_viewport_size({"width": 390, "height": 844})
        log_in(self.page, base, username)
        self.counts["typed"] += 2
        self.counts["clicks"] += 1
        self._seen()

    def _seen(self) -> None:
        self.page.wait_for_load_state()
        self.counts["screens"] += 1
        assert_accessible(self.page)
        assert fits_the_screen(self.page), f"{self.page.url} is wider than 390 px"

    def open(self, path: str) -> None:
        self.page.goto(self.base + path)
        self._seen()

    def link(self, name: str) -> None:
        self.page.get_by_role("link", name=name).first.click()
        self.counts["clicks"] += 1
        self._seen()

    def press(self, name: str) -> None:
        self.page.get_by_role("button", name=name, exact=True).click()
        self.counts["clicks"] += 1
        self._seen()

    def choose(self, field_id: str, value) -> None:
        self.page.locator(f"#id_{field_id}").select_option(str(value))
        self.counts["clicks"] += 1

    def untick(self, label: str) -> None:
        self.page.get_by_label(label).uncheck()
        self.counts["clicks"] += 1

    def says(self, text: str) -> bool:
        return self.page.get_by_text(text).first.is_visible()


def test_a_contact_persons_households_are_handed_over_before_they_leave(live_demo, browser):
    demo, base = live_demo, live_demo["url"]
    avgang = accounts_services.user_create(
        acting_user=None,
        username="avgang",
        role=Role.CONTACT_PERSON,
        municipality=demo["municipality"],
        first_name="Aud",
        last_name="Avgang",
    )
    for name in (SUBPROJECT, OTHER_TEAM):
        subproject_services.team_member_add(
            acting_user=None,
            subproject=demo["subprojects"][name],
            user=avgang,
            team_role=TeamRole.CONTACT_PERSON,
        )
    subproject_services.team_role_change(
        acting_user=None,
        membership=TeamMembership.objects.get(
            subproject=demo["subprojects"][SUBPROJECT], user=demo["users"]["nav.berg"]
        ),
        team_role=TeamRole.CONTACT_PERSON,
    )
    homes = {
        alias: household(demo, alias=alias, subproject=subproject)
        for alias, subproject in (
            ("Familien En", SUBPROJECT),
            ("Familien To", SUBPROJECT),
            ("Familien Tre", OTHER_TEAM),
            ("Familien Fire", SUBPROJECT),
        )
    }
    Household.objects.filter(pk__in=[h.pk for h in homes.values()]).update(contact_person=avgang)
    users = demo["users"]

    # The lead: one family on its own page, two more from the sub-project page.
    lead = Phone(browser, base, "leder")
    lead.open(reverse("people:detail", args=[homes["Familien Tre"].pk]))
    lead.link("Bytt kontaktperson")
    lead.choose("contact_person", users["kontakt"].pk)
    lead.press("Bytt kontaktperson")
    assert lead.says("Kari Kontakt er nå kontaktperson for husstanden.")
    lead.open(reverse("subprojects:detail", args=[demo["subprojects"][SUBPROJECT].pk]))
    lead.link("Overfør husstander fra Aud Avgang (3 i dette delprosjektet)")
    lead.untick(f"Familien Fire (#{homes['Familien Fire'].pk}) – {SUBPROJECT}")
    lead.choose("to_user", users["nav.berg"].pk)
    lead.press("Overfør")
    assert lead.says("2 husstander er overført.")

    # The administrator: the last family from the users page, then the deactivation.
    admin = Phone(browser, base, "admin")
    admin.open(reverse("accounts:users"))
    admin.link("Overfør husstanden fra avgang (1)")
    assert "Familien" not in admin.page.content()  # the economy sees no household
    admin.choose("to_user", users["nav.hansen"].pk)  # no seat on Stødig start
    admin.press("Overfør")
    assert admin.says("1 husstand ble lagt til side:")
    assert admin.says(f"Husstand #{homes['Familien Fire'].pk}")
    admin.choose("to_user", users["kontakt"].pk)
    admin.press("Overfør")
    assert admin.says("1 husstand er overført.")
    admin.link("Brukere")
    admin.page.get_by_role("button", name="Deaktiver avgang").click()
    admin.counts["clicks"] += 1
    admin._seen()
    assert admin.says("Aud Avgang er deaktivert")

    contacts = dict(
        Household.objects.filter(pk__in=[h.pk for h in homes.values()]).values_list(
            "alias", "contact_person__username"
        )
    )
    assert contacts == {
        "Familien En": "nav.berg",
        "Familien To": "nav.berg",
        "Familien Tre": "kontakt",
        "Familien Fire": "kontakt",
    }
    assert not User.objects.get(pk=avgang.pk).is_active
    print("\nHanding over a leaving contact person's households (390 px, axe on every screen)")
    for role, person in (("leder", lead), ("admin", admin)):
        c = person.counts
        print(
            f"  {role:<8} {c['screens']:>3} screens {c['clicks']:>3} clicks {c['typed']:>3} typed"
        )
    lead.page.context.close()
    admin.page.context.close()
