"""exercise kinds and phases as CHECK constraints

Revision ID: 0006
Revises: 0003
Create Date: 2026-11-30 21:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0003'
branch_labels = None
depends_on = None

KINDS = ('tips', 'case')
PHASES = ('ready', 'open', 'closed', 'revealed')


def _one_of(column, values):
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def upgrade():
    with op.batch_alter_table('exercise_run', schema=None) as batch_op:
        batch_op.create_check_constraint('kind', sa.text(_one_of('kind', KINDS)))
        batch_op.create_check_constraint('phase', sa.text(_one_of('phase', PHASES)))


def downgrade():
    with op.batch_alter_table('exercise_run', schema=None) as batch_op:
        batch_op.drop_constraint('ck_exercise_run_phase', type_='check')
        batch_op.drop_constraint('ck_exercise_run_kind', type_='check')
