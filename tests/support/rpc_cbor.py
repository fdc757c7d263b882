"""Smithy RPC v2 CBOR in front of moto, which speaks only JSON and query.

CloudWatch (and the AWS SDK for Rust's client of it) speaks the Smithy RPC v2 CBOR
protocol: `POST /service/SERVICE/operation/OPERATION`, header `smithy-protocol:
rpc-v2-cbor`, a CBOR body, timestamps as CBOR tag 1 (epoch seconds). moto 5.2.5 knows
the same operations through the AWS JSON 1.0 protocol (`X-Amz-Target:
SERVICE.OPERATION`). The proxy turns such a request into its JSON 1.0 twin before
anything else sees it (so the calls log and fault rules see the operation's name), and
the answer back into CBOR, typed by botocore's model of the operation's output.

Only what the Smithy CBOR codecs send and expect is implemented: unsigned and negative
integers, byte and text strings (definite or indefinite), arrays, maps, tag 1, simple
values false/true/null, and floats (half, single, double).
"""

import base64
import json
import re
import struct

_PATH = re.compile(r"/service/([^/]+)/operation/([^/?]+)")
_MODELS = {}


class Timestamp(float):
    """A value to be written as CBOR tag 1 (epoch seconds)."""


def is_rpc_v2_cbor(headers):
    return (headers.get("smithy-protocol") or "").lower() == "rpc-v2-cbor"


def to_json_request(path, headers, body):
    """(path, header overrides, body) of the JSON 1.0 request equal to this CBOR one, or
    None when it is not an RPC v2 CBOR request."""
    if not is_rpc_v2_cbor(headers):
        return None
    match = _PATH.fullmatch(path.split("?", 1)[0])
    if not match:
        return None
    service, operation = match.groups()
    document = decode(body) if body else {}
    overrides = {
        "X-Amz-Target": f"{service}.{operation}",
        "Content-Type": "application/x-amz-json-1.0",
        "smithy-protocol": None,
        "Accept": None,
    }
    return "/", overrides, json.dumps(_jsonable(document)).encode(), operation


def to_cbor_response(signing_name, operation, status, headers, payload):
    """moto's JSON answer (or an error in JSON) as the CBOR answer the client expects."""
    try:
        document = json.loads(payload or b"{}")
    except ValueError:
        document = {"__type": "InternalFailure", "message": payload.decode("utf-8", "replace")}
    if status < 300:
        shape = _output_shape(signing_name, operation)
        document = _typed(document, shape)
    kept = [(k, v) for k, v in headers if k.lower() not in ("content-type", "content-length")]
    kept += [("Content-Type", "application/cbor"), ("smithy-protocol", "rpc-v2-cbor")]
    return status, kept, encode(document)


def _output_shape(signing_name, operation):
    import botocore.session

    service = {"monitoring": "cloudwatch"}.get(signing_name, signing_name)
    if service not in _MODELS:
        _MODELS[service] = botocore.session.get_session().get_service_model(service)
    try:
        return _MODELS[service].operation_model(operation).output_shape
    except Exception:  # an operation botocore does not know: send it untyped
        return None


def _typed(value, shape):
    """JSON values made the CBOR types the model says: timestamps tagged, doubles as
    floats, integers as integers."""
    if shape is None or value is None:
        return value
    kind = shape.type_name
    if kind == "structure" and isinstance(value, dict):
        return {
            key: _typed(item, shape.members.get(key)) for key, item in value.items()
        }
    if kind == "list" and isinstance(value, list):
        return [_typed(item, shape.member) for item in value]
    if kind == "map" and isinstance(value, dict):
        return {key: _typed(item, shape.value) for key, item in value.items()}
    if kind == "timestamp" and isinstance(value, (int, float)):
        return Timestamp(value)
    if kind in ("double", "float") and isinstance(value, (int, float)):
        return float(value)
    if kind in ("integer", "long") and isinstance(value, float):
        return int(value)
    return value


def _jsonable(value):
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    if isinstance(value, Timestamp):
        return float(value)
    return value


# ---- CBOR -------------------------------------------------------------------------------


def encode(value):
    out = bytearray()
    _encode(value, out)
    return bytes(out)


