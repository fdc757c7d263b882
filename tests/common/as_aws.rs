//! The "as AWS" layer's settings are a JSON merge patch (RFC 7386) over its defaults
//! (tests/support/as_aws.py); tests build them up the same way, patch after patch
//! ([`compose_patches`]), so that a `null` still deletes a default.

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

/// One patch that does what `first` then `second` do: like [`merge_patch`], except that a
/// `null` in `second` stays (it must still delete the key from the defaults the patch is
/// applied to later).
pub fn compose_patches(first: Value, second: &Value) -> Value {
    let (Value::Object(first), Value::Object(second)) = (&first, second) else {
        return second.clone();
    };
    let mut composed = first.clone();
    for (key, value) in second {
        let earlier = composed.remove(key).unwrap_or(Value::Null);
        let value = match (&earlier, value) {
            (Value::Object(_), Value::Object(_)) => compose_patches(earlier, value),
            _ => value.clone(),
        };
        composed.insert(key.clone(), value);
    }
    Value::Object(composed)
}
