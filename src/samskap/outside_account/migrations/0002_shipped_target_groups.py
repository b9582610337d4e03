"""The parameter library shipped with Samskap: three KS-like target groups and their unit
costs, version 1 (samskap/outside_account/defaults.py says where each value comes from)."""

import datetime

from django.db import migrations

from samskap.outside_account import defaults


def ship(apps, schema_editor):
    TargetGroup = apps.get_model("outside_account", "TargetGroup")
    UnitCost = apps.get_model("outside_account", "UnitCost")
    effective = datetime.date.fromisoformat(defaults.EFFECTIVE_FROM)
    for item in defaults.TARGET_GROUPS:
        group, _created = TargetGroup.objects.get_or_create(
            key=item["key"], defaults={"name": item["name"], "description": item["description"]}
        )
        for category, payer, amount, source in item["values"]:
            UnitCost.objects.get_or_create(
                target_group=group,
                municipality=None,
                category=category,
                payer=payer,
                version=1,
                defaults={
                    "amount": amount,
                    "price_year": defaults.PRICE_YEAR,
                    "source": source,
                    "effective_from": effective,
                },
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
