"""rolewatch: watch company job boards and be told when roles open, close or change."""

# what every request rolewatch makes says it is, unless a source's `user_agent:` says otherwise
DEFAULT_USER_AGENT = "rolewatch/0.1 (+https://github.com/rolewatch/rolewatch)"
