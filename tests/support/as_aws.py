"""The proxy's "as AWS" layer: moto answers, reshaped the way production AWS answers.

moto is kinder than AWS (one page, no rate limits, every function Active, no
LoggingConfig). This layer sits in the proxy between the fault rules and moto and
imitates what AWS does instead; README.md beside this file lists each imitation with its
source. Its settings are DEFAULTS merged (RFC 7386 merge patch: objects merge, null
deletes) with the JSON object in the settings file, which is re-read when it changes:

    {"enabled": true,
     "pages": {"ListFunctions": 50, "ListEventSourceMappings": 100, "ListQueues": 1000,
               "FilterLogEvents": 10000, "FilterLogEventsBytes": 1048576},
     "empty_first_page_after_seconds": 300,
     "page_cache_seconds": null,
     "rate_limits": {NAME: {"service": "logs", "actions": [...] | "except": [...],
                            "per_second": 5, "burst": 5}},
     "functions": {"<function name>": {"State": "Failed", "StateReason": "...",
                                       "LoggingConfig": {"LogFormat": "JSON"}}},
     "late_events": [{"group": "/aws/lambda/x", "contains": "text", "delay_seconds": 90}],
     "mapping_transition_seconds": 1.0}
"""

import base64
import bisect
import copy
import json
import re
import sys
import threading
import time
import uuid
from urllib.parse import parse_qs, urlencode

import filter_patterns
import transitions

DEFAULTS = {
    "enabled": True,
    "pages": {
        "ListFunctions": 50,
        "ListEventSourceMappings": 100,
        "ListQueues": 1000,
        "FilterLogEvents": 10_000,
        "FilterLogEventsBytes": 1_048_576,
    },
    # A FilterLogEvents search over a longer time range answers its first page empty,
    # with a nextToken; null turns that off.
    "empty_first_page_after_seconds": 300,
    # Seconds the next pages of a listing or search reuse what moto answered for its first
    # page; null asks moto again for every page. Only speed changes (for benchmarks).
    "page_cache_seconds": None,
    # Token buckets per region of the account (one sandbox is one account); burst = one
    # second's worth.
    "rate_limits": {
        "FilterLogEvents": {
            "service": "logs",
            "actions": ["FilterLogEvents"],
            "per_second": 5,
            "burst": 5,
        },
        "GetFunction": {
            "service": "lambda",
            "actions": ["GetFunction"],
            "per_second": 100,
            "burst": 100,
        },
        "Lambda control plane": {
            "service": "lambda",
            "except": ["GetFunction", "GetPolicy", "Invoke"],
            "per_second": 15,
            "burst": 15,
        },
    },
    "functions": {},
    "late_events": [],
    # A mapping write starts a transition (Enabling, Disabling, Updating, Creating) that
    # Get/List report for this long (transitions.py); null: settled at once, as moto.
    "mapping_transition_seconds": 1.0,
}

# Only GetFunction / GetFunctionConfiguration report these (Lambda API, ListFunctions).
LIST_OMITS = (
    "State",
    "StateReason",
    "StateReasonCode",
    "LastUpdateStatus",
    "LastUpdateStatusReason",
    "LastUpdateStatusReasonCode",
    "RuntimeVersionConfig",
)
# What CloudWatch Logs counts per event besides its message, towards the 1 MB page.
EVENT_OVERHEAD_BYTES = 26


