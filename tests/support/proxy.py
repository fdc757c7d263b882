"""A fault-injecting, call-recording HTTP proxy in front of moto.

Every request is classified (service, action, mapping uuid), optionally logged as one JSON
line, matched against the fault rules and then forwarded to moto or answered with a fault.

Fault rules (a JSON list in the faults file, re-read when its content changes; rule
counters restart then): the first rule that matches and still applies wins.

    {"match": {"service": "lambda", "action": "UpdateEventSourceMapping",
               "uuid": "...", "body_contains": "\\"Enabled\\":true", "path_contains": "..."},
     "skip": 0,      # let the first N matching requests through untouched
     "times": 2,     # then apply to the next N (default: every one after skip)
     "fault": {"delay_ms": 500,                       # sleep, then go on
               "status": 429, "error_code": "TooManyRequestsException", "message": "...",
               "forward": true,                       # with status: forward first anyway
               "rewrite": {"State": "Enabling"},      # set fields in moto's 2xx JSON answer
               "reset": true,                         # close the connection, no answer
               "raw": {"content_type": "text/html",   # with status: this answer instead
                       "body": "<html>…</html>"}}}    #   of an AWS-shaped error

`uuid` also matches ListEventSourceMappings calls; a rewrite then touches only the
element with that UUID. `body_contains` is also tried against the compact form of a JSON
body, so `"Enabled":true` matches boto3's `"Enabled": true` too.

With an "as AWS" settings file (as_aws.py) the proxy also behaves like production AWS:
a request beyond its rate is throttled before any fault rule sees it, and the answers
of a request let through are paged and reshaped as AWS pages and shapes them; a rewrite
fault then applies to what the client gets. README.md beside this file has the details.

A request in the Smithy RPC v2 CBOR protocol (CloudWatch's) is turned into its JSON 1.0
twin first and its answer back into CBOR (rpc_cbor.py), since moto speaks only JSON.
SQS message move tasks (StartMessageMoveTask, ListMessageMoveTasks,
CancelMessageMoveTask), which moto lacks, are answered by the proxy itself over moto's
queues (move_tasks.py), after the fault rules.
"""

import argparse
import http.client
import json
import re
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit
from xml.sax.saxutils import escape

import as_aws
import rpc_cbor
import move_tasks

_HOP_BY_HOP = {
    "connection",
    "keep-alive",
    "proxy-connection",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
}
# The proxy's own http.server writes these for every response.
_NOT_COPIED_BACK = _HOP_BY_HOP | {"content-length", "date", "server"}

_CREDENTIAL_SCOPE = re.compile(r"Credential=[^/,\s]+/\d{8}/([^/]+)/([^/]+)/aws4_request")
_MAPPING_PATH = re.compile(r"/\d{4}-\d\d-\d\d/event-source-mappings/([0-9A-Fa-f-]{36})/?")
_FUNCTIONS = r"/\d{4}-\d\d-\d\d/functions"
_MAPPINGS = r"/\d{4}-\d\d-\d\d/event-source-mappings"
_TAGS = r"/\d{4}-\d\d-\d\d/tags/[^/]+/?"
_LAMBDA_ROUTES = [
    (method, re.compile(path), action)
    for method, path, action in [
        ("GET", _FUNCTIONS + "/?", "ListFunctions"),
        ("POST", _FUNCTIONS + "/?", "CreateFunction"),
        ("GET", _FUNCTIONS + "/[^/]+/configuration/?", "GetFunctionConfiguration"),
        ("GET", _FUNCTIONS + "/[^/]+/?", "GetFunction"),
        ("DELETE", _FUNCTIONS + "/[^/]+/?", "DeleteFunction"),
        ("GET", _MAPPINGS + "/?", "ListEventSourceMappings"),
        ("POST", _MAPPINGS + "/?", "CreateEventSourceMapping"),
        ("GET", _MAPPINGS + "/[^/]+/?", "GetEventSourceMapping"),
        ("PUT", _MAPPINGS + "/[^/]+/?", "UpdateEventSourceMapping"),
        ("DELETE", _MAPPINGS + "/[^/]+/?", "DeleteEventSourceMapping"),
        ("GET", _TAGS, "ListTags"),
        ("POST", _TAGS, "TagResource"),
        ("DELETE", _TAGS, "UntagResource"),
    ]
]


