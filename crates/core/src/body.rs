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
//!
//! The store keeps bodies packed ([`Packed`]); a body made from a packed one shares the packed
//! bytes and decodes them on first read, so a GET copies nothing, a reader that never looks
//! pays nothing, and a body that is only serialized is written straight from the packed bytes.

use alloc::boxed::Box;
use alloc::rc::Rc;
use alloc::vec::Vec;
use core::cell::OnceCell;
use core::fmt;
use core::ops::{Deref, DerefMut};

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use crate::packed::Packed;

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

    /// `body` with the overlay's values set (later entries win, as successive inserts would).
    fn apply(&self, mut body: Value) -> Value {
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
#[derive(Clone, Default)]
pub struct Body {
    base: Base,
    view: Option<Box<View>>,
}

/// What a body shows before any overlay (by default `null`, which allocates nothing).
#[derive(Default)]
enum Base {
    /// A value (shared by reference count, copied on write).
    Value(Rc<Value>),
    /// A stored body's packed bytes, shared, and the value decoded from them on first read.
    Packed(Packed, OnceCell<Value>),
    /// A collection page `{"value": [items]}` (a LIST): the items' bodies, each sharing its
    /// stored body, and the page as a value built on first read. Serialized item by item
    /// from the shared bodies, so a page that is only written builds no `Value` tree.
    Page(Vec<Body>, OnceCell<Value>),
    /// `null`: what most writes answer (a DELETE's 202, a 204) and what an emptied body holds
    /// while it is rebuilt; it needs no allocation.
    #[default]
    Null,
}

/// The value every `null` body reads as.
static NULL: Value = Value::Null;

impl Clone for Base {
    /// A packed base is cloned without its decoded copy (the clone decodes when it is read).
    fn clone(&self) -> Base {
        match self {
            Base::Value(v) => Base::Value(Rc::clone(v)),
            Base::Packed(p, _) => Base::Packed(p.clone(), OnceCell::new()),
            Base::Page(items, _) => Base::Page(items.clone(), OnceCell::new()),
            Base::Null => Base::Null,
        }
    }
}

/// The value of a page of `items`: `{"value": [...]}`.
fn page_value(items: &[Body]) -> Value {
    let mut page = serde_json::Map::new();
    page.insert(
        "value".into(),
        Value::Array(items.iter().map(Body::to_value).collect()),
    );
    Value::Object(page)
}

/// A page serialized as its value would be (one key, `value`, holding the items in order),
/// each item written from its shared body.
struct PageSer<'a>(&'a [Body]);

impl Serialize for PageSer<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(1))?;
        map.serialize_entry("value", self.0)?;
        map.end()
    }
}

impl Base {
    /// The value, read (a packed base decodes once).
    fn get(&self) -> &Value {
        match self {
            Base::Value(v) => v,
            Base::Packed(p, cell) => cell.get_or_init(|| p.value()),
            Base::Page(items, cell) => cell.get_or_init(|| page_value(items)),
            Base::Null => &NULL,
        }
    }

    /// The value, owned (copied only when shared).
    fn into_value(self) -> Value {
        match self {
            Base::Value(v) => Rc::try_unwrap(v).unwrap_or_else(|rc| (*rc).clone()),
            Base::Packed(p, cell) => cell.into_inner().unwrap_or_else(|| p.value()),
            Base::Page(items, cell) => cell.into_inner().unwrap_or_else(|| page_value(&items)),
            Base::Null => Value::Null,
        }
    }