def merge_patch(target, patch):
    """RFC 7386: `patch` applied to a copy of `target`."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    merged = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = merge_patch(merged.get(key), value)
    return merged


def json_error(status, code, message, content_type=None, **fields):
    """Headers and body of an AWS JSON-protocol error (Lambda, CloudWatch Logs, SQS)."""
    headers = [("x-amzn-RequestId", str(uuid.uuid4())), ("x-amzn-ErrorType", code)]
    content_type = content_type if content_type and "json" in content_type else None
    headers.append(("Content-Type", content_type or "application/json"))
    kind = "Service" if status >= 500 else "User"
    body = {"__type": code, "message": message, "Type": kind, **fields}
    return status, headers, json.dumps(body).encode()


class Settings:
    """DEFAULTS merged with the settings file, re-read whenever its text changes."""

    def __init__(self, path):
        self._path = path
        self._text = None
        self._value = copy.deepcopy(DEFAULTS)
        self._lock = threading.Lock()

    def current(self):
        with self._lock:
            self._reload()
            return self._value

    def _reload(self):
        if self._path is None:
            return
        try:
            with open(self._path, encoding="utf-8") as f:
                text = f.read()
        except FileNotFoundError:
            text = "{}"
        if text == self._text:
            return
        try:
            patch = json.loads(text or "{}")
        except ValueError as e:
            print(f"as_aws: ignoring unreadable settings file: {e}", file=sys.stderr)
            return
        self._text, self._value = text, merge_patch(DEFAULTS, patch)


class RateLimiter:
    """One token bucket per configured limit and region (AWS's quotas are per account and
    Region); a bucket restarts full when its limit changes."""

    def __init__(self):
        self._buckets = {}
        self._lock = threading.Lock()

    def admit(self, limits, region, service, action):
        """False when `action` is beyond one of the limits it counts against."""
        now = time.monotonic()
        with self._lock:
            for name, limit in limits.items():
                if not _counts_against(limit, service, action):
                    continue
                rate = float(limit["per_second"])
                burst = float(limit.get("burst", rate))
                key = (rate, burst)
                bucket = self._buckets.get((region, name))
                if bucket is None or bucket["key"] != key:
                    bucket = {"key": key, "tokens": burst, "at": now}
                    self._buckets[(region, name)] = bucket
                bucket["tokens"] = min(burst, bucket["tokens"] + (now - bucket["at"]) * rate)
                bucket["at"] = now
                if bucket["tokens"] < 1:
                    return False
                bucket["tokens"] -= 1
        return True


def _counts_against(limit, service, action):
    if limit.get("service") not in (None, service):
        return False
    if "actions" in limit:
        return action in limit["actions"]
    return action not in limit.get("except", [])


class AsAws:
    def __init__(self, settings_path):
        self._settings = Settings(settings_path)
        self._limiter = RateLimiter()
        self._transitions = transitions.MappingTransitions()

    def settings(self):
        return self._settings.current()

    def throttle(self, call, content_type):
        """The throttling answer for a request beyond its rate, or None to go on."""
        settings = self.settings()
        if not settings.get("enabled"):
            return None
        limits = settings.get("rate_limits", {})
        if self._limiter.admit(limits, call.get("region"), call["service"], call["action"]):
            return None
        if call["service"] == "lambda":
            return json_error(
                429, "TooManyRequestsException", "Rate exceeded", content_type,
                Reason="CallerRateLimitExceeded",
            )
        return json_error(400, "ThrottlingException", "Rate exceeded", content_type)

    def answer(self, call, path, query, body, content_type, forward):
        """The answer to a request let through: `forward(path_and_query, body)` asks moto
        and returns (status, headers, payload); some actions reshape what moto said."""
        settings = self.settings()
        if not settings.get("enabled"):
            return forward(_join(path, query), body)
        refused = self._transitions.refuse(settings, call, content_type)
        if refused:
            return refused
        handler = _HANDLERS.get(call["action"])
        if handler is None:
            answer = forward(_join(path, query), body)
        else:
            answer = handler(settings, call, path, query, body, content_type, forward)
        return self._transitions.reshape(settings, call, body, answer)


def _join(path, query):
    return f"{path}?{query}" if query else path


# ---- Lambda: pages, fields and per-function overrides ----------------------------------


def _list_functions(settings, call, path, query, body, content_type, forward):
    return _paged_lambda_list(
        settings, call, "ListFunctions", "Functions", path, query, body, content_type, forward,
        lambda config: _as_aws_function(settings, config, listing=True),
    )


def _list_mappings(settings, call, path, query, body, content_type, forward):
    return _paged_lambda_list(
        settings, call, "ListEventSourceMappings", "EventSourceMappings", path, query, body,
        content_type, forward, lambda mapping: mapping,
    )


def _paged_lambda_list(
    settings, call, action, key, path, query, body, content_type, forward, shape
):
    """moto answers everything at once and ignores Marker/MaxItems: ask it for all, then
    hand out at most the page size, with an opaque NextMarker of our own."""
    params = parse_qs(query, keep_blank_values=True)
    marker = params.pop("Marker", [None])[0]
    asked = params.pop("MaxItems", [None])[0]
    page_size = int(settings["pages"][action])
    try:
        offset = int(_decode_marker(action, marker)["offset"]) if marker else 0
        if asked is not None:
            if int(asked) < 1:
                raise ValueError
            page_size = min(page_size, int(asked))
    except (ValueError, KeyError, TypeError):
        return json_error(
            400, "InvalidParameterValueException", "Invalid Marker or MaxItems", content_type
        )
    moto_path = _join(path, urlencode(params, doseq=True))
    cache_seconds = settings.get("page_cache_seconds")
    # Each region's listing is its own (one account, several regions in one bed).
    cache_key = (call.get("region"), moto_path)
    cached = _RECENT.get(cache_key) if marker and cache_seconds else None
    if cached and time.monotonic() - cached[0] <= cache_seconds:
        status, headers, items = cached[1:]
    else:
        status, headers, payload = forward(moto_path, body)
        if status >= 300:
            return status, headers, payload
        items = json.loads(payload).get(key) or []
        if cache_seconds:
            _RECENT.put(cache_key, (time.monotonic(), status, headers, items))
    page = [shape(copy.deepcopy(item)) for item in items[offset : offset + page_size]]
    answer = {key: page}
    if offset + page_size < len(items):
        answer["NextMarker"] = _encode_marker(action, {"offset": offset + page_size})
    return status, headers, json.dumps(answer).encode()


def _get_function_configuration(settings, call, path, query, body, content_type, forward):
    status, headers, payload = forward(_join(path, query), body)
    if status >= 300:
        return status, headers, payload
    config = _as_aws_function(settings, json.loads(payload), listing=False)
    return status, headers, json.dumps(config).encode()


def _get_function(settings, call, path, query, body, content_type, forward):
    status, headers, payload = forward(_join(path, query), body)
    if status >= 300:
        return status, headers, payload
    document = json.loads(payload)
    if isinstance(document.get("Configuration"), dict):
        document["Configuration"] = _as_aws_function(
            settings, document["Configuration"], listing=False
        )
    return status, headers, json.dumps(document).encode()


def _as_aws_function(settings, config, listing):
    """A function's configuration as Lambda reports it: LoggingConfig always present
    (moto has none), the test's overrides applied, and ListFunctions without states."""
    name = config.get("FunctionName", "")
    logging_config = {"LogFormat": "Text", "LogGroup": f"/aws/lambda/{name}"}
    logging_config.update(config.get("LoggingConfig") or {})
    for field, value in settings.get("functions", {}).get(name, {}).items():
        if field == "LoggingConfig":
            logging_config = merge_patch(logging_config, value or {})
        elif value is None:
            config.pop(field, None)
        else:
            config[field] = copy.deepcopy(value)
    if logging_config.get("LogFormat") == "JSON":
        # Lambda fills in the levels of a JSON-format function.
        logging_config.setdefault("ApplicationLogLevel", "INFO")
        logging_config.setdefault("SystemLogLevel", "INFO")
    config["LoggingConfig"] = logging_config
    if listing:
        for field in LIST_OMITS:
            config.pop(field, None)
    return config


