"""Alerts through Apprise: the outbox, one digest per target per cycle, and its formatting.

This package is the only code that imports apprise. See `monitor.notify.deliver` for what the
outbox guarantees (nothing lost; at most one repeat after a crash mid-send).
"""

from __future__ import annotations

from monitor.notify.deliver import (
    DeliveryReport,
    TargetReport,
    deliver,
    outbox_status,
    send_test,
)
from monitor.notify.formatting import (
    format_locations,
    format_office,
    format_office_change,
    format_pay,
    format_pay_change,
)
from monitor.notify.outbox import next_due

__all__ = [
    "DeliveryReport",
    "TargetReport",
    "deliver",
    "format_locations",
    "format_office",
    "format_office_change",
    "format_pay",
    "format_pay_change",
    "next_due",
    "outbox_status",
    "send_test",
]
