"""hardening v3: a workshop's most participants (max_participants, set by the trainer; none: no limit)

Revision ID: 0015
Revises: 0012
Create Date: 2026-12-07 08:40:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0015'
down_revision = '0017'
branch_labels = None
depends_on = None

# Recreating a table (SQLite's way to drop a column) must keep AUTOINCREMENT (migration 0005).
NEVER_REUSE_IDS = {'sqlite_autoincrement': True}


def upgrade():
    with op.batch_alter_table('workshop', schema=None, table_kwargs=NEVER_REUSE_IDS) as batch_op:
        batch_op.add_column(sa.Column('max_participants', sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table('workshop', schema=None, table_kwargs=NEVER_REUSE_IDS) as batch_op:
        batch_op.drop_column('max_participants')
