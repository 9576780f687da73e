"""archive groups: a stored summary per near-duplicate group (size, votes, newest), filled from the entries;
indexes for the first tips of a group

Revision ID: 0011
Revises: 0007
Create Date: 2026-12-01 00:10:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0007'
branch_labels = None
depends_on = None

SUMMARY = ("INSERT INTO archive_group (cluster, organisation_id, exercise_id, size, votes_max, votes_sum, newest, "
           "last_tip) SELECT cluster, min(organisation_id), min(exercise_id), count(*), max(votes), sum(votes), "
           "max(created), max(tip_id) FROM archive_entry GROUP BY cluster")


def upgrade():
    op.create_table(
        'archive_group',
        sa.Column('cluster', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('organisation_id', sa.Integer(), sa.ForeignKey('organisation.id', ondelete='CASCADE'),
                  nullable=False),
        sa.Column('exercise_id', sa.String(length=40), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('votes_max', sa.Integer(), nullable=False),
        sa.Column('votes_sum', sa.Integer(), nullable=False),
        sa.Column('newest', sa.DateTime(), nullable=False),
        sa.Column('last_tip', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('cluster'),
    )
    with op.batch_alter_table('archive_group', schema=None) as batch_op:
        batch_op.create_index('ix_archive_group_org_votes', ['organisation_id', 'votes_max', 'newest', 'cluster'])
        batch_op.create_index('ix_archive_group_org_newest', ['organisation_id', 'newest', 'cluster'])
        batch_op.create_index('ix_archive_group_org_exercise', ['organisation_id', 'exercise_id', 'votes_max'])
    op.execute(SUMMARY)
    # The first tips of a group in either order, read from the index alone (archive.group_pages._first_of_groups).
    op.drop_index('ix_archive_entry_cluster', table_name='archive_entry')
    op.create_index('ix_archive_entry_cluster_created', 'archive_entry', ['cluster', 'created', 'tip_id'])
    op.create_index('ix_archive_entry_cluster_votes', 'archive_entry', ['cluster', 'votes', 'created', 'tip_id'])


def downgrade():
    op.drop_index('ix_archive_entry_cluster_votes', table_name='archive_entry')
    op.drop_index('ix_archive_entry_cluster_created', table_name='archive_entry')
    op.create_index('ix_archive_entry_cluster', 'archive_entry', ['cluster'])
    op.drop_table('archive_group')
