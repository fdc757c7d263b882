//! The "as AWS" layer's settings are a JSON merge patch (RFC 7386) over its defaults
//! (tests/support/as_aws.py); tests build them up the same way.

use serde_json::Value;

/// `patch` applied to `target`: objects merge key by key, `null` deletes a key, and
/// anything else (arrays included) replaces.
pub fn merge_patch(target: Value, patch: &Value) -> Value {
    let Value::Object(patch) = patch else {
        return patch.clone();
    };
    let mut merged = match target {
        Value::Object(map) => map,
        _ => serde_json::Map::new(),
    };
    for (key, value) in patch {
        if value.is_null() {
            merged.remove(key);
        } else {
            let current = merged.remove(key).unwrap_or(Value::Null);
            merged.insert(key.clone(), merge_patch(current, value));
        }
    }
    Value::Object(merged)
}
