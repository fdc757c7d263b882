//! What a policy of ccx's cannot say by itself, told to the operator beside it.

use super::grants::Grant;

/// Actions that read or write a message's body: on a queue encrypted with a customer
/// managed KMS key, SQS needs the caller to be allowed to use that key as well.
const MESSAGE_BODY_ACTIONS: &[&str] = &["sqs:ReceiveMessage", "sqs:SendMessage"];

/// The KMS keys of SSE-KMS queues are not known without asking SQS, and `ccx policy`
/// asks nothing: the operator adds them.
pub const KMS_NOTE: &str = "note: a queue encrypted with a customer managed KMS key (SSE-KMS) also needs kms:Decrypt and kms:GenerateDataKey on that key to read and move its messages; ccx cannot name the keys, so add them yourself";

/// The notes that go with a policy of `grants`.
pub fn notes(grants: &[&Grant]) -> Vec<&'static str> {
    let mut notes = Vec::new();
    if grants
        .iter()
        .any(|g| MESSAGE_BODY_ACTIONS.contains(&g.action))
    {
        notes.push(KMS_NOTE);
    }
    notes
}

#[cfg(test)]
mod tests {
    use super::super::grants::{commands_for, grants_for};
    use super::*;

    #[test]
    fn the_kms_note_goes_with_the_commands_that_touch_messages_only() {
        assert_eq!(notes(&grants_for(&["dlq"])), vec![KMS_NOTE]);
        assert_eq!(
            notes(&grants_for(&commands_for("all").unwrap())),
            vec![KMS_NOTE]
        );
        assert_eq!(
            notes(&grants_for(&commands_for("read").unwrap())),
            Vec::<&str>::new()
        );
    }
}