def signed_scope(headers):
    """(region, service) of the request's signature (SigV4 credential scope), or Nones."""
    scope = _CREDENTIAL_SCOPE.search(headers.get("Authorization", ""))
    return (scope.group(1), scope.group(2)) if scope else (None, None)


def classify(method, path, query, headers, body):
    """Returns (service, action, uuid, is_query_protocol) for one request."""
    service = signed_scope(headers)[1]
    mapping = _MAPPING_PATH.fullmatch(path)
    mapping_uuid = mapping.group(1) if mapping else None

    target = headers.get("X-Amz-Target")
    if target:
        return service, target.rsplit(".", 1)[-1], mapping_uuid, False
    params = parse_qs(query)
    if "form-urlencoded" in headers.get("Content-Type", ""):
        params.update(parse_qs(body.decode("utf-8", "replace")))
    if "Action" in params:
        return service, params["Action"][0], mapping_uuid, True
    decoded = unquote(path)
    for route_method, route, action in _LAMBDA_ROUTES:
        if method == route_method and route.fullmatch(decoded):
            return service, action, mapping_uuid, False
    return service, f"{method} {path}", mapping_uuid, False


class Faults:
    def __init__(self, path):
        self._path = path
        self._text = None
        self._rules = []
        self._seen = []
        self._lock = threading.Lock()

    def pick(self, call, body):
        """The rule to apply to this request, or None; counts the request as seen."""
        with self._lock:
            self._reload()
            for index, rule in enumerate(self._rules):
                if not _matches(rule.get("match", {}), call, body):
                    continue
                self._seen[index] += 1
                after_skip = self._seen[index] - rule.get("skip", 0)
                times = rule.get("times")
                if after_skip > 0 and (times is None or after_skip <= times):
                    return rule
        return None

    def _reload(self):
        if self._path is None:
            return
        try:
            with open(self._path, encoding="utf-8") as f:
                text = f.read()
        except FileNotFoundError:
            text = "[]"
        if text == self._text:
            return
        try:
            rules = json.loads(text or "[]")
        except ValueError as e:
            print(f"proxy: ignoring unreadable faults file: {e}", file=sys.stderr)
            return
        self._text, self._rules, self._seen = text, rules, [0] * len(rules)


def _matches(match, call, body):
    for key in ("service", "action", "region"):
        if key in match and match[key] != call[key]:
            return False
    if "uuid" in match and not (
        call["uuid"] == match["uuid"] or call["action"] == "ListEventSourceMappings"
    ):
        return False
    if "path_contains" in match and match["path_contains"] not in call["path"]:
        return False
    if "body_contains" in match:
        needle = match["body_contains"]
        text = body.decode("utf-8", "replace")
        if needle not in text and needle not in _compact_json(text):
            return False
    return True


def _compact_json(text):
    try:
        return json.dumps(json.loads(text), separators=(",", ":"))
    except ValueError:
        return text


def _rewrite(payload, fields, mapping_uuid):
    try:
        document = json.loads(payload)
    except ValueError:
        return payload
    if not isinstance(document, dict):
        return payload
    items = document.get("EventSourceMappings")
    if isinstance(items, list):
        targets = [m for m in items if mapping_uuid in (None, m.get("UUID"))]
    else:
        targets = [document]
    for target in targets:
        target.update(fields)
    return json.dumps(document).encode()


