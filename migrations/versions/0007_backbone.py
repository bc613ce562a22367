"""Production backbone: consumer processes and chores for the task queue, processing
and delivery leases, one open alert per scanner and kind, per-centre dispatch lock.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 06:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('worker_processes',
    sa.Column('id', sa.String(length=80), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('host', sa.String(length=255), nullable=False),
    sa.Column('pid', sa.Integer(), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('jobs_done', sa.Integer(), server_default='0', nullable=False),
    sa.CheckConstraint("kind IN ('embedded', 'worker')", name=op.f('ck_worker_processes_kind')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_worker_processes'))
    )
    op.create_index(op.f('ix_worker_processes_seen_at'), 'worker_processes', ['seen_at'], unique=False)
    op.create_table('chores',
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('next_run_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_run_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_run_by', sa.String(length=80), nullable=True),
    sa.Column('runs', sa.Integer(), server_default='0', nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_chores'))
    )
    with op.batch_alter_table('scans') as batch_op:
        batch_op.add_column(sa.Column('processing_by', sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column('processing_started_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('processing_queued_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('processing_attempts', sa.Integer(), server_default='0', nullable=False))
    with op.batch_alter_table('outbox_events') as batch_op:
        batch_op.add_column(sa.Column('claimed_by', sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column('lease_until', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('centres') as batch_op:
        batch_op.add_column(sa.Column('dispatch_seq', sa.Integer(), server_default='0', nullable=False))
    # Earlier versions could open the same alert twice (two sweeps at once): keep the
    # oldest open one of each scanner and kind, clear the others, then forbid repeats.
    op.execute("""
        UPDATE equipment_alerts SET cleared_at = raised_at
        WHERE cleared_at IS NULL AND id NOT IN (
            SELECT min(id) FROM equipment_alerts WHERE cleared_at IS NULL GROUP BY scanner_id, kind)
    """)
    op.create_index('ix_equipment_alerts_one_open', 'equipment_alerts', ['scanner_id', 'kind'], unique=True,
                    sqlite_where=sa.text('cleared_at IS NULL'), postgresql_where=sa.text('cleared_at IS NULL'))


def downgrade() -> None:
    op.drop_index('ix_equipment_alerts_one_open', table_name='equipment_alerts',
                  sqlite_where=sa.text('cleared_at IS NULL'), postgresql_where=sa.text('cleared_at IS NULL'))
    with op.batch_alter_table('centres') as batch_op:
        batch_op.drop_column('dispatch_seq')
    with op.batch_alter_table('outbox_events') as batch_op:
        batch_op.drop_column('lease_until')
        batch_op.drop_column('claimed_by')
    with op.batch_alter_table('scans') as batch_op:
        batch_op.drop_column('processing_attempts')
        batch_op.drop_column('processing_queued_at')
        batch_op.drop_column('processing_started_at')
        batch_op.drop_column('processing_by')
    op.drop_table('chores')
    op.drop_index(op.f('ix_worker_processes_seen_at'), table_name='worker_processes')
    op.drop_table('worker_processes')
