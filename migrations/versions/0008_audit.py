"""Least privilege and audit: the hash-chained audit trail with its head and signed
checkpoints, the auditor role, a centre's time zone.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 07:00:00
"""
from alembic import op
import sqlalchemy as sa

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

ROLES_BEFORE = ('analyst', 'expert', 'site_officer', 'trainee', 'instructor', 'supervisor', 'admin', 'integration')
ROLES_AFTER = ('analyst', 'expert', 'site_officer', 'trainee', 'instructor', 'supervisor', 'admin', 'auditor',
               'integration')


def _roles(roles: tuple[str, ...]) -> str:
    return ", ".join(f"'{r}'" for r in roles)


def upgrade() -> None:
    op.create_table('audit_events',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor_kind', sa.String(length=8), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor_name', sa.String(length=200), nullable=False),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('target_kind', sa.String(length=32), nullable=True),
    sa.Column('target_id', sa.String(length=64), nullable=True),
    sa.Column('scan_id', sa.Integer(), nullable=True),
    sa.Column('address', sa.String(length=64), nullable=True),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.CheckConstraint("actor_kind IN ('person', 'token', 'system')", name=op.f('ck_audit_events_actor_kind')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_events'))
    )
    op.create_index('ix_audit_events_actor', 'audit_events', ['actor_kind', 'actor_id', 'at'], unique=False)
    op.create_index(op.f('ix_audit_events_action'), 'audit_events', ['action'], unique=False)
    op.create_index(op.f('ix_audit_events_at'), 'audit_events', ['at'], unique=False)
    op.create_index(op.f('ix_audit_events_scan_id'), 'audit_events', ['scan_id'], unique=False)
    op.create_table('audit_head',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('last_id', sa.Integer(), nullable=False),
    sa.Column('last_hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_head'))
    )
    op.execute("INSERT INTO audit_head (id, last_id, last_hash) VALUES (1, 0, '" + "0" * 64 + "')")
    op.create_table('audit_checkpoints',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_id', sa.Integer(), nullable=False),
    sa.Column('last_hash', sa.String(length=64), nullable=False),
    sa.Column('signature', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_checkpoints'))
    )
    with op.batch_alter_table('user_roles', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_user_roles_role'), type_='check')
        batch_op.create_check_constraint('role', f"role IN ({_roles(ROLES_AFTER)})")
    with op.batch_alter_table('centres', schema=None) as batch_op:
        batch_op.add_column(sa.Column('timezone', sa.String(length=64), server_default='UTC', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('centres', schema=None) as batch_op:
        batch_op.drop_column('timezone')
    op.execute("DELETE FROM user_roles WHERE role = 'auditor'")
    with op.batch_alter_table('user_roles', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_user_roles_role'), type_='check')
        batch_op.create_check_constraint('role', f"role IN ({_roles(ROLES_BEFORE)})")
    op.drop_table('audit_checkpoints')
    op.drop_table('audit_head')
    op.drop_index(op.f('ix_audit_events_scan_id'), table_name='audit_events')
    op.drop_index(op.f('ix_audit_events_at'), table_name='audit_events')
    op.drop_index(op.f('ix_audit_events_action'), table_name='audit_events')
    op.drop_index('ix_audit_events_actor', table_name='audit_events')
    op.drop_table('audit_events')
