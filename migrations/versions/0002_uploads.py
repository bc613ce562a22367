"""Resumable (tus) uploads of scan files.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 14:48:35.018950
"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('uploads',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('scanner_id', sa.Integer(), nullable=False),
    sa.Column('length', sa.BigInteger(), nullable=False),
    sa.Column('meta', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('completed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('sha256', sa.String(length=64), nullable=True),
    sa.Column('scan_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['scan_id'], ['scans.id'], name=op.f('fk_uploads_scan_id_scans'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['scanner_id'], ['scanners.id'], name=op.f('fk_uploads_scanner_id_scanners'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_uploads'))
    )
    with op.batch_alter_table('uploads', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_uploads_expires_at'), ['expires_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_uploads_scan_id'), ['scan_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_uploads_scanner_id'), ['scanner_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('uploads', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_uploads_scanner_id'))
        batch_op.drop_index(batch_op.f('ix_uploads_scan_id'))
        batch_op.drop_index(batch_op.f('ix_uploads_expires_at'))

    op.drop_table('uploads')
