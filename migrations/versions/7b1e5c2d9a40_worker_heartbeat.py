"""worker heartbeat

Revision ID: 7b1e5c2d9a40
Revises: 4c52b94a9556
Create Date: 2026-12-02 04:55:00

"""
from alembic import op
import sqlalchemy as sa

import enablement.models.base


# revision identifiers, used by Alembic.
revision = '7b1e5c2d9a40'
down_revision = '4c52b94a9556'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('worker_heartbeat',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('started_at', enablement.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_seen', enablement.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_worker_heartbeat')),
    sa.UniqueConstraint('name', name=op.f('uq_worker_heartbeat_name'))
    )
    with op.batch_alter_table('worker_heartbeat', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_worker_heartbeat_last_seen'), ['last_seen'], unique=False)


def downgrade():
    with op.batch_alter_table('worker_heartbeat', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_worker_heartbeat_last_seen'))
    op.drop_table('worker_heartbeat')
