//! ARM resource ids: parsing, case-insensitive keys, canonical printing.
//!
//! An id is a path of segments, each a *type* and a *name*:
//! `/subscriptions/{s}` · `/resourceGroups/{g}` · `/providers/{Namespace}/{type}/{name}` ·
//! then nested `/{childType}/{name}` pairs, and possibly another `/providers/…` segment for an
//! extension resource (role assignments, locks, private endpoint connections of other RPs).
//! ARM compares ids case-insensitively, so every segment has a lower-cased key.
//!
//! An id has two printed forms. [`ArmPath::request_path`] is the form a client sends: every
//! name and type word is percent-encoded outside ARM's safe set (as az does with
//! `urllib.parse.quote(value, safe='')`), so a name that contains `/`, `?` or `#` stays one
//! segment and can never reach another resource type. `Display` is the form ARM shows in
//! bodies (`"id"`): raw names, as the service prints them. Ordinary names (letters, digits,
//! `-._~()` …) print byte-identically in both forms. [`ArmPath::parse`] decodes `%XX` in
//! every segment, so `parse(request_path(p)) == p` for any names.
//!
//! Paths are built from segments with the builder methods ([`ArmPath::at_subscription`],
//! [`ArmPath::group`], [`ArmPath::provider`], [`ArmPath::child`], …), never by splicing
//! text into a format string.

use alloc::borrow::Cow;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::cell::OnceCell;
use core::fmt;

/// The longest id accepted (ARM's own limit is far below this; it keeps hostile input bounded).
pub const MAX_ID_LEN: usize = 4096;
/// The longest single name accepted in a path.
pub const MAX_NAME_LEN: usize = 260;

/// A segment's type word: `subscriptions` and `resourceGroups` (the first two segments of
/// nearly every id) are static words, borrowed, so parsing or building an id allocates no
/// copy of them; other words are owned. It compares, prints and reads as the text it holds.
pub type TypeWord = Cow<'static, str>;

/// One step of a resource id path.
#[derive(Clone)]
pub struct Segment {
    /// The type word as written: `subscriptions`, `resourceGroups`,
    /// `Microsoft.HealthcareApis/workspaces` (for a provider segment), `fhirservices`.
    pub type_word: TypeWord,
    /// The resource name as written.
    pub name: String,
    /// True when the segment was introduced by `/providers/{Namespace}/…`.
    pub provider: bool,
    /// The lower-cased `type/name` key, computed on first use and kept: a look-up of an ASCII
    /// id never needs it (see [`Segment::with_key`]), so parsing a request allocates less.
    lower: OnceCell<String>,
}

/// The longest ASCII key [`Segment::with_key`] lower-cases on the stack (longer keys, rare,
/// are made once on the heap): small enough that preparing the buffer costs next to nothing.
const STACK_KEY: usize = 160;

impl Segment {
    /// A segment; its case-insensitive key is computed when first needed.
    pub fn new(type_word: impl Into<String>, name: impl Into<String>, provider: bool) -> Segment {
        Segment::of_word(Cow::Owned(type_word.into()), name, provider)
    }

    /// A segment of a type word given as a [`TypeWord`] (a static one is not copied).
    pub fn of_word(type_word: TypeWord, name: impl Into<String>, provider: bool) -> Segment {
        Segment {
            type_word,
            name: name.into(),
            provider,
            lower: OnceCell::new(),
        }
    }

    /// The case-insensitive key of this segment inside its parent (`type/name`, lower-cased).
    pub fn key(&self) -> &str {
        self.lower.get_or_init(|| {
            let mut lower = String::with_capacity(self.type_word.len() + self.name.len() + 1);
            lower.push_str(&self.type_word);
            lower.push('/');
            lower.push_str(&self.name);
            // Ids are nearly always ASCII: lower-case in place, without a char-by-char rebuild.
            if lower.is_ascii() {
                lower.make_ascii_lowercase();
                lower
            } else {
                lower.to_lowercase()
            }
        })
    }

    /// Calls `f` with [`Segment::key`], lower-casing an ASCII key in a stack buffer instead of
    /// allocating it (the look-up path of every request).
    pub fn with_key<R>(&self, f: impl FnOnce(&str) -> R) -> R {
        let (t, n) = (self.type_word.as_bytes(), self.name.as_bytes());
        let len = t.len() + 1 + n.len();
        if self.lower.get().is_some() || len > STACK_KEY || !t.is_ascii() || !n.is_ascii() {
            return f(self.key());
        }
        let mut buf = [0u8; STACK_KEY];
        buf[..t.len()].copy_from_slice(t);
        buf[t.len()] = b'/';
        buf[t.len() + 1..len].copy_from_slice(n);
        buf[..len].make_ascii_lowercase();
        // ASCII bytes are always UTF-8; the fallback keeps this free of any panic.
        match core::str::from_utf8(&buf[..len]) {
            Ok(key) => f(key),
            Err(_) => f(self.key()),
        }
    }

    /// Replaces the type word (canonical spelling); the key does not change.
    pub fn set_type_word(&mut self, type_word: impl Into<String>) {
        // Keep the key of the spelling as parsed (the same letters, another case).
        self.key();
        self.type_word = Cow::Owned(type_word.into());
    }
}

impl PartialEq for Segment {
    /// Equal when written alike (the cached key follows from the rest).
    fn eq(&self, other: &Segment) -> bool {
        self.type_word == other.type_word
            && self.name == other.name
            && self.provider == other.provider
    }
}

impl Eq for Segment {}

impl fmt::Debug for Segment {
    /// As the derived form always printed it, key included.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Segment")
            .field("type_word", &self.type_word)
            .field("name", &self.name)
            .field("provider", &self.provider)
            .field("lower", &self.key())
            .finish()
    }
}

/// A parsed ARM path: a resource id, or a collection (an id plus a trailing type, as in
/// `…/workspaces/ws1/fhirservices` or `/subscriptions/{s}/providers/Microsoft.HealthcareApis/workspaces`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArmPath {
    /// The resource segments, from the subscription down.
    pub segments: Vec<Segment>,
    /// A trailing type word with no name: the path names a collection.
    pub collection: Option<String>,
    /// For a trailing `/providers/{Namespace}/{type}` collection, true.
    pub collection_is_provider: bool,
}

