//! Dependent round trips, read from the proxy's calls log.

use serde_json::Value;

/// The wave of each call in `calls` (the proxy's record; same order): 1 for a request
/// that came in before any answer went out, else one more than the latest wave among
/// the calls whose answer went out before it came in.
pub fn waves(calls: &[Value]) -> Vec<usize> {
    let time = |call: &Value, field: &str| call[field].as_f64().expect("a calls log time");
    let mut order: Vec<usize> = (0..calls.len()).collect();
    order.sort_by(|&a, &b| time(&calls[a], "t").total_cmp(&time(&calls[b], "t")));
    let mut wave = vec![0; calls.len()];
    for (position, &i) in order.iter().enumerate() {
        let after = order[..position]
            .iter()
            .filter(|&&j| time(&calls[j], "end") <= time(&calls[i], "t"))
            .map(|&j| wave[j])
            .max()
            .unwrap_or(0);
        wave[i] = after + 1;
    }
    wave
}

/// The longest chain of requests in `calls` in which each came in only after the
/// previous one's answer went out: how many round trips the client waited for one
/// after the other, whatever it sent meanwhile. 0 without calls.
pub fn dependent_waves(calls: &[Value]) -> usize {
    waves(calls).into_iter().max().unwrap_or(0)
}
