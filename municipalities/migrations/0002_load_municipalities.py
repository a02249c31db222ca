from django.db import migrations

from municipalities.loading import load_municipalities


def load(apps, schema_editor):
    load_municipalities(apps.get_model("municipalities", "Municipality"))


class Migration(migrations.Migration):
    dependencies = [("municipalities", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
