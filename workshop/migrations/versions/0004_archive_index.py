"""archive index: searchable, pageable, grouped entries per tip

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 21:20:00

The entries are filled in by the application (archive.index.sync_archive) on the first archive request after
the upgrade, in a worker process: existing tips need no data migration here.
"""
import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'archive_entry',
        sa.Column('tip_id', sa.Integer(), sa.ForeignKey('tip.id', ondelete='CASCADE'), primary_key=True),
        sa.Column('organisation_id', sa.Integer(), sa.ForeignKey('organisation.id', ondelete='CASCADE'),
                  nullable=False),
        sa.Column('workshop_id', sa.Integer(), sa.ForeignKey('workshop.id', ondelete='CASCADE'), nullable=False),
        sa.Column('exercise_id', sa.String(length=40), nullable=False),
        sa.Column('created', sa.DateTime(), nullable=False),
        sa.Column('folded', sa.Text(), nullable=False),
        sa.Column('comparable', sa.Text(), nullable=False),
        sa.Column('cluster', sa.Integer(), nullable=False),
        sa.Column('votes', sa.Integer(), nullable=False),
    )
    op.create_index('ix_archive_entry_workshop_id', 'archive_entry', ['workshop_id'])
    op.create_index('ix_archive_entry_org_created', 'archive_entry', ['organisation_id', 'created', 'tip_id'])
    op.create_index('ix_archive_entry_org_votes', 'archive_entry', ['organisation_id', 'votes', 'created'])
    op.create_index('ix_archive_entry_org_exercise', 'archive_entry', ['organisation_id', 'exercise_id', 'tip_id'])
    op.create_index('ix_archive_entry_org_tip', 'archive_entry', ['organisation_id', 'tip_id'])
    op.create_index('ix_archive_entry_cluster', 'archive_entry', ['cluster'])
    op.create_table(
        'archive_workshop',
        sa.Column('workshop_id', sa.Integer(), sa.ForeignKey('workshop.id', ondelete='CASCADE'), primary_key=True),
        sa.Column('votes_final', sa.Boolean(), nullable=False),
    )


def downgrade():
    op.drop_table('archive_workshop')
    op.drop_table('archive_entry')
