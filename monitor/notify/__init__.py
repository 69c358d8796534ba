"""Alerts through Apprise: the outbox, one digest per target per cycle, and its formatting.

This package is the only code that imports apprise. See `monitor.notify.deliver` for what the
outbox guarantees (nothing lost; at most one repeat after a crash mid-send).
"""

from __future__ import annotations

from monitor.lazy import lazy_exports

# Loaded on first use: Apprise (behind `deliver`) costs a tenth of a second to import, which a
# cycle with no alert due never needs.
_EXPORTS = {
    "DeliveryReport": "deliver",
    "TargetReport": "deliver",
    "check_targets": "services",
    "deliver": "deliver",
    "outbox_status": "deliver",
    "send_test": "deliver",
    "format_locations": "formatting",
    "format_office": "formatting",
    "format_office_change": "formatting",
    "format_pay": "formatting",
    "format_pay_change": "formatting",
}

__all__ = sorted(_EXPORTS)


__getattr__ = lazy_exports(__name__, _EXPORTS)
