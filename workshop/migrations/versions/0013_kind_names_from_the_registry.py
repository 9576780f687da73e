"""kind names from the registry: no CHECK on the kind columns, room for any sensible name

A kind is one folder (exercises/kinds/<name>/ or KLANTWIJS_KINDS_PATH); its name is validated against the registry
when a document is written, so a new kind needs no migration. The kind columns grow from 10 to 40 characters.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07 08:45:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

KINDS = ('tips', 'case', 'respond', 'words', 'scale', 'order')  # what 0007's CHECK allowed (for the downgrade)
TABLES = {'exercise_run': {'sqlite_autoincrement': True}, 'organisation_exercise': {}}


class _ForeignKeysOff:
    """As in 0007: SQLite rebuilds a table to drop a CHECK; foreign keys off (outside the transaction), then check
    every key."""

    @staticmethod
    def _commit():
        if op.get_bind().connection.dbapi_connection.in_transaction:
            op.execute('COMMIT')

    def __enter__(self):
        self.sqlite = op.get_bind().dialect.name == 'sqlite'
        if self.sqlite:
            self._commit()
            op.execute('PRAGMA foreign_keys=OFF')

    def __exit__(self, *exc):
        if self.sqlite:
            problems = op.get_bind().exec_driver_sql('PRAGMA foreign_key_check').fetchall()
            if problems and exc[0] is None:
                raise RuntimeError(f'foreign keys broken by the rebuild: {problems[:5]}')
            self._commit()
            op.execute('PRAGMA foreign_keys=ON')


def upgrade():
    with _ForeignKeysOff():
        for table, kwargs in TABLES.items():
            with op.batch_alter_table(table, schema=None, table_kwargs=kwargs) as batch_op:
                batch_op.drop_constraint(op.f(f'ck_{table}_kind'), type_='check')
                batch_op.alter_column('kind', existing_type=sa.String(length=10), type_=sa.String(length=40),
                                      existing_nullable=False)


def downgrade():
    """Only possible while every stored kind is a built-in one of 0007 (else the CHECK refuses the rows)."""
    allowed = ', '.join(repr(kind) for kind in KINDS)
    with _ForeignKeysOff():
        for table, kwargs in TABLES.items():
            with op.batch_alter_table(table, schema=None, table_kwargs=kwargs) as batch_op:
                batch_op.alter_column('kind', existing_type=sa.String(length=40), type_=sa.String(length=10),
                                      existing_nullable=False)
                batch_op.create_check_constraint('kind', sa.text(f'kind IN ({allowed})'))
