"""a posting's link to the removed posting it repeats, and its stored pay-transparency status

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05 13:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sources") as batch:
        batch.add_column(sa.Column("transparency_stamp", sa.String(length=64), nullable=True))
    # existing postings get no assessment yet: each cycle's sweep (store/assessing.py) does
    with op.batch_alter_table("postings") as batch:
        batch.add_column(sa.Column("reposted_from", sa.String(length=600), nullable=True))
        batch.add_column(sa.Column("transparency", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("transparency_status", sa.String(length=16), nullable=True))
        batch.add_column(sa.Column("transparency_stamp", sa.String(length=64), nullable=True))
        batch.create_index("ix_postings_reposted_from", ["reposted_from"])
        batch.create_index("ix_postings_status_transparency", ["status", "transparency_status"])


def downgrade() -> None:
    with op.batch_alter_table("postings") as batch:
        batch.drop_index("ix_postings_status_transparency")
        batch.drop_index("ix_postings_reposted_from")
        batch.drop_column("transparency_stamp")
        batch.drop_column("transparency_status")
        batch.drop_column("transparency")
        batch.drop_column("reposted_from")
    with op.batch_alter_table("sources") as batch:
        batch.drop_column("transparency_stamp")
