"""Mapping transitions that take time, as on AWS (part of the "as AWS" layer).

moto flips an event source mapping's `State` at once. On AWS a write starts a
transition: UpdateEventSourceMapping answers `Enabling`, `Disabling` or `Updating`,
CreateEventSourceMapping answers `Creating`, and Get/List report that state until the
transition ends (seconds, sometimes minutes); an update while it lasts is refused with
`ResourceInUseException`. This keeps, per mapping UUID, the transitional state and when
it ends, and reshapes moto's answers accordingly. The duration is the layer setting
`mapping_transition_seconds` (null: off).
"""

import json
import threading
import time

import as_aws


class MappingTransitions:
    def __init__(self):
        self._until = {}  # uuid -> (state, monotonic end)
        self._lock = threading.Lock()

    def _current(self, uuid):
        """The transitional state of `uuid` now, or None."""
        with self._lock:
            entry = self._until.get(uuid)
            if entry and time.monotonic() >= entry[1]:
                del self._until[uuid]
                entry = None
            return entry[0] if entry else None

    def refuse(self, settings, call, content_type):
        """The ResourceInUseException answer to an update during a transition, or None."""
        if call["action"] not in ("UpdateEventSourceMapping", "DeleteEventSourceMapping"):
            return None
        state = self._current(call["uuid"])
        if state is None:
            return None
        return as_aws.json_error(
            400,
            "ResourceInUseException",
            f"Cannot update the event source mapping because it is in use (state: {state}).",
            content_type,
        )

    def reshape(self, settings, call, body, answer):
        """moto's `answer` (status, headers, payload) with the transitional states."""
        seconds = settings.get("mapping_transition_seconds")
        status, headers, payload = answer
        action = call["action"]
        if not seconds or status >= 300 or action not in _ACTIONS:
            return answer
        try:
            document = json.loads(payload)
        except ValueError:
            return answer
        if action in ("UpdateEventSourceMapping", "CreateEventSourceMapping"):
            uuid = document.get("UUID") or call["uuid"]
            state = _starts(action, body)
            if uuid and state:
                with self._lock:
                    self._until[uuid] = (state, time.monotonic() + float(seconds))
        items = document.get("EventSourceMappings")
        for mapping in items if isinstance(items, list) else [document]:
            state = self._current(mapping.get("UUID"))
            if state:
                mapping["State"] = state
        return status, headers, json.dumps(document).encode()


_ACTIONS = (
    "UpdateEventSourceMapping",
    "CreateEventSourceMapping",
    "GetEventSourceMapping",
    "ListEventSourceMappings",
)


def _starts(action, body):
    """The transition a write starts."""
    if action == "CreateEventSourceMapping":
        return "Creating"
    try:
        request = json.loads(body or b"{}")
    except ValueError:
        return "Updating"
    if request.get("Enabled") is True:
        return "Enabling"
    if request.get("Enabled") is False:
        return "Disabling"
    return "Updating"
