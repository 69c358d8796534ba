"""the readers' version with each snapshot and posting; snapshots made by re-reading alone

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05 12:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # existing rows get no version: the next cycle reads their postings again, quietly
    with op.batch_alter_table("snapshots") as batch:
        batch.add_column(sa.Column("extractor", sa.String(length=32), nullable=True))
        batch.add_column(
            sa.Column("reread", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("postings") as batch:
        batch.add_column(sa.Column("extractor", sa.String(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("postings") as batch:
        batch.drop_column("extractor")
    with op.batch_alter_table("snapshots") as batch:
        batch.drop_column("reread")
        batch.drop_column("extractor")