/// Why a path could not be parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdError(pub String);

impl fmt::Display for IdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl ArmPath {
    /// Parses an ARM id or collection path. Never panics; bounded by [`MAX_ID_LEN`].
    ///
    /// One pass over the bytes checks the text (empty parts, `%` escapes, part lengths,
    /// control characters), then the parts are read straight into segments: a path without
    /// escapes (nearly every request) is never copied part by part, and only the names and
    /// type words the path keeps are allocated.
    pub fn parse(text: &str) -> Result<ArmPath, IdError> {
        let text = text.trim();
        match checked_parts(text)? {
            Parts::Plain(rest, n) => build_path(slash_parts(rest), n, text),
            Parts::Escaped(decoded) => {
                build_path(decoded.iter().map(AsRef::as_ref), decoded.len(), text)
            }
        }
    }

    /// Whether [`ArmPath::parse`] of this path's [`ArmPath::request_path`] (`request_len`
    /// bytes long) gives this path back, checked without writing or parsing it: every word
    /// and name non-empty, at most [`MAX_NAME_LEN`] bytes and free of control characters,
    /// the type words ones parse keeps as they are, and a structure parse accepts. A path
    /// built from hostile names (too long, empty) does not, and must be parsed to be refused
    /// as the text would be.
    pub fn round_trips(&self, request_len: usize) -> bool {
        // `char::is_control` on ASCII text is a byte below 0x20 or 0x7f: checked on the bytes
        // (nearly every word and name), other text by its characters.
        let control = |t: &str| {
            if t.is_ascii() {
                t.bytes().any(|b| b < 0x20 || b == 0x7f)
            } else {
                t.chars().any(char::is_control)
            }
        };
        let part = |t: &str| !t.is_empty() && t.len() <= MAX_NAME_LEN && !control(t);
        let provider_word = |t: &str| {
            t.split_once('/')
                .is_some_and(|(ns, ty)| part(ns) && part(ty))
        };
        let plain_word = |t: &str| {
            part(t)
                && !t.eq_ignore_ascii_case("providers")
                && (!t.eq_ignore_ascii_case("subscriptions") || t == "subscriptions")
                && (!t.eq_ignore_ascii_case("resourcegroups") || t == "resourceGroups")
        };
        let word = |t: &str, provider: bool| {
            if provider {
                provider_word(t)
            } else {
                plain_word(t)
            }
        };
        request_len <= MAX_ID_LEN
            && self
                .segments
                .first()
                .is_some_and(|s| s.type_word == "subscriptions" && !s.provider)
            && self
                .segments
                .iter()
                .all(|s| word(&s.type_word, s.provider) && part(&s.name))
            && match &self.collection {
                Some(c) => word(c, self.collection_is_provider),
                None => !self.collection_is_provider,
            }
            && check_structure(&self.segments, "").is_ok()
    }

    /// True when this path names a single resource (not a collection).
    pub fn is_resource(&self) -> bool {
        self.collection.is_none()
    }

    /// The full ARM type of the last segment, e.g. `Microsoft.HealthcareApis/workspaces/fhirservices`.
    pub fn resource_type(&self) -> String {
        type_of(&self.segments)
    }

    /// The type of the items of a collection path, e.g. `Microsoft.HealthcareApis/workspaces/fhirservices`.
    pub fn collection_type(&self) -> Option<String> {
        let c = self.collection.as_ref()?;
        if self.collection_is_provider {
            return Some(c.clone());
        }
        let parent = type_of(&self.segments);
        if self
            .segments
            .last()
            .map(|s| s.type_word == "resourceGroups" || s.type_word == "subscriptions")
            == Some(true)
        {
            return Some(alloc::format!("Microsoft.Resources/{c}"));
        }
        Some(alloc::format!("{parent}/{c}"))
    }

    /// The path of the parent resource (None for a subscription).
    pub fn parent(&self) -> Option<ArmPath> {
        if self.segments.len() <= 1 {
            return None;
        }
        let mut segments = self.segments.clone();
        segments.pop();
        Some(ArmPath {
            segments,
            collection: None,
            collection_is_provider: false,
        })
    }

    /// The subscription id (first segment's name).
    pub fn subscription(&self) -> &str {
        self.segments.first().map(|s| s.name.as_str()).unwrap_or("")
    }

    /// The resource group name, if the path is inside one.
    pub fn resource_group(&self) -> Option<&str> {
        self.segments
            .get(1)
            .filter(|s| s.type_word == "resourceGroups")
            .map(|s| s.name.as_str())
    }

    /// The last segment's name.
    pub fn name(&self) -> &str {
        self.segments.last().map(|s| s.name.as_str()).unwrap_or("")
    }
}

impl ArmPath {
    /// The path of a subscription: the root every builder starts from.
    pub fn at_subscription(id: &str) -> ArmPath {
        ArmPath {
            segments: alloc::vec![Segment::of_word(Cow::Borrowed("subscriptions"), id, false)],
            collection: None,
            collection_is_provider: false,
        }
    }

    /// This path plus `/resourceGroups/{name}`.
    pub fn group(self, name: &str) -> ArmPath {
        self.push(Segment::of_word(
            Cow::Borrowed("resourceGroups"),
            name,
            false,
        ))
    }

    /// This path plus `/providers/{namespace}/{type_word}/{name}`: a top-level resource under
    /// a group or subscription, or an extension resource (lock, role assignment) of any scope.
    pub fn provider(self, namespace: &str, type_word: &str, name: &str) -> ArmPath {
        let mut t = String::with_capacity(namespace.len() + type_word.len() + 1);
        t.push_str(namespace);
        t.push('/');
        t.push_str(type_word);
        self.push(Segment::new(t, name, true))
    }

    /// This path plus `/{type_word}/{name}`: a child resource (`fhirservices/fhir1`).
    pub fn child(self, type_word: &str, name: &str) -> ArmPath {
        self.push(Segment::new(type_word, name, false))
    }

