"""Foreign-key indexes that a composite index already serves are dropped (the busiest tables,
docs/performance.md; tests/test_indexes.py)."""

import django.db.models.deletion
from django.db import migrations, models

from kompetensnav.common.migration_sql import drop_foreign_key_index


class Migration(migrations.Migration):
    dependencies = [
        ("companies", "0001_initial"),
        ("reference", "0004_load_ssyk_sun"),
    ]

    operations = [
        drop_foreign_key_index(
            model_name="company",
            name="municipality",
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="companies", to="reference.municipality", verbose_name="municipality"),
            table="companies_company",
            index="companies_company_municipality_id_71991e81",
            also=("companies_company_municipality_id_71991e81_like",),
        ),
    ]
