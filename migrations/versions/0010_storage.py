"""Image store: the objects each scan has in the store of record (size, SHA-256),
retention rules per kind of scan, legal holds and dropped pyramids.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 10:30:00
"""
from alembic import op
import sqlalchemy as sa

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

# (kind, keep_days, pyramid_days): None keeps for ever / never drops.
DEFAULT_RULES = (
    ('cleared', 90, 30),
    ('inspected', 5 * 365, 180),
    ('seizure', None, 365),
    ('library', None, None),
    ('failed', 30, None),
)


def upgrade() -> None:
    op.create_table('stored_objects',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=512), nullable=False),
    sa.Column('scan_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('size_bytes', sa.BigInteger(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('original', 'decoded', 'pyramid', 'manifest')", name=op.f('ck_stored_objects_kind')),
    sa.ForeignKeyConstraint(['scan_id'], ['scans.id'], name=op.f('fk_stored_objects_scan_id_scans'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stored_objects')),
    sa.UniqueConstraint('key', name=op.f('uq_stored_objects_key'))
    )
    op.create_index(op.f('ix_stored_objects_scan_id'), 'stored_objects', ['scan_id'], unique=False)
    op.create_index(op.f('ix_stored_objects_created_at'), 'stored_objects', ['created_at'], unique=False)
    rules = op.create_table('retention_rules',
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('keep_days', sa.Integer(), nullable=True),
    sa.Column('pyramid_days', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("kind IN ('cleared', 'inspected', 'seizure', 'library', 'failed')",
                       name=op.f('ck_retention_rules_kind')),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_retention_rules_updated_by_id_users')),
    sa.PrimaryKeyConstraint('kind', name=op.f('pk_retention_rules'))
    )
    from datetime import datetime, timezone
    now = datetime.now(timezone.utc)
    op.bulk_insert(rules, [{'kind': k, 'keep_days': keep, 'pyramid_days': pyr, 'updated_at': now, 'updated_by_id': None}
                           for k, keep, pyr in DEFAULT_RULES])
    op.create_table('scan_storage',
    sa.Column('scan_id', sa.Integer(), nullable=False),
    sa.Column('legal_hold', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('hold_reason', sa.String(length=500), server_default='', nullable=False),
    sa.Column('held_by_id', sa.Integer(), nullable=True),
    sa.Column('held_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('pyramid_dropped_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('purged_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['held_by_id'], ['users.id'], name=op.f('fk_scan_storage_held_by_id_users')),
    sa.ForeignKeyConstraint(['scan_id'], ['scans.id'], name=op.f('fk_scan_storage_scan_id_scans'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('scan_id', name=op.f('pk_scan_storage'))
    )


def downgrade() -> None:
    op.drop_table('scan_storage')
    op.drop_table('retention_rules')
    op.drop_index(op.f('ix_stored_objects_created_at'), table_name='stored_objects')
    op.drop_index(op.f('ix_stored_objects_scan_id'), table_name='stored_objects')
    op.drop_table('stored_objects')
