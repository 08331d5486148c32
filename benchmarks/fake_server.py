"""A small, fast PayPro stand-in on 127.0.0.1, run in its own process.

``python -m benchmarks.fake_server [--latency SECONDS]`` prints its port and serves HTTP/1.1
keep-alive until terminated. Every POST gets PayPro's success envelope: a payment link for
creations, status ``0000`` for queries (echoing ``tradeNo``). ``latency`` seconds pass before
each answer, without holding up other connections. ``GET /__stats`` returns how many TCP
connections and requests arrived (control requests are not counted); ``POST /__reset`` zeroes
them. asyncio keeps the server's own cost per request low, so the client side is what differs.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import sys
import time

STATS = {"connections": 0, "requests": 0}


def _answer(path: str, body: bytes) -> bytes:
    try:
        trade_no = json.loads(body).get("tradeNo", "") if body else ""
    except ValueError:
        trade_no = ""
    if "query" in path.lower():
        data = {
            "tradeNo": trade_no,
            "platFormTradeNo": f"PF{trade_no}",
            "status": "0000",
            "message": "success",
            "amount": "300",
            "successTime": "2024-07-01 18:34:31",
        }
    else:
        data = {
            "tradeNo": trade_no,
            "platFormTradeNo": f"PF{trade_no}",
            "paymentLink": f"https://cashier.example/pay/{trade_no}",
        }
    envelope = {
        "code": "0000",
        "msg": "success",
        "success": True,
        "timestamp": time.time_ns() // 1_000_000,
        "data": data,
    }
    return json.dumps(envelope).encode()


def _response(status: str, payload: bytes, content_type: str = "application/json") -> bytes:
    head = (
        f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\n"
        f"Content-Length: {len(payload)}\r\n\r\n"
    )
    return head.encode("ascii") + payload


async def _serve(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, latency: float
) -> None:
    counted = False
    with contextlib.suppress(asyncio.IncompleteReadError, ConnectionError):
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            request_line, *lines = head.decode("latin-1").split("\r\n")
            method, path, _ = request_line.split(" ", 2)
            length = 0
            for line in lines:
                name, _, value = line.partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value)
            body = await reader.readexactly(length) if length else b""
            if path.startswith("/__"):
                if method == "POST":
                    STATS.update(connections=0, requests=0)
                writer.write(_response("200 OK", json.dumps(STATS).encode()))
                await writer.drain()
                continue
            if not counted:
                counted = True
                STATS["connections"] += 1
            STATS["requests"] += 1
            if latency:
                await asyncio.sleep(latency)
            writer.write(_response("200 OK", _answer(path, body)))
            await writer.drain()
    writer.close()


async def _main(latency: float) -> None:
    server = await asyncio.start_server(
        lambda r, w: _serve(r, w, latency), "127.0.0.1", 0, backlog=1024
    )
    port = server.sockets[0].getsockname()[1]
    sys.stdout.write(f"{port}\n")
    sys.stdout.flush()
    async with server:
        await server.serve_forever()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--latency", type=float, default=0.0)
    args = parser.parse_args()
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_main(args.latency))


if __name__ == "__main__":
    main()
