"""The stored search vector of each model, kept by PostgreSQL triggers.

The column exists on every database; only PostgreSQL fills it (SQLite searches the columns
themselves, see catalog/search.py). The triggers recompute a model's vector whenever its row
is written, its organisations change, or one of its organisations is renamed, published,
unpublished or inserted after its links, so no write path (save, bulk_create, bulk_update,
raw SQL) can leave it stale.
The vector is what catalog/search.py searches and ranks: name (weight A), aliases and
published organisation names (B), summary (C), all with the 'simple' configuration.
"""

import django.contrib.postgres.search
from django.db import migrations

FORWARD = """
CREATE FUNCTION catalog_languagemodel_search_vector() RETURNS trigger AS $$
BEGIN
    NEW.search_vector :=
        setweight(to_tsvector('simple'::regconfig, COALESCE(NEW.name, '')), 'A')
        || setweight(to_tsvector('simple'::regconfig, COALESCE(NEW.aliases::text, '')), 'B')
        || setweight(to_tsvector('simple'::regconfig, COALESCE((
            SELECT string_agg(o.name, ' ')
            FROM catalog_languagemodel_organizations lo
            JOIN catalog_organization o ON o.id = lo.organization_id
            WHERE lo.languagemodel_id = NEW.id AND o.status = 'published'
        ), '')), 'B')
        || setweight(to_tsvector('simple'::regconfig, COALESCE(NEW.summary, '')), 'C');
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER catalog_languagemodel_search_vector
    BEFORE INSERT OR UPDATE ON catalog_languagemodel
    FOR EACH ROW EXECUTE FUNCTION catalog_languagemodel_search_vector();

-- Links added or removed: rewrite the models concerned (the trigger above recomputes them).
CREATE FUNCTION catalog_languagemodel_organizations_search() RETURNS trigger AS $$
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        UPDATE catalog_languagemodel SET search_vector = NULL
        WHERE id IN (SELECT languagemodel_id FROM new_links);
    END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        UPDATE catalog_languagemodel SET search_vector = NULL
        WHERE id IN (SELECT languagemodel_id FROM old_links);
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER catalog_languagemodel_organizations_insert
    AFTER INSERT ON catalog_languagemodel_organizations
    REFERENCING NEW TABLE AS new_links
    FOR EACH STATEMENT EXECUTE FUNCTION catalog_languagemodel_organizations_search();
CREATE TRIGGER catalog_languagemodel_organizations_update
    AFTER UPDATE ON catalog_languagemodel_organizations
    REFERENCING NEW TABLE AS new_links OLD TABLE AS old_links
    FOR EACH STATEMENT EXECUTE FUNCTION catalog_languagemodel_organizations_search();
CREATE TRIGGER catalog_languagemodel_organizations_delete
    AFTER DELETE ON catalog_languagemodel_organizations
    REFERENCING OLD TABLE AS old_links
    FOR EACH STATEMENT EXECUTE FUNCTION catalog_languagemodel_organizations_search();

-- An organisation renamed, published or unpublished, or inserted after its links (a restore
-- with deferred foreign keys): rewrite its models.
CREATE FUNCTION catalog_organization_search() RETURNS trigger AS $$
BEGIN
    UPDATE catalog_languagemodel SET search_vector = NULL
    WHERE id IN (
        SELECT languagemodel_id FROM catalog_languagemodel_organizations
        WHERE organization_id = NEW.id
    );
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER catalog_organization_insert_search
    AFTER INSERT ON catalog_organization
    FOR EACH ROW EXECUTE FUNCTION catalog_organization_search();
CREATE TRIGGER catalog_organization_search
    AFTER UPDATE ON catalog_organization
    FOR EACH ROW
    WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.status IS DISTINCT FROM NEW.status)
    EXECUTE FUNCTION catalog_organization_search();

UPDATE catalog_languagemodel SET search_vector = NULL;
CREATE INDEX catalog_languagemodel_search_vector_gin
    ON catalog_languagemodel USING gin (search_vector);
"""

BACKWARD = """
DROP INDEX IF EXISTS catalog_languagemodel_search_vector_gin;
DROP TRIGGER IF EXISTS catalog_organization_search ON catalog_organization;
DROP TRIGGER IF EXISTS catalog_organization_insert_search ON catalog_organization;
DROP FUNCTION IF EXISTS catalog_organization_search();
DROP TRIGGER IF EXISTS catalog_languagemodel_organizations_insert
    ON catalog_languagemodel_organizations;
DROP TRIGGER IF EXISTS catalog_languagemodel_organizations_update
    ON catalog_languagemodel_organizations;
DROP TRIGGER IF EXISTS catalog_languagemodel_organizations_delete
    ON catalog_languagemodel_organizations;
DROP FUNCTION IF EXISTS catalog_languagemodel_organizations_search();
DROP TRIGGER IF EXISTS catalog_languagemodel_search_vector ON catalog_languagemodel;
DROP FUNCTION IF EXISTS catalog_languagemodel_search_vector();
"""


def on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0005_text_limits"),
    ]

    operations = [
        migrations.AddField(
            model_name="languagemodel",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(on_postgresql(FORWARD), on_postgresql(BACKWARD), elidable=False),
    ]
