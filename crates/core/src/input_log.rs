//! A step's inputs as the history keeps them: each input's JSON text (the form a saved
//! session writes), back to back in one string, decoded again when a replay needs it.
//!
//! Why text: a parsed request body is a tree of maps that costs about a kilobyte and a half
//! for a dozen words; its text costs its length. A long session (a loaded one of 200k
//! inputs) kept its history in parsed form at over 400 MB; as text it is about a tenth.
//! Replays (undo, jump, load) decode an input just before applying it, one at a time.
//!
//! Invariant: every entry is the canonical JSON (`serde_json::to_string`) of a valid
//! [`Input`], so decoding gives back an input equal to the one recorded, and saving writes
//! the same text the history held before it was compact.
//!
//! The newest steps may keep their inputs as they were applied instead ([`Inputs::record`]),
//! after the text ones: turning each input into text as it is applied cost a headless
//! script a twentieth of its time, and most are never read again. The session writes a
//! step's inputs as text once it is a few thousand steps old ([`Inputs::compact`]), so a
//! long session still keeps the tenth of the memory; a save writes typed inputs as the text
//! they would have had.

use alloc::vec::Vec;
use serde::{Deserialize, Serialize};

use crate::world::Input;

mod request_json;

/// The inputs of one step, in order, kept as their JSON text, the newest perhaps typed.
#[derive(Clone, Default)]
pub struct Inputs {
    /// Every input's canonical JSON, back to back (bytes, so an input is written straight
    /// onto the end instead of into a string of its own first; UTF-8, as the writer only
    /// writes valid UTF-8).
    text: Vec<u8>,
    /// Where each input's text ends in `text`.
    ends: Vec<usize>,
    /// Inputs recorded after those in `text`, not written as text yet.
    typed: Vec<Input>,
    /// How many of them change the world ([`Input::is_change`]).
    changes: usize,
}

impl Inputs {
    /// No inputs.
    pub fn new() -> Inputs {
        Inputs::default()
    }

    /// Records `input` after the others. An input that cannot be written as JSON (none can:
    /// every input is plain data) is not recorded, so what is kept always decodes.
    pub fn push(&mut self, input: &Input) {
        self.compact();
        self.push_text(input);
    }

    /// Records `input` after the others as it is, to be written as text when the step is
    /// compacted or saved.
    pub fn record(&mut self, input: Input) {
        if input.is_change() {
            self.changes += 1;
        }
        self.typed.push(input);
    }

    /// Writes the typed inputs as text (the form a step keeps for long).
    pub fn compact(&mut self) {
        if self.typed.is_empty() {
            return;
        }
        // Exactly their number of ends (a step is shrunk once compact: no second allocation).
        self.ends.reserve_exact(self.typed.len());
        for input in core::mem::take(&mut self.typed) {
            // Counted when recorded: only the text is added here.
            if input.is_change() {
                self.changes -= 1;
            }
            self.push_text(&input);
        }
    }

    /// Appends `input`'s text after the text ones (nothing may be typed).
    fn push_text(&mut self, input: &Input) {
        if let Input::Request(request) = input {
            // Nearly every input: written by hand, serde's exact bytes, at the exact size.
            request_json::write(&mut self.text, request);
        } else if let Input::Wait { operation } = input {
            // The next most common (az waits after every create): by hand too.
            request_json::write_wait(&mut self.text, *operation);
        } else {
            let Ok(bytes) = serde_json::to_vec(input) else {
                return;
            };
            if self.text.is_empty() {
                // A step holding one input: its text becomes the step's, not a copy.
                self.text = bytes;
            } else {
                self.text.extend_from_slice(&bytes);
            }
        }
        self.ends.push(self.text.len());
        if input.is_change() {
            self.changes += 1;
        }
    }

    /// How many inputs.
    pub fn len(&self) -> usize {
        self.ends.len() + self.typed.len()
    }

