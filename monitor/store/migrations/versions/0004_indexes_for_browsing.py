"""indexes for the web app's listings: postings by status and first sighting, changes by
(detected_at, id) for keyset paging

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-05 09:00:00
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # (detected_at, id) serves all that (detected_at) did, and pages by row value: replace it
    op.drop_index("ix_changes_detected", table_name="changes")
    op.create_index("ix_changes_detected_id", "changes", ["detected_at", "id"])
    op.create_index("ix_postings_status_seen", "postings", ["status", "first_seen", "id"])


def downgrade() -> None:
    op.drop_index("ix_postings_status_seen", table_name="postings")
    op.drop_index("ix_changes_detected_id", table_name="changes")
    op.create_index("ix_changes_detected", "changes", ["detected_at"])
