"""CloudWatch Logs filter patterns as FilterLogEvents reads them (the "as AWS" layer's).

moto understands only plain terms and one quoted phrase and answers anything else
(`?"a" ?"b"`, `-term`, `{ $.x = 1 }`) with every event, so a search narrowed by such a
pattern shows nothing of what AWS would keep. `compile_pattern(text)` returns a
`matches(message) -> bool` that applies:

- **Terms**: words or quoted phrases (`"ERROR 401"`, with `\\"` and `\\\\` escapes),
  each a case-sensitive substring of the message (the guide's `"ERROR"` matches
  `Exiting with ERRORCODE: -1`). Several terms: all must occur.
- `?term`: OR; an event matches when any `?` term occurs (and every plain term).
- `-term` (or `- term`): the event must not contain it.
- `{ SELECTOR OP VALUE }`: JSON events only: `$.a.b[0]` selectors; `=` `!=` on strings
  (unquoted or quoted, `*` as a wildcard at either end) and numbers, `<` `>` `<=` `>=` on numbers;
  `IS TRUE`/`IS FALSE`/`IS NULL`, `EXISTS`/`NOT EXISTS`; `&&`, `||`, parentheses. A
  selector that reaches an object or array matches nothing; a message that is not a
  JSON object matches no JSON pattern.
- `%regex%`: a regular expression searched in the message.
- An empty pattern matches every event.

Space-delimited patterns (`[ip, user, ...]`) are not imitated: `PatternError` says so,
so a test that relies on one fails instead of silently matching everything.

Source: Amazon CloudWatch Logs User Guide, "Filter pattern syntax for metric filters,
subscription filters, filter log events, and Live Tail" (matching terms, OR pattern
matching, JSON log events, compound conditions, regex).
"""

import json
import re


class PatternError(ValueError):
    """A pattern the layer cannot read (AWS answers InvalidParameterException)."""


def compile_pattern(text):
    text = (text or "").strip()
    if not text:
        return lambda message: True
    if text.startswith("{"):
        return _json_pattern(text)
    if text.startswith("["):
        raise PatternError("space-delimited filter patterns are not imitated by the test bed")
    if len(text) > 1 and text.startswith("%") and text.endswith("%"):
        regex = re.compile(text[1:-1])
        return lambda message: regex.search(message) is not None
    return _term_pattern(text)


# ---- terms, phrases, ? and - -------------------------------------------------------------


def _term_pattern(text):
    required, any_of, excluded = [], [], []
    pending = None
    for prefix, term in _terms(text):
        if prefix == "-" and term is None:
            pending = "-"
            continue
        prefix = pending or prefix
        pending = None
        {"": required, "?": any_of, "-": excluded}[prefix].append(term)
    if pending:
        raise PatternError("a '-' with no term after it")

    def matches(message):
        return (
            all(term in message for term in required)
            and (not any_of or any(term in message for term in any_of))
            and not any(term in message for term in excluded)
        )

    return matches


def _terms(text):
    """(prefix, term) per whitespace-separated term; a lone `-` is (`-`, None)."""
    i, n = 0, len(text)
    while i < n:
        if text[i].isspace():
            i += 1
            continue
        prefix = ""
        if text[i] in "?-":
            prefix, i = text[i], i + 1
            if i >= n or text[i].isspace():
                if prefix == "-":
                    yield "-", None
                    continue
                raise PatternError("a '?' with no term after it")
        if text[i] == '"':
            term, i = _quoted(text, i)
        else:
            start = i
            while i < n and not text[i].isspace():
                i += 1
            term = text[start:i]
        yield prefix, term


def _quoted(text, i):
    """The phrase of the quoted string starting at `text[i]`, and where it ends."""
    out, i = [], i + 1
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text):
            out.append(text[i + 1])
            i += 2
        elif c == '"':
            return "".join(out), i + 1
        else:
            out.append(c)
            i += 1
    raise PatternError("an unclosed quote")


# ---- JSON: { $.selector OP value && ... } ----------------------------------------------

_TOKEN = re.compile(
    r"""\s*(?:
      (?P<selector>\$(?:\.[A-Za-z0-9_\-]+|\[\d+\])*)
    | (?P<op>&&|\|\||!=|<=|>=|=|<|>|\(|\))
    | (?P<string>"(?:[^"\\]|\\.)*")
    | (?P<word>[^\s()=!<>&|"]+)
    )""",
    re.VERBOSE,
)
_MISSING = object()


def _json_pattern(text):
    body = text.strip()
    if not body.endswith("}"):
        raise PatternError("a JSON pattern must end with '}'")
    tokens = _json_tokens(body[1:-1])
    parser = _JsonParser(tokens)
    condition = parser.disjunction()
    if parser.peek() is not None:
        raise PatternError(f"unexpected {parser.peek()[1]!r} in the JSON pattern")

    def matches(message):
        try:
            document = json.loads(message)
        except ValueError:
            return False
        return isinstance(document, dict) and condition(document)

    return matches


