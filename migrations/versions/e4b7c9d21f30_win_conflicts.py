"""win conflicts: another version of a deal an integration sent, kept for an admin

Revision ID: e4b7c9d21f30
Revises: a53cca651a65
Create Date: 2026-12-02 08:30:00

"""
from alembic import op
import sqlalchemy as sa

import enablement.models.base


# revision identifiers, used by Alembic.
revision = 'e4b7c9d21f30'
down_revision = 'a53cca651a65'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('win_conflict',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('win_id', sa.Integer(), nullable=False),
    sa.Column('external_id', sa.String(length=100), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('sent_by_id', sa.Integer(), nullable=True),
    sa.Column('received_at', enablement.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('times', sa.Integer(), nullable=False),
    sa.Column('resolved_at', enablement.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('resolved_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['resolved_by_id'], ['user.id'], name=op.f('fk_win_conflict_resolved_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['sent_by_id'], ['user.id'], name=op.f('fk_win_conflict_sent_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['win_id'], ['win.id'], name=op.f('fk_win_conflict_win_id_win'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_win_conflict'))
    )
    with op.batch_alter_table('win_conflict', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_win_conflict_resolved_at'), ['resolved_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_win_conflict_win_id'), ['win_id'], unique=False)


def downgrade():
    with op.batch_alter_table('win_conflict', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_win_conflict_win_id'))
        batch_op.drop_index(batch_op.f('ix_win_conflict_resolved_at'))
    op.drop_table('win_conflict')
