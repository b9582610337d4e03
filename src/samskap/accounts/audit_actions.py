"""Audit actions of accounts and the keys each may store (see samskap.audit.registry)."""

ACTIONS = {
    # Organisations, municipalities and staff usernames are not citizens' data.
    "organisation.create": ["name", "kind"],
    "user.create": ["username", "role", "organisation"],
    "municipality.create": ["name", "number"],
    # An invitation names the user by id; the link's token is never stored or logged.
    "invitation.issue": ["user", "expires_at"],
    "invitation.accept": ["user"],
    # Switching a user off and on again: the flag, and how many open links were ended.
    "user.deactivate": ["is_active", "invitations_ended"],
    "user.reactivate": ["is_active"],
}
