"""Read side of households: only the teams of a household's sub-projects see it."""

import functools
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import ngettext

from samskap.accounts.models import User
from samskap.core.errors import NotFoundOrForbidden
from samskap.core.forms import MAX_KEY
from samskap.core.rows import Columns
from samskap.core.text import is_digits
from samskap.people.models import (
    Consent,
    Enrolment,
    Household,
    HouseholdAccess,
    LegalBasisRecord,
    Member,
    MemberRole,
)
from samskap.people.stages import stage_sql, with_stage, with_stage_compiled
from samskap.subprojects.models import SubProject, TeamMembership, TeamRole
from samskap.subprojects.selectors import subproject_ids_for_team_member


def households_visible_to(*, user) -> QuerySet[Household]:
    """Team seats grant access; economists, administrators and the state see no households."""
    if not user.is_authenticated or user.is_state_viewer:
        return Household.objects.none()
    subproject_ids = subproject_ids_for_team_member(user=user)
    # EXISTS rather than a join and DISTINCT: a household enrolled in two of the user's
    # sub-projects is one row, and the list can count and page it (and annotate its stage
    # for the page's rows only) without making every row distinct first.
    enrolled = Enrolment.objects.filter(
        household_id=OuterRef("pk"), subproject_id__in=subproject_ids
    )
    return Household.objects.filter(
        Exists(enrolled), municipality_id=user.municipality_id
    ).select_related("contact_person")


def households_listed(
    *, user, search: str = "", stage: str = "", subproject_id: int | None = None, mine=False
) -> QuerySet[Household]:
    """The household list's households, narrowed by a search on the alias or the
    household number (never on identity numbers), a stage, a sub-project and "where I am
    the contact person", in the list's order; for `HouseholdListPage`, which annotates the
    stage of one page's rows. The stage is annotated here only to filter on it: the pager's
    count and the page's ids never read it, and annotating it (eight subqueries, resolved
    in Python) was about a tenth of the list's Python at `medium` (issue 14)."""
    households = households_visible_to(user=user)
    search = search.strip()
    if search:
        matches = Q(alias__icontains=search)
        number = search.removeprefix("#")
        if is_digits(number) and len(number) < 10:
            matches |= Q(pk=int(number))
        households = households.filter(matches)
    if stage:
        households = with_stage(households).filter(stage=stage)
    if subproject_id:
        households = households.filter(
            pk__in=Enrolment.objects.filter(subproject_id=subproject_id).values("household_id")
        )
    if mine:
        households = households.filter(contact_person=user)
    return households.order_by("alias", "id")


def household_list_for(
    *, user, search: str = "", stage: str = "", subproject_id: int | None = None, mine=False
) -> QuerySet[Household]:
    """The household list as one queryset: `households_listed`, each household with its
    `stage` (computed in the database) and its enrolments; page it in the database."""
    households = households_listed(
        user=user, search=search, stage=stage, subproject_id=subproject_id, mine=mine
    )
    if not stage:
        households = with_stage(households)
    return households.prefetch_related(
        Prefetch("enrolments", queryset=Enrolment.objects.select_related("subproject"))
    )


