"""gap set aside: content gaps marketing dismissed or snoozed

Revision ID: b6d2f4a8c913
Revises: e4b7c9d21f30
Create Date: 2026-12-02 09:30:00

"""
from alembic import op
import sqlalchemy as sa

import enablement.models.base


# revision identifiers, used by Alembic.
revision = 'b6d2f4a8c913'
down_revision = 'e4b7c9d21f30'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('gap_set_aside',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('normalized_query', sa.String(length=400), nullable=False),
    sa.Column('until', enablement.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', enablement.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['by_id'], ['user.id'], name=op.f('fk_gap_set_aside_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_gap_set_aside')),
    sa.UniqueConstraint('normalized_query', name=op.f('uq_gap_set_aside_normalized_query'))
    )


def downgrade():
    op.drop_table('gap_set_aside')
