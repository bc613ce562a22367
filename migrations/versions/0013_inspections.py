"""Inspections that match the job: counted findings by threat category, HS code, seals
before and after, officers present, photos kept in the image store with the scan, and a
key chosen by the tablet so a record sent twice (offline queue, lost answer) is stored once.

Revision ID: 0013
Revises: 0011
Create Date: 2026-12-01 13:30:00
"""
from alembic import op
import sqlalchemy as sa

revision = '0013'
down_revision = '0011'
branch_labels = None
depends_on = None

CATEGORIES = ('weapons', 'narcotics', 'cigarettes', 'currency', 'undeclared_goods', 'concealment', 'hazardous')
UNITS = ('pieces', 'packages', 'cartons', 'kg', 'g', 'litres', 'sticks')
PHOTO_TYPES = ('image/jpeg', 'image/png', 'image/webp')
OLD_KINDS = ('original', 'decoded', 'pyramid', 'manifest')
NEW_KINDS = OLD_KINDS + ('photo',)


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def upgrade() -> None:
    with op.batch_alter_table('inspections') as batch:
        batch.add_column(sa.Column('hs_code', sa.String(length=10), nullable=True))
        batch.add_column(sa.Column('seals_before', sa.JSON(), nullable=False, server_default='[]'))
        batch.add_column(sa.Column('seals_after', sa.JSON(), nullable=False, server_default='[]'))
        batch.add_column(sa.Column('officers_present', sa.JSON(), nullable=False, server_default='[]'))
        batch.add_column(sa.Column('client_key', sa.String(length=64), nullable=True))
        batch.add_column(sa.Column('inspected_at', sa.DateTime(timezone=True), nullable=True))
        batch.create_unique_constraint(batch.f('uq_inspections_client_key'), ['client_key'])
        # Photo references were free text nobody could open; photos are rows now.
        batch.drop_column('photos')
    op.create_table('inspection_findings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('inspection_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('category', sa.String(length=20), nullable=False),
    sa.Column('description', sa.String(length=500), nullable=False),
    sa.Column('quantity', sa.Float(), nullable=True),
    sa.Column('unit', sa.String(length=12), nullable=True),
    sa.CheckConstraint(_in('category', CATEGORIES), name=op.f('ck_inspection_findings_category')),
    sa.CheckConstraint('unit IS NULL OR ' + _in('unit', UNITS), name=op.f('ck_inspection_findings_unit')),
    sa.CheckConstraint('quantity IS NULL OR quantity >= 0', name=op.f('ck_inspection_findings_quantity')),
    sa.ForeignKeyConstraint(['inspection_id'], ['inspections.id'],
                            name=op.f('fk_inspection_findings_inspection_id_inspections'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inspection_findings'))
    )
    op.create_index(op.f('ix_inspection_findings_inspection_id'), 'inspection_findings', ['inspection_id'])
    op.create_table('inspection_photos',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('inspection_id', sa.Integer(), nullable=False),
    sa.Column('scan_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=512), nullable=False),
    sa.Column('content_type', sa.String(length=16), nullable=False),
    sa.Column('size_bytes', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('width', sa.Integer(), nullable=False),
    sa.Column('height', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint(_in('content_type', PHOTO_TYPES), name=op.f('ck_inspection_photos_content_type')),
    sa.ForeignKeyConstraint(['inspection_id'], ['inspections.id'],
                            name=op.f('fk_inspection_photos_inspection_id_inspections'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['scan_id'], ['scans.id'], name=op.f('fk_inspection_photos_scan_id_scans'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inspection_photos')),
    sa.UniqueConstraint('key', name=op.f('uq_inspection_photos_key'))
    )
    op.create_index(op.f('ix_inspection_photos_inspection_id'), 'inspection_photos', ['inspection_id'])
    op.create_index(op.f('ix_inspection_photos_scan_id'), 'inspection_photos', ['scan_id'])
    with op.batch_alter_table('stored_objects') as batch:
        batch.drop_constraint(batch.f('ck_stored_objects_kind'), type_='check')
        batch.create_check_constraint(batch.f('ck_stored_objects_kind'), _in('kind', NEW_KINDS))


def downgrade() -> None:
    op.execute("DELETE FROM stored_objects WHERE kind = 'photo'")
    with op.batch_alter_table('stored_objects') as batch:
        batch.drop_constraint(batch.f('ck_stored_objects_kind'), type_='check')
        batch.create_check_constraint(batch.f('ck_stored_objects_kind'), _in('kind', OLD_KINDS))
    op.drop_index(op.f('ix_inspection_photos_scan_id'), table_name='inspection_photos')
    op.drop_index(op.f('ix_inspection_photos_inspection_id'), table_name='inspection_photos')
    op.drop_table('inspection_photos')
    op.drop_index(op.f('ix_inspection_findings_inspection_id'), table_name='inspection_findings')
    op.drop_table('inspection_findings')
    with op.batch_alter_table('inspections') as batch:
        batch.add_column(sa.Column('photos', sa.JSON(), nullable=False, server_default='[]'))
        batch.drop_constraint(batch.f('uq_inspections_client_key'), type_='unique')
        batch.drop_column('inspected_at')
        batch.drop_column('client_key')
        batch.drop_column('officers_present')
        batch.drop_column('seals_after')
        batch.drop_column('seals_before')
        batch.drop_column('hs_code')
