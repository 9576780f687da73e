"""pre-moderation is a setting of the whole workshop (no longer of one exercise); the closing recap's page

Revision ID: 0014
Revises: 0017
Create Date: 2026-12-07 08:40:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0014'
down_revision = '0015'
branch_labels = None
depends_on = None

NEVER_REUSE_IDS = {'sqlite_autoincrement': True}  # a rebuilt table keeps AUTOINCREMENT (migration 0005)
CARRY_OVER = ("UPDATE workshop SET premoderated = EXISTS (SELECT 1 FROM exercise_run r "
              "WHERE r.workshop_id = workshop.id AND r.premoderated)")
CARRY_BACK = ("UPDATE exercise_run SET premoderated = (SELECT w.premoderated FROM workshop w "
              "WHERE w.id = exercise_run.workshop_id)")


class _ForeignKeysOff:
    """As in 0007: SQLite rebuilds exercise_run to drop a column; with foreign keys on, dropping the old table
    would cascade to its tips and votes. Rebuild with keys off (outside the transaction), then check every key."""

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
    # Plain ADD COLUMN (SQLite and PostgreSQL alike): a batch rebuild of `workshop` would drop the old table, and with
    # foreign keys on that deletes every exercise, participant and tip of every workshop.
    op.add_column('workshop', sa.Column('premoderated', sa.Boolean(), server_default=sa.false(), nullable=False))
    op.add_column('workshop', sa.Column('recap_page', sa.Integer(), server_default='1', nullable=False))
    op.execute(CARRY_OVER)
    with _ForeignKeysOff():
        with op.batch_alter_table('exercise_run', schema=None, table_kwargs=NEVER_REUSE_IDS) as batch_op:
            batch_op.drop_column('premoderated')


def downgrade():
    with _ForeignKeysOff():
        with op.batch_alter_table('exercise_run', schema=None, table_kwargs=NEVER_REUSE_IDS) as batch_op:
            batch_op.add_column(sa.Column('premoderated', sa.Boolean(), server_default=sa.false(), nullable=False))
    op.execute(CARRY_BACK)
    with _ForeignKeysOff():
        with op.batch_alter_table('workshop', schema=None, table_kwargs=NEVER_REUSE_IDS) as batch_op:
            batch_op.drop_column('recap_page')
            batch_op.drop_column('premoderated')
