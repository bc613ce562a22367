"""Declarations with their history, links to scans, and the outbox of results for the COS.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27 15:40:30.102477
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('declarations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('current', sa.Boolean(), nullable=False),
    sa.Column('declared_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('declarant', sa.String(length=200), nullable=False),
    sa.Column('consignor', sa.String(length=200), nullable=False),
    sa.Column('consignee', sa.String(length=200), nullable=False),
    sa.Column('origin_country', sa.String(length=2), nullable=True),
    sa.Column('container_ids', sa.JSON(), nullable=False),
    sa.Column('plate', sa.String(length=32), nullable=True),
    sa.Column('goods', sa.JSON(), nullable=False),
    sa.Column('risk_level', sa.String(length=8), nullable=False),
    sa.Column('risk_reasons', sa.JSON(), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("risk_level IN ('low', 'medium', 'high')", name=op.f('ck_declarations_risk_level')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_declarations')),
    sa.UniqueConstraint('number', 'version', name='uq_declarations_number_version')
    )
    with op.batch_alter_table('declarations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_declarations_current'), ['current'], unique=False)
        batch_op.create_index(batch_op.f('ix_declarations_declared_at'), ['declared_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_declarations_number'), ['number'], unique=False)
        batch_op.create_index(batch_op.f('ix_declarations_plate'), ['plate'], unique=False)

    op.create_table('declaration_containers',
    sa.Column('declaration_id', sa.Integer(), nullable=False),
    sa.Column('container_id', sa.String(length=11), nullable=False),
    sa.ForeignKeyConstraint(['declaration_id'], ['declarations.id'], name=op.f('fk_declaration_containers_declaration_id_declarations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('declaration_id', 'container_id', name=op.f('pk_declaration_containers'))
    )
    with op.batch_alter_table('declaration_containers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_declaration_containers_container_id'), ['container_id'], unique=False)

    op.create_table('outbox_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.String(length=36), nullable=False),
    sa.Column('type', sa.String(length=30), nullable=False),
    sa.Column('scan_id', sa.Integer(), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_error', sa.String(length=500), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('delivered_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("state IN ('pending', 'delivered', 'failed')", name=op.f('ck_outbox_events_state')),
    sa.ForeignKeyConstraint(['scan_id'], ['scans.id'], name=op.f('fk_outbox_events_scan_id_scans'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_events')),
    sa.UniqueConstraint('event_id', name=op.f('uq_outbox_events_event_id'))
    )
    with op.batch_alter_table('outbox_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_events_scan_id'), ['scan_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbox_events_state'), ['state'], unique=False)

    op.create_table('scan_declarations',
    sa.Column('scan_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=40), nullable=False),
    sa.Column('method', sa.String(length=10), nullable=False),
    sa.Column('container_id', sa.String(length=11), nullable=True),
    sa.Column('corrected_from', sa.String(length=15), nullable=True),
    sa.Column('linked_by_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.String(length=500), nullable=False),
    sa.Column('linked_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("method IN ('auto', 'corrected', 'manual')", name=op.f('ck_scan_declarations_method')),
    sa.ForeignKeyConstraint(['linked_by_id'], ['users.id'], name=op.f('fk_scan_declarations_linked_by_id_users')),
    sa.ForeignKeyConstraint(['scan_id'], ['scans.id'], name=op.f('fk_scan_declarations_scan_id_scans'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('scan_id', name=op.f('pk_scan_declarations'))
    )
    with op.batch_alter_table('scan_declarations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_scan_declarations_number'), ['number'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('scan_declarations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_scan_declarations_number'))

    op.drop_table('scan_declarations')
    with op.batch_alter_table('outbox_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_events_state'))
        batch_op.drop_index(batch_op.f('ix_outbox_events_scan_id'))

    op.drop_table('outbox_events')
    with op.batch_alter_table('declaration_containers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_declaration_containers_container_id'))

    op.drop_table('declaration_containers')
    with op.batch_alter_table('declarations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_declarations_plate'))
        batch_op.drop_index(batch_op.f('ix_declarations_number'))
        batch_op.drop_index(batch_op.f('ix_declarations_declared_at'))
        batch_op.drop_index(batch_op.f('ix_declarations_current'))

    op.drop_table('declarations')
