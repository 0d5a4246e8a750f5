"""answers: attachments' page starts, answers shown per search, answer feedback

Revision ID: 8e9ab44503b7
Revises: a7c41e9b2d63
Create Date: 2026-12-02 08:30:00

"""
import sqlalchemy as sa
from alembic import op

import enablement.models.base

# revision identifiers, used by Alembic.
revision = '8e9ab44503b7'
down_revision = "a7c41e9b2d63"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('page_starts', sa.JSON(), nullable=True))
    with op.batch_alter_table('search_log', schema=None) as batch_op:
        batch_op.add_column(sa.Column('answer_count', sa.Integer(), nullable=True))
    op.create_table(
        'answer_feedback',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('search_log_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('passage', sa.String(length=80), nullable=False),
        sa.Column('helpful', sa.Boolean(), nullable=False),
        sa.Column('created_at', enablement.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['search_log_id'], ['search_log.id'],
                                name=op.f('fk_answer_feedback_search_log_id_search_log'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'],
                                name=op.f('fk_answer_feedback_user_id_user'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_answer_feedback')),
        sa.UniqueConstraint('search_log_id', 'passage',
                            name=op.f('uq_answer_feedback_search_log_id')),
    )


def downgrade():
    op.drop_table('answer_feedback')
    with op.batch_alter_table('search_log', schema=None) as batch_op:
        batch_op.drop_column('answer_count')
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.drop_column('page_starts')
