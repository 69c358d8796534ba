"""Reposts and pay transparency through the store, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import select, update

from monitor.config import parse_config
from monitor.items import ListingEnd, Posting
from monitor.routing import target_id
from monitor.store import assessing
from monitor.store.db import ensure_schema, make_engine
from monitor.store.models import AlertRow, ChangeRow, PostingRow, SourceRow
from monitor.store.queries import history, postings
from monitor.store.writer import Store
from monitor.timeutil import utcnow

PAY = [{"min": 100000, "max": 150000, "currency": "USD", "period": "year"}]
HIGHER = [{"min": 110000, "max": 160000, "currency": "USD", "period": "year"}]


def make(db_url: str, employees: int | None = None) -> tuple[Store, Any]:
    source: dict[str, Any] = {"name": "a", "kind": "greenhouse", "board": "a", "removal_grace": 1}
    if employees is not None:
        source["employees"] = employees
    config = parse_config(
        {
            "notify": [
                {"url": "json://127.0.0.1:9/default"},
                {"url": "json://127.0.0.1:9/gaps", "name": "gaps", "on": ["pay_missing"]},
            ],
            "sources": [source],
        }
    )
    engine = make_engine(db_url)
    ensure_schema(engine)
    return Store(engine, config), config


def job(ext: str, title: str, location: str = "New York, NY", **kw: Any) -> Posting:
    kw.setdefault("description", "We build things.")
    return Posting(source="a", external_id=ext, title=title, url=f"https://x.test/{ext}",
                   company="Acme Inc.", locations=[location], **kw)  # fmt: skip


def listing(store: Store, config: Any, jobs: list[Posting]) -> Any:
    source = config.sources[0]
    return store.store_listing(source, jobs, ListingEnd("a", "complete"), utcnow())


def changes(store: Store) -> list[Any]:
    with store.engine.connect() as conn:
        return list(conn.execute(select(ChangeRow).order_by(ChangeRow.id)))


def test_a_role_closed_and_posted_again_under_a_new_id_is_a_repost(db_url: str) -> None:
    store, config = make(db_url)
    listing(store, config, [job("1", "Senior Backend Engineer", pay=PAY), job("2", "Designer")])
    listing(store, config, [job("2", "Designer")])  # 1 closes
    result = listing(
        store, config, [job("2", "Designer"), job("3", "Sr. Backend Engineer (R12345)", "NYC",
                                                  pay=HIGHER)]
    )  # fmt: skip
    assert result.changes == {"reposted": 1, "pay_changed": 1}
    found = changes(store)
    repost = next(c for c in found if c.kind == "reposted")
    assert repost.key == "a:3" and repost.before["key"] == "a:1" and repost.after["key"] == "a:3"
    pay = next(c for c in found if c.kind == "pay_changed")
    assert (pay.key, pay.before[0]["min"], pay.after[0]["min"]) == ("a:3", 100000, 110000)
    assert not any(c.kind == "new" for c in found)
    listed = {p["key"]: p for p in postings(store.engine, all_=True)}
    assert listed["a:3"]["reposted_from"] == "a:1" and listed["a:1"]["reposted_from"] is None
    for key, other in (("a:1", "a:3"), ("a:3", "a:1")):  # either key's history shows both
        found_history = history(store.engine, key)
        assert found_history is not None
        assert [h["posting"]["key"] for h in found_history["reposts"]] == [other]
    with store.engine.connect() as conn:
        default = target_id(config.notify[0])
        told = {r.kind for r in conn.execute(select(AlertRow).where(AlertRow.target == default))}
    assert "reposted" in told and "new" not in told  # in the default `on:` set, like new


@pytest.mark.parametrize(
    ("title", "location"),
    [
        ("Senior Backend Engineer", "London, UK"),  # the same title elsewhere
        ("Staff Backend Engineer", "New York, NY"),  # another role in the same place
    ],
)
def test_another_role_is_new_not_a_repost(db_url: str, title: str, location: str) -> None:
    store, config = make(db_url)
    listing(store, config, [job("1", "Senior Backend Engineer"), job("2", "Designer")])
    listing(store, config, [job("2", "Designer")])
    result = listing(store, config, [job("2", "Designer"), job("3", title, location)])
    assert result.changes == {"new": 1}
    assert {p["key"]: p for p in postings(store.engine)}["a:3"]["reposted_from"] is None


def test_a_role_removed_more_than_30_days_ago_is_not_reposted(db_url: str) -> None:
    store, config = make(db_url)
    listing(store, config, [job("1", "Backend Engineer"), job("2", "Designer")])
    listing(store, config, [job("2", "Designer")])
    with store.engine.begin() as conn:
        conn.execute(
            update(ChangeRow)
            .where(ChangeRow.kind == "removed")
            .values(detected_at=utcnow() - timedelta(days=31))
        )
    result = listing(store, config, [job("2", "Designer"), job("3", "Backend Engineer")])
    assert result.changes == {"new": 1}


def test_one_removed_role_is_reposted_once(db_url: str) -> None:
    store, config = make(db_url)
    listing(store, config, [job("1", "Backend Engineer"), job("2", "Designer")])
    listing(store, config, [job("2", "Designer")])
    result = listing(store, config, [job("2", "Designer"), job("3", "Backend Engineer"),
                                     job("4", "Backend Engineer")])  # fmt: skip
    assert result.changes == {"reposted": 1, "new": 1}
    listing(store, config, [job("2", "Designer"), job("4", "Backend Engineer")])  # 3 closes
    result = listing(store, config, [job("2", "Designer"), job("4", "Backend Engineer"),
                                     job("5", "Backend Engineer")])  # fmt: skip
    assert result.changes == {"reposted": 1}
    with store.engine.connect() as conn:
        link = conn.scalar(select(PostingRow.reposted_from).where(PostingRow.key == "a:5"))
    assert link == "a:3"  # not a:1, which a:3 already repeats
    chain = history(store.engine, "a:5")
    assert chain is not None
    assert [h["posting"]["key"] for h in chain["reposts"]] == ["a:1", "a:3"]


BENEFITS = (
    "Benefits: medical, dental and vision insurance, a 401(k) and paid time off. "
    "Applications are accepted on an ongoing basis."
)


@pytest.mark.parametrize(
    ("location", "pay", "text", "employees", "status"),
    [
        ("Denver, CO", None, BENEFITS, None, "missing"),  # every employer, no range
        ("Denver, CO", PAY, BENEFITS, None, "ok"),
        ("Denver, CO", PAY, "We build things.", None, "incomplete"),  # no benefits, no deadline
        ("Seattle, WA", None, BENEFITS, None, "likely_required"),  # 15+ employees, size unknown
        ("Seattle, WA", None, BENEFITS, 10, "not_required"),
        ("Seattle, WA", None, BENEFITS, 5000, "missing"),
        ("Austin, TX", None, "", None, "not_required"),
        ("Tokyo, Japan", None, "", None, "unknown"),
    ],
)
def test_transparency_is_stored_with_each_new_posting(
    db_url: str, location: str, pay: Any, text: str, employees: int | None, status: str
) -> None:
    store, config = make(db_url, employees)
    listing(store, config, [job("0", "Designer")])  # the baseline
    extra = {"pay": pay} if pay else {}
    listing(store, config, [job("0", "Designer"), job("1", "Engineer", location,
                                                      description=text, **extra)])  # fmt: skip
    listed = {p["key"]: p for p in postings(store.engine)}
    assert listed["a:1"]["transparency"]["status"] == status
    kinds = [c.kind for c in changes(store)]
    assert kinds == ["new", "pay_missing"] if status == "missing" else kinds == ["new"]


def test_pay_missing_when_a_posting_loses_its_range_and_only_for_targets_that_ask(
    db_url: str,
) -> None:
    store, config = make(db_url)
    listing(store, config, [job("1", "Engineer", "Denver, CO", pay=PAY, description=BENEFITS)])
    result = listing(store, config, [job("1", "Engineer", "Denver, CO", description=BENEFITS)])
    assert result.changes == {"pay_changed": 1, "pay_missing": 1}
    gap = next(c for c in changes(store) if c.kind == "pay_missing")
    assert gap.after["status"] == "missing" and gap.after["jurisdictions"] == ["US-CO"]
    with store.engine.connect() as conn:
        alerts = [(r.target, r.kind) for r in conn.execute(select(AlertRow))]
    gaps = target_id(config.notify[1])
    assert [kind for target, kind in alerts if target == gaps] == ["pay_missing"]
    assert "pay_missing" not in [kind for target, kind in alerts if target != gaps]


def test_assessments_are_made_again_when_employees_change_and_only_then(db_url: str) -> None:
    store, config = make(db_url)
    listing(store, config, [job("1", "Engineer", "Seattle, WA", description=BENEFITS)])
    assert postings(store.engine)[0]["transparency"]["status"] == "likely_required"
    today = utcnow().date()
    assert assessing.refresh(store.engine, config, ["a"], today) == 0  # current: left alone
    assert assessing.refresh(store.engine, config, ["a"], today) == 0  # the source says so
    _, bigger = make(store.engine.url.render_as_string(hide_password=False), employees=100)
    assert assessing.refresh(store.engine, bigger, ["a"], today) == 1
    assert postings(store.engine)[0]["transparency"]["status"] == "missing"
    with store.engine.begin() as conn:  # as stored before assessments existed
        conn.execute(update(PostingRow).values(transparency=None, transparency_stamp=None))
        conn.execute(update(SourceRow).values(transparency_stamp=None))
    assert assessing.refresh(store.engine, bigger, ["a"], today) == 1
    assert postings(store.engine)[0]["transparency"]["status"] == "missing"


def test_the_stamp_changes_on_the_days_the_rules_in_force_change() -> None:
    assert assessing.stamp(None, date(2026, 12, 31)) == assessing.stamp(None, date(2026, 12, 5))
    assert assessing.stamp(None, date(2027, 1, 1)) != assessing.stamp(None, date(2026, 12, 31))
    assert assessing.stamp(50, date(2026, 12, 5)) != assessing.stamp(None, date(2026, 12, 5))
