"""Exams that certify: attempts are numbered per candidate and exam (the certificate
names the attempt that passed), and an exam may set its own wait before a retake
(otherwise the runtime setting EXAM_RETAKE_WAIT_HOURS).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-01 13:30:00
"""
from alembic import op
import sqlalchemy as sa

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('attempts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('number', sa.Integer(), nullable=True))
    # Existing attempts numbered in the order they were started.
    op.execute("UPDATE attempts SET number = (SELECT count(*) FROM attempts AS earlier "
               "WHERE earlier.user_id = attempts.user_id AND earlier.template_id = attempts.template_id "
               "AND earlier.id <= attempts.id)")
    with op.batch_alter_table('attempts', schema=None) as batch_op:
        batch_op.alter_column('number', existing_type=sa.Integer(), nullable=False)
        batch_op.create_index('ix_attempts_user_template_number', ['user_id', 'template_id', 'number'], unique=True)
    with op.batch_alter_table('exam_templates', schema=None) as batch_op:
        batch_op.add_column(sa.Column('retake_wait_hours', sa.Integer(), nullable=True))
        batch_op.create_check_constraint(batch_op.f('ck_exam_templates_retake_wait_hours'), 'retake_wait_hours IS NULL OR retake_wait_hours >= 0')


def downgrade() -> None:
    with op.batch_alter_table('exam_templates', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_exam_templates_retake_wait_hours'), type_='check')
        batch_op.drop_column('retake_wait_hours')
    with op.batch_alter_table('attempts', schema=None) as batch_op:
        batch_op.drop_index('ix_attempts_user_template_number')
        batch_op.drop_column('number')
