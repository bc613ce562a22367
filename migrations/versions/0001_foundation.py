"""Foundation: the three tiers, scanners, people and roles, bearer tokens, scans.

Revision ID: 0001
Revises: 
Create Date: 2026-11-27 14:39:29.076826
"""
from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('headquarters',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_headquarters')),
    sa.UniqueConstraint('code', name=op.f('uq_headquarters_code'))
    )
    op.create_table('centres',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('headquarters_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['headquarters_id'], ['headquarters.id'], name=op.f('fk_centres_headquarters_id_headquarters')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_centres')),
    sa.UniqueConstraint('code', name=op.f('uq_centres_code'))
    )
    with op.batch_alter_table('centres', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_centres_headquarters_id'), ['headquarters_id'], unique=False)

    op.create_table('sites',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('centre_id', sa.Integer(), nullable=False),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['centre_id'], ['centres.id'], name=op.f('fk_sites_centre_id_centres')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sites')),
    sa.UniqueConstraint('code', name=op.f('uq_sites_code'))
    )
    with op.batch_alter_table('sites', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sites_centre_id'), ['centre_id'], unique=False)

    op.create_table('scanners',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('vendor', sa.String(length=32), nullable=True),
    sa.Column('manufacturer', sa.String(length=100), nullable=True),
    sa.Column('model', sa.String(length=100), nullable=True),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('energy_high_kev', sa.Integer(), nullable=True),
    sa.Column('energy_low_kev', sa.Integer(), nullable=True),
    sa.Column('pixel_spacing_x_mm', sa.Double(), nullable=False),
    sa.Column('pixel_spacing_y_mm', sa.Double(), nullable=False),
    sa.Column('calibration', sa.JSON(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('fixed', 'relocatable', 'mobile', 'drive_through', 'rail', 'passenger_car')", name=op.f('ck_scanners_kind')),
    sa.CheckConstraint("source IN ('linac', 'betatron', 'isotope', 'xray_tube')", name=op.f('ck_scanners_source')),
    sa.CheckConstraint('pixel_spacing_x_mm > 0 AND pixel_spacing_y_mm > 0', name=op.f('ck_scanners_pixel_spacing')),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_scanners_site_id_sites')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_scanners')),
    sa.UniqueConstraint('site_id', 'name', name='uq_scanners_site_id_name')
    )
    with op.batch_alter_table('scanners', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_scanners_site_id'), ['site_id'], unique=False)

    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('display_name', sa.String(length=200), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=True),
    sa.Column('centre_id', sa.Integer(), nullable=True),
    sa.Column('headquarters_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_login_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint('(CASE WHEN site_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN centre_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN headquarters_id IS NULL THEN 0 ELSE 1 END) <= 1', name=op.f('ck_users_one_affiliation')),
    sa.ForeignKeyConstraint(['centre_id'], ['centres.id'], name=op.f('fk_users_centre_id_centres')),
    sa.ForeignKeyConstraint(['headquarters_id'], ['headquarters.id'], name=op.f('fk_users_headquarters_id_headquarters')),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_users_site_id_sites')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('username', name=op.f('uq_users_username'))
    )
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_users_centre_id'), ['centre_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_users_site_id'), ['site_id'], unique=False)

    op.create_table('api_tokens',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('prefix', sa.String(length=16), nullable=False),
    sa.Column('scanner_id', sa.Integer(), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint('(scanner_id IS NULL) <> (user_id IS NULL)', name=op.f('ck_api_tokens_one_owner')),
    sa.ForeignKeyConstraint(['scanner_id'], ['scanners.id'], name=op.f('fk_api_tokens_scanner_id_scanners'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_api_tokens_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_tokens')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_api_tokens_token_hash'))
    )
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_tokens_scanner_id'), ['scanner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_api_tokens_user_id'), ['user_id'], unique=False)

    op.create_table('scans',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('scanner_id', sa.Integer(), nullable=False),
    sa.Column('scan_uid', sa.String(length=128), nullable=False),
    sa.Column('scanned_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('failure_reason', sa.Text(), nullable=True),
    sa.Column('format', sa.String(length=32), nullable=True),
    sa.Column('conveyance_kind', sa.String(length=16), nullable=False),
    sa.Column('container_ids', sa.JSON(), nullable=False),
    sa.Column('plate', sa.String(length=32), nullable=True),
    sa.Column('weight_kg', sa.Double(), nullable=True),
    sa.Column('radiation_alarm', sa.Boolean(), nullable=False),
    sa.Column('radiation_cps', sa.Double(), nullable=True),
    sa.Column('width', sa.Integer(), nullable=True),
    sa.Column('height', sa.Integer(), nullable=True),
    sa.Column('content_sha256', sa.String(length=64), nullable=False),
    sa.Column('meta', sa.JSON(), nullable=False),
    sa.CheckConstraint("conveyance_kind IN ('container', 'truck', 'rail', 'car')", name=op.f('ck_scans_conveyance_kind')),
    sa.CheckConstraint("status IN ('received', 'processing', 'ready', 'failed')", name=op.f('ck_scans_status')),
    sa.ForeignKeyConstraint(['scanner_id'], ['scanners.id'], name=op.f('fk_scans_scanner_id_scanners')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_scans')),
    sa.UniqueConstraint('scanner_id', 'scan_uid', name='uq_scans_scanner_id_scan_uid')
    )
    with op.batch_alter_table('scans', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_scans_scanned_at'), ['scanned_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_scans_scanner_id'), ['scanner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_scans_status'), ['status'], unique=False)

    op.create_table('user_roles',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.CheckConstraint("role IN ('analyst', 'expert', 'site_officer', 'trainee', 'supervisor', 'admin', 'integration')", name=op.f('ck_user_roles_role')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_user_roles_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'role', name=op.f('pk_user_roles'))
    )
    op.create_table('scan_channels',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('scan_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=8), nullable=False),
    sa.Column('width', sa.Integer(), nullable=False),
    sa.Column('height', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('storage_key', sa.String(length=255), nullable=False),
    sa.Column('size_bytes', sa.BigInteger(), nullable=False),
    sa.CheckConstraint("role IN ('high', 'low', 'single')", name=op.f('ck_scan_channels_role')),
    sa.CheckConstraint('width > 0 AND height > 0', name=op.f('ck_scan_channels_size')),
    sa.ForeignKeyConstraint(['scan_id'], ['scans.id'], name=op.f('fk_scan_channels_scan_id_scans'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_scan_channels')),
    sa.UniqueConstraint('scan_id', 'role', name='uq_scan_channels_scan_id_role')
    )
    with op.batch_alter_table('scan_channels', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_scan_channels_scan_id'), ['scan_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('scan_channels', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_scan_channels_scan_id'))

    op.drop_table('scan_channels')
    op.drop_table('user_roles')
    with op.batch_alter_table('scans', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_scans_status'))
        batch_op.drop_index(batch_op.f('ix_scans_scanner_id'))
        batch_op.drop_index(batch_op.f('ix_scans_scanned_at'))

    op.drop_table('scans')
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_api_tokens_user_id'))
        batch_op.drop_index(batch_op.f('ix_api_tokens_scanner_id'))

    op.drop_table('api_tokens')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_users_site_id'))
        batch_op.drop_index(batch_op.f('ix_users_centre_id'))

    op.drop_table('users')
    with op.batch_alter_table('scanners', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_scanners_site_id'))

    op.drop_table('scanners')
    with op.batch_alter_table('sites', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sites_centre_id'))

    op.drop_table('sites')
    with op.batch_alter_table('centres', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_centres_headquarters_id'))

    op.drop_table('centres')
    op.drop_table('headquarters')
