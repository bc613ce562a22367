"""The interpretation loop: assignments, verdicts, reviews, inspections, queue audit.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 15:17:58.905689
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('assignments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('scan_id', sa.Integer(), nullable=False),
    sa.Column('analyst_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=8), nullable=False),
    sa.Column('assigned_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('deadline', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('end_reason', sa.String(length=200), nullable=True),
    sa.Column('assigned_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("state IN ('open', 'decided', 'revoked')", name=op.f('ck_assignments_state')),
    sa.ForeignKeyConstraint(['analyst_id'], ['users.id'], name=op.f('fk_assignments_analyst_id_users')),
    sa.ForeignKeyConstraint(['assigned_by_id'], ['users.id'], name=op.f('fk_assignments_assigned_by_id_users')),
    sa.ForeignKeyConstraint(['scan_id'], ['scans.id'], name=op.f('fk_assignments_scan_id_scans'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assignments'))
    )
    with op.batch_alter_table('assignments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assignments_analyst_id'), ['analyst_id'], unique=False)
        batch_op.create_index('ix_assignments_one_open_per_scan', ['scan_id'], unique=True, sqlite_where=sa.text("state = 'open'"), postgresql_where=sa.text("state = 'open'"))
        batch_op.create_index(batch_op.f('ix_assignments_scan_id'), ['scan_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_assignments_state'), ['state'], unique=False)

    op.create_table('inspections',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('scan_id', sa.Integer(), nullable=False),
    sa.Column('officer_id', sa.Integer(), nullable=False),
    sa.Column('outcome', sa.String(length=12), nullable=False),
    sa.Column('findings', sa.Text(), nullable=False),
    sa.Column('photos', sa.JSON(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("outcome IN ('seizure', 'discrepancy', 'no_finding')", name=op.f('ck_inspections_outcome')),
    sa.ForeignKeyConstraint(['officer_id'], ['users.id'], name=op.f('fk_inspections_officer_id_users')),
    sa.ForeignKeyConstraint(['scan_id'], ['scans.id'], name=op.f('fk_inspections_scan_id_scans'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inspections')),
    sa.UniqueConstraint('scan_id', name=op.f('uq_inspections_scan_id'))
    )
    with op.batch_alter_table('inspections', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inspections_officer_id'), ['officer_id'], unique=False)

    op.create_table('queue_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('scan_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('analyst_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.String(length=500), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_queue_events_actor_id_users')),
    sa.ForeignKeyConstraint(['analyst_id'], ['users.id'], name=op.f('fk_queue_events_analyst_id_users')),
    sa.ForeignKeyConstraint(['scan_id'], ['scans.id'], name=op.f('fk_queue_events_scan_id_scans'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_queue_events'))
    )
    with op.batch_alter_table('queue_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_queue_events_scan_id'), ['scan_id'], unique=False)

    op.create_table('verdicts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('scan_id', sa.Integer(), nullable=False),
    sa.Column('assignment_id', sa.Integer(), nullable=False),
    sa.Column('analyst_id', sa.Integer(), nullable=False),
    sa.Column('decision', sa.String(length=8), nullable=False),
    sa.Column('regions', sa.JSON(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('time_spent_s', sa.Double(), nullable=False),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('final_decision', sa.String(length=8), nullable=False),
    sa.Column('final_regions', sa.JSON(), nullable=False),
    sa.Column('revised_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("decision IN ('clear', 'suspect')", name=op.f('ck_verdicts_decision')),
    sa.CheckConstraint("final_decision IN ('clear', 'suspect')", name=op.f('ck_verdicts_final_decision')),
    sa.ForeignKeyConstraint(['analyst_id'], ['users.id'], name=op.f('fk_verdicts_analyst_id_users')),
    sa.ForeignKeyConstraint(['assignment_id'], ['assignments.id'], name=op.f('fk_verdicts_assignment_id_assignments')),
    sa.ForeignKeyConstraint(['scan_id'], ['scans.id'], name=op.f('fk_verdicts_scan_id_scans'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_verdicts')),
    sa.UniqueConstraint('assignment_id', name=op.f('uq_verdicts_assignment_id')),
    sa.UniqueConstraint('scan_id', name=op.f('uq_verdicts_scan_id'))
    )
    with op.batch_alter_table('verdicts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_verdicts_analyst_id'), ['analyst_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_verdicts_issued_at'), ['issued_at'], unique=False)

    op.create_table('reviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('verdict_id', sa.Integer(), nullable=False),
    sa.Column('expert_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=8), nullable=False),
    sa.Column('blind_decision', sa.String(length=8), nullable=True),
    sa.Column('agree', sa.Boolean(), nullable=True),
    sa.Column('decision', sa.String(length=8), nullable=True),
    sa.Column('regions', sa.JSON(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("blind_decision IS NULL OR blind_decision IN ('clear', 'suspect')", name=op.f('ck_reviews_blind')),
    sa.CheckConstraint("decision IS NULL OR decision IN ('clear', 'suspect')", name=op.f('ck_reviews_decision')),
    sa.CheckConstraint("state IN ('blind', 'open', 'done')", name=op.f('ck_reviews_state')),
    sa.ForeignKeyConstraint(['expert_id'], ['users.id'], name=op.f('fk_reviews_expert_id_users')),
    sa.ForeignKeyConstraint(['verdict_id'], ['verdicts.id'], name=op.f('fk_reviews_verdict_id_verdicts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reviews')),
    sa.UniqueConstraint('verdict_id', name=op.f('uq_reviews_verdict_id'))
    )
    with op.batch_alter_table('reviews', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reviews_expert_id'), ['expert_id'], unique=False)

    with op.batch_alter_table('centres', schema=None) as batch_op:
        batch_op.add_column(sa.Column('exclude_own_site', sa.Boolean(), server_default=sa.true(), nullable=False))
        batch_op.add_column(sa.Column('review_share', sa.Double(), server_default='0.1', nullable=False))

    with op.batch_alter_table('scans', schema=None) as batch_op:
        batch_op.add_column(sa.Column('priority', sa.Integer(), server_default='0', nullable=False))



def downgrade() -> None:
    with op.batch_alter_table('scans', schema=None) as batch_op:
        batch_op.drop_column('priority')

    with op.batch_alter_table('centres', schema=None) as batch_op:
        batch_op.drop_column('review_share')
        batch_op.drop_column('exclude_own_site')

    with op.batch_alter_table('reviews', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reviews_expert_id'))

    op.drop_table('reviews')
    with op.batch_alter_table('verdicts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_verdicts_issued_at'))
        batch_op.drop_index(batch_op.f('ix_verdicts_analyst_id'))

    op.drop_table('verdicts')
    with op.batch_alter_table('queue_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_queue_events_scan_id'))

    op.drop_table('queue_events')
    with op.batch_alter_table('inspections', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inspections_officer_id'))

    op.drop_table('inspections')
    with op.batch_alter_table('assignments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assignments_state'))
        batch_op.drop_index(batch_op.f('ix_assignments_scan_id'))
        batch_op.drop_index('ix_assignments_one_open_per_scan', sqlite_where=sa.text("state = 'open'"), postgresql_where=sa.text("state = 'open'"))
        batch_op.drop_index(batch_op.f('ix_assignments_analyst_id'))

    op.drop_table('assignments')
