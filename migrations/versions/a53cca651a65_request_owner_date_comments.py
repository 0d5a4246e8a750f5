"""content requests get an owner, an expected date, a comment thread, and a record of the draft
started from them and when its author confirmed its content

Revision ID: a53cca651a65
Revises: c3e8a1f04b27
Create Date: 2026-12-02 05:28:06

"""
from alembic import op
import sqlalchemy as sa

import enablement.models.base


# revision identifiers, used by Alembic.
revision = 'a53cca651a65'
down_revision = 'c3e8a1f04b27'
branch_labels = None
depends_on = None


def upgrade():
    # Requests answered before this release keep no owner: the next marketer to act takes them.
    op.create_table('request_comment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', enablement.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_request_comment_author_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['request_id'], ['content_request.id'], name=op.f('fk_request_comment_request_id_content_request'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_request_comment'))
    )
    with op.batch_alter_table('request_comment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_request_comment_request_id'), ['request_id'], unique=False)

    with op.batch_alter_table('content_request', schema=None) as batch_op:
        batch_op.add_column(sa.Column('owner_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('expected_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('draft_asset_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('draft_confirmed_at', enablement.models.base.UTCDateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f('ix_content_request_draft_asset_id'), ['draft_asset_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_content_request_owner_id'), ['owner_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_content_request_draft_asset_id_asset'), 'asset', ['draft_asset_id'], ['id'], ondelete='SET NULL')
        batch_op.create_foreign_key(batch_op.f('fk_content_request_owner_id_user'), 'user', ['owner_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('content_request', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_content_request_owner_id_user'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_content_request_draft_asset_id_asset'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_content_request_owner_id'))
        batch_op.drop_index(batch_op.f('ix_content_request_draft_asset_id'))
        batch_op.drop_column('draft_confirmed_at')
        batch_op.drop_column('draft_asset_id')
        batch_op.drop_column('expected_on')
        batch_op.drop_column('owner_id')

    with op.batch_alter_table('request_comment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_request_comment_request_id'))

    op.drop_table('request_comment')