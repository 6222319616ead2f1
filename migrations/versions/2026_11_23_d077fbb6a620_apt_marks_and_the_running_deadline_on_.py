"""APT marks and the running deadline on cases.

Revision ID: d077fbb6a620
Revises: dbdabbcc2890
Create Date: 2026-11-23

Reviewed by hand: apt_pending gets a server default so that existing rows are valid.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd077fbb6a620'
down_revision = 'dbdabbcc2890'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('apt_pending', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('apt_discussed_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('due_on', sa.Date(), nullable=True))
        batch_op.create_index(batch_op.f('ix_cases_due_on'), ['due_on'], unique=False)
        batch_op.create_index('ix_cases_unit_apt', ['unit_id', 'apt_pending'], unique=False)



def downgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index('ix_cases_unit_apt')
        batch_op.drop_index(batch_op.f('ix_cases_due_on'))
        batch_op.drop_column('due_on')
        batch_op.drop_column('apt_discussed_on')
        batch_op.drop_column('apt_pending')

