"""Standard texts (svarsmallar), a title for users and a postal address for organisation nodes.

Revision ID: c6e8a0b2d4f7
Revises: f3a5c7e9b1d2
Create Date: 2026-12-03

Reviewed by hand: a new table and two new nullable columns (existing users sign with their
role's label, existing nodes have no address until an admin adds one).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c6e8a0b2d4f7'
down_revision = 'f3a5c7e9b1d2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('reply_texts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('purpose', sa.Enum('kvittens', 'svar', 'apt', name='textpurpose', native_enum=False, create_constraint=False, length=8), nullable=False),
    sa.Column('case_type', sa.Enum('klagomal', 'synpunkt', 'berom', 'avvikelse', 'lex_sarah', 'lex_maria', 'personuppgiftsincident', name='casetype', native_enum=False, create_constraint=False, length=22), nullable=True),
    sa.Column('category', sa.String(length=40), nullable=True),
    sa.Column('org_node_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('subject', sa.String(length=200), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['org_node_id'], ['org_nodes.id'], name=op.f('fk_reply_texts_org_node_id_org_nodes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_reply_texts_updated_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reply_texts'))
    )
    with op.batch_alter_table('reply_texts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reply_texts_org_node_id'), ['org_node_id'], unique=False)
        batch_op.create_index('ix_reply_texts_purpose_type', ['purpose', 'case_type'], unique=False)
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('title', sa.String(length=200), nullable=True))
    with op.batch_alter_table('org_nodes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('postal_address', sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table('org_nodes', schema=None) as batch_op:
        batch_op.drop_column('postal_address')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('title')
    with op.batch_alter_table('reply_texts', schema=None) as batch_op:
        batch_op.drop_index('ix_reply_texts_purpose_type')
        batch_op.drop_index(batch_op.f('ix_reply_texts_org_node_id'))
    op.drop_table('reply_texts')
