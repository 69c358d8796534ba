"""The daemon: APScheduler in the parent, one `check` child process per due set of sources."""