def _error(fault, is_query, request_content_type):
    """Headers and body of an AWS-style error answer, in the request's protocol."""
    code = fault.get("error_code", "ServiceException")
    message = fault.get("message", f"injected {code}")
    status = fault["status"]
    if not is_query:
        _, headers, body = as_aws.json_error(status, code, message, request_content_type)
        return headers, body
    request_id = str(uuid.uuid4())
    kind = "Receiver" if status >= 500 else "Sender"
    body = (
        f"<ErrorResponse><Error><Type>{kind}</Type><Code>{escape(code)}</Code>"
        f"<Message>{escape(message)}</Message></Error>"
        f"<RequestId>{request_id}</RequestId></ErrorResponse>"
    )
    headers = [
        ("x-amzn-RequestId", request_id),
        ("x-amzn-ErrorType", code),
        ("Content-Type", "text/xml"),
    ]
    return headers, body.encode()


def _raw(raw):
    """Headers and body of an answer no AWS API gives (a web server's 404 page, a
    corporate proxy's HTML): exactly the content type and body the rule names."""
    headers = []
    if raw.get("content_type"):
        headers.append(("Content-Type", raw["content_type"]))
    return headers, raw.get("body", "").encode()


class _HeadersWithOverrides:
    """The request's headers with some replaced (None: removed), case-insensitively."""

    def __init__(self, headers, overrides):
        self._headers = headers
        self._overrides = {k.lower(): (k, v) for k, v in overrides.items()}

    def get(self, name, default=None):
        if name.lower() in self._overrides:
            value = self._overrides[name.lower()][1]
            return default if value is None else value
        return self._headers.get(name, default)

    def items(self):
        for name, value in self._headers.items():
            if name.lower() not in self._overrides:
                yield name, value
        for name, value in self._overrides.values():
            if value is not None:
                yield name, value


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # An answer goes out as two writes (the headers, then the body). With Nagle's
    # algorithm on, the body waits for the client to acknowledge the headers, and the
    # client delays that acknowledgement (40 ms on Linux): every request through the proxy
    # took 40 ms more than moto's own answer, which AWS does not add.
    disable_nagle_algorithm = True
    moto = None  # (host, port), set by start()
    faults = None
    calls = None
    as_aws = None
    mover = None  # the message move tasks (move_tasks.py)

    def do_ANY(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        path, overrides, self._cbor_operation = self.path, {}, None
        rpc = rpc_cbor.to_json_request(urlsplit(path).path, self.headers, body)
        if rpc:
            path, overrides, body, self._cbor_operation = rpc
        self._request_headers = _HeadersWithOverrides(self.headers, overrides)
        target = urlsplit(path)
        service, action, mapping_uuid, is_query = classify(
            self.command, target.path, target.query, self._request_headers, body
        )
        self._service = service
        call = {
            "t": time.time(),
            "region": signed_scope(self._request_headers)[0],
            "service": service,
            "action": action,
            "method": self.command,
            "path": target.path,
            "query": target.query,
            "uuid": mapping_uuid,
        }
        content_type = self._request_headers.get("Content-Type")
        throttled = self.as_aws.throttle(call, content_type) if self.as_aws else None
        if throttled:
            status, headers, payload = throttled
            self._record(call, status, None, body, throttled=True)
            self._answer(status, headers, payload)
            return
        rule = self.faults.pick(call, body)
        fault = rule["fault"] if rule else {}

        if "delay_ms" in fault:
            time.sleep(fault["delay_ms"] / 1000)
        if fault.get("reset"):
            self._record(call, None, rule, body)
            self.close_connection = True
            return
        if "status" in fault:
            if fault.get("forward"):
                self._forward(path, body)
            if "raw" in fault:
                headers, payload = _raw(fault["raw"])
                # Exactly this answer, also to a CBOR request: not translated.
                self._cbor_operation = None
            else:
                headers, payload = _error(fault, is_query, content_type)
            status = fault["status"]
        else:
            if service == "sqs" and action in move_tasks.ACTIONS and not is_query:
                status, headers, payload = self.mover.answer(action, body)
            elif self.as_aws:
                status, headers, payload = self.as_aws.answer(
                    call, target.path, target.query, body, content_type, self._forward
                )
            else:
                status, headers, payload = self._forward(path, body)
            if "rewrite" in fault and status < 300:
                payload = _rewrite(payload, fault["rewrite"], rule.get("match", {}).get("uuid"))
        # Recorded before answering, so a client that has its answer finds the record.
        self._record(call, status, rule, body)
        self._answer(status, headers, payload)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_ANY

    def _forward(self, path, body):
        """Sends this request to moto with `path` (and query) and `body` instead of the
        client's: (status, headers, payload)."""
        headers = {
            k: v
            for k, v in self._request_headers.items()
            if k.lower() not in _HOP_BY_HOP and k.lower() not in ("content-length", "host")
        }
        # moto builds queue URLs from the Host it is asked on: with its own, a queue has
        # one URL whichever way it is asked, as on AWS.
        headers["Host"] = "%s:%s" % self.moto
        connection = http.client.HTTPConnection(*self.moto, timeout=120)
        try:
            connection.request(self.command, path, body=body, headers=headers)
            response = connection.getresponse()
            payload = response.read()
        except OSError as e:
            return 502, [("Content-Type", "text/plain")], f"proxy: moto: {e}".encode()
        finally:
            connection.close()
        kept = [(k, v) for k, v in response.getheaders() if k.lower() not in _NOT_COPIED_BACK]
        return response.status, kept, payload

    def _answer(self, status, headers, payload):
        if self._cbor_operation:
            status, headers, payload = rpc_cbor.to_cbor_response(
                self._service, self._cbor_operation, status, headers, payload
            )
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)

    def _record(self, call, status, rule, body, throttled=False):
        if self.calls is None:
            return
        # `t` is when the request came in, `end` when its answer goes out.
        entry = dict(call, status=status, fault=rule is not None, throttled=throttled)
        entry["end"] = time.time()
        entry["body"] = body.decode("utf-8", "replace")[:4096]
        self.calls.write(json.dumps(entry) + "\n")

    def log_message(self, format, *args):
        pass


