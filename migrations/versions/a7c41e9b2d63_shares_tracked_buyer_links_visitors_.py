"""shares: tracked buyer links, visitors, visits and dwell; internal_only assets

Revision ID: a7c41e9b2d63
Revises: 9d3b6e1c4a2f
Create Date: 2026-12-02 08:05:52.320663

"""
from alembic import op
import sqlalchemy as sa

import enablement.models.base


# revision identifiers, used by Alembic.
revision = 'a7c41e9b2d63'
down_revision = "9d3b6e1c4a2f"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('share',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('token_sealed', sa.String(length=300), nullable=False),
    sa.Column('account', sa.String(length=200), nullable=False),
    sa.Column('recipient_name', sa.String(length=120), nullable=False),
    sa.Column('recipient_email', sa.String(length=254), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('expires_at', enablement.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('allow_download', sa.Boolean(), nullable=False),
    sa.Column('passcode_hash', sa.String(length=256), nullable=True),
    sa.Column('require_email', sa.Boolean(), nullable=False),
    sa.Column('revoked_at', enablement.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', enablement.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('views', sa.Integer(), nullable=False),
    sa.Column('last_activity_at', enablement.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('notified_at', enablement.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['owner_id'], ['user.id'], name=op.f('fk_share_owner_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_share')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_share_token_hash'))
    )
    with op.batch_alter_table('share', schema=None) as batch_op:
        batch_op.create_index('ix_share_owner_activity', ['owner_id', 'last_activity_at'], unique=False)

    op.create_table('share_asset',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('share_id', sa.Integer(), nullable=False),
    sa.Column('asset_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('added_at', enablement.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['asset_id'], ['asset.id'], name=op.f('fk_share_asset_asset_id_asset'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['share_id'], ['share.id'], name=op.f('fk_share_asset_share_id_share'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_share_asset')),
    sa.UniqueConstraint('share_id', 'asset_id', name=op.f('uq_share_asset_share_id'))
    )
    with op.batch_alter_table('share_asset', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_share_asset_asset_id'), ['asset_id'], unique=False)

    op.create_table('share_visitor',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('share_id', sa.Integer(), nullable=False),
    sa.Column('cookie_hash', sa.String(length=64), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('created_at', enablement.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['share_id'], ['share.id'], name=op.f('fk_share_visitor_share_id_share'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_share_visitor')),
    sa.UniqueConstraint('share_id', 'cookie_hash', name=op.f('uq_share_visitor_share_id'))
    )
    op.create_table('share_download',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('share_id', sa.Integer(), nullable=False),
    sa.Column('visitor_id', sa.Integer(), nullable=True),
    sa.Column('asset_id', sa.Integer(), nullable=False),
    sa.Column('attachment_id', sa.Integer(), nullable=True),
    sa.Column('created_at', enablement.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['asset_id'], ['asset.id'], name=op.f('fk_share_download_asset_id_asset'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['attachment_id'], ['attachment.id'], name=op.f('fk_share_download_attachment_id_attachment'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['share_id'], ['share.id'], name=op.f('fk_share_download_share_id_share'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['visitor_id'], ['share_visitor.id'], name=op.f('fk_share_download_visitor_id_share_visitor'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_share_download'))
    )
    with op.batch_alter_table('share_download', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_share_download_asset_id'), ['asset_id'], unique=False)
        batch_op.create_index('ix_share_download_share_created', ['share_id', 'created_at'], unique=False)

    op.create_table('share_visit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('share_id', sa.Integer(), nullable=False),
    sa.Column('visitor_id', sa.Integer(), nullable=False),
    sa.Column('view_key', sa.String(length=32), nullable=False),
    sa.Column('started_at', enablement.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', enablement.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['share_id'], ['share.id'], name=op.f('fk_share_visit_share_id_share'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['visitor_id'], ['share_visitor.id'], name=op.f('fk_share_visit_visitor_id_share_visitor'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_share_visit')),
    sa.UniqueConstraint('share_id', 'view_key', name=op.f('uq_share_visit_share_id'))
    )
    with op.batch_alter_table('share_visit', schema=None) as batch_op:
        batch_op.create_index('ix_share_visit_share_started', ['share_id', 'started_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_share_visit_visitor_id'), ['visitor_id'], unique=False)

    op.create_table('share_dwell',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('visit_id', sa.Integer(), nullable=False),
    sa.Column('asset_id', sa.Integer(), nullable=False),
    sa.Column('page', sa.Integer(), nullable=False),
    sa.Column('ms', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['asset_id'], ['asset.id'], name=op.f('fk_share_dwell_asset_id_asset'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['visit_id'], ['share_visit.id'], name=op.f('fk_share_dwell_visit_id_share_visit'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_share_dwell')),
    sa.UniqueConstraint('visit_id', 'asset_id', 'page', name=op.f('uq_share_dwell_visit_id'))
    )
    with op.batch_alter_table('share_dwell', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_share_dwell_asset_id'), ['asset_id'], unique=False)

    with op.batch_alter_table('asset', schema=None) as batch_op:
        batch_op.add_column(sa.Column('internal_only', sa.Boolean(), server_default=sa.false(), nullable=False))



def downgrade():
    with op.batch_alter_table('asset', schema=None) as batch_op:
        batch_op.drop_column('internal_only')

    with op.batch_alter_table('share_dwell', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_share_dwell_asset_id'))

    op.drop_table('share_dwell')
    with op.batch_alter_table('share_visit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_share_visit_visitor_id'))
        batch_op.drop_index('ix_share_visit_share_started')

    op.drop_table('share_visit')
    with op.batch_alter_table('share_download', schema=None) as batch_op:
        batch_op.drop_index('ix_share_download_share_created')
        batch_op.drop_index(batch_op.f('ix_share_download_asset_id'))

    op.drop_table('share_download')
    op.drop_table('share_visitor')
    with op.batch_alter_table('share_asset', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_share_asset_asset_id'))

    op.drop_table('share_asset')
    with op.batch_alter_table('share', schema=None) as batch_op:
        batch_op.drop_index('ix_share_owner_activity')

    op.drop_table('share')
