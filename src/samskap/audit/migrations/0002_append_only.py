"""The database refuses UPDATE and DELETE on the audit trail, on PostgreSQL and SQLite.

TRUNCATE stays possible for the table owner only (test flushes, and the retention job
that will purge expired records); the application's own role should not own the table.
"""

from django.db import migrations

POSTGRES_UP = """
CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_auditrecord is append-only (% refused)', TG_OP
        USING ERRCODE = 'integrity_constraint_violation';
END $$;
CREATE TRIGGER audit_append_only
    BEFORE UPDATE OR DELETE ON audit_auditrecord
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
"""
POSTGRES_DOWN = """
DROP TRIGGER audit_append_only ON audit_auditrecord;
DROP FUNCTION audit_refuse_change();
"""
SQLITE_UP = [
    """CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_auditrecord
       BEGIN SELECT RAISE(ABORT, 'audit_auditrecord is append-only (UPDATE refused)'); END""",
    """CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_auditrecord
       BEGIN SELECT RAISE(ABORT, 'audit_auditrecord is append-only (DELETE refused)'); END""",
]
SQLITE_DOWN = ["DROP TRIGGER audit_no_update", "DROP TRIGGER audit_no_delete"]


def install(apps, schema_editor):
    run(schema_editor, POSTGRES_UP, SQLITE_UP)


def uninstall(apps, schema_editor):
    run(schema_editor, POSTGRES_DOWN, SQLITE_DOWN)


def run(schema_editor, postgres_sql, sqlite_statements):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(postgres_sql, params=None)
    elif vendor == "sqlite":
        for statement in sqlite_statements:
            schema_editor.execute(statement)
    else:
        raise RuntimeError(f"No append-only trigger for database vendor {vendor!r}")


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(install, uninstall)]
