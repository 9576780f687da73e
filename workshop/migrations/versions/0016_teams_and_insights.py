"""teams and the organisation's insights: a workshop's team; each run's tagged options and before/after pair,
copied from its content snapshot (workshop/insights/models.py). Existing runs are indexed on the first insights
request (workshop/insights/options.py), not here: a migration never interprets exercise content.

Revision ID: 0016
Revises: 0012
Create Date: 2026-12-07 08:30:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0016'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('workshop', schema=None) as batch_op:
        batch_op.add_column(sa.Column('team', sa.String(length=60), nullable=True))
        batch_op.create_index('ix_workshop_organisation_team', ['organisation_id', 'team'])
        batch_op.create_index('ix_workshop_organisation_created', ['organisation_id', 'created'])
    op.create_table(
        'insight_run',
        sa.Column('run_id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('pair_run_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['run_id'], ['exercise_run.id'], name=op.f('fk_insight_run_run_id_exercise_run'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['pair_run_id'], ['exercise_run.id'],
                                name=op.f('fk_insight_run_pair_run_id_exercise_run'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('run_id', name=op.f('pk_insight_run')),
    )
    op.create_index(op.f('ix_insight_run_pair_run_id'), 'insight_run', ['pair_run_id'])
    op.create_table(
        'insight_option',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('run_id', sa.Integer(), nullable=False),
        sa.Column('scene', sa.String(length=40), server_default='', nullable=False),
        sa.Column('option_id', sa.String(length=8), nullable=False),
        sa.Column('tag', sa.String(length=30), nullable=False),
        sa.Column('best', sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(['run_id'], ['exercise_run.id'], name=op.f('fk_insight_option_run_id_exercise_run'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_insight_option')),
        sa.UniqueConstraint('run_id', 'scene', 'option_id', name=op.f('uq_insight_option_run_id')),
    )


def downgrade():
    op.drop_table('insight_option')
    op.drop_index(op.f('ix_insight_run_pair_run_id'), table_name='insight_run')
    op.drop_table('insight_run')
    with op.batch_alter_table('workshop', schema=None) as batch_op:
        batch_op.drop_index('ix_workshop_organisation_created')
        batch_op.drop_index('ix_workshop_organisation_team')
        batch_op.drop_column('team')