    /// This path plus a trailing `/{type_word}`: the collection of that child type (or an
    /// action word such as `moveResources` for a POST).
    pub fn collection(mut self, type_word: &str) -> ArmPath {
        self.collection = Some(type_word.to_string());
        self.collection_is_provider = false;
        self
    }

    /// This path plus a trailing `/providers/{namespace}/{type_word}`: a provider collection
    /// (`…/providers/Microsoft.HealthcareApis/workspaces`) or action (`…/{namespace}/register`).
    pub fn provider_collection(mut self, namespace: &str, type_word: &str) -> ArmPath {
        self.collection = Some(alloc::format!("{namespace}/{type_word}"));
        self.collection_is_provider = true;
        self
    }

    /// This path plus a trailing `/providers/{namespace}`: a resource provider's own id
    /// (`/subscriptions/{s}/providers/Microsoft.HealthcareApis`), as `az provider show` prints it.
    pub fn provider_namespace(mut self, namespace: &str) -> ArmPath {
        self.collection = Some(namespace.to_string());
        self.collection_is_provider = true;
        self
    }

    fn push(mut self, segment: Segment) -> ArmPath {
        self.collection = None;
        self.collection_is_provider = false;
        self.segments.push(segment);
        self
    }

    /// The form a client sends: names and type words percent-encoded outside ARM's safe set,
    /// so each stays one segment whatever it contains. Ordinary names are unchanged.
    pub fn request_path(&self) -> String {
        let mut out = String::with_capacity(self.printed_len());
        self.write(&mut out, true);
        out
    }

    /// The length of the raw printed form: the capacity both forms start with, so an
    /// ordinary path is written without growing its text.
    fn printed_len(&self) -> usize {
        let words: usize = self
            .segments
            .iter()
            .map(|s| s.type_word.len() + s.name.len() + if s.provider { 12 } else { 2 })
            .sum();
        words + self.collection.as_ref().map_or(0, |c| c.len() + 11)
    }

    /// Whether `text` is exactly this path's [`ArmPath::request_path`], checked without
    /// building it: lets a receiver handed both a typed path and its text (the lab's writes,
    /// `Session::apply_at`) trust the typed one only when they agree.
    pub fn is_request_path(&self, text: &str) -> bool {
        let mut rest = text.as_bytes();
        let mut put = |word: &str, provider: bool| {
            if provider {
                let (ns, ty) = word.split_once('/').unwrap_or((word, ""));
                eat(&mut rest, "/")
                    && eat_encoded(&mut rest, ns)
                    && eat(&mut rest, "/")
                    && eat_encoded(&mut rest, ty)
            } else {
                eat(&mut rest, "/") && eat_encoded(&mut rest, word)
            }
        };
        let segments_match = self.segments.iter().all(|s| {
            (!s.provider || put("providers", false))
                && put(&s.type_word, s.provider)
                && put(&s.name, false)
        });
        let collection_matches = self.collection.as_ref().is_none_or(|c| {
            (!self.collection_is_provider || put("providers", false))
                && put(c, self.collection_is_provider)
        });
        segments_match && collection_matches && rest.is_empty()
    }

    fn write(&self, out: &mut String, encoded: bool) {
        let put = |out: &mut String, text: &str, provider: bool| {
            out.push('/');
            if !encoded {
                out.push_str(text);
            } else if provider {
                // `{Namespace}/{type}`: two path parts, each encoded.
                let (ns, ty) = text.split_once('/').unwrap_or((text, ""));
                out.push_str(&encode(ns));
                out.push('/');
                out.push_str(&encode(ty));
            } else {
                out.push_str(&encode(text));
            }
        };
        for s in &self.segments {
            if s.provider {
                out.push_str("/providers");
            }
            put(out, &s.type_word, s.provider);
            put(out, &s.name, false);
        }
        if let Some(c) = &self.collection {
            if self.collection_is_provider {
                out.push_str("/providers");
            }
            put(out, c, self.collection_is_provider);
        }
    }
}

impl fmt::Display for ArmPath {
    /// The id as ARM shows it in bodies: raw names (see [`ArmPath::request_path`] for the
    /// form sent in a request).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = String::with_capacity(self.printed_len());
        self.write(&mut out, false);
        f.write_str(&out)
    }
}

/// Strips `word` from the front of `rest` if it is there.
fn eat(rest: &mut &[u8], word: &str) -> bool {
    match rest.strip_prefix(word.as_bytes()) {
        Some(r) => {
            *rest = r;
            true
        }
        None => false,
    }
}

/// Strips [`encode`]`(text)` from the front of `rest` if it is there, without building it.
fn eat_encoded(rest: &mut &[u8], text: &str) -> bool {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    // The usual word or name needs no escape: it is written as itself, so one comparison of
    // the slices decides (a name with an unsafe byte takes the byte-by-byte way below).
    if let Some(r) = rest.strip_prefix(text.as_bytes())
        && text.bytes().all(is_safe)
    {
        *rest = r;
        return true;
    }
    let mut r = *rest;
    for b in text.bytes() {
        let next = if is_safe(b) {
            r.strip_prefix(&[b])
        } else {
            r.strip_prefix(&[b'%', HEX[usize::from(b >> 4)], HEX[usize::from(b & 15)]])
        };
        match next {
            Some(n) => r = n,
            None => return false,
        }
    }
    *rest = r;
    true
}

/// Whether a byte may appear unencoded in a path segment: what az leaves unencoded
/// (`urllib.parse.quote(value, safe='')`: letters, digits, `-._~`) plus `(` and `)`, which
/// resource group names use and ARM accepts raw (so those ids print as before). Everything
/// else (`/ % ? #`, quotes, spaces, controls, non-ASCII) is percent-encoded.
fn is_safe(b: u8) -> bool {
    SAFE[usize::from(b)]
}

/// [`is_safe`] for every byte, worked out once at compile time: every printed name passes
/// through it byte by byte.
const SAFE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0u8;
    loop {
        table[b as usize] =
            b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'(' | b')');
        if b == u8::MAX {
            break;
        }
        b += 1;
    }
    table
};

