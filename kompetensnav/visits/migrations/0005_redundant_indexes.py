"""Foreign-key indexes that a composite index already serves are dropped (the busiest tables,
docs/performance.md; tests/test_indexes.py)."""

import django.db.models.deletion
from django.db import migrations, models

from kompetensnav.common.migration_sql import drop_foreign_key_index


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0003_education_areas_from_vocabulary"),
        ("visits", "0004_need_area_from_vocabulary"),
    ]

    operations = [
        drop_foreign_key_index(
            model_name="visit",
            name="organisation",
            field=models.ForeignKey(db_index=False, help_text="The visiting broker's organisation.", on_delete=django.db.models.deletion.PROTECT, related_name="visits", to="network.organisation", verbose_name="organisation"),
            table="visits_visit",
            index="visits_visit_organisation_id_58cdacca",
        ),
    ]
