"""The shipped unit costs' source notes in bokmål (version 1 was written with English
notes). Only the note of a shipped, unrevised row changes; amounts and versions stay, so no
saved result changes. Going back keeps the bokmål notes: they say the same."""

from django.db import migrations

from samskap.outside_account import defaults


def to_bokmal(apps, schema_editor):
    UnitCost = apps.get_model("outside_account", "UnitCost")
    for item in defaults.TARGET_GROUPS:
        for category, payer, _amount, source in item["values"]:
            UnitCost.objects.filter(
                target_group__key=item["key"],
                municipality=None,
                category=category,
                payer=payer,
                version=1,
            ).update(source=source)


class Migration(migrations.Migration):
    dependencies = [("outside_account", "0002_shipped_target_groups")]

    operations = [migrations.RunPython(to_bokmal, migrations.RunPython.noop)]
