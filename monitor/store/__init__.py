"""The store: every SQL statement of rolewatch (see ARCHITECTURE.md)."""
