# SeenReader moved to the shared counting app (links counts clicks with it too). Its marks are
# copied across before the old table goes, so a reader counted in the last half hour is not
# counted again after the upgrade.

from django.db import migrations

COPY = "INSERT INTO counting_seenreader (mark, seen_at) SELECT mark, seen_at FROM metrics_seenreader"
COPY_BACK = "INSERT INTO metrics_seenreader (mark, seen_at) SELECT mark, seen_at FROM counting_seenreader"


class Migration(migrations.Migration):
    dependencies = [
        ("metrics", "0002_seen_readers"),
        ("counting", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(COPY, reverse_sql=COPY_BACK),
        migrations.DeleteModel(name="SeenReader"),
    ]
