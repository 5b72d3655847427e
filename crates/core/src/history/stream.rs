//! Loading a saved session in one pass: each input is applied as soon as it is parsed, then
//! kept as text, so a loaded session never holds its inputs parsed all together and never
//! decodes its own history again to replay it.
//!
//! This is the fast path of [`Session::load`]; it answers only "here is the session" or
//! "not this way". Anything unusual (a field missing or repeated, a value of the wrong kind,
//! a bound passed) makes it give up, and the plain path parses the file again and refuses it
//! with the exact reason, so both paths refuse the same files with the same words.

use alloc::string::String;
use core::fmt;
use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::{Session, Step};
use crate::input_log::ReadEach;
use crate::world::{Config, World};

/// The session saved in `text` (whose format was checked), replayed to `cursor` as it is
/// parsed; `None` if the plain path must decide.
pub(super) fn load(text: &str, config: Config, cursor: usize) -> Option<Session> {
    let mut s = Session::new(config);
    let mut de = serde_json::Deserializer::from_str(text);
    Whole {
        session: &mut s,
        cursor,
    }
    .deserialize(&mut de)
    .ok()?;
    de.end().ok()?;
    let fits = cursor <= s.steps.len()
        && s.steps.len() <= Session::MAX_STEPS
        && Session::check_input_bounds(&s.steps).is_ok();
    (fits && s.cursor == cursor).then_some(s)
}

/// The whole snapshot: only `steps` is read here (the rest was read before).
struct Whole<'s> {
    session: &'s mut Session,
    cursor: usize,
}

impl<'de> DeserializeSeed<'de> for Whole<'_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Whole<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a saved hcsim session")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut seen = [false; 4];
        while let Some(key) = map.next_key::<String>()? {
            let at = match key.as_str() {
                "format" => 0,
                "config" => 1,
                "cursor" => 2,
                "steps" => 3,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                    continue;
                }
            };
            if core::mem::replace(&mut seen[at], true) {
                return Err(serde::de::Error::custom("a field is repeated"));
            }
            if at == 3 {
                map.next_value_seed(Steps {
                    session: &mut *self.session,
                    cursor: self.cursor,
                })?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        if seen.contains(&false) {
            return Err(serde::de::Error::custom("a field is missing"));
        }
        Ok(())
    }
}

/// The steps, each replayed as it is read while it is below the cursor and within the
/// bounds a session may hold.
struct Steps<'s> {
    session: &'s mut Session,
    cursor: usize,
}

impl<'de> DeserializeSeed<'de> for Steps<'_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Steps<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of steps")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let s = self.session;
        loop {
            let apply = s.steps.len() < self.cursor;
            let Some(step) = seq.next_element_seed(OneStep {
                world: &mut s.world,
                apply,
            })?
            else {
                return Ok(());
            };
            s.stored_inputs += step.inputs.len();
            s.steps.push(step);
            if s.steps.len() > Session::MAX_STEPS || s.stored_inputs > Session::MAX_INPUTS {
                return Err(serde::de::Error::custom("past a session's bounds"));
            }
            if apply {
                s.cursor = s.steps.len();
                s.checkpoint_toward(self.cursor);
            }
        }
    }
}

/// One step, its inputs applied to `world` as they are read if `apply`.
struct OneStep<'w> {
    world: &'w mut World,
    apply: bool,
}

impl<'de> DeserializeSeed<'de> for OneStep<'_> {
    type Value = Step;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Step, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for OneStep<'_> {
    type Value = Step;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a step")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Step, A::Error> {
        let (mut label, mut inputs) = (None, None);
        let (world, apply) = (self.world, self.apply);
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "label" if label.is_none() => label = Some(map.next_value::<String>()?),
                "inputs" if inputs.is_none() => {
                    inputs =
                        Some(map.next_value_seed(ReadEach(|input: &crate::world::Input| {
                            if apply {
                                world.apply(input);
                            }
                        }))?);
                }
                "label" | "inputs" => return Err(serde::de::Error::custom("a field is repeated")),
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        match (label, inputs) {
            (Some(label), Some(inputs)) => Ok(Step { label, inputs }),
            _ => Err(serde::de::Error::custom("a field is missing")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Input, Request};

    /// A saved session loads on the one-pass path (the plain path would parse it again), in
    /// any order of its fields, to the same world.
    #[test]
    fn a_saved_session_loads_in_one_pass() {
        let mut s = Session::new(Config::new(4));
        let sub = String::from(s.world().current_subscription());
        for i in 0..40 {
            let rg = crate::id::ArmPath::at_subscription(&sub)
                .group(&alloc::format!("g{}", i % 7))
                .request_path();
            let body = serde_json::json!({"location": "eastus", "tags": {"n": i}});
            s.step("put", Input::Request(Request::put(rg, body)));
        }
        s.undo();
        let text = s.save();
        let (config, cursor) = Session::peek(&text).expect("peeked");
        let fast = load(&text, config, cursor).expect("the one-pass path takes it");
        assert_eq!(fast.world().trace_hash(), s.world().trace_hash());
        assert_eq!(fast.save(), text);
        let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
        let steps = v["steps"].take();
        let reordered = serde_json::json!({"steps": steps, "cursor": cursor, "config": v["config"], "format": v["format"]});
        let again = load(&serde_json::to_string(&reordered).unwrap(), config, cursor)
            .expect("any field order");
        assert_eq!(again.world().trace_hash(), s.world().trace_hash());
    }
}