def _head(major, length, out):
    if length < 24:
        out.append(major << 5 | length)
    elif length < 0x100:
        out += bytes([major << 5 | 24, length])
    elif length < 0x10000:
        out.append(major << 5 | 25)
        out += struct.pack(">H", length)
    elif length < 0x100000000:
        out.append(major << 5 | 26)
        out += struct.pack(">I", length)
    else:
        out.append(major << 5 | 27)
        out += struct.pack(">Q", length)


def _encode(value, out):
    if isinstance(value, Timestamp):
        _head(6, 1, out)
        out.append(0xFB)
        out += struct.pack(">d", float(value))
    elif value is None:
        out.append(0xF6)
    elif value is True:
        out.append(0xF5)
    elif value is False:
        out.append(0xF4)
    elif isinstance(value, int):
        if value >= 0:
            _head(0, value, out)
        else:
            _head(1, -1 - value, out)
    elif isinstance(value, float):
        out.append(0xFB)
        out += struct.pack(">d", value)
    elif isinstance(value, bytes):
        _head(2, len(value), out)
        out += value
    elif isinstance(value, str):
        data = value.encode()
        _head(3, len(data), out)
        out += data
    elif isinstance(value, (list, tuple)):
        _head(4, len(value), out)
        for item in value:
            _encode(item, out)
    elif isinstance(value, dict):
        _head(5, len(value), out)
        for key, item in value.items():
            _encode(str(key), out)
            _encode(item, out)
    else:
        raise TypeError(f"cannot encode {type(value).__name__} as CBOR")


def decode(data):
    value, end = _decode(memoryview(bytes(data)), 0)
    if end != len(data):
        raise ValueError("trailing bytes after the CBOR item")
    return value


_BREAK = object()


def _length(data, pos, info):
    if info < 24:
        return info, pos
    size = {24: 1, 25: 2, 26: 4, 27: 8}.get(info)
    if size is None:
        raise ValueError(f"bad CBOR length info {info}")
    return int.from_bytes(data[pos : pos + size], "big"), pos + size


def _decode(data, pos):
    initial = data[pos]
    pos += 1
    major, info = initial >> 5, initial & 0x1F
    if major == 7:
        if info == 20:
            return False, pos
        if info == 21:
            return True, pos
        if info in (22, 23):
            return None, pos
        if info == 25:
            return struct.unpack(">e", data[pos : pos + 2])[0], pos + 2
        if info == 26:
            return struct.unpack(">f", data[pos : pos + 4])[0], pos + 4
        if info == 27:
            return struct.unpack(">d", data[pos : pos + 8])[0], pos + 8
        if info == 31:
            return _BREAK, pos
        raise ValueError(f"unsupported CBOR simple value {info}")
    if info == 31 and major in (2, 3, 4, 5):
        return _indefinite(data, pos, major)
    length, pos = _length(data, pos, info)
    if major == 0:
        return length, pos
    if major == 1:
        return -1 - length, pos
    if major == 2:
        return bytes(data[pos : pos + length]), pos + length
    if major == 3:
        return bytes(data[pos : pos + length]).decode(), pos + length
    if major == 4:
        items = []
        for _ in range(length):
            item, pos = _decode(data, pos)
            items.append(item)
        return items, pos
    if major == 5:
        mapping = {}
        for _ in range(length):
            key, pos = _decode(data, pos)
            mapping[key], pos = _decode(data, pos)
        return mapping, pos
    # major 6: a tag; only tag 1 (epoch seconds) means something here.
    value, pos = _decode(data, pos)
    return (Timestamp(value) if length == 1 else value), pos


def _indefinite(data, pos, major):
    if major in (2, 3):
        chunks = []
        while True:
            chunk, pos = _decode(data, pos)
            if chunk is _BREAK:
                joined = b"".join(c if isinstance(c, bytes) else c.encode() for c in chunks)
                return (joined if major == 2 else joined.decode()), pos
            chunks.append(chunk)
    if major == 4:
        items = []
        while True:
            item, pos = _decode(data, pos)
            if item is _BREAK:
                return items, pos
            items.append(item)
    mapping = {}
    while True:
        key, pos = _decode(data, pos)
        if key is _BREAK:
            return mapping, pos
        mapping[key], pos = _decode(data, pos)
