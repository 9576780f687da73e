"""follow-up: practise again at your own pace (followup, followup_exercise, followup_participant, followup_answer)

Revision ID: 0017
Revises: 0012
Create Date: 2026-12-07 08:40:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None

AUTOINCREMENT = {'sqlite_autoincrement': True}  # ids are never reused (workshop/models.py NEVER_REUSE_IDS)


def upgrade():
    op.create_table(
        'followup',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('workshop_id', sa.Integer(), nullable=False),
        sa.Column('token', sa.String(length=64), nullable=False),
        sa.Column('created', sa.DateTime(), nullable=False),
        sa.Column('closes', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['workshop_id'], ['workshop.id'], name='fk_followup_workshop_id_workshop',
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name='pk_followup'),
        sa.UniqueConstraint('token', name='uq_followup_token'),
        **AUTOINCREMENT,
    )
    op.create_index('ix_followup_workshop_id', 'followup', ['workshop_id'])
    op.create_table(
        'followup_exercise',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('followup_id', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('exercise_id', sa.String(length=40), nullable=False),
        sa.Column('kind', sa.String(length=40), nullable=False),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('content_json', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['followup_id'], ['followup.id'], name='fk_followup_exercise_followup_id_followup',
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name='pk_followup_exercise'),
        sa.UniqueConstraint('followup_id', 'position', name='uq_followup_exercise_position'),
        sa.UniqueConstraint('followup_id', 'exercise_id', name='uq_followup_exercise_exercise_id'),
        **AUTOINCREMENT,
    )
    op.create_index('ix_followup_exercise_followup_id', 'followup_exercise', ['followup_id'])
    op.create_table(
        'followup_participant',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('followup_id', sa.Integer(), nullable=False),
        sa.Column('participant_id', sa.Integer(), nullable=True),
        sa.Column('token_hash', sa.String(length=64), nullable=True),
        sa.Column('created', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['followup_id'], ['followup.id'],
                                name='fk_followup_participant_followup_id_followup', ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['participant_id'], ['participant.id'],
                                name='fk_followup_participant_participant_id_participant', ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name='pk_followup_participant'),
        sa.UniqueConstraint('followup_id', 'token_hash', name='uq_followup_participant_followup_id'),
        **AUTOINCREMENT,
    )
    op.create_index('ix_followup_participant_followup_id', 'followup_participant', ['followup_id'])
    op.create_index('ix_followup_participant_participant_id', 'followup_participant', ['participant_id'])
    op.create_table(
        'followup_answer',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('followup_participant_id', sa.Integer(), nullable=False),
        sa.Column('followup_exercise_id', sa.Integer(), nullable=False),
        sa.Column('scene', sa.String(length=40), server_default='', nullable=False),
        sa.Column('option_id', sa.String(length=40), nullable=False),
        sa.Column('ranking', sa.Text(), nullable=True),
        sa.Column('updated', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['followup_participant_id'], ['followup_participant.id'],
                                name='fk_followup_answer_followup_participant_id_followup_participant',
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['followup_exercise_id'], ['followup_exercise.id'],
                                name='fk_followup_answer_followup_exercise_id_followup_exercise', ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name='pk_followup_answer'),
        sa.UniqueConstraint('followup_participant_id', 'followup_exercise_id', 'scene',
                            name='uq_followup_answer_followup_participant_id'),
        **AUTOINCREMENT,
    )
    op.create_index('ix_followup_answer_followup_participant_id', 'followup_answer', ['followup_participant_id'])
    op.create_index('ix_followup_answer_followup_exercise_id', 'followup_answer', ['followup_exercise_id'])


def downgrade():
    op.drop_table('followup_answer')
    op.drop_table('followup_participant')
    op.drop_table('followup_exercise')
    op.drop_table('followup')
