"""One case per submitted intake form: the claimed one-time tokens of the forms.

Revision ID: f2b3c4d5e6a7
Revises: e1a2b3c4d5f6
Create Date: 2026-12-02

Reviewed by hand: a new table; nothing to carry over.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f2b3c4d5e6a7'
down_revision = 'e1a2b3c4d5f6'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'form_submissions',
        sa.Column('token', sa.String(length=64), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['case_id'], ['cases.id'],
                                name=op.f('fk_form_submissions_case_id_cases'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                                name=op.f('fk_form_submissions_user_id_users'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('token', name=op.f('pk_form_submissions')),
    )
    op.create_index('ix_form_submissions_user_at', 'form_submissions', ['user_id', 'created_at'])


def downgrade():
    op.drop_index('ix_form_submissions_user_at', table_name='form_submissions')
    op.drop_table('form_submissions')
