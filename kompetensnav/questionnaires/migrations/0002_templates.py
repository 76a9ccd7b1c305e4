"""The network's shared questionnaires: "visit" and "gap-analysis" (see builtin.py)."""

from django.db import migrations


def install_templates(apps, schema_editor):
    from kompetensnav.questionnaires.builtin import install

    install(apps)


class Migration(migrations.Migration):
    dependencies = [("questionnaires", "0001_initial")]

    operations = [migrations.RunPython(install_templates, migrations.RunPython.noop)]
