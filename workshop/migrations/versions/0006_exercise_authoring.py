"""exercise kinds and phases as CHECK constraints, the organisation's own exercises, workshop language

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 21:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

KINDS = ('tips', 'case')
PHASES = ('ready', 'open', 'closed', 'revealed')
LANGUAGES = ('nl', 'en')


# Recreating a table (SQLite's way to add a CHECK constraint) must keep AUTOINCREMENT (migration 0005).
NEVER_REUSE_IDS = {'sqlite_autoincrement': True}


def _one_of(column, values):
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class _ForeignKeysOff:
    """SQLite recreates a table to add a CHECK constraint; with foreign keys on, dropping the old `workshop` table
    would cascade into every run, participant, tip and vote. So: outside the migration's transaction (SQLite ignores
    the pragma inside one), foreign keys off, rebuild, check every key, foreign keys on again (as 0005 does)."""

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
        with op.batch_alter_table('exercise_run', schema=None, table_kwargs=NEVER_REUSE_IDS) as batch_op:
            batch_op.create_check_constraint('kind', sa.text(_one_of('kind', KINDS)))
            batch_op.create_check_constraint('phase', sa.text(_one_of('phase', PHASES)))
        with op.batch_alter_table('workshop', schema=None, table_kwargs=NEVER_REUSE_IDS) as batch_op:
            batch_op.add_column(sa.Column('language', sa.String(length=2), server_default='nl', nullable=False))
            batch_op.create_check_constraint('language', sa.text(_one_of('language', LANGUAGES)))
    op.create_table(
        'organisation_exercise',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('slug', sa.String(length=40), nullable=False),
        sa.Column('kind', sa.String(length=10), nullable=False),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('content_json', sa.Text(), nullable=False),
        sa.Column('created', sa.DateTime(), nullable=False),
        sa.Column('updated', sa.DateTime(), nullable=False),
        sa.CheckConstraint(_one_of('kind', KINDS), name=op.f('ck_organisation_exercise_kind')),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'],
                                name=op.f('fk_organisation_exercise_organisation_id_organisation'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_organisation_exercise')),
        sa.UniqueConstraint('organisation_id', 'slug', name=op.f('uq_organisation_exercise_organisation_id')),
    )
    with op.batch_alter_table('organisation_exercise', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_organisation_exercise_organisation_id'), ['organisation_id'],
                              unique=False)


def downgrade():
    op.drop_table('organisation_exercise')
    with _ForeignKeysOff():
        with op.batch_alter_table('workshop', schema=None, table_kwargs=NEVER_REUSE_IDS) as batch_op:
            batch_op.drop_constraint('ck_workshop_language', type_='check')
            batch_op.drop_column('language')
        with op.batch_alter_table('exercise_run', schema=None, table_kwargs=NEVER_REUSE_IDS) as batch_op:
            batch_op.drop_constraint('ck_exercise_run_phase', type_='check')
            batch_op.drop_constraint('ck_exercise_run_kind', type_='check')
