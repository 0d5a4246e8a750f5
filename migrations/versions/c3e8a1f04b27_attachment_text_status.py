"""attachments say how much of their text was read

Revision ID: c3e8a1f04b27
Revises: 458a5d3064c9
Create Date: 2026-12-02 06:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c3e8a1f04b27'
down_revision = '458a5d3064c9'
branch_labels = None
depends_on = None


def upgrade():
    # Files attached before this release were read in the web process without a marker; their
    # text is what it is, so they count as complete.
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('text_status', sa.String(length=20), nullable=False,
                                      server_default='complete'))


def downgrade():
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.drop_column('text_status')
