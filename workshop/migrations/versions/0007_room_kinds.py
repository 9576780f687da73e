"""the six exercise kinds, timers, reveal steps, moderation before the wall, reply tags, orderings, an
organisation's own blocked words

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 23:50:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

OLD_KINDS = ('tips', 'case')
KINDS = ('tips', 'case', 'respond', 'words', 'scale', 'order')
PHASES = ('ready', 'open', 'closed', 'revealed')

# Recreating a table (SQLite's way to change a CHECK constraint) must keep AUTOINCREMENT (migration 0005).
NEVER_REUSE_IDS = {'sqlite_autoincrement': True}


def _one_of(column, values):
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class _ForeignKeysOff:
    """As in 0006: rebuild with foreign keys off (outside the transaction), then check every key."""

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


def _kinds(kinds):
    with op.batch_alter_table('exercise_run', schema=None, table_kwargs=NEVER_REUSE_IDS) as batch_op:
        batch_op.drop_constraint(op.f('ck_exercise_run_kind'), type_='check')
        batch_op.create_check_constraint('kind', sa.text(_one_of('kind', kinds)))
    with op.batch_alter_table('organisation_exercise', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_organisation_exercise_kind'), type_='check')
        batch_op.create_check_constraint('kind', sa.text(_one_of('kind', kinds)))


def upgrade():
    with _ForeignKeysOff():
        _kinds(KINDS)
        _columns()


def _columns():
    with op.batch_alter_table('exercise_run', schema=None, table_kwargs=NEVER_REUSE_IDS) as batch_op:
        batch_op.add_column(sa.Column('timer_ends_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('timer_seconds', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('reveal_step', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('premoderated', sa.Boolean(), server_default=sa.false(), nullable=False))
    with op.batch_alter_table('tip', schema=None, table_kwargs=NEVER_REUSE_IDS) as batch_op:
        batch_op.add_column(sa.Column('tag', sa.String(length=30), nullable=True))
        batch_op.add_column(sa.Column('held', sa.Boolean(), server_default=sa.false(), nullable=False))
    with op.batch_alter_table('vote', schema=None, table_kwargs=NEVER_REUSE_IDS) as batch_op:
        batch_op.add_column(sa.Column('ranking', sa.Text(), nullable=True))
    with op.batch_alter_table('organisation', schema=None, table_kwargs=NEVER_REUSE_IDS) as batch_op:
        batch_op.add_column(sa.Column('blocked_words', sa.Text(), nullable=True))


def downgrade():
    with _ForeignKeysOff():
        _drop_columns()
        _kinds(OLD_KINDS)


def _drop_columns():
    with op.batch_alter_table('organisation', schema=None, table_kwargs=NEVER_REUSE_IDS) as batch_op:
        batch_op.drop_column('blocked_words')
    with op.batch_alter_table('vote', schema=None, table_kwargs=NEVER_REUSE_IDS) as batch_op:
        batch_op.drop_column('ranking')
    with op.batch_alter_table('tip', schema=None, table_kwargs=NEVER_REUSE_IDS) as batch_op:
        batch_op.drop_column('held')
        batch_op.drop_column('tag')
    with op.batch_alter_table('exercise_run', schema=None, table_kwargs=NEVER_REUSE_IDS) as batch_op:
        batch_op.drop_column('premoderated')
        batch_op.drop_column('reveal_step')
        batch_op.drop_column('timer_seconds')
        batch_op.drop_column('timer_ends_at')
