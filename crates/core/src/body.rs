//! A JSON body shared by reference count: what the store keeps for a resource and what a
//! response carries. A GET answers with the stored body itself (one reference-count
//! increment, no deep copy); the body is copied only when someone mutates it while it is
//! shared (copy on write, [`Rc::make_mut`]).
//!
//! A GET of a workspace or of one of its services shows a few values the store does not keep
//! (`publicNetworkAccess`, the workspace's private endpoint connections, its shared settings):
//! they travel as an [`Overlay`] beside the shared body and are merged into a copy the first
//! time the body is read, so the request itself copies nothing and a reader that never looks
//! pays nothing. What a reader sees is exactly the merged body.

use alloc::boxed::Box;
use alloc::rc::Rc;
use alloc::vec::Vec;
use core::cell::OnceCell;
use core::fmt;
use core::ops::{Deref, DerefMut};

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

/// Values shown on top of a stored body (a GET's view of settings kept elsewhere).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Overlay {
    /// `properties.publicNetworkAccess`, when the view sets it (a static word: no allocation).
    pub public_network_access: Option<&'static str>,
    /// Further keys set inside `properties` (when the body has a `properties` object), in order.
    pub properties: Vec<(&'static str, Value)>,
    /// Keys set at the top level (when the body is an object), in order.
    pub top: Vec<(&'static str, Value)>,
}

impl Overlay {
    /// True when the overlay changes nothing.
    pub fn is_empty(&self) -> bool {
        self.public_network_access.is_none() && self.properties.is_empty() && self.top.is_empty()
    }

    /// `base` with the overlay's values set (later entries win, as successive inserts would).
    fn apply(&self, base: &Value) -> Value {
        let mut body = base.clone();
        if let Some(props) = body.get_mut("properties").and_then(Value::as_object_mut) {
            if let Some(pna) = self.public_network_access {
                props.insert("publicNetworkAccess".into(), Value::String(pna.into()));
            }
            for (k, v) in &self.properties {
                props.insert((*k).into(), v.clone());
            }
        }
        if let Value::Object(m) = &mut body {
            for (k, v) in &self.top {
                m.insert((*k).into(), v.clone());
            }
        }
        body
    }
}

/// A JSON body: a shared stored value, plus an optional overlay merged on first read.
/// Reads as a `&Value` ([`Deref`]); mutation ([`DerefMut`]) copies it first if it is shared.
/// Two words: every stored resource holds one, and most never carry an overlay.
#[derive(Clone, Default)]
pub struct Body {
    base: Rc<Value>,
    view: Option<Box<View>>,
}

/// An overlay and, once read, the merged body it makes.
#[derive(Clone)]
struct View {
    overlay: Overlay,
    merged: OnceCell<Value>,
}

impl Body {
    /// A body shown as `base` with `overlay` on top (nothing copied until it is read).
    pub fn with_overlay(base: Body, overlay: Overlay) -> Body {
        if overlay.is_empty() {
            return base;
        }
        let base = match base.view {
            None => base.base,
            // An overlay over an overlay: fold the first one in (never done on a hot path).
            Some(first) => Rc::new(first.overlay.apply(&base.base)),
        };
        Body {
            base,
            view: Some(Box::new(View {
                overlay,
                merged: OnceCell::new(),
            })),
        }
    }

    /// The body as an owned value (no copy when nothing else shares it).
    pub fn into_value(self) -> Value {
        match self.view {
            Some(v) => {
                let View { overlay, merged } = *v;
                merged
                    .into_inner()
                    .unwrap_or_else(|| overlay.apply(&self.base))
            }
            None => Rc::try_unwrap(self.base).unwrap_or_else(|rc| (*rc).clone()),
        }
    }

    /// The value, writable: the overlay merged in and the value copied first if shared.
    pub fn make_mut(&mut self) -> &mut Value {
        if let Some(v) = self.view.take() {
            let View { overlay, merged } = *v;
            let merged = merged
                .into_inner()
                .unwrap_or_else(|| overlay.apply(&self.base));
            self.base = Rc::new(merged);
        }
        Rc::make_mut(&mut self.base)
    }

    /// True when both bodies share one stored value and no overlay (a cheap identity test).
    pub fn ptr_eq(a: &Body, b: &Body) -> bool {
        a.view.is_none() && b.view.is_none() && Rc::ptr_eq(&a.base, &b.base)
    }
}

impl Deref for Body {
    type Target = Value;

    fn deref(&self) -> &Value {
        match &self.view {
            None => &self.base,
            Some(v) => v.merged.get_or_init(|| v.overlay.apply(&self.base)),
        }
    }
}

impl DerefMut for Body {
    fn deref_mut(&mut self) -> &mut Value {
        self.make_mut()
    }
}

impl From<Value> for Body {
    fn from(v: Value) -> Body {
        Body {
            base: Rc::new(v),
            view: None,
        }
    }
}

impl From<Body> for Value {
    fn from(b: Body) -> Value {
        b.into_value()
    }
}

impl PartialEq for Body {
    fn eq(&self, other: &Body) -> bool {
        Body::ptr_eq(self, other) || **self == **other
    }
}

impl PartialEq<Value> for Body {
    fn eq(&self, other: &Value) -> bool {
        **self == *other
    }
}

impl fmt::Debug for Body {
    /// As the value itself (debug output is unchanged from a plain `Value`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

impl fmt::Display for Body {
    /// As the value itself: compact JSON.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&**self, f)
    }
}

impl Serialize for Body {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        (**self).serialize(s)
    }
}

impl<'de> Deserialize<'de> for Body {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Body, D::Error> {
        Value::deserialize(d).map(Body::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_shared_body_is_copied_only_when_written() {
        let stored = Body::from(json!({"name": "a", "properties": {}}));
        let mut shown = stored.clone();
        assert!(Body::ptr_eq(&stored, &shown));
        shown["name"] = json!("b");
        assert_eq!(stored["name"], "a");
        assert_eq!(shown["name"], "b");
    }

    #[test]
    fn an_overlay_reads_as_the_merged_body() {
        let stored = Body::from(json!({"properties": {"x": 1}}));
        let overlay = Overlay {
            public_network_access: Some("Enabled"),
            properties: alloc::vec![("y", json!(2))],
            top: alloc::vec![("z", json!(3))],
        };
        let shown = Body::with_overlay(stored.clone(), overlay);
        let want =
            json!({"properties": {"x": 1, "y": 2, "publicNetworkAccess": "Enabled"}, "z": 3});
        assert_eq!(*shown, want);
        assert_eq!(stored["properties"], json!({"x": 1}));
        assert_eq!(shown.clone().into_value(), want);
        let mut m = shown;
        m["w"] = json!(4);
        assert_eq!(m["properties"]["y"], 2);
    }
}
