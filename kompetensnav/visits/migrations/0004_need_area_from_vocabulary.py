"""A need's competence area is an area of the shared vocabulary (competences), no longer a
word list of the visits app. Every need keeps its area: the old area's name leads to the
vocabulary's area with the same key (competences 0002 made one for every name)."""

import django.db.models.deletion
from django.db import migrations, models

from kompetensnav.competences.migrations._tags import area_ids_by_key, key_of


def point_needs_at_vocabulary(apps, schema_editor):
    Need = apps.get_model("visits", "Need")
    OldArea = apps.get_model("visits", "CompetenceArea")
    new_ids = area_ids_by_key(apps)
    for old_id, name in OldArea.objects.values_list("pk", "name"):
        Need.objects.filter(area_id=old_id).update(competence_area_id=new_ids[key_of(name)])


class Migration(migrations.Migration):
    dependencies = [
        ("visits", "0003_visit_project"),
        ("competences", "0002_vocabulary_from_tags"),
    ]

    operations = [
        migrations.AddField(
            model_name="need",
            name="competence_area",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="competences.competencearea",
            ),
        ),
        migrations.RunPython(point_needs_at_vocabulary, migrations.RunPython.noop),
        migrations.RemoveField(model_name="need", name="area"),
        migrations.RenameField(model_name="need", old_name="competence_area", new_name="area"),
        migrations.AlterField(
            model_name="need",
            name="area",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="needs",
                to="competences.competencearea",
                verbose_name="competence area",
            ),
        ),
        migrations.DeleteModel(name="CompetenceArea"),
    ]