/// Percent-encodes one segment (`a/b` → `a%2Fb`); borrows when nothing needs encoding, so
/// ordinary names cost nothing and print byte-identically.
pub fn encode(text: &str) -> Cow<'_, str> {
    if text.bytes().all(is_safe) {
        return Cow::Borrowed(text);
    }
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(text.len() + 8);
    for b in text.bytes() {
        if is_safe(b) {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        }
    }
    Cow::Owned(out)
}

/// Decodes `%XX` escapes in one segment. A `%` not followed by two hex digits, or bytes that
/// do not form UTF-8, are an error (never a panic).
pub fn decode(text: &str) -> Result<Cow<'_, str>, IdError> {
    if !text.contains('%') {
        return Ok(Cow::Borrowed(text));
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hi = bytes.get(i + 1).and_then(|b| char::from(*b).to_digit(16));
            let lo = bytes.get(i + 2).and_then(|b| char::from(*b).to_digit(16));
            let (Some(hi), Some(lo)) = (hi, lo) else {
                return Err(IdError(alloc::format!(
                    "'{}' is not a valid resource id segment: '%' must be followed by two hexadecimal digits.",
                    shorten(text)
                )));
            };
            // Two hex digits: at most 255, so the cast cannot truncate.
            out.push(u8::try_from(hi * 16 + lo).unwrap_or(0));
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map(Cow::Owned).map_err(|_| {
        IdError(alloc::format!(
            "'{}' is not a valid resource id segment: its escapes do not decode to UTF-8 text.",
            shorten(text)
        ))
    })
}

/// Why a type word (a namespace, a resource type, a parent path's type) is not one: type
/// words are identifiers (`Microsoft.HealthcareApis`, `workspaces`), never free text.
pub fn check_type_word(word: &str) -> Result<(), IdError> {
    let ok = !word.is_empty()
        && word.len() <= 100
        && word
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'));
    if ok {
        Ok(())
    } else {
        Err(IdError(alloc::format!(
            "'{}' is not a valid resource type word: use letters, digits, '.', '-' and '_'.",
            shorten(word)
        )))
    }
}

/// The parts of a path text (between `/`), each percent-decoded, checked for length and
/// control characters. Splitting comes first, so an encoded `/` stays inside its part.
fn split_decoded(text: &str) -> Result<Vec<Cow<'_, str>>, IdError> {
    if text.len() > MAX_ID_LEN {
        return Err(IdError(alloc::format!(
            "The resource id is {} characters long; the limit is {MAX_ID_LEN}.",
            text.len()
        )));
    }
    if !text.starts_with('/') {
        return Err(IdError(alloc::format!(
            "'{}' is not a valid resource id: it must start with '/subscriptions/'.",
            shorten(text)
        )));
    }
    let raw = text.trim_end_matches('/').split('/').skip(1);
    if raw.clone().any(str::is_empty) {
        return Err(IdError(alloc::format!(
            "'{}' is not a valid resource id: it has an empty segment ('//').",
            shorten(text)
        )));
    }
    let mut decoded: Vec<Cow<'_, str>> = Vec::with_capacity(raw.clone().count());
    for p in raw {
        decoded.push(decode(p)?);
    }
    for p in &decoded {
        if p.len() > MAX_NAME_LEN {
            return Err(IdError(alloc::format!(
                "A segment of the resource id is longer than {MAX_NAME_LEN} characters."
            )));
        }
        if p.chars().any(|c| c.is_control()) {
            return Err(IdError(String::from(
                "The resource id contains a control character.",
            )));
        }
    }
    Ok(decoded)
}

/// What [`checked_parts`] found: the text after the leading `/`, ready to split, and how
/// many parts it has; or the parts of a path with `%` escapes, decoded by [`split_decoded`].
enum Parts<'a> {
    Plain(&'a str, usize),
    Escaped(Vec<Cow<'a, str>>),
}

/// The checks of [`split_decoded`] in one pass over the bytes, in the same order of
/// precedence (length, leading `/`, empty part, then the first part too long or holding a
/// control character), for a path without escapes; a path with one is left to
/// [`split_decoded`], which decodes before it checks.
fn checked_parts(text: &str) -> Result<Parts<'_>, IdError> {
    if text.len() > MAX_ID_LEN || !text.starts_with('/') {
        return split_decoded(text).map(Parts::Escaped);
    }
    let body = text.trim_end_matches('/');
    let rest = body.get(1..).unwrap_or("");
    if let Some(parts) = plain_parts(rest) {
        return parts;
    }
    let bytes = rest.as_bytes();
    let (mut empty, mut escaped) = (false, false);
    // The first part too long (`Some(true)`) or holding a control character (`Some(false)`).
    let mut problem: Option<bool> = None;
    let (mut part_len, mut part_control, mut count) = (0usize, false, 1usize);
    let mut prev = b'/';
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'/' {
            empty |= prev == b'/';
            if problem.is_none() && (part_len > MAX_NAME_LEN || part_control) {
                problem = Some(part_len > MAX_NAME_LEN);
            }
            (part_len, part_control) = (0, false);
            count += 1;
        } else {
            part_len += 1;
            escaped |= b == b'%';
            // `char::is_control`: U+0000–U+001F, U+007F, and U+0080–U+009F (`C2 80`–`C2 9F`).
            part_control |= b < 0x20
                || b == 0x7f
                || (b == 0xc2 && matches!(bytes.get(i + 1), Some(0x80..=0x9f)));
        }
        prev = b;
    }
    if problem.is_none() && (part_len > MAX_NAME_LEN || part_control) {
        problem = Some(part_len > MAX_NAME_LEN);
    }
    if empty || escaped {
        // Both errors (and decoding) keep their order in the careful path.
        return split_decoded(text).map(Parts::Escaped);
    }
    match problem {
        Some(true) => Err(IdError(alloc::format!(
            "A segment of the resource id is longer than {MAX_NAME_LEN} characters."
        ))),
        Some(false) => Err(IdError(String::from(
            "The resource id contains a control character.",
        ))),
        None => Ok(Parts::Plain(rest, count)),
    }
}

