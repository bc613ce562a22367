"""Training and certification: libraries, question bank, exams, attempts, certificates;
training scans kept out of live work; the instructor role.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27 17:18:46.146324
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

ROLES_BEFORE = ('analyst', 'expert', 'site_officer', 'trainee', 'supervisor', 'admin', 'integration')
ROLES_AFTER = ('analyst', 'expert', 'site_officer', 'trainee', 'instructor', 'supervisor', 'admin', 'integration')


def _roles(roles: tuple[str, ...]) -> str:
    return ", ".join(f"'{r}'" for r in roles)


def upgrade() -> None:
    op.create_table('exam_templates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('question_count', sa.Integer(), nullable=False),
    sa.Column('tags', sa.JSON(), nullable=False),
    sa.Column('difficulty_min', sa.Integer(), nullable=False),
    sa.Column('difficulty_max', sa.Integer(), nullable=False),
    sa.Column('scanner_kinds', sa.JSON(), nullable=False),
    sa.Column('time_limit_s', sa.Integer(), nullable=False),
    sa.Column('pass_percent', sa.Double(), nullable=False),
    sa.Column('grade_bands', sa.JSON(), nullable=False),
    sa.Column('validity_days', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), server_default=sa.true(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('pass_percent BETWEEN 0 AND 100', name=op.f('ck_exam_templates_pass_percent')),
    sa.CheckConstraint('question_count > 0', name=op.f('ck_exam_templates_question_count')),
    sa.CheckConstraint('time_limit_s > 0', name=op.f('ck_exam_templates_time_limit')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_exam_templates_created_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exam_templates')),
    sa.UniqueConstraint('name', name=op.f('uq_exam_templates_name'))
    )
    op.create_table('attempts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('template_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('deadline', sa.DateTime(timezone=True), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('submitted_by', sa.String(length=10), nullable=True),
    sa.Column('correct', sa.Integer(), nullable=True),
    sa.Column('score_percent', sa.Double(), nullable=True),
    sa.Column('passed', sa.Boolean(), nullable=True),
    sa.Column('grade', sa.String(length=20), nullable=True),
    sa.CheckConstraint("state IN ('open', 'submitted')", name=op.f('ck_attempts_state')),
    sa.CheckConstraint("submitted_by IS NULL OR submitted_by IN ('candidate', 'timeout')", name=op.f('ck_attempts_submitted_by')),
    sa.ForeignKeyConstraint(['template_id'], ['exam_templates.id'], name=op.f('fk_attempts_template_id_exam_templates')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_attempts_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attempts'))
    )
    with op.batch_alter_table('attempts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attempts_deadline'), ['deadline'], unique=False)
        batch_op.create_index('ix_attempts_one_open', ['user_id', 'template_id'], unique=True, sqlite_where=sa.text("state = 'open'"), postgresql_where=sa.text("state = 'open'"))
        batch_op.create_index(batch_op.f('ix_attempts_state'), ['state'], unique=False)
        batch_op.create_index(batch_op.f('ix_attempts_template_id'), ['template_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attempts_user_id'), ['user_id'], unique=False)

    op.create_table('library_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('scan_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('hs_code', sa.String(length=10), nullable=False),
    sa.Column('goods_description', sa.Text(), nullable=False),
    sa.Column('packing', sa.String(length=200), nullable=False),
    sa.Column('material_class', sa.String(length=10), nullable=True),
    sa.Column('labels', sa.JSON(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('case', sa.JSON(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('standard', 'typical')", name=op.f('ck_library_items_kind')),
    sa.CheckConstraint("material_class IS NULL OR material_class IN ('organic', 'inorganic', 'mixed', 'metal')", name=op.f('ck_library_items_material_class')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_library_items_created_by_id_users')),
    sa.ForeignKeyConstraint(['scan_id'], ['scans.id'], name=op.f('fk_library_items_scan_id_scans')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_library_items')),
    sa.UniqueConstraint('kind', 'scan_id', name='uq_library_items_kind_scan_id')
    )
    with op.batch_alter_table('library_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_library_items_hs_code'), ['hs_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_library_items_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_library_items_scan_id'), ['scan_id'], unique=False)

    op.create_table('certificates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('template_id', sa.Integer(), nullable=True),
    sa.Column('attempt_id', sa.Integer(), nullable=True),
    sa.Column('grade', sa.String(length=20), nullable=False),
    sa.Column('score_percent', sa.Double(), nullable=True),
    sa.Column('scanner_kinds', sa.JSON(), nullable=False),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('issued_by_id', sa.Integer(), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_reason', sa.String(length=500), nullable=False),
    sa.CheckConstraint("grade IN ('junior', 'intermediate', 'senior')", name=op.f('ck_certificates_grade')),
    sa.ForeignKeyConstraint(['attempt_id'], ['attempts.id'], name=op.f('fk_certificates_attempt_id_attempts')),
    sa.ForeignKeyConstraint(['issued_by_id'], ['users.id'], name=op.f('fk_certificates_issued_by_id_users')),
    sa.ForeignKeyConstraint(['template_id'], ['exam_templates.id'], name=op.f('fk_certificates_template_id_exam_templates')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_certificates_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certificates')),
    sa.UniqueConstraint('attempt_id', name=op.f('uq_certificates_attempt_id')),
    sa.UniqueConstraint('code', name=op.f('uq_certificates_code'))
    )
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_certificates_expires_at'), ['expires_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_certificates_user_id'), ['user_id'], unique=False)

    op.create_table('questions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('scan_id', sa.Integer(), nullable=False),
    sa.Column('library_item_id', sa.Integer(), nullable=True),
    sa.Column('decision', sa.String(length=8), nullable=False),
    sa.Column('regions', sa.JSON(), nullable=False),
    sa.Column('explanation', sa.Text(), nullable=False),
    sa.Column('difficulty', sa.Integer(), nullable=False),
    sa.Column('tags', sa.JSON(), nullable=False),
    sa.Column('active', sa.Boolean(), server_default=sa.true(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("decision IN ('clear', 'suspect')", name=op.f('ck_questions_decision')),
    sa.CheckConstraint('difficulty BETWEEN 1 AND 5', name=op.f('ck_questions_difficulty')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_questions_created_by_id_users')),
    sa.ForeignKeyConstraint(['library_item_id'], ['library_items.id'], name=op.f('fk_questions_library_item_id_library_items')),
    sa.ForeignKeyConstraint(['scan_id'], ['scans.id'], name=op.f('fk_questions_scan_id_scans')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_questions'))
    )
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_questions_library_item_id'), ['library_item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_questions_scan_id'), ['scan_id'], unique=False)

    op.create_table('attempt_answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('attempt_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('decision', sa.String(length=8), nullable=True),
    sa.Column('regions', sa.JSON(), nullable=False),
    sa.Column('opened_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('correct', sa.Boolean(), nullable=True),
    sa.Column('region_hit', sa.Boolean(), nullable=True),
    sa.CheckConstraint("decision IS NULL OR decision IN ('clear', 'suspect')", name=op.f('ck_attempt_answers_decision')),
    sa.ForeignKeyConstraint(['attempt_id'], ['attempts.id'], name=op.f('fk_attempt_answers_attempt_id_attempts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['question_id'], ['questions.id'], name=op.f('fk_attempt_answers_question_id_questions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attempt_answers')),
    sa.UniqueConstraint('attempt_id', 'position', name='uq_attempt_answers_attempt_id_position'),
    sa.UniqueConstraint('attempt_id', 'question_id', name='uq_attempt_answers_attempt_id_question_id')
    )
    with op.batch_alter_table('attempt_answers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attempt_answers_attempt_id'), ['attempt_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attempt_answers_question_id'), ['question_id'], unique=False)

    with op.batch_alter_table('scans', schema=None) as batch_op:
        batch_op.add_column(sa.Column('purpose', sa.String(length=8), server_default='live', nullable=False))
        batch_op.create_index(batch_op.f('ix_scans_purpose'), ['purpose'], unique=False)
        batch_op.create_check_constraint('purpose', "purpose IN ('live', 'training')")

    with op.batch_alter_table('user_roles', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_user_roles_role'), type_='check')
        batch_op.create_check_constraint('role', f"role IN ({_roles(ROLES_AFTER)})")



def downgrade() -> None:
    op.execute("DELETE FROM user_roles WHERE role = 'instructor'")
    with op.batch_alter_table('user_roles', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_user_roles_role'), type_='check')
        batch_op.create_check_constraint('role', f"role IN ({_roles(ROLES_BEFORE)})")

    op.execute("DELETE FROM scans WHERE purpose = 'training'")
    with op.batch_alter_table('scans', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_scans_purpose'), type_='check')
        batch_op.drop_index(batch_op.f('ix_scans_purpose'))
        batch_op.drop_column('purpose')

    with op.batch_alter_table('attempt_answers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attempt_answers_question_id'))
        batch_op.drop_index(batch_op.f('ix_attempt_answers_attempt_id'))

    op.drop_table('attempt_answers')
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_questions_scan_id'))
        batch_op.drop_index(batch_op.f('ix_questions_library_item_id'))

    op.drop_table('questions')
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_certificates_user_id'))
        batch_op.drop_index(batch_op.f('ix_certificates_expires_at'))

    op.drop_table('certificates')
    with op.batch_alter_table('library_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_library_items_scan_id'))
        batch_op.drop_index(batch_op.f('ix_library_items_kind'))
        batch_op.drop_index(batch_op.f('ix_library_items_hs_code'))

    op.drop_table('library_items')
    with op.batch_alter_table('attempts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attempts_user_id'))
        batch_op.drop_index(batch_op.f('ix_attempts_template_id'))
        batch_op.drop_index(batch_op.f('ix_attempts_state'))
        batch_op.drop_index('ix_attempts_one_open', sqlite_where=sa.text("state = 'open'"), postgresql_where=sa.text("state = 'open'"))
        batch_op.drop_index(batch_op.f('ix_attempts_deadline'))

    op.drop_table('attempts')
    op.drop_table('exam_templates')
