"""A minimum group size per round (individual answers hidden below it) and failed-login records
for rate limiting across processes.

Revision ID: 0002
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("rounds") as batch:
        batch.add_column(sa.Column("min_group_size", sa.Integer, nullable=False, server_default="3"))
    op.create_table(
        "login_attempts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key", sa.String(400), nullable=False, index=True),
        sa.Column("at", sa.DateTime, nullable=False, index=True))


def downgrade() -> None:
    op.drop_table("login_attempts")
    with op.batch_alter_table("rounds") as batch:
        batch.drop_column("min_group_size")