class HouseholdListPage:
    """The household list as the pager wants it: `count()` counts `households` (the
    stage is left out unless a stage filter needs it), and a slice reads one page.

    A slice picks the page's households by id first (`pk IN (… LIMIT 50)`) and computes
    the stage of those 50 only. Given the whole list, PostgreSQL built each stage's
    subquery as a hash over every payment, line and request of the municipality before
    the limit (at `medium` 170 ms a page); over 50 ids it looks each one up by index
    (18 ms, same rows and stages). Still one query a page, and one for the sub-projects.

    A slice is a list of households, each with `stage` and `subproject_names` (the names
    of its sub-projects in the order it was enrolled). The names are read as pairs of
    (household, name), not prefetched: a prefetch built a queryset per household and
    model instances the list only takes one name from, and ordered by the household's
    alias through a join (issue 14). The page's households are one written-out
    statement (`_listed_households`, the list's own query compiled as the ids'
    subquery), each household with only what a row shows."""

    def __init__(self, households: QuerySet[Household]):
        self.households = households

    def count(self) -> int:
        return self.households.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[Household]:
        if not isinstance(index, slice):
            raise TypeError("HouseholdListPage is read a page (a slice) at a time")
        ids = self.households.values("pk")[index]
        stage = stage_sql(ids.db)
        if stage is None:  # Django's stage SQL was not of the shape expected
            return self._through_the_orm(ids)
        try:
            ids_sql, ids_params = ids.query.get_compiler(using=ids.db).as_sql()
        except EmptyResultSet:  # `none()`, or no sub-project to see: nothing to read
            return []
        households = _listed_households(ids_sql, ids_params, stage)
        for household in households:
            household.subproject_names = []
        if households:
            by_id = {household.pk: household for household in households}
            for household_id, name in _enrolled_names(list(by_id)):
                by_id[household_id].subproject_names.append(name)
        return households

    def _through_the_orm(self, ids) -> list[Household]:
        households = list(
            with_stage_compiled(Household.objects.filter(pk__in=ids))
            .select_related("contact_person")
            .order_by("alias", "id")
        )
        names: dict[int, list[str]] = {household.pk: [] for household in households}
        if names:
            enrolled = (
                Enrolment.objects.filter(household_id__in=names)
                # Enrolment's own order within one household; no join for the alias.
                .order_by("household_id", "enrolled_at", "id")
                .values_list("household_id", "subproject__name")
            )
            for household_id, name in enrolled:
                names[household_id].append(name)
        for household in households:
            household.subproject_names = names[household.pk]
        return households


@functools.cache
def _list_columns() -> dict[str, Columns]:
    """What the household list shows of a household and its contact person (what
    str(user) reads: get_full_name, else the username)."""
    return {
        "household": Columns(Household, ("id", "alias", "contact_person_id", "created_at")),
        "contact_person": Columns(User, ("id", "username", "first_name", "last_name")),
    }


def _listed_households(ids_sql: str, ids_params, stage: tuple[str, tuple]) -> list[Household]:
    """The page's households (their ids the list's own query, compiled by the ORM, with its
    order and slice) with `stage` and the contact person, in the list's order: one
    written-out statement. Building it through the ORM (the stage pasted in, the contact
    person's every field, a model of each) was about half of the list's Python at
    `medium` (issue 14); this reads only what a row shows."""
    c = _list_columns()
    household, contact_person = c["household"], c["contact_person"]
    h = _table(Household)
    # The stage's SQL names the household table itself: not aliased here (people.stages).
    sql = (
        f"SELECT {household.select(h)}, {contact_person.select('u')}, {stage[0]}"  # noqa: S608 (names)
        f" FROM {h} INNER JOIN {_table(User)} u ON u.id = {h}.contact_person_id"
        f" WHERE {h}.id IN ({ids_sql})"
        f" ORDER BY {h}.alias, {h}.id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*stage[1], *ids_params])
        rows = cursor.fetchall()
    at_stage = household.width + contact_person.width
    found = []
    for row in rows:
        built = household.build(row)
        _CONTACT_PERSON.set_cached_value(built, contact_person.build(row, household.width))
        built.stage = row[at_stage]
        found.append(built)
    return found


def _enrolled_names(household_ids: list[int]) -> list[tuple[int, str]]:
    """(household id, sub-project name) of every enrolment of the households, each
    household's in the order it was enrolled (Enrolment's own order)."""
    placeholders = ", ".join(["%s"] * len(household_ids))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT e.household_id, s.name FROM {_table(Enrolment)} e"  # noqa: S608 (names)
            f" INNER JOIN {_table(SubProject)} s ON s.id = e.subproject_id"
            f" WHERE e.household_id IN ({placeholders})"
            " ORDER BY e.household_id, e.enrolled_at, e.id",
            household_ids,
        )
        return cursor.fetchall()


def household_for(*, user, household_id: int) -> Household:
    """One household with members, enrolments and consents, or NotFoundOrForbidden."""
    try:
        return (
            households_visible_to(user=user)
            .prefetch_related(
                "members",
                Prefetch("enrolments", queryset=Enrolment.objects.select_related("subproject")),
                Prefetch(
                    "consents",
                    queryset=Consent.objects.select_related("recorded_by", "given_by"),
                ),
                Prefetch(
                    "legal_bases", queryset=LegalBasisRecord.objects.select_related("recorded_by")
                ),
            )
            .get(pk=household_id)
        )
    except Household.DoesNotExist as error:
        raise NotFoundOrForbidden("household") from error


