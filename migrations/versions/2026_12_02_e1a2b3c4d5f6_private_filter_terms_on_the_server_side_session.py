"""Filter values that may name people live on the server-side session, not in the cookie.

Revision ID: e1a2b3c4d5f6
Revises: e3a91c5d7f20
Create Date: 2026-12-02

Reviewed by hand: a JSON column, NULL for sessions opened before it (read as no searches).
Searches kept in cookies until now are not carried over: the list then says the search no
longer applies, as for any unknown key.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e1a2b3c4d5f6'
down_revision = 'e3a91c5d7f20'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user_sessions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('private_terms', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('user_sessions', schema=None) as batch_op:
        batch_op.drop_column('private_terms')