    /// True when there is none.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty() && self.typed.is_empty()
    }

    /// True if one of them changes the world (a step that only looked around has none, and
    /// undo passes over it).
    pub fn has_change(&self) -> bool {
        self.changes > 0
    }

    /// The bytes of the `i`th text input's JSON text.
    fn bytes_of(&self, i: usize) -> Option<&[u8]> {
        let start = if i == 0 { 0 } else { *self.ends.get(i - 1)? };
        self.text.get(start..*self.ends.get(i)?)
    }

    /// The `i`th text input's JSON text.
    fn text_of(&self, i: usize) -> Option<&str> {
        core::str::from_utf8(self.bytes_of(i)?).ok()
    }

    /// Every input's JSON text, in order (the typed ones written now).
    fn texts(&self) -> impl Iterator<Item = alloc::borrow::Cow<'_, str>> + '_ {
        let text = (0..self.ends.len()).filter_map(|i| self.text_of(i).map(Into::into));
        let typed = self
            .typed
            .iter()
            .filter_map(|input| serde_json::to_string(input).ok().map(Into::into));
        text.chain(typed)
    }

    /// The inputs, decoded one at a time, in order. Read from `&str` (`from_str`), as every
    /// other JSON text is: `from_slice` would link serde_json's second reader (`SliceRead`,
    /// ~13 KB of code in the browser's start module) for texts that are UTF-8 anyway.
    pub fn iter(&self) -> impl Iterator<Item = Input> + '_ {
        let text = (0..self.ends.len()).filter_map(|i| serde_json::from_str(self.text_of(i)?).ok());
        text.chain(self.typed.iter().cloned())
    }

    /// Appends `other`'s inputs after these.
    pub fn append(&mut self, other: &Inputs) {
        self.compact();
        let base = self.text.len();
        self.text.extend_from_slice(&other.text);
        self.ends.extend(other.ends.iter().map(|e| e + base));
        self.typed.extend(other.typed.iter().cloned());
        self.changes += other.changes;
    }

    /// Gives back spare capacity (a step is complete once committed or loaded).
    pub fn shrink(&mut self) {
        self.text.shrink_to_fit();
        self.ends.shrink_to_fit();
        self.typed.shrink_to_fit();
    }
}

/// Equal when they hold the same inputs as text, whichever form each is kept in.
impl PartialEq for Inputs {
    fn eq(&self, other: &Inputs) -> bool {
        self.len() == other.len() && self.changes == other.changes && self.texts().eq(other.texts())
    }
}

impl Eq for Inputs {}

impl core::fmt::Debug for Inputs {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_list().entries(self.texts()).finish()
    }
}

impl<'a> FromIterator<&'a Input> for Inputs {
    fn from_iter<T: IntoIterator<Item = &'a Input>>(iter: T) -> Self {
        let mut out = Inputs::new();
        for input in iter {
            out.push(input);
        }
        out.shrink();
        out
    }
}

/// Written as the list of inputs a saved session holds (SCENARIOS.md's format, unchanged).
impl Serialize for Inputs {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = s.serialize_seq(Some(self.len()))?;
        for input in self.iter() {
            seq.serialize_element(&input)?;
        }
        seq.end()
    }
}

/// Read from the list of inputs, at most [`Inputs::MAX_READ`] of them (see [`ReadEach`]).
impl<'de> Deserialize<'de> for Inputs {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        serde::de::DeserializeSeed::deserialize(ReadEach(|_: &Input| {}), d)
    }
}

/// Reads a list of inputs, calling the function on each as soon as it is parsed (loading a
/// session applies it then), at most [`Inputs::MAX_READ`]: the bound stops a hostile file
/// while it is parsed, before it costs memory. Each input is parsed, handed over and turned
/// to text at once, so a loaded session never holds its inputs parsed all together.
pub(crate) struct ReadEach<F>(pub(crate) F);

