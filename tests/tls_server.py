"""An HTTPS server on 127.0.0.1 for tests/credentials.rs: answers every POST
with an empty ListPipelines result. Arguments: the certificate and key (PEM).
Prints its port, then serves until killed."""
import http.server
import ssl
import sys


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("content-length", 0)))
        body = b'{"PipelineSummaries":[]}'
        self.send_response(200)
        self.send_header("content-type", "application/x-amz-json-1.1")
        self.send_header("x-amzn-RequestId", "req-local-1")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(sys.argv[1], sys.argv[2])
server.socket = context.wrap_socket(server.socket, server_side=True)
print(server.server_address[1], flush=True)
server.serve_forever()
