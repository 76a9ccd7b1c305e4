"""The course evaluation questionnaire (see kompetensnav/participants/evaluation.py)."""

from django.db import migrations


def install(apps, schema_editor):
    from kompetensnav.participants.evaluation import EVALUATION_KEY, install_template

    install_template(apps)
    # evaluations are anonymous: a response keeps nothing of the invitation
    Questionnaire = apps.get_model("questionnaires", "Questionnaire")
    Questionnaire.objects.filter(key=EVALUATION_KEY).update(invitations_anonymous=True)


class Migration(migrations.Migration):
    dependencies = [
        ("participants", "0002_course_evaluation"),
        ("questionnaires", "0002_templates"),
    ]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
