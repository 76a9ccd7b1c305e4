"""Foreign-key indexes that a composite index already serves are dropped (the busiest tables,
docs/performance.md; tests/test_indexes.py)."""

import django.db.models.deletion
from django.db import migrations, models

from kompetensnav.common.migration_sql import drop_foreign_key_index


class Migration(migrations.Migration):
    dependencies = [
        ("campus", "0004_course_revisions"),
        ("companies", "0002_redundant_indexes"),
        ("participants", "0005_pending_registration"),
    ]

    operations = [
        drop_foreign_key_index(
            model_name="attendance",
            name="participant",
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name="attendances", to="participants.participant", verbose_name="participant"),
            table="participants_attendance",
            index="participants_attendance_participant_id_02e7d168",
        ),
        drop_foreign_key_index(
            model_name="attendance",
            name="session",
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name="attendances", to="campus.session", verbose_name="session"),
            table="participants_attendance",
            index="participants_attendance_session_id_ed7b9180",
        ),
        drop_foreign_key_index(
            model_name="participant",
            name="employer",
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="participants", to="companies.company", verbose_name="employer"),
            table="participants_participant",
            index="participants_participant_employer_id_705b5936",
        ),
        drop_foreign_key_index(
            model_name="registration",
            name="course",
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name="registrations", to="campus.course", verbose_name="course"),
            table="participants_registration",
            index="participants_registration_course_id_70df79a4",
        ),
    ]
