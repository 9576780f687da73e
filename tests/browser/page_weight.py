"""What the participant page costs a phone: bytes over the wire (HTTP and WebSocket) and, on demand, how soon it
shows something on a throttled network and CPU. Used by tests/browser/test_page_weight.py and bench/page_load.py."""
from __future__ import annotations

from dataclasses import dataclass, field

# Chrome DevTools' "Slow 3G" preset: a phone at the back of a venue with weak Wi-Fi, and a four times slower CPU.
SLOW_PHONE_NETWORK = {"offline": False, "latency": 400, "downloadThroughput": 400 * 1024 // 8,
                      "uploadThroughput": 400 * 1024 // 8}
SLOW_PHONE_CPU = 4


@dataclass
class Transfer:
    responses: list[tuple[str, int, str | None]] = field(default_factory=list)  # (url, bytes, content-encoding)
    websocket_bytes: int = 0

    @property
    def http_bytes(self) -> int:
        return sum(size for _url, size, _encoding in self.responses)

    @property
    def total_bytes(self) -> int:
        return self.http_bytes + self.websocket_bytes


def record_transfer(page) -> Transfer:
    """Start counting what `page` receives: every response's headers and (compressed) body, every WebSocket frame."""
    transfer = Transfer()

    def on_response(response):
        try:
            sizes = response.request.sizes()
        except Exception:  # a response whose request was cancelled has no sizes; it transferred nothing we count
            return
        transfer.responses.append((response.url, sizes["responseHeadersSize"] + sizes["responseBodySize"],
                                   response.headers.get("content-encoding")))

    def on_websocket(websocket):
        def count(payload):
            transfer.websocket_bytes += len(payload.encode("utf-8") if isinstance(payload, str) else payload)
        websocket.on("framereceived", count)

    page.on("response", on_response)
    page.on("websocket", on_websocket)
    return transfer


def throttle_like_a_slow_phone(page) -> None:
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", SLOW_PHONE_NETWORK)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": SLOW_PHONE_CPU})


def first_contentful_paint_ms(page) -> float | None:
    return page.evaluate("() => { const p = performance.getEntriesByName('first-contentful-paint')[0];"
                         " return p ? p.startTime : null; }")
