"""Threat image projection (issue 19): the FTI library, projections into live assignments
with their outcome, analysts' time on task, and each centre's projection probability.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01 13:30:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('tip_threats',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('category', sa.String(length=32), nullable=False),
    sa.Column('source', sa.String(length=12), nullable=False),
    sa.Column('recipe', sa.JSON(), nullable=False),
    sa.Column('pixel_mm', sa.Double(), nullable=False),
    sa.Column('width', sa.Integer(), nullable=False),
    sa.Column('height', sa.Integer(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('active', sa.Boolean(), server_default=sa.true(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("source IN ('synthetic', 'upload')", name=op.f('ck_tip_threats_source')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_tip_threats_created_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tip_threats'))
    )
    with op.batch_alter_table('tip_threats', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tip_threats_category'), ['category'], unique=False)

    op.create_table('tip_workstations',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('on_task_since', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_active_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('break_from', sa.DateTime(timezone=True), nullable=True),
    sa.Column('break_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('override_by_id', sa.Integer(), nullable=True),
    sa.Column('override_reason', sa.String(length=500), nullable=True),
    sa.Column('override_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['override_by_id'], ['users.id'], name=op.f('fk_tip_workstations_override_by_id_users')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_tip_workstations_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_tip_workstations'))
    )
    op.create_table('tip_projections',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assignment_id', sa.Integer(), nullable=False),
    sa.Column('scan_id', sa.Integer(), nullable=False),
    sa.Column('analyst_id', sa.Integer(), nullable=False),
    sa.Column('centre_id', sa.Integer(), nullable=False),
    sa.Column('threat_id', sa.Integer(), nullable=False),
    sa.Column('x', sa.Integer(), nullable=False),
    sa.Column('y', sa.Integer(), nullable=False),
    sa.Column('w', sa.Integer(), nullable=False),
    sa.Column('h', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=8), nullable=False),
    sa.Column('outcome', sa.String(length=8), nullable=True),
    sa.Column('first_decision', sa.String(length=8), nullable=True),
    sa.Column('first_regions', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decision_s', sa.Double(), nullable=True),
    sa.Column('minutes_on_task', sa.Double(), nullable=False),
    sa.CheckConstraint("outcome IS NULL OR outcome IN ('hit', 'miss')", name=op.f('ck_tip_projections_outcome')),
    sa.CheckConstraint("state IN ('active', 'revealed')", name=op.f('ck_tip_projections_state')),
    sa.ForeignKeyConstraint(['analyst_id'], ['users.id'], name=op.f('fk_tip_projections_analyst_id_users')),
    sa.ForeignKeyConstraint(['assignment_id'], ['assignments.id'], name=op.f('fk_tip_projections_assignment_id_assignments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['centre_id'], ['centres.id'], name=op.f('fk_tip_projections_centre_id_centres')),
    sa.ForeignKeyConstraint(['scan_id'], ['scans.id'], name=op.f('fk_tip_projections_scan_id_scans'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['threat_id'], ['tip_threats.id'], name=op.f('fk_tip_projections_threat_id_tip_threats')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tip_projections')),
    sa.UniqueConstraint('assignment_id', name=op.f('uq_tip_projections_assignment_id'))
    )
    with op.batch_alter_table('tip_projections', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tip_projections_analyst_id'), ['analyst_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_tip_projections_centre_id'), ['centre_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_tip_projections_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_tip_projections_scan_id'), ['scan_id'], unique=False)

    with op.batch_alter_table('centres', schema=None) as batch_op:
        batch_op.add_column(sa.Column('tip_probability', sa.Double(), server_default='0.02', nullable=False))



def downgrade() -> None:
    with op.batch_alter_table('centres', schema=None) as batch_op:
        batch_op.drop_column('tip_probability')

    with op.batch_alter_table('tip_projections', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tip_projections_scan_id'))
        batch_op.drop_index(batch_op.f('ix_tip_projections_created_at'))
        batch_op.drop_index(batch_op.f('ix_tip_projections_centre_id'))
        batch_op.drop_index(batch_op.f('ix_tip_projections_analyst_id'))

    op.drop_table('tip_projections')
    op.drop_table('tip_workstations')
    with op.batch_alter_table('tip_threats', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tip_threats_category'))

    op.drop_table('tip_threats')
