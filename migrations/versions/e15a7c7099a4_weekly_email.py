"""weekly email: who opted in (and for which markets), and the weeks each was sent

Revision ID: e15a7c7099a4
Revises: f1a9c3e5b702
Create Date: 2026-12-02 08:06:00.285394

"""
from alembic import op
import sqlalchemy as sa

import enablement.models.base


# revision identifiers, used by Alembic.
revision = 'e15a7c7099a4'
down_revision = 'f1a9c3e5b702'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('weekly_email_send',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('week', sa.String(length=10), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('claimed_by', sa.String(length=200), nullable=False),
    sa.Column('claimed_at', enablement.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('finished_at', enablement.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_weekly_email_send_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_weekly_email_send')),
    sa.UniqueConstraint('user_id', 'week', name=op.f('uq_weekly_email_send_user_id'))
    )
    op.create_table('weekly_email_subscription',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('markets', sa.JSON(), nullable=False),
    sa.Column('updated_at', enablement.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_weekly_email_subscription_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_weekly_email_subscription'))
    )


def downgrade():
    op.drop_table('weekly_email_subscription')
    op.drop_table('weekly_email_send')