/// The common case of [`checked_parts`] without its byte-by-byte loop: when no byte of
/// `rest` can start an escape or a control character (`%`, below `0x20`, `0x7f`, or `0xc2`,
/// the lead byte of U+0080–U+009F), a branch-free screen of every byte (the compiler does
/// it many bytes at a time) and one split on `/` give the same answer the loop would:
/// an empty part sends the text to [`split_decoded`], a part over [`MAX_NAME_LEN`] bytes
/// is refused with the same message. `None`: a byte needs the careful loop.
fn plain_parts(rest: &str) -> Option<Result<Parts<'_>, IdError>> {
    let bytes = rest.as_bytes();
    let careful = bytes.iter().fold(false, |acc, &b| {
        acc | (b < 0x20) | (b == 0x7f) | (b == b'%') | (b == 0xc2)
    });
    if careful {
        return None;
    }
    let (mut count, mut empty, mut long) = (0usize, false, false);
    for part in slash_parts(rest) {
        count += 1;
        // The loop's `empty`: a `/` right after the leading one or after another `/`
        // (an empty text has one empty part and no `/`: not empty in that sense).
        empty |= part.is_empty() && !rest.is_empty();
        long |= part.len() > MAX_NAME_LEN;
    }
    if empty {
        // The careful path decides, as the loop sends it there too.
        return None;
    }
    Some(if long {
        Err(IdError(alloc::format!(
            "A segment of the resource id is longer than {MAX_NAME_LEN} characters."
        )))
    } else {
        Ok(Parts::Plain(rest, count))
    })
}

/// `text.split('/')` for the short parts of an id: a plain byte loop finds each `/` (the
/// general `char` searcher's set-up costs more than the few bytes of a part it searches).
pub(crate) fn slash_parts(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    core::iter::from_fn(move || {
        let t = rest?;
        match find_slash(t.as_bytes()) {
            // `/` is ASCII: both sides of it are on character boundaries.
            Some(i) => {
                rest = t.get(i + 1..);
                t.get(..i)
            }
            None => {
                rest = None;
                Some(t)
            }
        }
    })
}

/// Where the first `/` of `bytes` is: eight bytes at a time (a word's bytes compared at once,
/// SWAR), then byte by byte for the last few. A part of an id is a handful to a few dozen
/// bytes; a byte loop spent most of a parse's time here.
fn find_slash(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    const SLASHES: u64 = ONES * b'/' as u64;
    let mut words = bytes.chunks_exact(8);
    for (k, chunk) in words.by_ref().enumerate() {
        let x = u64::from_le_bytes(chunk.try_into().unwrap_or_default()) ^ SLASHES;
        // A byte of `x` is zero where the text has `/`. This flags every zero byte, and can
        // flag a byte only above a zero one (a borrow): the lowest flag is the first `/`.
        let zero = x.wrapping_sub(ONES) & !x & HIGHS;
        if zero != 0 {
            return Some(k * 8 + (zero.trailing_zeros() / 8) as usize);
        }
    }
    let done = bytes.len() - words.remainder().len();
    words
        .remainder()
        .iter()
        .position(|b| *b == b'/')
        .map(|i| done + i)
}

/// Reads checked parts (`len` of them) into a path.
fn build_path<'a>(
    mut parts: impl Iterator<Item = &'a str>,
    len: usize,
    text: &str,
) -> Result<ArmPath, IdError> {
    let mut out = ArmPath {
        segments: Vec::with_capacity(len / 2),
        collection: None,
        collection_is_provider: false,
    };
    let mut word = parts.next();
    if word.map(|p| p.eq_ignore_ascii_case("subscriptions")) != Some(true) {
        return Err(IdError(alloc::format!(
            "'{}' is not a valid resource id: it must start with '/subscriptions/{{subscriptionId}}'.",
            shorten(text)
        )));
    }
    while let Some(w) = word {
        if w.eq_ignore_ascii_case("providers") {
            let ns = parts
                .next()
                .ok_or_else(|| bad(text, "a namespace after 'providers'"))?;
            let ty = parts
                .next()
                .ok_or_else(|| bad(text, "a resource type after the namespace"))?;
            let mut type_word = String::with_capacity(ns.len() + ty.len() + 1);
            type_word.push_str(ns);
            type_word.push('/');
            type_word.push_str(ty);
            match parts.next() {
                Some(name) => out.segments.push(Segment::new(type_word, name, true)),
                None => {
                    out.collection = Some(type_word);
                    out.collection_is_provider = true;
                }
            }
        } else {
            // The two fixed words in their canonical spelling, borrowed; others as written.
            let fixed = if w.eq_ignore_ascii_case("subscriptions") {
                Some("subscriptions")
            } else if w.eq_ignore_ascii_case("resourcegroups") {
                Some("resourceGroups")
            } else {
                None
            };
            match (parts.next(), fixed) {
                (Some(name), Some(f)) => {
                    out.segments
                        .push(Segment::of_word(Cow::Borrowed(f), name, false));
                }
                (Some(name), None) => out.segments.push(Segment::new(w, name, false)),
                (None, _) => out.collection = Some(fixed.unwrap_or(w).to_string()),
            }
        }
        word = parts.next();
    }
    check_structure(&out.segments, text)?;
    Ok(out)
}

/// Structural checks: a resource group sits right under a subscription; nested type words
/// need a provider segment before them.
fn check_structure(segments: &[Segment], text: &str) -> Result<(), IdError> {
    let mut seen_provider = false;
    for (k, s) in segments.iter().enumerate() {
        let tw = &*s.type_word;
        if k == 0 && tw != "subscriptions" {
            return Err(bad(text, "'/subscriptions/{id}' first"));
        }
        if k > 0 && tw == "subscriptions" {
            return Err(bad(text, "only one subscription segment"));
        }
        if tw == "resourceGroups" && k != 1 {
            return Err(bad(text, "'resourceGroups' right after the subscription"));
        }
        if s.provider {
            seen_provider = true;
        } else if k > 0 && tw != "resourceGroups" && !seen_provider {
            return Err(bad(
                text,
                "'/providers/{namespace}/{type}/{name}' before a nested type",
            ));
        }
    }
    Ok(())
}

