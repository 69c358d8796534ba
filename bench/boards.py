"""Generate N Greenhouse-shaped boards of M postings (about 2 KB of description each)."""

from __future__ import annotations

import html
import json
import random
from pathlib import Path

CITIES = [
    "San Francisco, CA",
    "New York, NY",
    "London, UK",
    "Berlin, Germany",
    "Toronto, ON",
    "Bucharest, Romania",
    "Remote, US",
    "Bengaluru, India",
    "Paris, France",
    "Austin, TX",
]
TEAMS = ["Engineering", "Data", "Design", "Sales", "Support", "Finance", "People", "Security"]
ROLES = [
    "Software Engineer",
    "Data Scientist",
    "Product Designer",
    "Account Executive",
    "Support Engineer",
    "Financial Analyst",
    "Recruiter",
    "Security Engineer",
    "Engineering Manager",
    "Site Reliability Engineer",
]
LEVELS = ["", "Senior ", "Staff ", "Principal ", "Lead "]
FILLER = (
    "<p>We build infrastructure that thousands of companies rely on every day. You will work "
    "with a small team that owns its systems end to end, from design through operation, and "
    "you will have a real say in what we build next.</p>"
    "<h3>What you will do</h3><ul><li>Design, build and run services used by millions of "
    "people</li><li>Work closely with product, design and customers</li><li>Review code, "
    "mentor teammates and raise the bar for quality</li><li>Take part in an on-call rotation "
    "with a humane schedule</li></ul>"
    "<h3>What we look for</h3><ul><li>Several years of experience building production "
    "software</li><li>Clear writing and a habit of explaining decisions</li><li>Curiosity "
    "about how things fail and how to make them fail less</li></ul>"
    "<h3>Benefits</h3><p>Comprehensive medical, dental and vision coverage, a 401(k) plan "
    "with a company match, generous parental leave, a learning budget and a home office "
    "stipend.</p>"
)


def description(rng: random.Random, low: int, high: int, office_pct: int) -> str:
    """About 2 KB of posting HTML with pay and office terms in the text."""
    return (
        FILLER
        + f"<h3>How we work</h3><p>This role is hybrid: we expect you in the office at least "
        f"{office_pct}% of the time, usually Tuesday to Thursday.</p>"
        f"<h3>Pay</h3><p>The base salary range for this role is ${low:,} - ${high:,} per year. "
        f"Individual pay depends on experience, skills and location.</p>"
        f"<p>Reference {rng.randrange(10**6):06d}.</p>"
    )


def job(rng: random.Random, board: int, index: int, bump: int = 0) -> dict:
    job_id = board * 100_000 + index
    low = rng.randrange(80, 200) * 1000 + bump
    high = low + rng.randrange(20, 90) * 1000
    title = rng.choice(LEVELS) + rng.choice(ROLES)
    city = rng.choice(CITIES)
    return {
        "absolute_url": f"https://job-boards.greenhouse.io/board{board}/jobs/{job_id}",
        "internal_job_id": job_id + 7,
        "location": {"name": city},
        "metadata": [],
        "id": job_id,
        "updated_at": "2026-11-01T10:00:00-04:00",
        "requisition_id": f"R-{job_id}",
        "title": title,
        "company_name": f"Company {board}",
        "first_published": "2026-10-01T09:00:00-04:00",
        "language": "en",
        "content": html.escape(description(rng, low, high, rng.choice([40, 50, 60, 80]))),
        "departments": [{"id": 1, "name": rng.choice(TEAMS), "child_ids": [], "parent_id": None}],
        "offices": [{"id": 2, "name": city, "location": None, "child_ids": []}],
    }


def write_boards(
    folder: Path,
    boards: int,
    per_board: int,
    *,
    generation: int = 0,
    change_rate: float = 0.0,
    seed: int = 1,
) -> int:
    """Write boards/{i}.json; a later generation changes the pay of `change_rate` of postings.

    Only boards holding a changed posting are rewritten, so the others keep their ETag.
    Returns how many postings changed.
    """
    folder.mkdir(parents=True, exist_ok=True)
    changer = random.Random(seed * 7919 + generation)
    total = boards * per_board
    changed = set(changer.sample(range(total), int(total * change_rate))) if generation else set()
    touched = {c // per_board for c in changed}
    for board in range(boards):
        path = folder / f"{board}.json"
        if generation and board not in touched and path.exists():
            continue
        rng = random.Random(seed * 1_000_003 + board)
        jobs = []
        for index in range(per_board):
            bump = 5000 if board * per_board + index in changed else 0
            jobs.append(job(rng, board, index, bump))
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"jobs": jobs, "meta": {"total": len(jobs)}}))
        tmp.replace(path)
    return len(changed)
