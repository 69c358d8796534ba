"""Accuracy and speed of pay and office-terms reading: the hand-written table in
tests/extract_cases.py and, reported apart, the real corpus in tests/corpus (sentences quoted
from other projects' public postings and test suites, labelled by us).

Run: .venv/bin/python bench/extract_accuracy.py [--postings N] [--seed S]

Accuracy is counted in facts, so that one posting with three zones weighs three times:

- pay: a fact is one pay range. A range read is a true positive when a range expected for that
  case has the same min, max, currency, period, scope and kind (all six; a range right in
  amounts but wrong in scope counts once as a false positive and once as a miss).
- office terms: the facts are the mode, min_office_pct and days_per_week when not null, and
  each exception (location, share and days together). A fact read is a true positive when the
  expected terms hold the same fact.
- precision = true positives / facts read; recall = true positives / facts expected. Negative
  cases expect no facts, so anything read from them lowers precision.

Every case is scored twice: alone, as the table states it, and "in context": placed in the
middle of a synthetic ~2 KB posting (company blurb with company figures, duties, requirements
with years and versions, a benefits list with 401(k), stipend, relocation and budget amounts,
"free lunch in the office", equal-opportunity text), whose filler says nothing about pay or
office terms, so the expected facts are the same.

The real corpus is scored the same way, each case alone (with the posting's locations where
the case has them); its targets are precision >= 0.97 and recall >= 0.95, for pay and for
office terms. --misses lists every case read wrong, in both.

Throughput is read_posting() (pay, office terms and workplace) over those postings, in
postings per second of CPU time on one core (best of three rounds).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from monitor.extract import extract_office, extract_pay, read_posting  # noqa: E402
from tests.corpus import REAL_OFFICE, REAL_PAY  # noqa: E402
from tests.extract_cases import OFFICE_CASES, PAY_CASES  # noqa: E402

COMPANY = [
    "Northwind Labs builds the ledger that 12,000+ companies use to reconcile payments. Since "
    "our Series C we have grown to 450 people in 9 countries, and last year our customers moved "
    "more than $40B through the platform.",
    "Founded in 2016, Bluefin Health helps 3,500 clinics run their scheduling and billing. We "
    "raised $120M from long-term investors and serve 14 million patients a year.",
    "Kestrel is an infrastructure company: our network handles 2 trillion requests a month for "
    "more than 70,000 businesses, from two-person shops to the Fortune 500.",
]
MISSION = [
    "Why this matters\nEvery month, finance teams lose days to spreadsheets that do not agree. "
    "Our product closes the books in hours instead of weeks, and the engineers who build it talk "
    "to customers every week. You will see your work used by accountants, controllers and CFOs, "
    "and you will hear from them when something is slow or confusing.",
    "Why this matters\nClinics spend a third of their time on paperwork. We want that time "
    "back with patients. Our roadmap for the next 18 months covers scheduling, billing and "
    "insurance checks in 6 new countries, and each of them starts with a conversation with the "
    "people at the front desk.",
]
ROLE = [
    "About the role\nAs a Senior Engineer on the Ledger team you will design the services that "
    "process 3 million events a minute, and you will own their reliability end to end.",
    "About the role\nYou'll join a team of 8 building the tools our support agents use every "
    "day, shipping in small increments and measuring everything.",
]
DUTIES = [
    "What you'll do\n- Design and build APIs used by 400+ internal services\n- Cut p99 latency "
    "below 200ms on our busiest paths\n- Mentor 2-3 engineers and review their designs\n"
    "- Collaborate with remote teams across 4 time zones",
    "Responsibilities\n- Partner with product and design from discovery to launch\n- Run on-site "
    "interviews and help us grow the team to 25 engineers by 2026\n- Improve our CI so that "
    "builds finish in under 10 minutes",
]
REQUIREMENTS = [
    "What you'll bring\n- 5+ years of experience building distributed systems\n- Fluency in Go, "
    "Python 3.11 or Java 17\n- Experience with PostgreSQL 15, Kafka and Kubernetes 1.29\n"
    "- Microsoft Office or Google Workspace proficiency",
    "Qualifications\n- 2-12+ years in software engineering, 3 of them with React 18\n- A track "
    "record of shipping products used by 1M+ people\n- Experience managing a $2M cloud budget is "
    "a plus",
]
BENEFITS = [
    "Benefits\n- Medical, dental and vision insurance with 100% of premiums covered\n- 401(k) "
    "with a 4% match, up to $9,000 a year\n- $1,500 annual learning and development budget\n"
    "- $500 home office stipend and free lunch in the office\n- 20 days of PTO plus 11 "
    "holidays\n- 16 weeks of 100% paid parental leave\n- Up to $10,000 in relocation support",
    "Perks\n- A $100 monthly wellness allowance\n- Commuter benefits up to $315/month pre-tax\n"
    "- €1,000 yearly conference budget\n- Equity in a company valued at $2.1 billion\n- Our "
    "Office Manager keeps the snacks stocked",
]
TEAM = [
    "About the team\nThe Ledger team is six engineers, a product manager and a designer. We "
    "own the double-entry core, the reconciliation jobs and the reporting APIs, and we are on "
    "call one week in six. Last quarter we cut reconciliation time from 40 minutes to under 4, "
    "retired two legacy services and onboarded our 500th enterprise customer.",
    "About the team\nYou'll work with a team of 11 across product, design and engineering. We "
    "write things down, review each other's designs, and ship behind feature flags. In 2024 we "
    "moved 90% of our workloads to Kubernetes and halved our AWS bill, and this year we are "
    "rebuilding search for 30 languages.",
]
VALUES = [
    "How we hire\nOur process has four steps: a 30-minute call with a recruiter, a 60-minute "
    "technical conversation, a take-home exercise of no more than 3 hours (we pay $200 for your "
    "time), and a final round with the team. We aim to make a decision within 2 weeks.",
    "Our values\nWe are customer-obsessed, we default to transparency, and we take ownership. "
    "We review compensation twice a year against market data, and we publish our levelling "
    "guide internally so everyone can see how promotions work.",
]
EEO = [
    "We are an equal opportunity employer and value diversity. We do not discriminate on the "
    "basis of race, religion, color, national origin, gender, sexual orientation, age, marital "
    "status, veteran status, or disability status. Need an accommodation? Call 1-800-555-0100.",
    "Bluefin Health participates in E-Verify. Applicants with arrest or conviction records will "
    "be considered under the Fair Chance Ordinance. Posting ID 2024-10567.",
]


def _posting(case_text: str, rng: random.Random) -> str:
    parts = [
        rng.choice(COMPANY),
        rng.choice(MISSION),
        rng.choice(ROLE),
        rng.choice(TEAM),
        rng.choice(DUTIES),
        rng.choice(REQUIREMENTS),
        "Details\n" + case_text,
        rng.choice(BENEFITS),
        rng.choice(VALUES),
        rng.choice(EEO),
    ]
    return "\n".join(parts)


def _pay_facts(ranges: Iterable[dict]) -> Counter[tuple]:
    keys = ("min", "max", "currency", "period", "scope", "kind")
    return Counter(tuple(r[k] for k in keys) for r in ranges)


def _office_facts(office: dict | None) -> Counter[tuple]:
    facts: Counter[tuple] = Counter()
    if not office:
        return facts
    for field in ("mode", "min_office_pct", "days_per_week"):
        if office.get(field) is not None:
            facts[(field, office[field])] += 1
    for exc in office.get("exceptions") or []:
        facts[("exception", exc["location"], exc["min_office_pct"], exc["days_per_week"])] += 1
    return facts


class Score:
    """True positives, facts read and facts expected, and the cases that missed."""

    def __init__(self) -> None:
        self.tp = self.read = self.expected = 0
        self.misses: list[str] = []

    def add(self, got: Counter[tuple], want: Counter[tuple], label: str) -> None:
        tp = sum((got & want).values())
        self.tp += tp
        self.read += sum(got.values())
        self.expected += sum(want.values())
        if got != want:
            self.misses.append(label)

    @property
    def precision(self) -> float:
        return self.tp / self.read if self.read else 1.0

    @property
    def recall(self) -> float:
        return self.tp / self.expected if self.expected else 1.0

    def line(self, name: str) -> str:
        return (
            f"{name:<24} precision {self.precision:6.3f}   recall {self.recall:6.3f}   "
            f"({self.tp} right of {self.read} read, {self.expected} expected)"
        )


def accuracy(rng: random.Random) -> dict[str, Score]:
    scores = {key: Score() for key in ("pay", "pay in context", "office", "office in context")}
    for n, case in enumerate(PAY_CASES):
        want = _pay_facts(case.expected)
        label = f"pay {case.category}-{n}: {case.text[:60]!r}"
        scores["pay"].add(_pay_facts(extract_pay(case.text, currency_hint=case.hint)), want, label)
        posting = _posting(case.text, rng)
        got = _pay_facts(extract_pay(posting, currency_hint=case.hint))
        scores["pay in context"].add(got, want, label)
    for n, case in enumerate(OFFICE_CASES):
        want = _office_facts(case.expected)
        label = f"office {case.category}-{n}: {case.text[:60]!r}"
        scores["office"].add(_office_facts(extract_office(case.text)), want, label)
        posting = _posting(case.text, rng)
        scores["office in context"].add(_office_facts(extract_office(posting)), want, label)
    return scores


def real_accuracy() -> dict[str, Score]:
    """The readers on the real corpus, each case alone."""
    scores = {"real pay": Score(), "real office": Score()}
    for case in REAL_PAY:
        got = extract_pay(case.text, locations=case.locations or None)
        label = f"{case.id}: {case.text[:60]!r}" + (f" (known: {case.gap})" if case.gap else "")
        scores["real pay"].add(_pay_facts(got), _pay_facts(case.expected), label)
    for case in REAL_OFFICE:
        got = extract_office(case.text)
        label = f"{case.id}: {case.text[:60]!r}" + (f" (known: {case.gap})" if case.gap else "")
        scores["real office"].add(_office_facts(got), _office_facts(case.expected), label)
    return scores


def throughput(postings: list[str], rounds: int = 3) -> float:
    """Postings per second of CPU time on one core, the best of a few rounds (other processes
    on the machine slow a round down; they cannot speed one up)."""
    for text in postings[:50]:  # warm caches and lazily built tables
        read_posting(text)
    best = float("inf")
    for _ in range(rounds):
        start = time.process_time()
        for text in postings:
            read_posting(text)
        best = min(best, time.process_time() - start)
    return len(postings) / best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postings", type=int, default=5000, help="postings to time")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--misses", action="store_true", help="list the cases read wrong")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)

    categories = Counter(c.category for c in PAY_CASES)
    office_categories = Counter(c.category for c in OFFICE_CASES)
    negatives = categories["negative"] + office_categories["negative"]
    print(f"cases: {len(PAY_CASES)} pay, {len(OFFICE_CASES)} office terms, {negatives} negative")
    print("  pay:    " + ", ".join(f"{k} {v}" for k, v in sorted(categories.items())))
    print("  office: " + ", ".join(f"{k} {v}" for k, v in sorted(office_categories.items())))
    known = [c for c in [*PAY_CASES, *OFFICE_CASES] if c.gap]
    print(f"  known gaps (kept in the figures): {len(known)}")
    print()

    scores = accuracy(rng)
    for name, score in scores.items():
        print(score.line(name))
    if args.misses:
        for name, score in scores.items():
            for label in score.misses:
                print(f"  miss [{name}] {label}")

    real = real_accuracy()
    repos = {case.repo for case in REAL_PAY + REAL_OFFICE}
    negatives = sum(not c.expected for c in REAL_PAY) + sum(not c.expected for c in REAL_OFFICE)
    print()
    print(
        f"real corpus: {len(REAL_PAY)} pay, {len(REAL_OFFICE)} office terms cases from "
        f"{len(repos)} repositories, {negatives} negative, "
        f"{sum(bool(c.gap) for c in REAL_PAY + REAL_OFFICE)} known misses"
    )
    for name, score in real.items():
        print(score.line(name))
    if args.misses:
        for name, score in real.items():
            for label in score.misses:
                print(f"  miss [{name}] {label}")

    texts = [c.text for c in PAY_CASES] + [c.text for c in OFFICE_CASES]
    postings = [_posting(rng.choice(texts), rng) for _ in range(args.postings)]
    size = statistics.median(len(p.encode()) for p in postings)
    rate = throughput(postings)
    print()
    print(f"throughput: {rate:,.0f} postings/s on one core ({len(postings)} postings, median "
          f"{size / 1024:.1f} KB)")  # fmt: skip
    ok = all(s.precision >= 0.97 and s.recall >= 0.97 for s in scores.values()) and rate >= 2000
    print(
        "targets (precision and recall >= 0.97, >= 2,000 postings/s):", "met" if ok else "NOT MET"
    )
    real_ok = all(s.precision >= 0.97 and s.recall >= 0.95 for s in real.values())
    verdict = "met" if real_ok else "NOT MET"
    print("real corpus targets (precision >= 0.97, recall >= 0.95):", verdict)
    return 0 if ok and real_ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
