"""archive word index: substring search on the folded words without reading every entry

SQLite: an FTS5 table with the trigram tokenizer over archive_entry.folded (external content: the text stays in
archive_entry; triggers keep the index in step, deletes included, so a deleted tip leaves nothing behind).
PostgreSQL: a trigram GIN index (pg_trgm) on the same column, which LIKE '%word%' uses.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01 00:30:00

"""
from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

SQLITE_UP = (
    "CREATE VIRTUAL TABLE archive_fts USING fts5(folded, content='archive_entry', content_rowid='tip_id', "
    "tokenize='trigram')",
    "CREATE TRIGGER archive_fts_insert AFTER INSERT ON archive_entry BEGIN "
    "INSERT INTO archive_fts(rowid, folded) VALUES (new.tip_id, new.folded); END",
    "CREATE TRIGGER archive_fts_delete AFTER DELETE ON archive_entry BEGIN "
    "INSERT INTO archive_fts(archive_fts, rowid, folded) VALUES ('delete', old.tip_id, old.folded); END",
    "CREATE TRIGGER archive_fts_update AFTER UPDATE OF folded ON archive_entry BEGIN "
    "INSERT INTO archive_fts(archive_fts, rowid, folded) VALUES ('delete', old.tip_id, old.folded); "
    "INSERT INTO archive_fts(rowid, folded) VALUES (new.tip_id, new.folded); END",
    "INSERT INTO archive_fts(archive_fts) VALUES ('rebuild')",
)
SQLITE_DOWN = ("DROP TRIGGER archive_fts_update", "DROP TRIGGER archive_fts_delete", "DROP TRIGGER archive_fts_insert",
               "DROP TABLE archive_fts")
POSTGRES_UP = ("CREATE EXTENSION IF NOT EXISTS pg_trgm",
               "CREATE INDEX ix_archive_entry_folded_trgm ON archive_entry USING gin (folded gin_trgm_ops)")
POSTGRES_DOWN = ("DROP INDEX ix_archive_entry_folded_trgm",)


def _statements(up: bool):
    dialect = op.get_bind().dialect.name
    if dialect == 'sqlite':
        return SQLITE_UP if up else SQLITE_DOWN
    if dialect == 'postgresql':
        return POSTGRES_UP if up else POSTGRES_DOWN
    return ()  # another database: search scans the folded column (still correct, only slower)


def upgrade():
    for statement in _statements(True):
        op.execute(statement)


def downgrade():
    for statement in _statements(False):
        op.execute(statement)