/// The ARM type named by a segment list.
pub fn type_of(segments: &[Segment]) -> String {
    let Some(last) = segments.last() else {
        return String::new();
    };
    match &*last.type_word {
        "subscriptions" => return "Microsoft.Resources/subscriptions".to_string(),
        "resourceGroups" => return "Microsoft.Resources/resourceGroups".to_string(),
        _ => {}
    }
    let mut parts: Vec<&str> = Vec::new();
    for s in segments.iter().rev() {
        parts.push(&s.type_word);
        if s.provider {
            break;
        }
    }
    parts.reverse();
    parts.join("/")
}

fn bad(text: &str, wanted: &str) -> IdError {
    IdError(alloc::format!(
        "'{}' is not a valid resource id: expected {wanted}.",
        shorten(text)
    ))
}

/// Cuts long hostile text for messages.
pub fn shorten(text: &str) -> String {
    // At most 200 bytes is at most 200 characters: every request's id, without counting.
    if text.len() <= 200 || text.chars().count() <= 200 {
        return text.to_string();
    }
    let mut s: String = text.chars().take(200).collect();
    s.push('…');
    s
}

/// Builds canonical ids for the common shapes, through [`ArmPath`]'s builder. They return the
/// id as ARM shows it (raw names, for bodies and id comparisons); a request path comes from
/// [`ArmPath::request_path`] on the same builder.
pub mod build {
    use super::ArmPath;
    use alloc::string::{String, ToString};

