//! How long a switch waits for AWS to settle, and how often it looks: used by the
//! target's state read before the plan and by the executor's waits.

use std::time::Duration;

#[derive(Debug, Clone, Copy)]
pub struct Timing {
    /// Bound of each wait.
    pub timeout: Duration,
    /// First pause between polls; doubles up to `max_poll`.
    pub first_poll: Duration,
    pub max_poll: Duration,
}

impl Timing {
    pub fn new(timeout: Duration) -> Timing {
        Timing {
            timeout,
            first_poll: Duration::from_millis(250),
            max_poll: Duration::from_secs(5),
        }
    }
}
