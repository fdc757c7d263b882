//! Requests straight to an endpoint, for tests of the proxy itself: nothing between the
//! test and the wire, so what AWS would answer is what the test sees.

use std::io::{Read, Write};
use std::net::TcpStream;

use serde_json::Value;

/// One request to `endpoint`, signed-looking enough for moto and the proxy (credential
/// scope `service`) with `headers` added: its status, head (lower-cased) and JSON body
/// (`Null` when it has none).
pub fn raw_request(
    endpoint: &str,
    service: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> (u16, String, Value) {
    let address = endpoint
        .strip_prefix("http://")
        .expect("an http:// endpoint");
    let mut stream = TcpStream::connect(address).expect("connect to the endpoint");
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\
         Authorization: AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/{service}/aws4_request, \
         SignedHeaders=host, Signature=0\r\nContent-Length: {}\r\n",
        body.len()
    );
    if !headers
        .iter()
        .any(|(name, _)| name.eq_ignore_ascii_case("content-type"))
    {
        head.push_str("Content-Type: application/json\r\n");
    }
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    write!(stream, "{head}\r\n{body}").expect("send the request");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).expect("read the answer");
    let (head, payload) = answer.split_once("\r\n\r\n").expect("an HTTP answer");
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("a status code");
    (
        status,
        head.to_lowercase(),
        serde_json::from_str(payload).unwrap_or(Value::Null),
    )
}

/// A FilterLogEvents request (`request` is its JSON body) to `endpoint`.
pub fn filter_log_events(endpoint: &str, request: &Value) -> (u16, String, Value) {
    raw_request(
        endpoint,
        "logs",
        "POST",
        "/",
        &[
            ("X-Amz-Target", "Logs_20140328.FilterLogEvents"),
            ("Content-Type", "application/x-amz-json-1.1"),
        ],
        &request.to_string(),
    )
}
