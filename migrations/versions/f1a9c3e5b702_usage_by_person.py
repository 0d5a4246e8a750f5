"""usage by person: an index for what one person used lately

Revision ID: f1a9c3e5b702
Revises: b6d2f4a8c913
Create Date: 2026-12-02 10:00:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'f1a9c3e5b702'
down_revision = 'b6d2f4a8c913'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('usage_event', schema=None) as batch_op:
        batch_op.create_index('ix_usage_event_user_created', ['user_id', 'created_at'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('usage_event', schema=None) as batch_op:
        batch_op.drop_index('ix_usage_event_user_created')
