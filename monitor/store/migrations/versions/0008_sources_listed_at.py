"""a source's last complete listing, the last sighting of every posting it listed

A 304 (and a complete listing's unchanged postings) used to move `last_seen` in every listed
posting's row: on 1,000 boards x 50 postings an all-304 cycle updated 50,000 rows, 1.8 s of a
5.7 s cycle on PostgreSQL, and bloated the table each cycle. Now it writes the source's row;
readers take the later of the two (models.SEEN_AT).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05 15:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import monitor.store.models

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sources") as batch:
        batch.add_column(
            sa.Column("listed_at", monitor.store.models.UTCDateTime(timezone=True), nullable=True)
        )


def downgrade() -> None:
    # the sightings kept on the sources go back into the postings' rows first
    op.execute(
        "UPDATE postings SET last_seen = (SELECT listed_at FROM sources"
        " WHERE sources.id = postings.source_id)"
        " WHERE status = 'open' AND missing = 0 AND last_seen < (SELECT listed_at FROM sources"
        " WHERE sources.id = postings.source_id)"
    )
    with op.batch_alter_table("sources") as batch:
        batch.drop_column("listed_at")
