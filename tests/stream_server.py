"""A server on 127.0.0.1 for the streaming tests, with an event-stream encoder
of its own (struct and zlib.crc32, independent of the crate's).

Prints its port on the first line of standard output, then serves until it
is killed:

- `POST /endpoints/<scenario>/invocations-response-stream` answers
  `application/vnd.amazon.eventstream` frames, written in pieces of a few
  bytes with pauses, so that frames arrive split across reads. The first
  event echoes the request body. Scenarios: `parts` (three parts, then the
  end), `exception` (a part, then a `ModelStreamError` exception event),
  `error` (a part, then an `error` message), `corrupt` (a part, then a frame
  whose message CRC is wrong), `truncated` (a part, then half a frame).
- `GET /tile/<z>/<x>/<y>` answers `<z>` MiB of bytes (`i % 251`), written in
  1 MiB pieces, with its `Content-Length`.

Usage: python3 tests/stream_server.py
"""
import http.server
import json
import socketserver
import struct
import sys
import time
import zlib


def header(name, value):
    """A string header (type 7)."""
    name = name.encode()
    value = value.encode()
    return bytes([len(name)]) + name + bytes([7]) + struct.pack(">H", len(value)) + value


def frame(headers, payload, corrupt=False):
    encoded = b"".join(header(n, v) for n, v in headers)
    total = 16 + len(encoded) + len(payload)
    prelude = struct.pack(">II", total, len(encoded))
    prelude += struct.pack(">I", zlib.crc32(prelude) & 0xFFFFFFFF)
    message = prelude + encoded + payload
    crc = zlib.crc32(message) & 0xFFFFFFFF
    if corrupt:
        crc ^= 0xFFFF
    return message + struct.pack(">I", crc)


def event(event_type, payload):
    return frame(
        [(":message-type", "event"), (":event-type", event_type), (":content-type", "application/octet-stream")],
        payload,
    )


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def log_message(self, *args):
        pass

    def send_in_pieces(self, data, size):
        for i in range(0, len(data), size):
            self.wfile.write(data[i : i + size])
            self.wfile.flush()
            time.sleep(0.002)

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        parts = self.path.split("/")
        scenario = parts[2] if len(parts) > 2 else ""
        self.send_response(200)
        self.send_header("Content-Type", "application/vnd.amazon.eventstream")
        self.send_header("x-Amzn-Invoked-Production-Variant", "AllTraffic")
        self.send_header("X-Amzn-SageMaker-Custom-Attributes", self.headers.get("X-Amzn-SageMaker-Custom-Attributes", ""))
        self.end_headers()
        frames = [event("PayloadPart", b'{"echo": ' + json.dumps(body.decode()).encode() + b"}\n")]
        if scenario == "parts":
            frames += [event("PayloadPart", b"second part\n"), event("PayloadPart", "third ✓\n".encode())]
        elif scenario == "exception":
            payload = json.dumps({"Message": "the model failed", "ErrorCode": "ModelInvocationTimeExceeded"}).encode()
            frames.append(
                frame(
                    [(":message-type", "exception"), (":exception-type", "ModelStreamError"), (":content-type", "application/json")],
                    payload,
                )
            )
        elif scenario == "error":
            frames.append(frame([(":message-type", "error"), (":error-code", "InternalFailure"), (":error-message", "boom")], b""))
        elif scenario == "corrupt":
            frames.append(frame([(":message-type", "event"), (":event-type", "PayloadPart")], b"bad bytes", corrupt=True))
        elif scenario == "truncated":
            whole = event("PayloadPart", b"never whole")
            frames.append(whole[: len(whole) // 2])
        # Pieces of 7 bytes split preludes, headers and CRCs across reads.
        self.send_in_pieces(b"".join(frames), 7)

    def do_GET(self):
        parts = self.path.split("?")[0].split("/")
        mebibytes = int(parts[2]) if len(parts) > 2 else 1
        piece = bytes(i % 251 for i in range(1 << 20))
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(mebibytes << 20))
        self.end_headers()
        for _ in range(mebibytes):
            self.wfile.write(piece)


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


def main():
    server = Server(("127.0.0.1", 0), Handler)
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
