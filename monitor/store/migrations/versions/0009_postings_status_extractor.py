"""an index of open postings by the readers' version that read them

Every cycle asks which of its sources have open postings read by other readers (an upgrade's
first cycle fetches those boards in full): without an index that held the version, the
database read every open posting's row to answer, 39 ms on PostgreSQL and 50 ms on SQLite
over 50,000 postings, every cycle, growing with the postings kept; with it, under 2 ms and
5 ms.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05 23:55:00
"""

from __future__ import annotations

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_postings_status_extractor", "postings", ["status", "extractor"])


def downgrade() -> None:
    op.drop_index("ix_postings_status_extractor", table_name="postings")