def _json_tokens(text):
    tokens, i = [], 0
    while i < len(text):
        if text[i:].strip() == "":
            break
        match = _TOKEN.match(text, i)
        if not match or match.end() == i:
            raise PatternError(f"cannot read the JSON pattern at {text[i:]!r}")
        kind = match.lastgroup
        value = match.group(kind)
        if kind == "string":
            value = json.loads(value)
        tokens.append((kind, value))
        i = match.end()
    return tokens


class _JsonParser:
    """`||` over `&&` over comparisons, with parentheses (the guide's order)."""

    def __init__(self, tokens):
        self.tokens, self.at = tokens, 0

    def peek(self):
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self):
        token = self.peek()
        if token is None:
            raise PatternError("the JSON pattern ends too early")
        self.at += 1
        return token

    def disjunction(self):
        parts = [self.conjunction()]
        while self.peek() == ("op", "||"):
            self.take()
            parts.append(self.conjunction())
        return lambda doc: any(part(doc) for part in parts)

    def conjunction(self):
        parts = [self.primary()]
        while self.peek() == ("op", "&&"):
            self.take()
            parts.append(self.primary())
        return lambda doc: all(part(doc) for part in parts)

    def primary(self):
        if self.peek() == ("op", "("):
            self.take()
            inner = self.disjunction()
            if self.take() != ("op", ")"):
                raise PatternError("a '(' without its ')'")
            return inner
        kind, selector = self.take()
        if kind != "selector":
            raise PatternError(f"expected a $. selector, found {selector!r}")
        path = _path(selector)
        kind, word = self.take()
        if kind == "word" and word.upper() in ("IS", "NOT", "EXISTS"):
            return self.keyword_test(path, word.upper())
        if kind != "op" or word not in ("=", "!=", "<", ">", "<=", ">="):
            raise PatternError(f"expected an operator after {selector}, found {word!r}")
        value_kind, value = self.take()
        if value_kind not in ("word", "string"):
            raise PatternError(f"expected a value after {word}")
        return _comparison(path, word, value, quoted=value_kind == "string")

    def keyword_test(self, path, first):
        if first == "EXISTS":
            return lambda doc: _select(doc, path) is not _MISSING
        if first == "NOT":
            if self.take()[1].upper() != "EXISTS":
                raise PatternError("expected EXISTS after NOT")
            return lambda doc: _select(doc, path) is _MISSING
        expected = self.take()[1].upper()
        wanted = {"TRUE": True, "FALSE": False, "NULL": None}
        if expected not in wanted:
            raise PatternError("expected TRUE, FALSE or NULL after IS")
        value = wanted[expected]
        return lambda doc: (found := _select(doc, path)) is not _MISSING and found is value


def _path(selector):
    return [
        int(part[1:-1]) if part.startswith("[") else part[1:]
        for part in re.findall(r"\.[A-Za-z0-9_\-]+|\[\d+\]", selector[1:])
    ]


def _select(document, path):
    node = document
    for step in path:
        if isinstance(step, int):
            if not isinstance(node, list) or step >= len(node):
                return _MISSING
            node = node[step]
        else:
            if not isinstance(node, dict) or step not in node:
                return _MISSING
            node = node[step]
    return node


def _number(value):
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _comparison(path, op, value, quoted):
    wanted_number = None if quoted else _number(value)

    def test(document):
        found = _select(document, path)
        # Only a value node can match: never an object, an array or nothing.
        if found is _MISSING or isinstance(found, (dict, list)):
            return False
        if op in ("<", ">", "<=", ">="):
            number = _number(found) if not isinstance(found, bool) else None
            if number is None or wanted_number is None:
                return False
            return {"<": number < wanted_number, ">": number > wanted_number,
                    "<=": number <= wanted_number, ">=": number >= wanted_number}[op]
        if wanted_number is not None and isinstance(found, (int, float)) and not isinstance(
            found, bool
        ):
            equal = float(found) == wanted_number
        else:
            equal = _wildcard(value, found)
        return equal if op == "=" else not equal

    return test


def _wildcard(pattern, found):
    """`*` matches any text at the start or the end only (the guide: `*Event`, `Event*`;
    `Ev*ent` is the literal string)."""
    if found is None or isinstance(found, bool):
        text = json.dumps(found)
    else:
        text = str(found)
    lead, trail = pattern.startswith("*"), len(pattern) > 1 and pattern.endswith("*")
    core = pattern[1 if lead else 0 : len(pattern) - 1 if trail else len(pattern)]
    if pattern == "*":
        return True
    if lead and trail:
        return core in text
    if lead:
        return text.endswith(core)
    if trail:
        return text.startswith(core)
    return text == pattern
