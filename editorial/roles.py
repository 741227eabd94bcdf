"""The two editing roles, as Django groups, and the permissions each one holds.

Editors add and change every curated object of the catalog and the guidance; they cannot
delete, publish or touch users. Publishers may also delete, and hold the `publish_<model>`
permissions that drafts (a later change) will check. Superusers hold everything anyway.
"""

EDITORS = "Editors"
PUBLISHERS = "Publishers"

CURATED = {
    "catalog": ("organization", "license", "dataset", "topic", "paper", "languagemodel", "lineage"),
    "guidance": ("taskcategory", "task", "guideline", "evidence", "question", "flowanswer"),
}
# What every editor may set for themselves (their own row only; see editorial/admin.py).
OWN_PREFERENCES = ("editorial", "editorpreference")


def publish_codename(model_name: str) -> str:
    return f"publish_{model_name}"


def role_permissions(role: str) -> list[tuple[str, str]]:
    """(app_label, codename) pairs held by `role`."""
    actions = ["add", "change", "view"]
    if role == PUBLISHERS:
        actions.append("delete")
    pairs = [
        (app, f"{action}_{model}")
        for app, models in CURATED.items()
        for model in models
        for action in actions
    ]
    if role == PUBLISHERS:
        pairs += [(app, publish_codename(m)) for app, models in CURATED.items() for m in models]
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
    for app, models in CURATED.items():
        for model in models:
            content_type, _ = ContentType.objects.get_or_create(app_label=app, model=model)
            Permission.objects.get_or_create(
                content_type=content_type,
                codename=publish_codename(model),
                defaults={"name": f"Can publish and unpublish {model}"},
            )
    for role in (EDITORS, PUBLISHERS):
        group, _ = Group.objects.get_or_create(name=role)
        wanted = role_permissions(role)
        permissions = [
            Permission.objects.get(content_type__app_label=app, codename=codename)
            for app, codename in wanted
        ]
        group.permissions.set(permissions)
