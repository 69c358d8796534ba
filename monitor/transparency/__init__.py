"""Pay transparency: which laws require pay in a posting's ad, and whether the ad meets them.

`assess(...)` gives a posting's `transparency` (SPEC); `jurisdictions(...)` the laws its places
map to. The rules are data (`rules.RULES`, versioned by `RULES_VERSION`), each with its sources
and what could not be checked. What is shown to users carries `DISCLAIMER`.
"""

from __future__ import annotations

from monitor.transparency.assess import DISCLAIMER, STATUSES, assess
from monitor.transparency.reach import jurisdictions
from monitor.transparency.rules import RULES, RULES_VERSION, Rule

__all__ = [
    "DISCLAIMER",
    "RULES",
    "RULES_VERSION",
    "STATUSES",
    "Rule",
    "assess",
    "jurisdictions",
]