def _encode_marker(kind, state):
    return base64.urlsafe_b64encode(json.dumps({"kind": kind, **state}).encode()).decode()


def _decode_marker(kind, marker):
    try:
        state = json.loads(base64.urlsafe_b64decode(marker.encode()))
    except (ValueError, TypeError) as e:
        raise ValueError("not one of our markers") from e
    if not isinstance(state, dict) or state.get("kind") != kind:
        raise ValueError("a marker of another operation")
    return state


# ---- CloudWatch Logs: FilterLogEvents patterns, pages, empty pages, late events --------


def _filter_log_events(settings, call, path, query, body, content_type, forward):
    """Asks moto for every event of the range, keeps those the filter pattern matches as
    CloudWatch Logs reads it (filter_patterns.py), then pages like CloudWatch Logs: time
    order always, at most 10,000 events or 1 MB a page, a long search starting with an
    empty page that carries a token, and late events hidden until they have arrived."""
    try:
        request = json.loads(body or b"{}")
    except ValueError:
        return forward(_join(path, query), body)
    group = request.get("logGroupName") or request.get("logGroupIdentifier")
    token = request.pop("nextToken", None)
    asked = request.pop("limit", None)
    try:
        cursor = _decode_marker("FilterLogEvents", token) if token else None
        if cursor is not None and cursor.get("group") != group:
            raise ValueError("a token of another log group")
        limit = min(int(asked), settings["pages"]["FilterLogEvents"]) if asked else None
        if limit is not None and limit < 1:
            raise ValueError("limit below 1")
    except (ValueError, TypeError):
        return json_error(
            400, "InvalidParameterException", "The specified nextToken is invalid.", content_type
        )
    limit = limit or settings["pages"]["FilterLogEvents"]
    # moto reads only plain terms (anything else matches every event): the layer asks
    # it for everything and applies the pattern as CloudWatch Logs reads it.
    try:
        matches = filter_patterns.compile_pattern(request.pop("filterPattern", None))
    except (filter_patterns.PatternError, re.error) as e:
        return json_error(
            400, "InvalidParameterException", f"Invalid filter pattern: {e}", content_type
        )
    # moto ignores logStreamNamePrefix (it searches every stream); CloudWatch filters by
    # it, and refuses it beside logStreamNames.
    prefix = request.get("logStreamNamePrefix")
    if prefix is not None and request.get("logStreamNames"):
        return json_error(
            400,
            "InvalidParameterException",
            "logStreamNames and logStreamNamePrefix cannot both be specified.",
            content_type,
        )

    request["interleaved"] = True
    search = (call.get("region"), json.dumps(request, sort_keys=True))
    cache_seconds = settings.get("page_cache_seconds")
    cached = _RECENT.get(search) if cursor is not None and cache_seconds else None
    if cached and time.monotonic() - cached[0] <= cache_seconds:
        status, headers, events = cached[1], cached[2], list(cached[3])
    else:
        status, headers, events = _all_moto_events(request, path, query, forward)
        if status >= 300:
            return status, headers, events
        if prefix is not None:
            events = [e for e in events if str(e.get("logStreamName", "")).startswith(prefix)]
        events.sort(key=_event_key)
        if cache_seconds:
            _RECENT.put(search, (time.monotonic(), status, headers, list(events)))

    events = [event for event in events if matches(event.get("message", ""))]
    now_ms = int(time.time() * 1000)
    late_rules = settings.get("late_events", [])
    if late_rules:
        events = _arrived(events, group, late_rules, now_ms)
        events.sort(key=_event_key)
    answer = {"events": [], "searchedLogStreams": []}
    if cursor is None and _starts_empty(settings, request, now_ms):
        answer["nextToken"] = _encode_marker("FilterLogEvents", {"group": group, "after": None})
        return status, headers, json.dumps(answer).encode()

    after = cursor.get("after") if cursor else None
    if after is not None:
        events = events[bisect.bisect_right(events, tuple(after), key=_event_key) :]
    size, max_bytes = 0, settings["pages"]["FilterLogEventsBytes"]
    for event in events:
        cost = len(event.get("message", "").encode()) + EVENT_OVERHEAD_BYTES
        if len(answer["events"]) == limit or (answer["events"] and size + cost > max_bytes):
            break
        answer["events"].append(event)
        size += cost
    if len(answer["events"]) < len(events):
        last = list(_event_key(answer["events"][-1]))
        answer["nextToken"] = _encode_marker("FilterLogEvents", {"group": group, "after": last})
    return status, headers, json.dumps(answer).encode()


