"""hardening: ids never reused (SQLite AUTOINCREMENT), trainer admin/disabled/session version, invitations

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 21:00:00

SQLite gives the id of a deleted newest row to the next row unless the table is AUTOINCREMENT, and that can only
be declared by rebuilding the table. A rebuild drops the old table, and with foreign keys enforced a DROP deletes
(cascades) every child row: enforcement must be off, which SQLite only allows outside a transaction. So on SQLite
this migration commits what ran before it, turns enforcement off, rebuilds, checks every foreign key, commits and
turns enforcement back on. PostgreSQL's sequences never reuse ids: there only the new columns and table are added.
"""
import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

# Parents before children; every table whose ids a socket, a link or an export may hold.
REBUILT = ('organisation', 'trainer', 'api_token', 'workshop', 'exercise_run', 'participant', 'tip', 'vote')


def _rebuild_with_autoincrement(bind) -> None:
    op.execute('COMMIT')  # end the migration's transaction: PRAGMA foreign_keys is ignored inside one
    op.execute('PRAGMA foreign_keys=OFF')
    for table in REBUILT:
        with op.batch_alter_table(table, recreate='always', table_kwargs={'sqlite_autoincrement': True}):
            pass
    problems = bind.exec_driver_sql('PRAGMA foreign_key_check').fetchall()
    if problems:
        raise RuntimeError(f'foreign keys broken by the rebuild: {problems[:5]}')
    op.execute('COMMIT')
    op.execute('PRAGMA foreign_keys=ON')


def upgrade():
    bind = op.get_bind()
    with op.batch_alter_table('trainer', schema=None) as batch_op:
        batch_op.add_column(sa.Column('is_admin', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('disabled', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('session_version', sa.Integer(), server_default='0', nullable=False))
    # Until now every trainer managed their own account: the first trainer of each organisation becomes its admin.
    op.execute('UPDATE trainer SET is_admin = true WHERE id IN (SELECT min(id) FROM trainer GROUP BY organisation_id)')
    op.create_table('invitation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('trainer_id', sa.Integer(), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created', sa.DateTime(), nullable=False),
    sa.Column('expires', sa.DateTime(), nullable=False),
    sa.Column('used', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_invitation_organisation_id_organisation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['trainer_id'], ['trainer.id'], name=op.f('fk_invitation_trainer_id_trainer'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invitation')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_invitation_token_hash')),
    sqlite_autoincrement=True,
    )
    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_invitation_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_invitation_trainer_id'), ['trainer_id'], unique=False)
    if bind.dialect.name == 'sqlite':
        _rebuild_with_autoincrement(bind)


def downgrade():
    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_invitation_trainer_id'))
        batch_op.drop_index(batch_op.f('ix_invitation_organisation_id'))
    op.drop_table('invitation')
    with op.batch_alter_table('trainer', schema=None) as batch_op:
        batch_op.drop_column('session_version')
        batch_op.drop_column('disabled')
        batch_op.drop_column('is_admin')