class _Server(ThreadingHTTPServer):
    # socketserver's default backlog of 5 drops the SYN of a client that opens more
    # connections at once (ccx reads a dozen things concurrently), which then waits a
    # whole second to retry: as AWS never makes it wait.
    request_queue_size = 128


class _CallsLog:
    def __init__(self, path):
        # Append mode: a test may truncate the file while the proxy runs.
        self._file = open(path, "a", encoding="utf-8")
        self._lock = threading.Lock()

    def write(self, line):
        with self._lock:
            self._file.write(line)
            self._file.flush()


def start(moto_url, faults_path=None, calls_path=None, as_aws_path=None):
    """Starts the proxy on a free loopback port in daemon threads; returns its URL.
    With `as_aws_path` (a settings file, which need not exist yet) the "as AWS" layer
    is on."""
    moto = urlsplit(moto_url)
    handler = type(
        "Handler",
        (_Handler,),
        {
            "moto": (moto.hostname, moto.port),
            "faults": Faults(faults_path),
            "calls": _CallsLog(calls_path) if calls_path else None,
            "as_aws": as_aws.AsAws(as_aws_path) if as_aws_path else None,
            "mover": move_tasks.MoveTasks(moto_url),
        },
    )
    server = _Server(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host, port = server.server_address[:2]
    return f"http://{host}:{port}"


def main():
    """Serves as its own process (sandbox.py starts it so): prints its URL on one line,
    then serves until its standard input ends (the sandbox closes it, or exits)."""
    parser = argparse.ArgumentParser(description="the fault proxy in front of moto")
    parser.add_argument("--moto", required=True, help="moto's URL")
    parser.add_argument("--faults")
    parser.add_argument("--calls-log")
    parser.add_argument("--as-aws")
    args = parser.parse_args()
    url = start(args.moto, args.faults, args.calls_log, args.as_aws)
    sys.stdout.write(url + "\n")
    sys.stdout.flush()
    while sys.stdin.buffer.read(65536):
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
