"""audit log, SCIM tokens and provisioned users, single sign-on

Revision ID: 9d3b6e1c4a2f
Revises: d73707fab307
Create Date: 2026-12-02 08:30:00

"""
import sqlalchemy as sa
from alembic import op

from enablement.models.base import UTCDateTime

# revision identifiers, used by Alembic.
revision = '9d3b6e1c4a2f'
down_revision = "d73707fab307"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'audit_event',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('at', UTCDateTime(), nullable=False),
        sa.Column('action', sa.String(length=64), nullable=False),
        sa.Column('actor', sa.String(length=254), nullable=False),
        sa.Column('actor_id', sa.Integer(), nullable=True),
        sa.Column('target', sa.String(length=300), nullable=False),
        sa.Column('target_type', sa.String(length=40), nullable=False),
        sa.Column('target_id', sa.Integer(), nullable=True),
        sa.Column('ip', sa.String(length=64), nullable=True),
        sa.Column('details', sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(['actor_id'], ['user.id'],
                                name=op.f('fk_audit_event_actor_id_user'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_event')),
    )
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.create_index('ix_audit_event_actor_at', ['actor', 'at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_event_action'), ['action'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_event_at'), ['at'], unique=False)

    op.create_table(
        'scim_token',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=80), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('created_at', UTCDateTime(), nullable=False),
        sa.Column('last_used_at', UTCDateTime(), nullable=True),
        sa.Column('revoked_at', UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_scim_token')),
        sa.UniqueConstraint('token_hash', name=op.f('uq_scim_token_token_hash')),
    )
    op.create_table(
        'scim_group',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('display_name', sa.String(length=200), nullable=False),
        sa.Column('external_id', sa.String(length=254), nullable=True),
        sa.Column('created_at', UTCDateTime(), nullable=False),
        sa.Column('updated_at', UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_scim_group')),
        sa.UniqueConstraint('display_name', name=op.f('uq_scim_group_display_name')),
    )
    op.create_table(
        'scim_group_member',
        sa.Column('group_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['group_id'], ['scim_group.id'],
                                name=op.f('fk_scim_group_member_group_id_scim_group'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'],
                                name=op.f('fk_scim_group_member_user_id_user'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('group_id', 'user_id', name=op.f('pk_scim_group_member')),
    )
    with op.batch_alter_table('scim_group_member', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_scim_group_member_user_id'), ['user_id'],
                              unique=False)
    op.create_table(
        'sso_state',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=200), nullable=False),
        sa.Column('value', sa.Text(), nullable=False),
        sa.Column('expires_at', UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_sso_state')),
        sa.UniqueConstraint('key', name=op.f('uq_sso_state_key')),
    )
    with op.batch_alter_table('sso_state', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sso_state_expires_at'), ['expires_at'], unique=False)

    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('user_name', sa.String(length=254), nullable=True))
        batch_op.add_column(sa.Column('external_id', sa.String(length=254), nullable=True))
        batch_op.add_column(sa.Column('scim_profile', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('deleted_at', UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('sso_issuer', sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column('sso_subject', sa.String(length=255), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_user_user_name'), ['user_name'])
        batch_op.create_unique_constraint(batch_op.f('uq_user_sso_issuer'),
                                          ['sso_issuer', 'sso_subject'])


def downgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_user_sso_issuer'), type_='unique')
        batch_op.drop_constraint(batch_op.f('uq_user_user_name'), type_='unique')
        for column in ('sso_subject', 'sso_issuer', 'deleted_at', 'scim_profile', 'external_id',
                       'user_name'):
            batch_op.drop_column(column)
    op.drop_table('sso_state')
    op.drop_table('scim_group_member')
    op.drop_table('scim_group')
    op.drop_table('scim_token')
    op.drop_table('audit_event')
