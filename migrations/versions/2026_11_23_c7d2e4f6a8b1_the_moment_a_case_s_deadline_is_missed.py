"""The moment a case's earliest deadline is missed, for lists to show a breach's hour.

Revision ID: c7d2e4f6a8b1
Revises: b5e1f0c3a7d2
Create Date: 2026-11-23

Reviewed by hand: a nullable column; existing cases get it when their clocks are next
recomputed (any step on the case), and until then lists show the day as before.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c7d2e4f6a8b1'
down_revision = 'b5e1f0c3a7d2'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('due_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_column('due_at')
