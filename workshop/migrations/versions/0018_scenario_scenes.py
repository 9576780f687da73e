"""scenario scenes: votes per scene, and where a run stands

A scenario (contract v3) is voted on scene by scene: `vote.scene` names the scene of a vote ('' for every other
kind), and a participant has one vote per run and scene. `exercise_run.progress` is a moving run's place as JSON (a
scenario's current scene, the path with each left scene's phase and reveal step, the ending); NULL until it moves.

Revision ID: 0018
Revises: 0014
Create Date: 2026-12-07 09:20:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0018'
down_revision = '0014'
branch_labels = None
depends_on = None

NEVER_REUSE_IDS = {'sqlite_autoincrement': True}


def upgrade():
    with op.batch_alter_table('exercise_run', schema=None, table_kwargs=NEVER_REUSE_IDS) as batch_op:
        batch_op.add_column(sa.Column('progress_json', sa.Text(), nullable=True))
    with op.batch_alter_table('vote', schema=None, table_kwargs=NEVER_REUSE_IDS) as batch_op:
        batch_op.add_column(sa.Column('scene', sa.String(length=40), server_default='', nullable=False))
        batch_op.drop_constraint(op.f('uq_vote_run_id'), type_='unique')
        batch_op.create_unique_constraint(op.f('uq_vote_run_id'), ['run_id', 'participant_id', 'scene'])


def downgrade():
    """Keeps each participant's last vote of a run (a scenario's other scenes go)."""
    op.execute("DELETE FROM vote WHERE id NOT IN (SELECT MAX(id) FROM vote GROUP BY run_id, participant_id)")
    with op.batch_alter_table('vote', schema=None, table_kwargs=NEVER_REUSE_IDS) as batch_op:
        batch_op.drop_constraint(op.f('uq_vote_run_id'), type_='unique')
        batch_op.create_unique_constraint(op.f('uq_vote_run_id'), ['run_id', 'participant_id'])
        batch_op.drop_column('scene')
    with op.batch_alter_table('exercise_run', schema=None, table_kwargs=NEVER_REUSE_IDS) as batch_op:
        batch_op.drop_column('progress_json')
