"""The notices of needs without an offer become notifications (kompetensnav.notifications),
where every kind of notification is listed, read and mailed in one place: each notice is
copied with its read and e-mailed times, then the table goes."""

from django.db import migrations


def copy_notices(apps, schema_editor):
    notice_model = apps.get_model("analysis", "UnmetNeedNotice")
    notification_model = apps.get_model("notifications", "Notification")
    notices = notice_model.objects.select_related("need__area", "need__visit__company")
    batch = []
    for notice in notices.iterator(chunk_size=1000):
        need = notice.need
        batch.append(
            notification_model(
                recipient_id=notice.recipient_id,
                kind="unmet_need",
                key=f"need:{need.pk}",
                params={"area": need.area.name, "company": need.visit.company.name},
                url=f"/analysis/needs/{need.pk}/",
                created=notice.created,
                read_at=notice.read_at,
                emailed_at=notice.emailed_at,
            )
        )
        if len(batch) >= 1000:
            notification_model.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    notification_model.objects.bulk_create(batch, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("analysis", "0001_initial"),
        ("notifications", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(copy_notices, migrations.RunPython.noop, elidable=True),
        migrations.DeleteModel(name="UnmetNeedNotice"),
    ]
