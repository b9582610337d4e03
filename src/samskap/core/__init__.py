"""Tenants (municipalities), shared domain errors, money helpers and the page shell."""
