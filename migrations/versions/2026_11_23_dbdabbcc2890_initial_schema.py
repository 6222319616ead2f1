"""Initial schema: organisation tree, users and role grants, cases with their categories,
actions, återkoppling, history and per-type detail, and the case-number counters.

Revision ID: dbdabbcc2890
Revises:
Create Date: 2026-11-23

Reviewed by hand: enum columns are VARCHARs (native_enum=False) so that adding a case type or a
role later is a code change, not an ALTER TYPE; every constraint has a stable name.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'dbdabbcc2890'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('case_number_counters',
    sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('last', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('year', name=op.f('pk_case_number_counters'))
    )
    op.create_table('org_nodes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.Enum('forvaltning', 'avdelning', 'omrade', 'enhet', name='nodekind', native_enum=False), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('path', sa.String(length=400), nullable=False),
    sa.ForeignKeyConstraint(['parent_id'], ['org_nodes.id'], name=op.f('fk_org_nodes_parent_id_org_nodes')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_org_nodes')),
    sa.UniqueConstraint('code', name=op.f('uq_org_nodes_code'))
    )
    with op.batch_alter_table('org_nodes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_org_nodes_parent_id'), ['parent_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_org_nodes_path'), ['path'], unique=False)

    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('password_hash', sa.String(length=200), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('email', name=op.f('uq_users_email'))
    )
    op.create_table('cases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=20), nullable=False),
    sa.Column('type', sa.Enum('klagomal', 'synpunkt', 'berom', 'avvikelse', 'lex_sarah', 'lex_maria', 'personuppgiftsincident', name='casetype', native_enum=False), nullable=False),
    sa.Column('status', sa.String(length=32), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('registered_by_id', sa.Integer(), nullable=True),
    sa.Column('handler_id', sa.Integer(), nullable=True),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('channel', sa.String(length=32), nullable=True),
    sa.Column('source', sa.String(length=32), nullable=True),
    sa.Column('anonymous', sa.Boolean(), nullable=False),
    sa.Column('identified_by', sa.String(length=32), nullable=True),
    sa.Column('concerns', sa.String(length=32), nullable=True),
    sa.Column('contact', sa.Text(), nullable=True),
    sa.Column('occurred_on', sa.Date(), nullable=True),
    sa.Column('immediate_measures', sa.Text(), nullable=True),
    sa.Column('feedback_on', sa.Date(), nullable=True),
    sa.Column('first_action_on', sa.Date(), nullable=True),
    sa.Column('authority_notified_on', sa.Date(), nullable=True),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('closing_summary', sa.Text(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['handler_id'], ['users.id'], name=op.f('fk_cases_handler_id_users')),
    sa.ForeignKeyConstraint(['registered_by_id'], ['users.id'], name=op.f('fk_cases_registered_by_id_users')),
    sa.ForeignKeyConstraint(['unit_id'], ['org_nodes.id'], name=op.f('fk_cases_unit_id_org_nodes')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cases')),
    sa.UniqueConstraint('number', name=op.f('uq_cases_number'))
    )
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cases_handler_id'), ['handler_id'], unique=False)
        batch_op.create_index('ix_cases_received_id', ['received_on', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cases_registered_by_id'), ['registered_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cases_status'), ['status'], unique=False)
        batch_op.create_index('ix_cases_type_received', ['type', 'received_on'], unique=False)
        batch_op.create_index('ix_cases_unit_received', ['unit_id', 'received_on'], unique=False)

    op.create_table('role_grants',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.Enum('medarbetare', 'planerare', 'bitradande_enhetschef', 'enhetschef', 'omradeschef', 'mas', 'admin', name='role', native_enum=False), nullable=False),
    sa.Column('org_node_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['org_node_id'], ['org_nodes.id'], name=op.f('fk_role_grants_org_node_id_org_nodes')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_role_grants_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_role_grants')),
    sa.UniqueConstraint('user_id', 'role', 'org_node_id', name='uq_role_grants_user_role_node')
    )
    with op.batch_alter_table('role_grants', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_role_grants_org_node_id'), ['org_node_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_role_grants_user_id'), ['user_id'], unique=False)

    op.create_table('case_actions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('taken_on', sa.Date(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_actions_case_id_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_case_actions_created_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_actions'))
    )
    with op.batch_alter_table('case_actions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_actions_case_id'), ['case_id'], unique=False)

    op.create_table('case_categories',
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('category', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_categories_case_id_cases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('case_id', 'category', name=op.f('pk_case_categories'))
    )
    with op.batch_alter_table('case_categories', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_categories_category'), ['category'], unique=False)

    op.create_table('case_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('event', sa.String(length=40), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_events_case_id_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_case_events_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_events'))
    )
    with op.batch_alter_table('case_events', schema=None) as batch_op:
        batch_op.create_index('ix_case_events_case_at', ['case_id', 'at'], unique=False)

    op.create_table('case_feedback',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('given_on', sa.Date(), nullable=False),
    sa.Column('method', sa.Enum('telefon', 'brev', 'e_post', 'mote', name='feedbackmethod', native_enum=False), nullable=False),
    sa.Column('recipient', sa.String(length=200), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_feedback_case_id_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_case_feedback_created_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_feedback'))
    )
    with op.batch_alter_table('case_feedback', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_feedback_case_id'), ['case_id'], unique=False)

    op.create_table('data_breach_details',
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('discovered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('what_happened', sa.Text(), nullable=True),
    sa.Column('data_categories', sa.Text(), nullable=True),
    sa.Column('approx_people', sa.Integer(), nullable=True),
    sa.Column('approx_records', sa.Integer(), nullable=True),
    sa.Column('consequences', sa.Text(), nullable=True),
    sa.Column('measures', sa.Text(), nullable=True),
    sa.Column('notify_imy', sa.Boolean(), nullable=True),
    sa.Column('not_notified_reason', sa.Text(), nullable=True),
    sa.Column('imy_notified_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('imy_reference', sa.String(length=64), nullable=True),
    sa.Column('subjects_informed', sa.Boolean(), nullable=True),
    sa.Column('subjects_not_informed_reason', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_data_breach_details_case_id_cases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('case_id', name=op.f('pk_data_breach_details'))
    )
    op.create_table('lex_maria_details',
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('event', sa.Text(), nullable=True),
    sa.Column('assessment', sa.String(length=40), nullable=True),
    sa.Column('ivo_reference', sa.String(length=64), nullable=True),
    sa.Column('investigation', sa.Text(), nullable=True),
    sa.Column('investigation_finished_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_lex_maria_details_case_id_cases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('case_id', name=op.f('pk_lex_maria_details'))
    )
    op.create_table('lex_sarah_details',
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('protective_measures', sa.Text(), nullable=True),
    sa.Column('protective_measures_on', sa.Date(), nullable=True),
    sa.Column('investigation_started_on', sa.Date(), nullable=True),
    sa.Column('investigation_finished_on', sa.Date(), nullable=True),
    sa.Column('what_happened', sa.Text(), nullable=True),
    sa.Column('why', sa.Text(), nullable=True),
    sa.Column('prevention', sa.Text(), nullable=True),
    sa.Column('measures', sa.Text(), nullable=True),
    sa.Column('assessment', sa.String(length=40), nullable=True),
    sa.Column('assessed_by_id', sa.Integer(), nullable=True),
    sa.Column('assessed_on', sa.Date(), nullable=True),
    sa.Column('ivo_reference', sa.String(length=64), nullable=True),
    sa.Column('ivo_documents', sa.Text(), nullable=True),
    sa.Column('ivo_decision', sa.Text(), nullable=True),
    sa.Column('ivo_decision_on', sa.Date(), nullable=True),
    sa.Column('lessons', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['assessed_by_id'], ['users.id'], name=op.f('fk_lex_sarah_details_assessed_by_id_users')),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_lex_sarah_details_case_id_cases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('case_id', name=op.f('pk_lex_sarah_details'))
    )


def downgrade():
    op.drop_table('lex_sarah_details')
    op.drop_table('lex_maria_details')
    op.drop_table('data_breach_details')
    with op.batch_alter_table('case_feedback', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_feedback_case_id'))

    op.drop_table('case_feedback')
    with op.batch_alter_table('case_events', schema=None) as batch_op:
        batch_op.drop_index('ix_case_events_case_at')

    op.drop_table('case_events')
    with op.batch_alter_table('case_categories', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_categories_category'))

    op.drop_table('case_categories')
    with op.batch_alter_table('case_actions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_actions_case_id'))

    op.drop_table('case_actions')
    with op.batch_alter_table('role_grants', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_role_grants_user_id'))
        batch_op.drop_index(batch_op.f('ix_role_grants_org_node_id'))

    op.drop_table('role_grants')
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index('ix_cases_unit_received')
        batch_op.drop_index('ix_cases_type_received')
        batch_op.drop_index(batch_op.f('ix_cases_status'))
        batch_op.drop_index(batch_op.f('ix_cases_registered_by_id'))
        batch_op.drop_index('ix_cases_received_id')
        batch_op.drop_index(batch_op.f('ix_cases_handler_id'))

    op.drop_table('cases')
    op.drop_table('users')
    with op.batch_alter_table('org_nodes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_org_nodes_path'))
        batch_op.drop_index(batch_op.f('ix_org_nodes_parent_id'))

    op.drop_table('org_nodes')
    op.drop_table('case_number_counters')