    /// A copy of the value that the caller owns.
    fn to_value(&self) -> Value {
        match self {
            Base::Value(v) => (**v).clone(),
            Base::Packed(p, cell) => cell.get().cloned().unwrap_or_else(|| p.value()),
            Base::Page(items, cell) => cell.get().cloned().unwrap_or_else(|| page_value(items)),
            Base::Null => Value::Null,
        }
    }
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
            Some(first) => Base::Value(Rc::new(first.overlay.apply(base.base.into_value()))),
        };
        Body {
            base,
            view: Some(Box::new(View {
                overlay,
                merged: OnceCell::new(),
            })),
        }
    }

    /// A collection page `{"value": [items]}`: nothing is copied or decoded until it is read,
    /// and written out it streams each item from its shared body.
    pub fn page(items: Vec<Body>) -> Body {
        Body {
            base: Base::Page(items, OnceCell::new()),
            view: None,
        }
    }

    /// A copy of the value as a reader sees it (the overlay merged in).
    fn to_value(&self) -> Value {
        match &self.view {
            Some(v) => v
                .merged
                .get()
                .cloned()
                .unwrap_or_else(|| v.overlay.apply(self.base.to_value())),
            None => self.base.to_value(),
        }
    }

    /// The body as an owned value (no copy when nothing else shares it).
    pub fn into_value(self) -> Value {
        match self.view {
            Some(v) => {
                let View { overlay, merged } = *v;
                merged
                    .into_inner()
                    .unwrap_or_else(|| overlay.apply(self.base.into_value()))
            }
            None => self.base.into_value(),
        }
    }

    /// The value, writable: the overlay merged in and the value copied first if shared.
    pub fn make_mut(&mut self) -> &mut Value {
        let base = core::mem::take(&mut self.base);
        let value = match self.view.take() {
            Some(v) => {
                let View { overlay, merged } = *v;
                merged
                    .into_inner()
                    .unwrap_or_else(|| overlay.apply(base.into_value()))
            }
            None => match base {
                Base::Value(rc) => {
                    self.base = Base::Value(rc);
                    return match &mut self.base {
                        Base::Value(rc) => Rc::make_mut(rc),
                        Base::Packed(..) | Base::Page(..) | Base::Null => unreachable!("just set"),
                    };
                }
                packed => packed.into_value(),
            },
        };
        self.base = Base::Value(Rc::new(value));
        match &mut self.base {
            Base::Value(rc) => Rc::make_mut(rc),
            Base::Packed(..) | Base::Page(..) | Base::Null => unreachable!("just set"),
        }
    }

    /// True when both bodies share one stored value and no overlay (a cheap identity test).
    pub fn ptr_eq(a: &Body, b: &Body) -> bool {
        a.view.is_none()
            && b.view.is_none()
            && match (&a.base, &b.base) {
                (Base::Value(x), Base::Value(y)) => Rc::ptr_eq(x, y),
                (Base::Packed(x, _), Base::Packed(y, _)) => Packed::ptr_eq(x, y),
                (Base::Null, Base::Null) => true,
                _ => false,
            }
    }

    /// The stored packed bytes this body shows, when it shows exactly them (a packed base and
    /// no overlay): a printer can then write the body straight from them
    /// ([`Packed::stream`]) without decoding a `Value` first.
    pub fn as_packed(&self) -> Option<&Packed> {
        match (&self.view, &self.base) {
            (None, Base::Packed(p, _)) => Some(p),
            _ => None,
        }
    }

    /// The body packed, for the store (a body made from a packed one shares its bytes).
    pub fn to_packed(&self) -> Packed {
        match (&self.view, &self.base) {
            (None, Base::Packed(p, _)) => p.clone(),
            _ => Packed::new(self),
        }
    }
}

impl Deref for Body {
    type Target = Value;

    fn deref(&self) -> &Value {
        match &self.view {
            None => self.base.get(),
            Some(v) => v
                .merged
                .get_or_init(|| v.overlay.apply(self.base.to_value())),
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
            base: match v {
                Value::Null => Base::Null,
                v => Base::Value(Rc::new(v)),
            },
            view: None,
        }
    }
}

impl From<Packed> for Body {
    /// Shares the packed bytes; decoded on first read.
    fn from(p: Packed) -> Body {
        Body {
            base: Base::Packed(p, OnceCell::new()),
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
    /// A packed body not yet read is written straight from its bytes (no `Value` built).
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match (&self.view, &self.base) {
            (None, Base::Packed(p, cell)) if cell.get().is_none() => p.serialize(s),
            (None, Base::Page(items, cell)) if cell.get().is_none() => PageSer(items).serialize(s),
            _ => (**self).serialize(s),
        }
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

    #[test]
    fn a_page_reads_and_writes_as_the_value_it_shows() {
        let stored = Body::from(Packed::new(
            &json!({"id": "/x", "properties": {"a": [1, "b"]}}),
        ));
        let plain = Body::from(json!({"name": "n"}));
        let overlaid = Body::with_overlay(
            Body::from(json!({"properties": {}})),
            Overlay {
                public_network_access: Some("Enabled"),
                ..Overlay::default()
            },
        );
        let items = alloc::vec![stored, plain, overlaid];
        let want = json!({"value": [
            {"id": "/x", "properties": {"a": [1, "b"]}},
            {"name": "n"},
            {"properties": {"publicNetworkAccess": "Enabled"}},
        ]});
        let page = Body::page(items.clone());
        assert_eq!(
            serde_json::to_string(&page).unwrap(),
            serde_json::to_string(&want).unwrap()
        );
        assert_eq!(*page, want);
        assert_eq!(Body::page(items.clone()).into_value(), want);
        let mut written = Body::page(items);
        written["value"][1]["name"] = json!("m");
        assert_eq!(written["value"][1]["name"], "m");
        assert_eq!(
            serde_json::to_string(&Body::page(Vec::new())).unwrap(),
            r#"{"value":[]}"#
        );
    }
}
