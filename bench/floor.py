"""The floor: fetch and JSON-parse every board with a bare asynchronous client, nothing else."""

from __future__ import annotations

import asyncio
import json
import sys
import time


async def fetch_all(urls: list[str], concurrency: int = 64) -> tuple[int, float]:
    import aiohttp

    began = time.perf_counter()
    postings = 0
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:
        sem = asyncio.Semaphore(concurrency)

        async def one(url: str) -> int:
            async with sem, session.get(url) as response:
                return len(json.loads(await response.read())["jobs"])

        for count in await asyncio.gather(*(one(u) for u in urls)):
            postings += count
    return postings, time.perf_counter() - began


if __name__ == "__main__":
    base, boards = sys.argv[1], int(sys.argv[2])
    count, seconds = asyncio.run(fetch_all([f"{base}/{i}.json" for i in range(boards)]))
    print(json.dumps({"postings": count, "seconds": round(seconds, 3)}))
