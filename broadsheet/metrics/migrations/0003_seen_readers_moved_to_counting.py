# SeenReader moved to the shared counting app (links counts clicks with it too). Its marks are not
# carried over: counting makes them from other parts (the kind of thing is in them), so old marks
# could never match. A reader seen in the half hour before the upgrade may be counted once more.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("metrics", "0002_seen_readers"),
        ("counting", "0001_initial"),
    ]

    operations = [
        migrations.DeleteModel(name="SeenReader"),
    ]
