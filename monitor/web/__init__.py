"""The web app: pages, the JSON API, the Atom feed, /healthz and /metrics (`rolewatch web`,
`rolewatch run --http`)."""
