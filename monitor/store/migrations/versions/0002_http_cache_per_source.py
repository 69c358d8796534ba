"""http_cache keyed by (source, url): two sources may read one listing URL

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 20:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import monitor.store.models

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _create(primary_key: tuple[str, ...]) -> None:
    op.create_table(
        "http_cache",
        sa.Column(
            "source_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("url", sa.String(length=2000), nullable=False),
        sa.Column("etag", sa.Text(), nullable=True),
        sa.Column("last_modified", sa.Text(), nullable=True),
        sa.Column("config_hash", sa.String(length=40), nullable=True),
        sa.Column("updated_at", monitor.store.models.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["source_id"], ["sources.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint(*primary_key),
    )


def upgrade() -> None:
    # The table only caches validators for conditional requests: dropping it costs each source
    # one full read of its listing, and is simpler and safer than rebuilding it in place.
    op.drop_table("http_cache")
    _create(("source_id", "url"))


def downgrade() -> None:
    op.drop_table("http_cache")
    _create(("url",))
