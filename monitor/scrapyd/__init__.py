"""Crawls on Scrapyd nodes (`executor: {kind: scrapyd}`) and `rolewatch deploy`.

`jobconfig`: what a job is told (spider arguments without secrets); `job`: the node's side, the
spiders Scrapyd runs; `client`: Scrapyd's JSON API; `executor`: the daemon's side, a batch sent
as jobs and followed to the end; `egg`: the project egg `deploy` uploads.
"""
