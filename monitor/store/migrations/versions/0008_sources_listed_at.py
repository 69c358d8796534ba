"""a source's last complete listing: when (the last sighting of every posting it listed), and
how many open postings it left and listed

A 304 (and a complete listing's unchanged postings) used to move `last_seen` in every listed
posting's row: on 1,000 boards x 50 postings an all-304 cycle updated 50,000 rows, 1.8 s of a
5.7 s cycle on PostgreSQL, and bloated the table each cycle. Now it writes the source's row;
readers take the later of the two (models.SEEN_AT). And a 304 counted the source's open
postings (40-90 ms per 200 sources on PostgreSQL); the counts are now kept with the source.

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
        batch.add_column(sa.Column("open_postings", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("listed_postings", sa.Integer(), nullable=True))


def downgrade() -> None:
    # the sightings kept on the sources go back into the postings' rows first
    op.execute(
        "UPDATE postings SET last_seen = (SELECT listed_at FROM sources"
        " WHERE sources.id = postings.source_id)"
        " WHERE status = 'open' AND missing = 0 AND last_seen < (SELECT listed_at FROM sources"
        " WHERE sources.id = postings.source_id)"
    )
    with op.batch_alter_table("sources") as batch:
        batch.drop_column("listed_postings")
        batch.drop_column("open_postings")
        batch.drop_column("listed_at")