    /// `/subscriptions/{sub}`
    pub fn subscription(sub: &str) -> String {
        ArmPath::at_subscription(sub).to_string()
    }
    /// `/subscriptions/{sub}/resourceGroups/{rg}`
    pub fn resource_group(sub: &str, rg: &str) -> String {
        ArmPath::at_subscription(sub).group(rg).to_string()
    }
    /// A workspace id.
    pub fn workspace(sub: &str, rg: &str, ws: &str) -> String {
        workspace_path(sub, rg, ws).to_string()
    }
    /// A workspace child id; `child_type` is `fhirservices`, `dicomservices` or `iotconnectors`.
    pub fn workspace_child(sub: &str, rg: &str, ws: &str, child_type: &str, name: &str) -> String {
        workspace_path(sub, rg, ws)
            .child(child_type, name)
            .to_string()
    }
    /// A workspace as a path, to extend or to print as a request.
    pub fn workspace_path(sub: &str, rg: &str, ws: &str) -> ArmPath {
        ArmPath::at_subscription(sub).group(rg).provider(
            "Microsoft.HealthcareApis",
            "workspaces",
            ws,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The word-at-a-time search finds the first `/` exactly where a byte loop does, for
    /// every position, with `/` before and after it, and bytes that differ from `/` by one
    /// bit or sit next to it in value (what a borrow between bytes could confuse).
    #[test]
    fn find_slash_agrees_with_a_byte_loop() {
        let fillers = [
            b'a', b'.', b'0', b'o', 0xaf, 0x2e, 0x30, 0x6f, 0xff, 0x00, 0x01,
        ];
        for len in 0..40 {
            for &fill in &fillers {
                for at in 0..=len {
                    let mut bytes = alloc::vec![fill; len];
                    if at < len {
                        bytes[at] = b'/';
                    }
                    for extra in at + 1..len {
                        let mut more = bytes.clone();
                        more[extra] = b'/';
                        let want = more.iter().position(|b| *b == b'/');
                        assert_eq!(find_slash(&more), want, "{more:?}");
                    }
                    let want = bytes.iter().position(|b| *b == b'/');
                    assert_eq!(find_slash(&bytes), want, "{bytes:?}");
                }
            }
        }
    }
    use alloc::string::ToString;

    impl ArmPath {
        /// The parse as it was before the one-pass reader: the oracle the property test holds
        /// [`ArmPath::parse`] to.
        fn parse_reference(text: &str) -> Result<ArmPath, IdError> {
            let text = text.trim();
            let decoded = split_decoded(text)?;
            let parts = decoded.as_slice();
            let mut out = ArmPath {
                segments: Vec::with_capacity(parts.len() / 2),
                collection: None,
                collection_is_provider: false,
            };
            let mut i = 0;
            if parts
                .first()
                .map(|p| p.eq_ignore_ascii_case("subscriptions"))
                != Some(true)
            {
                return Err(IdError(alloc::format!(
                    "'{}' is not a valid resource id: it must start with '/subscriptions/{{subscriptionId}}'.",
                    shorten(text)
                )));
            }
            while i < parts.len() {
                let word: &str = &parts[i];
                if word.eq_ignore_ascii_case("providers") {
                    let ns = parts
                        .get(i + 1)
                        .ok_or_else(|| bad(text, "a namespace after 'providers'"))?;
                    let ty = match parts.get(i + 2) {
                        Some(t) => t,
                        None => return Err(bad(text, "a resource type after the namespace")),
                    };
                    let mut type_word = String::with_capacity(ns.len() + ty.len() + 1);
                    type_word.push_str(ns);
                    type_word.push('/');
                    type_word.push_str(ty);
                    match parts.get(i + 3) {
                        Some(name) => {
                            out.segments
                                .push(Segment::new(type_word, name.as_ref(), true))
                        }
                        None => {
                            out.collection = Some(type_word);
                            out.collection_is_provider = true;
                        }
                    }
                    i += 4;
                } else {
                    let type_word = if word.eq_ignore_ascii_case("subscriptions") {
                        "subscriptions"
                    } else if word.eq_ignore_ascii_case("resourcegroups") {
                        "resourceGroups"
                    } else {
                        word
                    };
                    match parts.get(i + 1) {
                        Some(name) => {
                            out.segments
                                .push(Segment::new(type_word, name.as_ref(), false))
                        }
                        None => out.collection = Some(type_word.to_string()),
                    }
                    i += 2;
                }
            }
            check_structure(&out.segments, text)?;
            Ok(out)
        }
    }

    const FHIR: &str = "/subscriptions/s1/resourceGroups/RG1/providers/Microsoft.HealthcareApis/workspaces/ws1/fhirservices/fhir1";

    #[test]
    fn a_provider_namespace_id_is_printed_as_az_provider_show_prints_it() {
        let p = ArmPath::at_subscription("s1").provider_namespace("Microsoft.HealthcareApis");
        assert_eq!(
            p.to_string(),
            "/subscriptions/s1/providers/Microsoft.HealthcareApis"
        );
        assert_eq!(p.subscription(), "s1");
    }

    #[test]
    fn parses_nested_ids() {
        let p = ArmPath::parse(FHIR).unwrap();
        assert_eq!(p.segments.len(), 4);
        assert_eq!(
            p.resource_type(),
            "Microsoft.HealthcareApis/workspaces/fhirservices"
        );
        assert_eq!(p.resource_group(), Some("RG1"));
        assert_eq!(p.name(), "fhir1");
        assert_eq!(p.to_string(), FHIR);
        assert_eq!(
            p.parent().unwrap().resource_type(),
            "Microsoft.HealthcareApis/workspaces"
        );
    }

    #[test]
    fn keys_are_case_insensitive() {
        let a = ArmPath::parse(FHIR).unwrap();
        let b = ArmPath::parse(&FHIR.to_uppercase()).unwrap();
        let ka: Vec<&str> = a.segments.iter().map(Segment::key).collect();
        let kb: Vec<&str> = b.segments.iter().map(Segment::key).collect();
        assert_eq!(ka, kb);
    }

    #[test]
    fn the_stack_key_is_the_key() {
        // ASCII short (on the stack), ASCII long (on the heap), non-ASCII (always the heap).
        let long = "n".repeat(200);
        for (ty, name) in [
            ("fhirServices", "FHIR1"),
            ("Microsoft.HealthcareApis/Workspaces", long.as_str()),
            ("resourceGroups", "Grüße-ÄÖ"),
        ] {
            let fresh = Segment::new(ty, name, false);
            let owned = fresh.with_key(|k| k.to_string());
            assert_eq!(owned, Segment::new(ty, name, false).key());
            assert_eq!(owned, alloc::format!("{ty}/{name}").to_lowercase());
        }
    }

    #[test]
    fn extension_and_collections() {
        let ra = ArmPath::parse(
            &(FHIR.to_string() + "/providers/Microsoft.Authorization/roleAssignments/abc"),
        )
        .unwrap();
        assert_eq!(
            ra.resource_type(),
            "Microsoft.Authorization/roleAssignments"
        );
        let c = ArmPath::parse("/subscriptions/s1/providers/Microsoft.HealthcareApis/workspaces")
            .unwrap();
        assert_eq!(
            c.collection_type().unwrap(),
            "Microsoft.HealthcareApis/workspaces"
        );
        let c = ArmPath::parse("/subscriptions/s1/resourceGroups/rg/providers/Microsoft.HealthcareApis/workspaces/ws/fhirservices").unwrap();
        assert_eq!(
            c.collection_type().unwrap(),
            "Microsoft.HealthcareApis/workspaces/fhirservices"
        );
        let c = ArmPath::parse("/subscriptions/s1/resourceGroups").unwrap();
        assert_eq!(
            c.collection_type().unwrap(),
            "Microsoft.Resources/resourceGroups"
        );
    }

    #[test]
    fn ordinary_paths_round_trip_and_hostile_ones_say_not() {
        let ws = build::workspace_path("s1", "rg1", "ws1");
        for p in [
            ws.clone(),
            ws.clone().child("fhirservices", "fhir1"),
            ws.clone().collection("fhirservices"),
            ArmPath::at_subscription("s1").collection("resourceGroups"),
            ArmPath::at_subscription("s1").group("a/b c"),
        ] {
            assert!(p.round_trips(p.request_path().len()), "{p}");
        }
        for p in [
            ArmPath::at_subscription("s1").group(&"n".repeat(MAX_NAME_LEN + 1)),
            ArmPath::at_subscription("s1").group(""),
            ArmPath::at_subscription("s1").provider_namespace("Microsoft.HealthcareApis"),
            ArmPath::at_subscription("s1")
                .group("g")
                .child("fhirservices", "x"),
        ] {
            assert!(!p.round_trips(p.request_path().len()), "{p}");
        }
        assert!(!ws.round_trips(MAX_ID_LEN + 1));
    }

    #[test]
    fn rejects_bad_paths() {
        for bad in [
            "",
            "subscriptions/x",
            "/subscriptions//x",
            "/resourceGroups/x",
            "/subscriptions/s/fhirservices/x",
            "/subscriptions/s/resourceGroups/g/providers",
            "/subscriptions/s/resourceGroups/g/resourceGroups/h",
        ] {
            assert!(ArmPath::parse(bad).is_err(), "{bad}");
        }
        assert!(ArmPath::parse(&"/subscriptions/".repeat(1000)).is_err());
        assert!(ArmPath::parse("/subscriptions/s\u{7}").is_err());
    }

    #[test]
    fn builder_matches_the_old_text_for_ordinary_names() {
        let p = build::workspace_path("s1", "RG1", "ws1").child("fhirservices", "fhir1");
        assert_eq!(p.to_string(), FHIR);
        assert_eq!(p.request_path(), FHIR);
        assert_eq!(ArmPath::parse(&p.request_path()).unwrap(), p);
        let lock = ArmPath::at_subscription("s1").group("rg(1)").provider(
            "Microsoft.Authorization",
            "locks",
            "keep",
        );
        assert_eq!(
            lock.request_path(),
            "/subscriptions/s1/resourceGroups/rg(1)/providers/Microsoft.Authorization/locks/keep"
        );
        let c = ArmPath::at_subscription("s1")
            .group("rg")
            .provider_collection("Microsoft.HealthcareApis", "workspaces");
        assert_eq!(
            c.request_path(),
            "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.HealthcareApis/workspaces"
        );
        assert_eq!(
            c.collection_type().unwrap(),
            "Microsoft.HealthcareApis/workspaces"
        );
    }

    #[test]
    fn a_hostile_name_stays_one_segment() {
        for name in [
            "ws1/fhirservices/x",
            "rg2/providers/Microsoft.Authorization/locks/keep",
            "a%2Fb",
            "..",
            "what?x=1#frag",
            "two words",
            "grüne",
            "%",
        ] {
            let p = ArmPath::at_subscription("s1").group("rg1").provider(
                "Microsoft.HealthcareApis",
                "workspaces",
                name,
            );
            let sent = p.request_path();
            assert!(!sent.contains('?') && !sent.contains('#') && !sent.contains(' '));
            let back = ArmPath::parse(&sent).unwrap();
            assert_eq!(back.segments.len(), 3, "{name}");
            assert_eq!(back.name(), name);
            assert_eq!(back.resource_type(), "Microsoft.HealthcareApis/workspaces");
            // The body form shows the raw name, as ARM does.
            assert!(p.to_string().ends_with(name));
        }
        assert_eq!(encode("a/b c"), "a%2Fb%20c");
    }

    #[test]
    fn decoding_errors_never_panic() {
        for bad in [
            "/subscriptions/s/resourceGroups/%",
            "/subscriptions/s/resourceGroups/%4",
            "/subscriptions/s/resourceGroups/%zz",
            "/subscriptions/s/resourceGroups/%FF",
            "/subscriptions/s/resourceGroups/%C3",
            "/subscriptions/s/resourceGroups/a%07b",
        ] {
            assert!(ArmPath::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(
            ArmPath::parse("/subscriptions/s/resourceGroups/r%C3%BCg")
                .unwrap()
                .resource_group(),
            Some("rüg")
        );
        assert!(check_type_word("Microsoft.HealthcareApis").is_ok());
        assert!(check_type_word("a/b").is_err());
        assert!(check_type_word("").is_err());
    }

    proptest::proptest! {
        #[test]
        fn any_name_round_trips(name in "\\PC{1,40}", child in "[ -~]{1,20}") {
            let p = build::workspace_path("s1", "rg1", &name).child("fhirservices", &child);
            // Encoded, even spaces at the ends survive parse's trimming.
            let back = ArmPath::parse(&p.request_path());
            proptest::prop_assert!(back.is_ok(), "{:?}", back);
            let back = back.unwrap_or(p);
            proptest::prop_assert_eq!(back.segments.len(), 4);
            proptest::prop_assert_eq!(back.name(), child.as_str());
            proptest::prop_assert_eq!(&back.segments[2].name, &name);
        }

        #[test]
        fn the_one_pass_parse_agrees_with_the_reference(
            parts in proptest::collection::vec(proptest::sample::select(&[
                "subscriptions", "SUBSCRIPTIONS", "s1", "resourceGroups", "resourcegroups", "rg",
                "providers", "Microsoft.HealthcareApis", "workspaces", "ws1", "fhirservices",
                "", "a%2Fb", "%zz", "%C3", "x\u{7}", "x\u{85}y", "grüne", " ", "%41",
            ][..]), 0..12),
            long in proptest::sample::select(&[0usize, 1, 259, 260, 261, 300][..]),
            tail in proptest::sample::select(&["", "/", "//", " "][..]),
            lead in proptest::sample::select(&["/", "", " /", "//"][..]),
        ) {
            let mut text = alloc::format!("{lead}{}{tail}", parts.join("/"));
            if long > 0 {
                text.push('/');
                text.push_str(&"n".repeat(long));
            }
            proptest::prop_assert_eq!(ArmPath::parse(&text), ArmPath::parse_reference(&text));
        }

        #[test]
        fn the_one_pass_parse_agrees_on_any_text(
            text in "[/%a-zA-Z0-9 \\x00-\\x1f\\x7f\\u{80}-\\u{9f}é]{0,60}"
        ) {
            proptest::prop_assert_eq!(ArmPath::parse(&text), ArmPath::parse_reference(&text));
        }

        #[test]
        fn a_path_that_says_it_round_trips_does(
            sub in proptest::sample::select(&["s1", "", "SUBSCRIPTIONS"][..]),
            steps in proptest::collection::vec((0u8..5, proptest::sample::select(&[
                "ws1", "", "a/b", "two words", "%", "x\u{7}", "providers", "resourcegroups",
                "resourceGroups", "Subscriptions", "Microsoft.HealthcareApis", "grüne", "..",
            ][..])), 0..6),
            long in proptest::sample::select(&[0usize, 260, 261][..]),
        ) {
            let mut p = ArmPath::at_subscription(sub);
            for (k, (how, word)) in steps.iter().enumerate() {
                let name = if k == 0 && long > 0 { "n".repeat(long) } else { word.to_string() };
                p = match how {
                    0 => p.group(&name),
                    1 => p.provider(word, "workspaces", &name),
                    2 => p.child(word, &name),
                    3 => p.collection(word),
                    _ => p.provider_collection("Microsoft.HealthcareApis", word),
                };
            }
            let sent = p.request_path();
            // Whatever the names, the path knows its own request text, and only that text.
            proptest::prop_assert!(p.is_request_path(&sent), "{}", sent);
            let longer = alloc::format!("{sent}x");
            proptest::prop_assert!(!p.is_request_path(&longer));
            proptest::prop_assert!(!p.is_request_path(&sent[..sent.len() - 1]));
            // The text always holds the lower-case word `subscriptions`: its upper-cased
            // form is another text, which the typed path must not vouch for.
            proptest::prop_assert!(!p.is_request_path(&sent.to_ascii_uppercase()));
            if p.round_trips(sent.len()) {
                proptest::prop_assert_eq!(ArmPath::parse(&sent), Ok(p));
            }
        }

        #[test]
        fn parse_never_panics(text in "\\PC{0,80}") {
            let _ = ArmPath::parse(&text);
            let _ = decode(&text);
        }
    }
}
