"""Needs mapping: what the household needs, where it was mapped and which services took part."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samskap.accounts.models import OrganisationKind
from samskap.audit.services import audit_record_create
from samskap.core.errors import DomainError
from samskap.core.text import LONG_TEXT_LENGTH, clean_text
from samskap.people.models import Household, Purpose, SharingService
from samskap.people.selectors import services_not_covered
from samskap.subprojects.access import require_team_seat
from samskap.support.models import BasicNeed, NeedsMapping, Place
from samskap.support.services._common import _require_enrolled


@transaction.atomic
def needs_mapping_record(
    *,
    acting_user,
    household: Household,
    subproject,
    place: str,
    services_present: list,
    basic_needs: list[str],
    notes: str = "",
) -> NeedsMapping:
    require_team_seat(user=acting_user, subproject=subproject)
    _require_enrolled(household, subproject)
    if place not in Place.values:
        raise DomainError(_("Choose where the needs were mapped."), field="place")
    if not services_present:
        raise DomainError(
            _("Choose at least one service that took part."), field="services_present"
        )
    unknown = [code for code in basic_needs if code not in BasicNeed.values]
    if unknown:
        raise DomainError(_("Unknown basic need."), field="basic_needs")
    if any(
        org.municipality_id not in (None, household.municipality_id) for org in services_present
    ):
        raise DomainError(_("Choose services from this municipality."), field="services_present")
    _require_consent(household, services_present)
    # The household row is the case's lock: two saves at once supersede in turn.
    Household.objects.select_for_update().filter(pk=household.pk).first()
    current = NeedsMapping.objects.filter(
        household=household, subproject=subproject, superseded_at=None
    ).first()
    if current is not None:
        current.superseded_at = timezone.now()
        current.save(update_fields=["superseded_at"])
    mapping = NeedsMapping.objects.create(
        household=household,
        subproject=subproject,
        place=place,
        basic_needs=sorted(set(basic_needs), key=BasicNeed.values.index),
        notes=clean_text(notes, max_length=LONG_TEXT_LENGTH, field="notes"),
        recorded_by=acting_user,
    )
    mapping.services_present.set(services_present)
    if current is not None:
        current.superseded_by = mapping
        current.save(update_fields=["superseded_by"])
    audit_record_create(
        actor=acting_user,
        action="needs_mapping.create",
        target=mapping,
        # The notes stay out of the trail: they are the sensitive part.
        new_values={
            "household": household.pk,
            "place": place,
            "services_present": sorted(org.pk for org in services_present),
            "basic_needs": mapping.basic_needs,
            "supersedes": current.pk if current is not None else None,
        },
        municipality=household.municipality,
    )
    return mapping


def _require_consent(household: Household, services_present) -> None:
    """Needs are mapped together with the services present, so the household's
    information is shared with each of them: every one needs an active consent (or
    another legal basis) for mapping needs. Checked here, not only on the guided case's
    page, so an API, an import, a job or an old screen cannot map without it."""
    kinds = [org.kind for org in services_present]
    missing = services_not_covered(
        household=household, services=kinds, purpose=Purpose.NEEDS_MAPPING
    )
    if not missing:
        return
    labels = {**dict(OrganisationKind.choices), **dict(SharingService.choices)}
    raise DomainError(
        _(
            "No valid consent (or other legal basis) lets the household's information be "
            "shared with %(services)s for mapping needs. Record the consent for these "
            "services first, or choose only services it covers."
        )
        % {"services": ", ".join(str(labels.get(code, code)) for code in missing)},
        field="services_present",
    )