def consent_for(*, user, consent_id: int) -> Consent:
    try:
        return Consent.objects.select_related("household__municipality").get(
            pk=consent_id, household__in=households_visible_to(user=user)
        )
    except Consent.DoesNotExist as error:
        raise NotFoundOrForbidden("consent") from error


def legal_basis_for(*, user, basis_id: int) -> LegalBasisRecord:
    try:
        return LegalBasisRecord.objects.select_related("household__municipality").get(
            pk=basis_id, household__in=households_visible_to(user=user)
        )
    except LegalBasisRecord.DoesNotExist as error:
        raise NotFoundOrForbidden("legal basis") from error


def has_processing_basis(*, household: Household) -> bool:
    """An active consent (given, not withdrawn, not expired) or another legal basis that has
    not ended: without one, nothing about the household may be shared with the services."""
    today = timezone.localdate()
    return (
        household.consents.filter(
            withdrawn_at__isnull=True, given_on__lte=today, valid_until__gte=today
        ).exists()
        or household.legal_bases.filter(ended_at__isnull=True).exists()
    )


def services_not_covered(*, household: Household, services, purpose: str) -> list[str]:
    """The services among `services` (SharingService codes, or codes no consent can name)
    that no active consent (given, not withdrawn, not expired) and no legal basis that
    has not ended lets the household's information be shared with for `purpose`; in the
    order given, once each."""
    today = timezone.localdate()
    covered = set()
    consents = household.consents.filter(
        withdrawn_at__isnull=True, given_on__lte=today, valid_until__gte=today
    ).values_list("services", "purposes")
    bases = household.legal_bases.filter(ended_at__isnull=True).values_list("services", "purposes")
    for shared_with, purposes in [*consents, *bases]:
        if purpose in purposes:
            covered.update(shared_with)
    return [code for code in dict.fromkeys(services) if code not in covered]


def participant_birth_years(*, subproject) -> list[int]:
    """Birth years of the young people and children in households enrolled in
    `subproject` (parents and others are not the target group), for its age range."""
    return list(
        Member.objects.filter(
            household__enrolments__subproject=subproject,
            role__in=[MemberRole.YOUNG_PERSON, MemberRole.CHILD],
        ).values_list("birth_year", flat=True)
    )


def household_subproject_ids(*, household: Household) -> set[int]:
    return set(household.enrolments.values_list("subproject_id", flat=True))


def accesses_of(*, user, household: Household) -> QuerySet[HouseholdAccess]:
    """The access log of a household the user may already see."""
    return HouseholdAccess.objects.filter(household=household).select_related("user")[:20]


def household_languages(*, household_id: int) -> list[str]:
    """The members' preferred languages, adults and young people before children, once each.

    For the citizen's pages (no user: the signed link is the key), which pick the first
    one Samskap speaks.
    """
    members = Member.objects.filter(household_id=household_id).order_by("birth_year", "id")
    rows = sorted(
        members.values_list("role", "preferred_language"), key=lambda row: row[0] == "child"
    )
    return list(dict.fromkeys(language for _role, language in rows))


# The seats whose holder may be a household's contact person: the team's contact persons
# and its lead (a lead follows families too).
CONTACT_SEAT_ROLES = (TeamRole.CONTACT_PERSON, TeamRole.LEAD)


def contact_person_candidates(*, municipality_id, subproject_ids=None):
    """Active staff of the municipality holding a contact person's or a lead's seat on one
    of `subproject_ids` (None: on any team), by name."""
    seats = {"team_memberships__team_role__in": CONTACT_SEAT_ROLES}
    if subproject_ids is not None:
        seats["team_memberships__subproject_id__in"] = subproject_ids
    return (
        User.objects.filter(municipality_id=municipality_id, is_active=True, **seats)
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )


