"""The parameter library shipped with Samskap: three KS-like target groups and their unit
costs, version 1 (samskap/outside_account/defaults.py says where each value comes from)."""

from django.db import migrations

from samskap.outside_account import defaults


def ship(apps, schema_editor):
    defaults.ship(
        apps.get_model("outside_account", "TargetGroup"),
        apps.get_model("outside_account", "UnitCost"),
    )


def unship(apps, schema_editor):
    apps.get_model("outside_account", "UnitCost").objects.filter(
        municipality=None, version=1
    ).delete()
    apps.get_model("outside_account", "TargetGroup").objects.filter(
        key__in=[item["key"] for item in defaults.TARGET_GROUPS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("outside_account", "0001_library_and_saved_results")]

    operations = [migrations.RunPython(ship, unship)]
