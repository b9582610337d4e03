"""Payment instructions to citizens' accounts and ISO 20022 bank files."""
