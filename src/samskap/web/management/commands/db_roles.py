"""`samskap db_roles`: the PostgreSQL roles Samskap runs with, as idempotent SQL.

The owner role owns every table and runs the migrations. The application role (the one
in the running app's DATABASE_URL) may read and write rows, but owns nothing: it cannot
TRUNCATE, ALTER or DROP a table, disable or drop a trigger, or UPDATE or DELETE rows of
the append-only tables. Run it as a superuser after every `samskap migrate`; see
docs/deployment.md.
"""

import re

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

# Tables whose triggers refuse UPDATE and DELETE: the role is refused them as well, so
# that even a trigger switched off by mistake would not open them to the application.
APPEND_ONLY_TABLES = (
    "audit_auditrecord",
    "funding_grantreceipt",
    "funding_ledgertransaction",
    "funding_leg",
)
# Only migrations (run as the owner) write the record of applied migrations.
READ_ONLY_TABLES = ("django_migrations",)
# Tables kept by a trigger alone, with the trigger function that writes them: the role may
# only read them, and the function runs with its owner's rights (SECURITY DEFINER, its
# search path fixed so that the caller cannot redirect it), so posting legs still keeps
# them while a direct write is refused.
DERIVED_TABLES = {"funding_accountmonth": "funding_legs_month()"}
IDENTIFIER = re.compile(r"[a-z_][a-z0-9_]{0,62}")


def plain(name: str) -> str:
    if not IDENTIFIER.fullmatch(name):
        raise CommandError(f"{name!r} is not a plain identifier (lower-case letters, digits, _).")
    return name


def roles_sql(*, owner: str, app: str, database: str, schema: str = "public") -> str:
    """The statements, each safe to run again."""
    owner, app, database, schema = map(plain, (owner, app, database, schema))
    # Every name is a checked plain identifier, so it is safe inside the SQL text.
    return f"""\
-- Roles: created once, their attributes set every time. Set passwords with \\password.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{owner}') THEN
        CREATE ROLE {owner} LOGIN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{app}') THEN
        CREATE ROLE {app} LOGIN;
    END IF;
    -- The application must never act as the owner.
    IF pg_has_role('{app}', '{owner}', 'MEMBER') THEN
        EXECUTE 'REVOKE {owner} FROM {app}';
    END IF;
END $$;
ALTER ROLE {owner} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
ALTER ROLE {app} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;

-- The database: only these two roles may connect.
REVOKE ALL ON DATABASE {database} FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE {database} TO {owner};
GRANT CONNECT ON DATABASE {database} TO {app};

-- The schema: the owner creates in it, the application only uses it.
REVOKE CREATE ON SCHEMA {schema} FROM PUBLIC;
GRANT USAGE, CREATE ON SCHEMA {schema} TO {owner};
GRANT USAGE ON SCHEMA {schema} TO {app};

-- Everything already in the schema belongs to the owner (identity sequences follow
-- their tables).
DO $$
DECLARE
    item record;
BEGIN
    FOR item IN
        SELECT c.oid::regclass AS name,
               CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW'
                              WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END AS kind
          FROM pg_class c
         WHERE c.relnamespace = '{schema}'::regnamespace
           AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
           AND c.relowner <> '{owner}'::regrole
           AND NOT EXISTS (SELECT FROM pg_depend d
                            WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                              AND d.deptype IN ('a', 'i'))
    LOOP
        EXECUTE format('ALTER %s %s OWNER TO {owner}', item.kind, item.name);
    END LOOP;
    FOR item IN
        SELECT p.oid::regprocedure AS name FROM pg_proc p
         WHERE p.pronamespace = '{schema}'::regnamespace AND p.proowner <> '{owner}'::regrole
    LOOP
        EXECUTE format('ALTER FUNCTION %s OWNER TO {owner}', item.name);
    END LOOP;
END $$;

-- The application: rows only. No TRUNCATE, REFERENCES or TRIGGER; no DDL.
REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {app};
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {app};
{_append_only(app)}
{_read_only(app)}
{_derived(app, schema)}
REVOKE ALL ON ALL SEQUENCES IN SCHEMA {schema} FROM {app};
GRANT USAGE ON ALL SEQUENCES IN SCHEMA {schema} TO {app};

-- Tables the owner creates later start with the same rights; rerun this after every
-- migration so that new append-only tables lose UPDATE and DELETE.
ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA {schema}
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {app};
ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA {schema}
    GRANT USAGE ON SEQUENCES TO {app};
"""  # noqa: S608


def _append_only(app: str) -> str:
    return "\n".join(
        f"REVOKE UPDATE, DELETE ON TABLE {table} FROM {app};" for table in APPEND_ONLY_TABLES
    )


def _read_only(app: str) -> str:
    return "\n".join(
        f"REVOKE INSERT, UPDATE, DELETE ON TABLE {table} FROM {app};" for table in READ_ONLY_TABLES
    )


def _derived(app: str, schema: str) -> str:
    lines = []
    for table, function in DERIVED_TABLES.items():
        lines.append(f"REVOKE INSERT, UPDATE, DELETE ON TABLE {table} FROM {app};")
        lines.append(
            f"ALTER FUNCTION {function} SECURITY DEFINER SET search_path = {schema}, pg_temp;"
        )
    return "\n".join(lines)


class Command(BaseCommand):
    help = (
        "Print (or with --execute run) the idempotent SQL that creates Samskap's owner and "
        "application roles and grants the application only what it needs."
    )

    def add_arguments(self, parser):
        parser.add_argument("--owner", default="samskap_owner", help="owns the tables, migrates")
        parser.add_argument("--app", default="samskap_app", help="the running app's role")
        parser.add_argument("--database", help="database name (default: the configured one)")
        parser.add_argument("--schema", default="public")
        parser.add_argument(
            "--execute",
            action="store_true",
            help="run the SQL on the configured database (connect as a superuser)",
        )

    def handle(self, *args, **options):
        database = options["database"] or connection.settings_dict["NAME"]
        sql = roles_sql(
            owner=options["owner"],
            app=options["app"],
            database=str(database),
            schema=options["schema"],
        )
        if not options["execute"]:
            self.stdout.write(sql)
            return
        if connection.vendor != "postgresql":
            raise CommandError("Database roles exist on PostgreSQL only.")
        with connection.cursor() as cursor:
            cursor.execute(sql)
        self.stdout.write(
            self.style.SUCCESS(
                f"Roles {options['owner']} (owner) and {options['app']} (application) are set "
                f"up on {database}."
            )
        )
