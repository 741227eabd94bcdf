"""The two editing roles, as Django groups, and the permissions each one holds.

Editors add and change every curated object (every model whose edits are recorded, found by
`core.history.curated_models`); they cannot delete, publish or touch users. Publishers may
also delete, and hold the `publish_<model>` permissions that publishing and unpublishing
drafts check (core/admin_publishing.py). Superusers hold everything anyway.
"""

from core.history import curated_models
from core.publishing import publish_codename

EDITORS = "Editors"
PUBLISHERS = "Publishers"

# What every editor may set for themselves (their own row only; see editorial/admin.py).
OWN_PREFERENCES = ("editorial", "editorpreference")


def curated(registry) -> list[tuple[str, str]]:
    """(app_label, model_name) of every curated model (core/history.py finds them)."""
    return [(m._meta.app_label, m._meta.model_name) for m in curated_models(registry)]


def role_permissions(role: str, registry=None) -> list[tuple[str, str]]:
    """(app_label, codename) pairs held by `role`."""
    actions = ["add", "change", "view"]
    models = curated(registry)
    if role == PUBLISHERS:
        actions.append("delete")
    pairs = [(app, f"{action}_{model}") for app, model in models for action in actions]
    if role == PUBLISHERS:
        pairs += [(app, publish_codename(model)) for app, model in models]
    app, model = OWN_PREFERENCES
    pairs += [(app, f"{action}_{model}") for action in ("add", "change", "view")]
    return pairs


def sync_roles(apps) -> None:
    """Create the groups, the publish permissions, and give each group exactly its permissions.

    Idempotent; `apps` is a migration's app registry or `django.apps.apps`.
    """
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        # Permissions are normally created after `migrate`; a fresh database needs them now.
        # (A migration's app registry has no models_module: create_permissions needs one.)
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True
        try:
            create_permissions(app_config, verbosity=0, apps=apps)
        finally:
            app_config.models_module = models_module
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    for app, model in curated(apps):
        content_type, _ = ContentType.objects.get_or_create(app_label=app, model=model)
        Permission.objects.get_or_create(
            content_type=content_type,
            codename=publish_codename(model),
            defaults={"name": f"Can publish and unpublish {model}"},
        )
    for role in (EDITORS, PUBLISHERS):
        group, _ = Group.objects.get_or_create(name=role)
        wanted = role_permissions(role, apps)
        permissions = [
            Permission.objects.get(content_type__app_label=app, codename=codename)
            for app, codename in wanted
        ]
        group.permissions.set(permissions)