impl<'de, F: FnMut(&Input)> serde::de::DeserializeSeed<'de> for ReadEach<F> {
    type Value = Inputs;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Inputs, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de, F: FnMut(&Input)> serde::de::Visitor<'de> for ReadEach<F> {
    type Value = Inputs;
    fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "a list of at most {} inputs", Inputs::MAX_READ)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(mut self, mut seq: A) -> Result<Inputs, A::Error> {
        let mut out = Inputs::new();
        while let Some(input) = seq.next_element::<Input>()? {
            if out.len() == Inputs::MAX_READ {
                return Err(serde::de::Error::custom(alloc::format!(
                    "a step holds more than {} inputs, the most a step may hold",
                    Inputs::MAX_READ
                )));
            }
            (self.0)(&input);
            out.push(&input);
        }
        out.shrink();
        Ok(out)
    }
}

impl Inputs {
    /// The most inputs one step read from a file may hold (the session's
    /// `MAX_STEP_INPUTS`).
    pub const MAX_READ: usize = 10_000;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Request;

    /// A write, a read and a directory change: one input of each kind the log tells apart.
    fn three_inputs() -> [Input; 3] {
        [
            Input::Request(Request::put(
                "/subscriptions/1/resourceGroups/rg",
                serde_json::json!({"location": "eastus", "tags": {"n": "1", "x": 1.5}}),
            )),
            Input::Request(Request::get("/subscriptions/1/resourceGroups/rg")),
            Input::AddUser {
                name: "carol@contoso.com".into(),
            },
        ]
    }

    /// What is recorded decodes to the same inputs, in order, and saves as the same JSON a
    /// list of them would.
    #[test]
    fn recorded_inputs_decode_and_save_as_they_were() {
        let inputs = three_inputs();
        let log: Inputs = inputs.iter().collect();
        assert_eq!(log.len(), 3);
        assert!(log.has_change());
        assert_eq!(log.iter().collect::<Vec<_>>(), inputs);
        let text = serde_json::to_string(&log).unwrap();
        assert_eq!(text, serde_json::to_string(&inputs).unwrap());
        let back: Inputs = serde_json::from_str(&text).unwrap();
        assert_eq!(back, log);
        let reads: Inputs = inputs[1..2].iter().collect();
        assert!(!reads.has_change());
        let mut both = reads.clone();
        both.append(&log);
        assert_eq!(both.len(), 4);
        assert_eq!(both.iter().nth(3), Some(inputs[2].clone()));
    }

    /// Inputs recorded as they are read, save, compare and append as the text ones do, in
    /// the order they were recorded whichever form each is in.
    #[test]
    fn typed_inputs_are_the_same_inputs_as_text() {
        let inputs = three_inputs();
        let text: Inputs = inputs.iter().collect();
        let mut mixed = Inputs::new();
        mixed.push(&inputs[0]);
        mixed.record(inputs[1].clone());
        mixed.record(inputs[2].clone());
        assert_eq!(mixed.len(), 3);
        assert!(mixed.has_change());
        assert_eq!(mixed, text);
        assert_eq!(alloc::format!("{mixed:?}"), alloc::format!("{text:?}"));
        assert_eq!(mixed.iter().collect::<Vec<_>>(), inputs);
        assert_eq!(
            serde_json::to_string(&mixed).unwrap(),
            serde_json::to_string(&text).unwrap()
        );
        let mut late = Inputs::new();
        late.record(inputs[1].clone());
        late.push(&inputs[2]);
        late.append(&mixed);
        late.compact();
        assert_eq!(late.len(), 5);
        assert!(late.has_change());
        let order: Vec<Input> = late.iter().collect();
        assert_eq!(order[..2], inputs[1..]);
        assert_eq!(order[2..], inputs);
        let mut reads = Inputs::new();
        reads.record(inputs[1].clone());
        reads.compact();
        assert!(!reads.has_change());
    }
}
