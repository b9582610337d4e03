"""Staff users, their roles, organisations and login."""