def _all_moto_events(request, path, query, forward):
    """Every event moto has for the search, following its tokens: (status, headers,
    events), or moto's error answer."""
    events, moto_token = [], None
    while True:
        ask = dict(request, limit=10_000)
        if moto_token:
            ask["nextToken"] = moto_token
        status, headers, payload = forward(_join(path, query), json.dumps(ask).encode())
        if status >= 300:
            return status, headers, payload
        page = json.loads(payload)
        events += page.get("events") or []
        next_token = page.get("nextToken")
        if not next_token or next_token == moto_token:
            return status, headers, events
        moto_token = next_token


class _RecentAnswers:
    """What moto answered to the last few listings and searches (page_cache_seconds)."""

    def __init__(self, size=16):
        self._size = size
        self._entries = {}
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            return self._entries.get(key)

    def put(self, key, value):
        with self._lock:
            self._entries.pop(key, None)
            self._entries[key] = value
            while len(self._entries) > self._size:
                self._entries.pop(next(iter(self._entries)))


_RECENT = _RecentAnswers()


def _event_key(event):
    return (event.get("timestamp", 0), event.get("ingestionTime", 0), str(event.get("eventId", "")))


def _starts_empty(settings, request, now_ms):
    after_seconds = settings.get("empty_first_page_after_seconds")
    if after_seconds is None:
        return False
    start = request.get("startTime") or 0
    end = request.get("endTime") or now_ms
    return end - start > after_seconds * 1000


def _arrived(events, group, rules, now_ms):
    """Events a late-arrival rule holds back are invisible until timestamp + delay, and
    then report that moment as their ingestion time."""
    arrived = []
    for event in events:
        delay_ms = max(
            (
                int(rule.get("delay_seconds", 0) * 1000)
                for rule in rules
                if rule.get("group") in (None, group)
                and rule.get("contains", "") in event.get("message", "")
            ),
            default=0,
        )
        if delay_ms:
            due = event.get("timestamp", 0) + delay_ms
            if now_ms < due:
                continue
            event = dict(event, ingestionTime=max(event.get("ingestionTime", 0), due))
        arrived.append(event)
    return arrived


# ---- SQS: ListQueues without MaxResults stops at 1,000 --------------------------------


def _list_queues(settings, call, path, query, body, content_type, forward):
    status, headers, payload = forward(_join(path, query), body)
    if status >= 300 or "json" not in (content_type or ""):
        return status, headers, payload
    try:
        request = json.loads(body or b"{}")
        document = json.loads(payload)
    except ValueError:
        return status, headers, payload
    if "MaxResults" not in request and isinstance(document.get("QueueUrls"), list):
        document["QueueUrls"] = document["QueueUrls"][: settings["pages"]["ListQueues"]]
        document.pop("NextToken", None)
    return status, headers, json.dumps(document).encode()


_HANDLERS = {
    "ListFunctions": _list_functions,
    "ListEventSourceMappings": _list_mappings,
    "GetFunctionConfiguration": _get_function_configuration,
    "GetFunction": _get_function,
    "FilterLogEvents": _filter_log_events,
    "ListQueues": _list_queues,
}
