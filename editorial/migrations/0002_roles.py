"""The Editors and Publishers groups with their permissions (editorial/roles.py)."""

from django.db import migrations


def create_roles(apps, schema_editor):
    from editorial.roles import sync_roles

    sync_roles(apps)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Editors", "Publishers"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0001_editor_preference"),
        ("catalog", "0001_initial"),
        ("guidance", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
