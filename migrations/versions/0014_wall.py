"""The wall: queue alarm thresholds per centre, and the queue alarms raised when a
centre's queue passes them (issue 18, part 3); scans indexed by arrival (the wall's
"today", report periods, the busy-scanner sweep).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-01 13:40:00
"""
from alembic import op
import sqlalchemy as sa

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('scans', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_scans_received_at'), ['received_at'], unique=False)

    with op.batch_alter_table('centres', schema=None) as batch_op:
        # NULL: no alarm on that measure. Defaults from the seed's targets (an image at the
        # centre within 3 minutes, released within 10): 20 waiting, or one waiting 5 minutes.
        batch_op.add_column(sa.Column('queue_alarm_waiting', sa.Integer(), nullable=True, server_default='20'))
        batch_op.add_column(sa.Column('queue_alarm_wait_seconds', sa.Integer(), nullable=True, server_default='300'))

    op.create_table('queue_alerts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('centre_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('detail', sa.String(length=500), nullable=False),
    sa.Column('value', sa.Integer(), nullable=False),
    sa.Column('threshold', sa.Integer(), nullable=False),
    sa.Column('raised_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('cleared_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('acknowledged_by_id', sa.Integer(), nullable=True),
    sa.Column('acknowledged_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("kind IN ('length', 'wait')", name=op.f('ck_queue_alerts_kind')),
    sa.ForeignKeyConstraint(['acknowledged_by_id'], ['users.id'], name=op.f('fk_queue_alerts_acknowledged_by_id_users')),
    sa.ForeignKeyConstraint(['centre_id'], ['centres.id'], name=op.f('fk_queue_alerts_centre_id_centres'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_queue_alerts'))
    )
    with op.batch_alter_table('queue_alerts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_queue_alerts_centre_id'), ['centre_id'], unique=False)
        batch_op.create_index('ix_queue_alerts_one_open', ['centre_id', 'kind'], unique=True,
                              sqlite_where=sa.text('cleared_at IS NULL'),
                              postgresql_where=sa.text('cleared_at IS NULL'))


def downgrade() -> None:
    with op.batch_alter_table('queue_alerts', schema=None) as batch_op:
        batch_op.drop_index('ix_queue_alerts_one_open', sqlite_where=sa.text('cleared_at IS NULL'),
                            postgresql_where=sa.text('cleared_at IS NULL'))
        batch_op.drop_index(batch_op.f('ix_queue_alerts_centre_id'))
    op.drop_table('queue_alerts')
    with op.batch_alter_table('centres', schema=None) as batch_op:
        batch_op.drop_column('queue_alarm_wait_seconds')
        batch_op.drop_column('queue_alarm_waiting')
    with op.batch_alter_table('scans', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_scans_received_at'))