def households_per_subproject(*, households) -> list[tuple[str, int]]:
    """How many of `households` each sub-project has (a household in two counts in both),
    by name: what the economy sees of a hand-over, without the households."""
    rows = (
        Enrolment.objects.filter(household__in=households)
        .values_list("subproject__name")
        .annotate(count=Count("household_id"))
        .order_by("subproject__name")
    )
    return list(rows)


def contact_person_departures(*, user, subproject=None) -> list[str]:
    """A departure check (accounts.departures): the households `user` is the contact
    person of, enrolled in `subproject` (None: anywhere), would be left without one; the
    message points to the hand-over."""
    households = Household.objects.filter(contact_person=user)
    if subproject is not None:
        households = households.filter(enrolments__subproject=subproject)
    count = households.distinct().count()
    if not count:
        return []
    return [
        ngettext(
            "%(user)s is the contact person of %(count)d household. Hand it over to "
            "another contact person first with “Hand over households” (on the users page, "
            "or the sub-project page for the team's lead); then %(user)s may go.",
            "%(user)s is the contact person of %(count)d households. Hand them over to "
            "another contact person first with “Hand over households” (on the users page, "
            "or the sub-project page for the team's lead); then %(user)s may go.",
            count,
        )
        % {"user": user, "count": count}
    ]


# --- the household page -----------------------------------------------------------------


@dataclass
class HouseholdPage:
    """What the household page shows of people's own tables: the household with its
    contact person, its enrolments' sub-project names (in the order enrolled), members,
    consents (with the member who gave each), other legal bases and its stage; and whether the
    viewer leads the team of one of its sub-projects (`access.may_hand_over` asks that)."""

    household: Household
    subproject_names: list[str]
    members: list[Member]
    consents: list[Consent]
    legal_bases: list[LegalBasisRecord]
    leads_its_team: bool
    # Where the household stands, as the household list shows it (people.stages).
    stage: str


@functools.cache
def _page_columns() -> dict[str, Columns]:
    """What the household page reads of each table (built once: the models must be
    loaded). The household and its contact person whole, as `household_for` read them,
    so a panel that reads another field of either does not query again."""
    every = lambda model: [field.attname for field in model._meta.concrete_fields]  # noqa: E731
    return {
        "household": Columns(Household, every(Household)),
        "contact_person": Columns(User, every(User)),
        "member": Columns(Member, every(Member)),
        "consent": Columns(Consent, every(Consent)),
        "given_by": Columns(Member, ("id", "name")),
        "basis": Columns(LegalBasisRecord, every(LegalBasisRecord)),
        "access": Columns(HouseholdAccess, ("id", "household_id", "user_id", "at")),
        # What str(user) reads (get_full_name, else the username).
        "user": Columns(User, ("id", "username", "first_name", "last_name")),
    }


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


_CONTACT_PERSON = Household._meta.get_field("contact_person")
_GIVEN_BY = Consent._meta.get_field("given_by")
_ACCESS_USER = HouseholdAccess._meta.get_field("user")


