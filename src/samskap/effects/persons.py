"""How the effects pages name a person, in every list and every choice: the name or alias,
the birth year and the household's number. Two children called Amina are told apart (by
year, or by household when born the same year) without showing more: no national id, no
household alias, no role or address."""

from django.utils.translation import gettext as _


def person_label(member) -> str:
    """'Amina (b. 2014, household #12)' for a people.Member (its household id is read from
    the row: no query)."""
    return _("%(name)s (b. %(year)s, household #%(household)s)") % {
        "name": member.name,
        "year": member.birth_year,
        "household": member.household_id,
    }
