"""Equipment monitoring: scanner events, live scanner states, alerts.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27 15:56:46.118319
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('equipment_alerts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('scanner_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('detail', sa.String(length=500), nullable=False),
    sa.Column('raised_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('cleared_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('acknowledged_by_id', sa.Integer(), nullable=True),
    sa.Column('acknowledged_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("kind IN ('offline', 'fault')", name=op.f('ck_equipment_alerts_kind')),
    sa.ForeignKeyConstraint(['acknowledged_by_id'], ['users.id'], name=op.f('fk_equipment_alerts_acknowledged_by_id_users')),
    sa.ForeignKeyConstraint(['scanner_id'], ['scanners.id'], name=op.f('fk_equipment_alerts_scanner_id_scanners'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_equipment_alerts'))
    )
    with op.batch_alter_table('equipment_alerts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_equipment_alerts_scanner_id'), ['scanner_id'], unique=False)

    op.create_table('equipment_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('scanner_id', sa.Integer(), nullable=False),
    sa.Column('type', sa.String(length=16), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('effective_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('skewed', sa.Boolean(), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.CheckConstraint("type IN ('startup', 'shutdown', 'heartbeat', 'fault', 'fault_cleared')", name=op.f('ck_equipment_events_type')),
    sa.ForeignKeyConstraint(['scanner_id'], ['scanners.id'], name=op.f('fk_equipment_events_scanner_id_scanners'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_equipment_events')),
    sa.UniqueConstraint('scanner_id', 'type', 'at', name='uq_equipment_events_scanner_id_type_at')
    )
    with op.batch_alter_table('equipment_events', schema=None) as batch_op:
        batch_op.create_index('ix_equipment_events_scanner_effective', ['scanner_id', 'effective_at'], unique=False)

    op.create_table('scanner_states',
    sa.Column('scanner_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=8), nullable=False),
    sa.Column('since', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_event_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_heartbeat_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_scans_counter', sa.Integer(), nullable=False),
    sa.Column('powered', sa.Boolean(), nullable=False),
    sa.Column('fault', sa.JSON(), nullable=True),
    sa.Column('skewed', sa.Boolean(), nullable=False),
    sa.CheckConstraint("status IN ('running', 'idle', 'stopped', 'fault', 'offline')", name=op.f('ck_scanner_states_status')),
    sa.ForeignKeyConstraint(['scanner_id'], ['scanners.id'], name=op.f('fk_scanner_states_scanner_id_scanners'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('scanner_id', name=op.f('pk_scanner_states'))
    )


def downgrade() -> None:
    op.drop_table('scanner_states')
    with op.batch_alter_table('equipment_events', schema=None) as batch_op:
        batch_op.drop_index('ix_equipment_events_scanner_effective')

    op.drop_table('equipment_events')
    with op.batch_alter_table('equipment_alerts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_equipment_alerts_scanner_id'))

    op.drop_table('equipment_alerts')
