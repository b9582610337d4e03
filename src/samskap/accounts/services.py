"""Writes on tenants (municipalities), their staff users and organisations."""

from django.db import transaction

from samskap.accounts.models import Organisation, Role, User
from samskap.audit.services import audit_record_create
from samskap.core.models import Municipality


@transaction.atomic
def organisation_create(*, acting_user, municipality, name: str, kind: str) -> Organisation:
    organisation = Organisation(municipality=municipality, name=name, kind=kind)
    organisation.full_clean()
    organisation.save()
    audit_record_create(
        actor=acting_user,
        action="organisation.create",
        target=organisation,
        new_values={"name": name, "kind": kind},
        municipality=municipality,
    )
    return organisation


@transaction.atomic
def user_create(
    *,
    acting_user,
    username: str,
    role: Role,
    municipality,
    first_name: str,
    last_name: str,
    organisation: Organisation | None = None,
    email: str = "",
    password: str | None = None,
) -> User:
    """Create a staff user; without a password the account cannot log in until one is set."""
    user = User(
        username=username,
        role=role,
        municipality=municipality,
        organisation=organisation,
        first_name=first_name,
        last_name=last_name,
        email=email,
        is_staff=role == Role.ADMINISTRATOR,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    audit_record_create(
        actor=acting_user,
        action="user.create",
        target=user,
        new_values={
            "username": username,
            "role": role,
            "organisation": organisation.pk if organisation else None,
        },
        municipality=municipality,
    )
    return user


@transaction.atomic
def municipality_create(*, acting_user, name: str, number: str) -> Municipality:
    municipality = Municipality(name=name, number=number)
    municipality.full_clean()
    municipality.save()
    audit_record_create(
        actor=acting_user,
        action="municipality.create",
        target=municipality,
        new_values={"name": name, "number": number},
        municipality=municipality,
    )
    return municipality
