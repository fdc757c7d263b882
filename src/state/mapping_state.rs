//! An event source mapping's state, as Lambda reports it, and what it means for message
//! flow. The one place where the state names are spelled.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The `State` of an event source mapping. Serialised and displayed exactly as AWS
/// spells it; a state this version does not know is kept verbatim in `Other`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum MappingState {
    Creating,
    Enabling,
    Enabled,
    Disabling,
    Disabled,
    Updating,
    Deleting,
    /// A state AWS added later (or none reported): treated with suspicion.
    Other(String),
}

/// Which way a mapping is set, or on its way to: on or off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Heading {
    On,
    Off,
}

impl Heading {
    /// The heading of an `enabled` flag as sent to UpdateEventSourceMapping.
    pub fn of(enabled: bool) -> Heading {
        if enabled { Heading::On } else { Heading::Off }
    }

    pub fn opposite(self) -> Heading {
        match self {
            Heading::On => Heading::Off,
            Heading::Off => Heading::On,
        }
    }

    /// The settled state at the end of this way.
    pub fn settled(self) -> MappingState {
        match self {
            Heading::On => MappingState::Enabled,
            Heading::Off => MappingState::Disabled,
        }
    }
}

impl MappingState {
    /// The name as AWS spells it.
    pub fn as_str(&self) -> &str {
        match self {
            MappingState::Creating => "Creating",
            MappingState::Enabling => "Enabling",
            MappingState::Enabled => "Enabled",
            MappingState::Disabling => "Disabling",
            MappingState::Disabled => "Disabled",
            MappingState::Updating => "Updating",
            MappingState::Deleting => "Deleting",
            MappingState::Other(s) => s,
        }
    }

    /// Whether the mapping may be delivering messages, or is about to. `Updating` and
    /// `Creating` count: when in doubt, assume it consumes.
    pub fn may_consume(&self) -> bool {
        matches!(
            self,
            MappingState::Enabled
                | MappingState::Enabling
                | MappingState::Updating
                | MappingState::Creating
        )
    }

    /// A state that settles by itself; a check or a switch waits it out.
    pub fn is_transitional(&self) -> bool {
        matches!(
            self,
            MappingState::Creating
                | MappingState::Enabling
                | MappingState::Disabling
                | MappingState::Updating
                | MappingState::Deleting
        )
    }

    /// Not transitional: nothing will change without a write (an unknown state
    /// counts as settled, there is nothing to wait for).
    pub fn is_settled(&self) -> bool {
        !self.is_transitional()
    }

    /// On (`Enabled`, `Enabling`), off (`Disabled`, `Disabling`), or neither known.
    pub fn heading(&self) -> Option<Heading> {
        match self {
            MappingState::Enabled | MappingState::Enabling => Some(Heading::On),
            MappingState::Disabled | MappingState::Disabling => Some(Heading::Off),
            _ => None,
        }
    }
}

impl From<&str> for MappingState {
    fn from(text: &str) -> MappingState {
        match text {
            "Creating" => MappingState::Creating,
            "Enabling" => MappingState::Enabling,
            "Enabled" => MappingState::Enabled,
            "Disabling" => MappingState::Disabling,
            "Disabled" => MappingState::Disabled,
            "Updating" => MappingState::Updating,
            "Deleting" => MappingState::Deleting,
            other => MappingState::Other(other.to_string()),
        }
    }
}

impl From<String> for MappingState {
    fn from(text: String) -> MappingState {
        match MappingState::from(text.as_str()) {
            MappingState::Other(_) => MappingState::Other(text),
            known => known,
        }
    }
}

impl fmt::Display for MappingState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

impl Serialize for MappingState {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for MappingState {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(MappingState::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KNOWN: [(&str, MappingState); 7] = [
        ("Creating", MappingState::Creating),
        ("Enabling", MappingState::Enabling),
        ("Enabled", MappingState::Enabled),
        ("Disabling", MappingState::Disabling),
        ("Disabled", MappingState::Disabled),
        ("Updating", MappingState::Updating),
        ("Deleting", MappingState::Deleting),
    ];

    #[test]
    fn every_aws_name_parses_and_prints_back_the_same() {
        for (name, state) in KNOWN {
            assert_eq!(MappingState::from(name), state);
            assert_eq!(MappingState::from(name.to_string()), state);
            assert_eq!(state.as_str(), name);
            assert_eq!(state.to_string(), name);
            assert_eq!(
                serde_json::to_string(&state).unwrap(),
                format!("\"{name}\"")
            );
            assert_eq!(
                serde_json::from_str::<MappingState>(&format!("\"{name}\"")).unwrap(),
                state
            );
        }
    }

    #[test]
    fn an_unknown_state_keeps_its_text_and_is_suspect() {
        let state = MappingState::from("Paused");
        assert_eq!(state, MappingState::Other("Paused".into()));
        assert_eq!(serde_json::to_string(&state).unwrap(), "\"Paused\"");
        assert_eq!(state.to_string(), "Paused");
        assert!(!state.may_consume());
        assert!(!state.is_transitional());
        assert!(state.is_settled());
        assert_eq!(state.heading(), None);
        // The names are case-sensitive, as AWS sends them.
        assert_eq!(
            MappingState::from("enabled"),
            MappingState::Other("enabled".into())
        );
    }

    #[test]
    fn the_questions_asked_of_each_state() {
        use MappingState::*;
        let consuming: Vec<&str> = KNOWN
            .iter()
            .filter(|(_, s)| s.may_consume())
            .map(|(n, _)| *n)
            .collect();
        assert_eq!(consuming, ["Creating", "Enabling", "Enabled", "Updating"]);
        let settled: Vec<&str> = KNOWN
            .iter()
            .filter(|(_, s)| s.is_settled())
            .map(|(n, _)| *n)
            .collect();
        assert_eq!(settled, ["Enabled", "Disabled"]);
        assert_eq!(Enabling.heading(), Some(Heading::On));
        assert_eq!(Enabled.heading(), Some(Heading::On));
        assert_eq!(Disabling.heading(), Some(Heading::Off));
        assert_eq!(Disabled.heading(), Some(Heading::Off));
        for neither in [Creating, Updating, Deleting] {
            assert_eq!(neither.heading(), None, "{neither}");
        }
    }

    #[test]
    fn a_heading_knows_its_settled_state_and_its_opposite() {
        assert_eq!(Heading::of(true), Heading::On);
        assert_eq!(Heading::of(false).settled(), MappingState::Disabled);
        assert_eq!(Heading::On.settled(), MappingState::Enabled);
        assert_eq!(Heading::On.opposite(), Heading::Off);
        assert_eq!(Heading::Off.opposite(), Heading::On);
    }

    #[test]
    fn display_pads_like_a_str() {
        assert_eq!(format!("{:<9}|", MappingState::Enabled), "Enabled  |");
    }
}