def household_page(*, user, household_id: int) -> HouseholdPage:
    """The household page's reads of people's tables, if `user` may see the household:
    `household_for`'s household, enrolments, members, consents and legal bases in four
    written-out statements instead of the ORM's six (the team seats, the household, four
    prefetches), each built on every request (about 1 ms of Python a query, issue 14).
    Visible as in `households_visible_to`: the user's municipality and a team seat on
    one of the household's sub-projects (tests/people/test_household_page.py compares
    the two for every demo user and household). NotFoundOrForbidden otherwise."""
    if not user.is_authenticated or user.is_state_viewer:
        raise NotFoundOrForbidden("household")
    if type(household_id) is not int or abs(household_id) > MAX_KEY:
        raise NotFoundOrForbidden("household")  # no row has it; the database would fail
    c = _page_columns()
    household, contact_person = c["household"], c["contact_person"]
    h, enrolment, seat = _table(Household), _table(Enrolment), _table(TeamMembership)
    # The stage as the household list shows it (people.stages, the same SQL); it names
    # the household table itself, which is why the table is not aliased here.
    stage = stage_sql(connection.alias) or ("NULL", ())
    # Every enrolment of the household, each with whether the user leads its team; the
    # household only if one of them is on a team the user sits on.
    sql = (
        f"SELECT {household.select(h)}, {contact_person.select('u')}, s.name,"  # noqa: S608 (names)
        f" EXISTS (SELECT 1 FROM {seat} t WHERE t.subproject_id = e.subproject_id"
        f"  AND t.user_id = %s AND t.team_role = %s), {stage[0]}"
        f" FROM {h}"
        f" INNER JOIN {_table(User)} u ON u.id = {h}.contact_person_id"
        f" INNER JOIN {enrolment} e ON e.household_id = {h}.id"
        f" INNER JOIN {_table(SubProject)} s ON s.id = e.subproject_id"
        f" WHERE {h}.id = %s AND {h}.municipality_id = %s"
        f" AND EXISTS (SELECT 1 FROM {enrolment} v WHERE v.household_id = {h}.id"
        f"  AND v.subproject_id IN (SELECT t.subproject_id FROM {seat} t WHERE t.user_id = %s))"
        " ORDER BY e.enrolled_at, e.id"
    )
    params = [user.pk, TeamRole.LEAD, *stage[1], household_id, user.municipality_id, user.pk]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
        if not rows:
            raise NotFoundOrForbidden("household")
        found = household.build(rows[0])
        at_name = household.width + contact_person.width
        _CONTACT_PERSON.set_cached_value(found, contact_person.build(rows[0], household.width))
        page = HouseholdPage(
            household=found,
            subproject_names=[row[at_name] for row in rows],
            members=_members(cursor, household_id),
            consents=_consents(cursor, household_id),
            legal_bases=_legal_bases(cursor, household_id),
            leads_its_team=any(row[at_name + 1] for row in rows),
            stage=rows[0][at_name + 2],
        )
    if page.stage is None:  # Django's stage SQL was not of the shape expected
        page.stage = with_stage(Household.objects.filter(pk=found.pk)).values_list(
            "stage", flat=True
        )[0]
    return page


def _members(cursor, household_id: int) -> list[Member]:
    member = _page_columns()["member"]
    cursor.execute(
        f"SELECT {member.select('m')} FROM {_table(Member)} m"  # noqa: S608 (names)
        " WHERE m.household_id = %s ORDER BY m.birth_year, m.id",
        [household_id],
    )
    return [member.build(row) for row in cursor.fetchall()]


def _consents(cursor, household_id: int) -> list[Consent]:
    c = _page_columns()
    consent, given_by = c["consent"], c["given_by"]
    cursor.execute(
        f"SELECT {consent.select('k')}, {given_by.select('m')}"  # noqa: S608 (names)
        f" FROM {_table(Consent)} k LEFT OUTER JOIN {_table(Member)} m ON m.id = k.given_by_id"
        " WHERE k.household_id = %s ORDER BY k.given_on DESC, k.id DESC",
        [household_id],
    )
    found = []
    for row in cursor.fetchall():
        item = consent.build(row)
        who = None if row[consent.width] is None else given_by.build(row, consent.width)
        _GIVEN_BY.set_cached_value(item, who)
        found.append(item)
    return found


def _legal_bases(cursor, household_id: int) -> list[LegalBasisRecord]:
    basis = _page_columns()["basis"]
    cursor.execute(
        f"SELECT {basis.select('b')} FROM {_table(LegalBasisRecord)} b"  # noqa: S608 (names)
        " WHERE b.household_id = %s ORDER BY b.recorded_at DESC, b.id DESC",
        [household_id],
    )
    return [basis.build(row) for row in cursor.fetchall()]


def household_page_accesses(*, household_id: int) -> list[HouseholdAccess]:
    """`accesses_of` for the household page, written out: the latest 20 reads with who
    read (as much of the user as its name needs)."""
    c = _page_columns()
    access, who = c["access"], c["user"]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {access.select('a')}, {who.select('u')}"  # noqa: S608 (names)
            f" FROM {_table(HouseholdAccess)} a INNER JOIN {_table(User)} u ON u.id = a.user_id"
            " WHERE a.household_id = %s ORDER BY a.at DESC, a.id DESC LIMIT 20",
            [household_id],
        )
        rows = cursor.fetchall()
    found = []
    for row in rows:
        item = access.build(row)
        _ACCESS_USER.set_cached_value(item, who.build(row, access.width))
        found.append(item)
    return found
