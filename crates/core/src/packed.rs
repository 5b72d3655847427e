//! A stored JSON body packed into one allocation: what a [`Resource`](crate::resource::Resource)
//! keeps instead of a `serde_json::Value` tree. A `Value` object is a B-tree whose every node is
//! a separate allocation of several hundred bytes, so a FHIR service's body (a dozen nested
//! objects) cost about 3 kB as a tree; packed it is a few hundred bytes in one `Rc<str>`.
//!
//! The encoding is a tag byte per value, lengths and integers as varints, and object keys and
//! frequent string values as indexes into a static dictionary of the words hcsim's providers
//! write. Every byte the encoding adds is ASCII (tags, varints, a float's bits as a varint),
//! and strings are copied whole, so the packed form is a `str`: a string read back is a slice
//! of it, found valid when it was packed, never checked again on each read (every printed
//! field was a UTF-8 check before). Objects keep serde_json's key order (sorted), so decoding
//! gives back the same `Value`, serializing from the packed form writes the same bytes as
//! serializing the `Value`, and a look-up stops at the first key past the one it seeks. Bytes
//! are only ever produced by [`Packed::new`] and its siblings; a malformed buffer (never made)
//! decodes to `null` rather than panicking.

use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;
use core::cell::Cell;
use core::cmp::Ordering;
use core::fmt;

use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};
use serde_json::{Map, Number, Value};

const NULL: u8 = 0;
const FALSE: u8 = 1;
const TRUE: u8 = 2;
const UINT: u8 = 3;
const NEG: u8 = 4;
const FLOAT: u8 = 5;
const STR: u8 = 6;
const WORD: u8 = 7;
const ARRAY: u8 = 8;
const OBJECT: u8 = 9;

/// Words stored as a dictionary index: the keys and values hcsim's providers write (kept
/// sorted, bytewise, for the reader; packing finds them through [`WORD_TABLE`]).
const WORDS: &[&str] = &[
    "A",
    "Accepted",
    "Application",
    "Approved",
    "Basic",
    "CanNotDelete",
    "Canceled",
    "CollectionContent",
    "Complete",
    "Create",
    "Creating",
    "Deleting",
    "Disabled",
    "Enabled",
    "Failed",
    "Group",
    "Incremental",
    "Key",
    "Lookup",
    "ManagedIdentity",
    "None",
    "Pending",
    "RSA",
    "ReadOnly",
    "Rejected",
    "Running",
    "ServicePrincipal",
    "Standard",
    "Succeeded",
    "SystemAssigned",
    "SystemAssigned,UserAssigned",
    "Updating",
    "User",
    "UserAssigned",
    "accessPolicies",
    "acrConfiguration",
    "actionsRequired",
    "addressPrefix",
    "addressPrefixes",
    "addressSpace",
    "allowCredentials",
    "attributes",
    "audience",
    "audiences",
    "australiaeast",
    "authenticationConfiguration",
    "authority",
    "canadacentral",
    "capacity",
    "centralus",
    "clientId",
    "code",
    "condition",
    "conditionVersion",
    "consumerGroup",
    "content",
    "correlationId",
    "corsConfiguration",
    "cosmosDbConfiguration",
    "createdAt",
    "createdBy",
    "createdByType",
    "customerManagedKeyEncryption",
    "default",
    "delegatedManagedIdentityResourceId",
    "deletedDate",
    "dependencies",
    "description",
    "details",
    "deviceMapping",
    "dicom",
    "duration",
    "eastus",
    "eastus2",
    "enableDataPartitions",
    "enablePurgeProtection",
    "enableRbacAuthorization",
    "enableSoftDelete",
    "enabled",
    "encryption",
    "error",
    "etag",
    "eventHubName",
    "eventState",
    "exportConfiguration",
    "family",
    "fhir",
    "fhir-R4",
    "fhir-Stu3",
    "fhirMapping",
    "fhirServiceResourceId",
    "fileSystemName",
    "fullyQualifiedEventHubNamespace",
    "groupId",
    "groupIds",
    "headers",
    "healthcareworkspace",
    "https://dicom.healthcareapis.azure.com",
    "https://dicom.healthcareapis.azure.com/",
    "id",
    "identity",
    "implementationGuidesConfiguration",
    "importConfiguration",
    "ingestionEndpointConfiguration",
    "initialImportMode",
    "integrationDataStore",
    "japaneast",
    "keyEncryptionKeyUrl",
    "keySize",
    "keyUri",
    "keyUriWithVersion",
    "kind",
    "kty",
    "lastModifiedAt",
    "lastModifiedBy",
    "lastModifiedByType",
    "level",
    "location",
    "loginServers",
    "manualPrivateLinkServiceConnections",
    "maxAge",
    "message",
    "messageRetentionInDays",
    "methods",
    "mode",
    "name",
    "no-version",
    "northeurope",
    "notes",
    "objectId",
    "ociArtifacts",
    "offerThroughput",
    "origins",
    "outputResources",
    "outputs",
    "parameters",
    "partitionCount",
    "premium",
    "principalId",
    "principalType",
    "privateEndpoint",
    "privateEndpointConnections",
    "privateLinkServiceConnectionState",
    "privateLinkServiceConnections",
    "privateLinkServiceId",
    "properties",
    "provisioningState",
    "publicNetworkAccess",
    "requiredMembers",
    "requiredZoneNames",
    "resourceIdentityResolutionType",
    "resourceTypeOverrides",
    "resourceVersionPolicyConfiguration",
    "roleDefinitionId",
    "scope",
    "serviceUrl",
    "sku",
    "smartIdentityProviders",
    "smartProxyEnabled",
    "softDeleteRetentionInDays",
    "southeastasia",
    "standard",
    "status",
    "storageAccountName",
    "storageConfiguration",
    "storageResourceId",
    "subnet",
    "subnets",
    "systemData",
    "tags",
    "template",
    "templateType",
    "tenantId",
    "tier",
    "timestamp",
    "type",
    "uksouth",
    "usCoreMissingData",
    "userAssignedIdentities",
    "validatedResources",
    "value",
    "vaultUri",
    "versioned",
    "versioned-update",
    "westeurope",
    "westus",
    "westus2",
    "westus3",
    "zoneRedundant",
];

/// A packed JSON value (shared by reference count; cloning copies one pointer).
#[derive(Clone)]
pub struct Packed(Rc<str>);

impl Packed {
    /// Packs `v`.
    pub fn new(v: &Value) -> Packed {
        let mut out = String::with_capacity(64);
        encode(v, &mut out);
        Packed(Rc::from(out))
    }

    /// The packed bytes (structure and strings; see the module's note).
    fn bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }

    /// The value, decoded (a fresh copy).
    pub fn value(&self) -> Value {
        decode(&self.0, &mut 0)
    }

    /// Bytes the packed form occupies (its one allocation, without the reference counts).
    pub fn packed_len(&self) -> usize {
        self.0.len()
    }

    /// True when both share one allocation.
    pub fn ptr_eq(a: &Packed, b: &Packed) -> bool {
        Rc::ptr_eq(&a.0, &b.0)
    }

    /// The value at `path` (object keys from the root), decoded alone: a cheap look at one
    /// field without decoding the rest.
    pub fn at(&self, path: &[&str]) -> Option<Value> {
        let pos = find(self.bytes(), path)?;
        Some(decode(&self.0, &mut { pos }))
    }

    /// The string at `path`, borrowed from the packed bytes (no decoding, no allocation).
    pub fn str_at(&self, path: &[&str]) -> Option<&str> {
        let mut pos = find(self.bytes(), path)?;
        read_str(&self.0, &mut pos)
    }

    /// Whether the value at `path` exists (is present, possibly `null`).
    pub fn has(&self, path: &[&str]) -> bool {
        find(self.bytes(), path).is_some()
    }

    /// The value serialized straight from the packed bytes, without building a `Value`.
    pub fn stream(&self) -> impl Serialize + '_ {
        Cursor {
            text: &self.0,
            pos: Cell::new(0),
        }
    }
}

impl Default for Packed {
    /// `null`.
    fn default() -> Packed {
        Packed(Rc::from("\0"))
    }
}

impl From<&Value> for Packed {
    fn from(v: &Value) -> Packed {
        Packed::new(v)
    }
}

impl From<Value> for Packed {
    fn from(v: Value) -> Packed {
        Packed::new(&v)
    }
}

impl PartialEq for Packed {
    /// Equal values: the encoding is canonical, except that a float zero's sign is kept
    /// (`0.0 == -0.0` as values), so differing bytes are compared decoded.
    fn eq(&self, other: &Packed) -> bool {
        self.0 == other.0 || (self.bytes().contains(&FLOAT) && self.value() == other.value())
    }
}

impl fmt::Debug for Packed {
    /// As the value itself.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.value(), f)
    }
}

impl fmt::Display for Packed {
    /// As the value itself: compact JSON.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.value(), f)
    }
}

impl Serialize for Packed {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.stream().serialize(s)
    }
}

/// Appends one byte of structure: ASCII (below 0x80) by construction, so one `char`.
fn put_byte(out: &mut String, b: u8) {
    debug_assert!(b < 0x80, "structure is ASCII");
    out.push(char::from(b & 0x7f));
}

/// Varints below this are their own one byte; from it up, a byte `SHORT + k - 1` says that
/// `k` bytes of 7 bits (low first) follow, holding `n - SHORT`. Every byte stays ASCII (which
/// keeps the packed form a `str`) and numbers up to 111 take one byte, 239 two (LEB128 took
/// one to 127, two to 16383: a dictionary index or a string's length is one byte either way
/// for nearly every word and value).
const SHORT: u64 = 0x70;

fn put_varint(out: &mut String, n: u64) {
    if n < SHORT {
        put_byte(out, n as u8);
        return;
    }
    let mut rest = n - SHORT;
    let mut k = 1;
    while k < 10 && rest >> (7 * k) != 0 {
        k += 1;
    }
    put_byte(out, (SHORT as u8) + (k as u8 - 1));
    for _ in 0..k {
        put_byte(out, (rest & 0x7f) as u8);
        rest >>= 7;
    }
}

fn get_varint(b: &[u8], pos: &mut usize) -> u64 {
    let Some(&first) = b.get(*pos) else {
        return 0;
    };
    *pos += 1;
    if u64::from(first) < SHORT {
        return u64::from(first);
    }
    let k = usize::from(first - SHORT as u8) + 1;
    let mut n = 0u64;
    for i in 0..k {
        let Some(&byte) = b.get(*pos) else {
            break;
        };
        *pos += 1;
        if i < 10 {
            n |= u64::from(byte & 0x7f) << (7 * i);
        }
    }
    n.saturating_add(SHORT)
}

/// Slots of [`WORD_TABLE`]: a power of two several times the dictionary's size, so a probe
/// seldom meets another word.
const WORD_SLOTS: usize = 1024;

/// An empty slot of [`WORD_TABLE`].
const NO_WORD: u16 = u16::MAX;

/// The up-to-8 bytes of `s` from `at` as a little-endian word, zero-padded (`const`, so the
/// table below is built with the very function that looks words up).
const fn le_word(s: &[u8], at: usize) -> u64 {
    let mut w = 0u64;
    let mut i = 0;
    while i < 8 && at + i < s.len() {
        w |= (s[at + i] as u64) << (8 * i);
        i += 1;
    }
    w
}

/// A word's slot: its length and its first and last eight bytes (all of a short word's),
/// mixed by one multiplication whose top bits are the slot. Where [`word`] starts probing
/// (the same function at compile time and at run time). Every key and string packed is
/// hashed, and most of them (ids, timestamps, e-mail addresses) are no word at all: sixteen
/// bytes tell the dictionary's words apart well enough (a rare shared slot costs one more
/// probe). A byte-by-byte FNV chain cost a multiplication per byte, one after another.
const fn word_hash(s: &[u8]) -> usize {
    let n = s.len();
    let first = le_word(s, 0);
    let last = if n > 8 { le_word(s, n - 8) } else { 0 };
    let h = (first ^ last.rotate_left(23) ^ ((n as u64) << 56)).wrapping_mul(0xff51_afd7_ed55_8ccd);
    (h >> (64 - WORD_SLOTS.trailing_zeros())) as usize
}

/// The dictionary as an open-addressing hash table of indexes into [`WORDS`], built at
/// compile time: packing looks up every key and string, and a binary search of the sorted
/// list cost eight string comparisons per look-up (a tenth of a group's PUT).
const WORD_TABLE: [u16; WORD_SLOTS] = {
    let mut table = [NO_WORD; WORD_SLOTS];
    let mut i = 0;
    while i < WORDS.len() {
        let mut slot = word_hash(WORDS[i].as_bytes());
        while table[slot] != NO_WORD {
            slot = (slot + 1) & (WORD_SLOTS - 1);
        }
        table[slot] = i as u16;
        i += 1;
    }
    table
};

/// The length of the dictionary's longest word: a longer string (an id, a URL) is not one,
/// and is not hashed to find that out.
const MAX_WORD_LEN: usize = {
    let (mut max, mut i) = (0, 0);
    while i < WORDS.len() {
        if WORDS[i].len() > max {
            max = WORDS[i].len();
        }
        i += 1;
    }
    max
};

/// The `N` bytes of `s` from `at` as one little-endian word (zero when out of range, which
/// [`same_bytes`]'s length checks rule out).
#[inline(always)]
fn word_at<const N: usize>(s: &[u8], at: usize) -> u64 {
    let mut w = [0u8; 8];
    if let (Some(dst), Some(src)) = (w.get_mut(..N), s.get(at..at + N)) {
        dst.copy_from_slice(src);
    }
    u64::from_le_bytes(w)
}

/// `a == b`, compared without a call to `memcmp` when they are short: keys and dictionary
/// words are mostly under 17 bytes, and for them the length plus two overlapping 8-byte
/// (or 4-byte) loads are a handful of instructions where the library call was most of a
/// look-up's time.
#[inline(always)]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    match n {
        0 => true,
        1..=3 => a.first() == b.first() && a.get(n / 2) == b.get(n / 2) && a.last() == b.last(),
        4..=7 => {
            word_at::<4>(a, 0) == word_at::<4>(b, 0)
                && word_at::<4>(a, n - 4) == word_at::<4>(b, n - 4)
        }
        8..=16 => {
            word_at::<8>(a, 0) == word_at::<8>(b, 0)
                && word_at::<8>(a, n - 8) == word_at::<8>(b, n - 8)
        }
        _ => a == b,
    }
}

/// The dictionary index of `s`, if it is a word of the dictionary.
fn word(s: &str) -> Option<usize> {
    if s.len() > MAX_WORD_LEN {
        return None;
    }
    let mut slot = word_hash(s.as_bytes());
    loop {
        let i = *WORD_TABLE.get(slot)?;
        let w = WORDS.get(usize::from(i))?;
        if same_bytes(w.as_bytes(), s.as_bytes()) {
            return Some(usize::from(i));
        }
        slot = (slot + 1) & (WORD_SLOTS - 1);
    }
}

/// A key: a dictionary index, or the dictionary's length plus the inline length, then bytes.
fn put_key(out: &mut String, k: &str) {
    match word(k) {
        Some(i) => put_varint(out, i as u64),
        None => {
            put_varint(out, (WORDS.len() + k.len()) as u64);
            out.push_str(k);
        }
    }
}

fn get_key<'a>(b: &'a str, pos: &mut usize) -> &'a str {
    let n = get_varint(b.as_bytes(), pos) as usize;
    if let Some(w) = WORDS.get(n) {
        return w;
    }
    inline(b, pos, n - WORDS.len())
}

/// Moves past a key without reading it (no UTF-8 check of an inline one).
fn skip_key(b: &[u8], pos: &mut usize) {
    let n = get_varint(b, pos) as usize;
    if n >= WORDS.len() {
        *pos = pos.saturating_add(n - WORDS.len()).min(b.len());
    }
}

/// Reads a key and answers where it stands against `key`: `Equal` for `key` itself, `Greater`
/// when its first byte sorts after `key`'s (it and every later key of the sorted object come
/// after `key`), else `Less` (look on). A dictionary word is compared as text, an inline key
/// as bytes (no UTF-8 view is needed to compare; every RBAC check reads keys this way).
fn key_cmp(b: &[u8], pos: &mut usize, key: &str) -> Ordering {
    let n = get_varint(b, pos) as usize;
    let text = match WORDS.get(n) {
        Some(w) => w.as_bytes(),
        None => {
            let start = *pos;
            let end = start.saturating_add(n - WORDS.len()).min(b.len());
            *pos = end;
            b.get(start..end).unwrap_or_default()
        }
    };
    // Equality first, as a length and then the bytes (most keys differ in length); only a
    // first byte is ordered, which is all a look-up needs to stop early.
    if same_bytes(text, key.as_bytes()) {
        Ordering::Equal
    } else if text.first() > key.as_bytes().first() {
        Ordering::Greater
    } else {
        Ordering::Less
    }
}

/// The `len` bytes of string at `pos`: a slice of the packed text (strings were copied in
/// whole, so its ends are character boundaries; `get` checks that in constant time).
fn inline<'a>(b: &'a str, pos: &mut usize, len: usize) -> &'a str {
    let start = *pos;
    let end = start.saturating_add(len).min(b.len());
    *pos = end;
    b.get(start..end).unwrap_or_default()
}

fn encode(v: &Value, out: &mut String) {
    match v {
        Value::Null => put_byte(out, NULL),
        Value::Bool(false) => put_byte(out, FALSE),
        Value::Bool(true) => put_byte(out, TRUE),
        Value::Number(n) => {
            if let Some(u) = n.as_u64() {
                put_byte(out, UINT);
                put_varint(out, u);
            } else if let Some(i) = n.as_i64() {
                put_byte(out, NEG);
                // i < 0 here: store -(i + 1), which fits a u64 for every negative i64.
                put_varint(out, !(i as u64));
            } else {
                // The bits as a varint (raw bytes would not be ASCII).
                put_byte(out, FLOAT);
                put_varint(out, n.as_f64().unwrap_or(0.0).to_bits());
            }
        }
        Value::String(s) => encode_str(s, out),
        Value::Array(a) => {
            put_byte(out, ARRAY);
            put_varint(out, a.len() as u64);
            for x in a {
                encode(x, out);
            }
        }
        Value::Object(m) => {
            put_byte(out, OBJECT);
            put_varint(out, m.len() as u64);
            for (k, x) in m {
                put_key(out, k);
                encode(x, out);
            }
        }
    }
}

/// A string value: a dictionary index when it is a word, else inline.
fn encode_str(s: &str, out: &mut String) {
    match word(s) {
        Some(i) => {
            put_byte(out, WORD);
            put_varint(out, i as u64);
        }
        None => {
            put_byte(out, STR);
            put_varint(out, s.len() as u64);
            out.push_str(s);
        }
    }
}

fn read_float(b: &[u8], pos: &mut usize) -> f64 {
    f64::from_bits(get_varint(b, pos))
}

/// The string at `pos` (a `STR` or `WORD` value), advancing past it; None for another value.
fn read_str<'a>(text: &'a str, pos: &mut usize) -> Option<&'a str> {
    let b = text.as_bytes();
    let tag = *b.get(*pos)?;
    *pos += 1;
    match tag {
        STR => {
            let len = get_varint(b, pos) as usize;
            Some(inline(text, pos, len))
        }
        WORD => WORDS.get(get_varint(b, pos) as usize).copied(),
        _ => None,
    }
}

fn decode(text: &str, pos: &mut usize) -> Value {
    let b = text.as_bytes();
    let Some(&tag) = b.get(*pos) else {
        return Value::Null;
    };
    match tag {
        NULL => {
            *pos += 1;
            Value::Null
        }
        FALSE | TRUE => {
            *pos += 1;
            Value::Bool(tag == TRUE)
        }
        UINT | NEG => {
            *pos += 1;
            let n = get_varint(b, pos);
            Value::Number(if tag == UINT {
                Number::from(n)
            } else {
                Number::from(!n as i64)
            })
        }
        FLOAT => {
            *pos += 1;
            Number::from_f64(read_float(b, pos)).map_or(Value::Null, Value::Number)
        }
        STR | WORD => read_str(text, pos).map_or(Value::Null, |s| Value::String(s.into())),
        ARRAY => {
            *pos += 1;
            let n = get_varint(b, pos) as usize;
            let mut a = Vec::with_capacity(n.min(b.len()));
            for _ in 0..n {
                a.push(decode(text, pos));
            }
            Value::Array(a)
        }
        OBJECT => {
            *pos += 1;
            let n = get_varint(b, pos);
            let mut m = Map::new();
            for _ in 0..n {
                let k = String::from(get_key(text, pos));
                m.insert(k, decode(text, pos));
            }
            Value::Object(m)
        }
        _ => {
            *pos = b.len();
            Value::Null
        }
    }
}

/// Moves `pos` past the value there.
fn skip(b: &[u8], pos: &mut usize) {
    let Some(&tag) = b.get(*pos) else {
        return;
    };
    *pos += 1;
    match tag {
        UINT | NEG | WORD | FLOAT => {
            get_varint(b, pos);
        }
        STR => {
            let len = get_varint(b, pos) as usize;
            *pos = pos.saturating_add(len);
        }
        ARRAY => {
            for _ in 0..get_varint(b, pos) {
                skip(b, pos);
            }
        }
        OBJECT => {
            for _ in 0..get_varint(b, pos) {
                skip_key(b, pos);
                skip(b, pos);
            }
        }
        NULL | FALSE | TRUE => {}
        _ => *pos = b.len(),
    }
}

/// The position of the value at `path` (object keys from the root), if present.
fn find(b: &[u8], path: &[&str]) -> Option<usize> {
    let mut pos = 0;
    for key in path {
        if *b.get(pos)? != OBJECT {
            return None;
        }
        pos += 1;
        let n = get_varint(b, &mut pos);
        let mut found = false;
        for _ in 0..n {
            // Keys are sorted: past the place `key` would have, it is absent (a look-up of
            // an absent key, `identity` on most writes, stops there instead of skipping every
            // later value).
            match key_cmp(b, &mut pos, key) {
                Ordering::Equal => {
                    found = true;
                    break;
                }
                Ordering::Greater => return None,
                Ordering::Less => skip(b, &mut pos),
            }
        }
        if !found {
            return None;
        }
    }
    (pos < b.len()).then_some(pos)
}

/// Serializes the value at its position and moves past it (values are read in order).
struct Cursor<'a> {
    text: &'a str,
    pos: Cell<usize>,
}

impl Serialize for Cursor<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let text = self.text;
        let b = text.as_bytes();
        let mut pos = self.pos.get();
        let Some(&tag) = b.get(pos) else {
            return s.serialize_unit();
        };
        match tag {
            ARRAY => {
                pos += 1;
                let n = get_varint(b, &mut pos) as usize;
                self.pos.set(pos);
                let mut seq = s.serialize_seq(Some(n))?;
                for _ in 0..n {
                    seq.serialize_element(self)?;
                }
                seq.end()
            }
            OBJECT => {
                pos += 1;
                let n = get_varint(b, &mut pos) as usize;
                let mut map = s.serialize_map(Some(n))?;
                for _ in 0..n {
                    let k = get_key(text, &mut pos);
                    self.pos.set(pos);
                    map.serialize_entry(k, self)?;
                    pos = self.pos.get();
                }
                self.pos.set(pos);
                map.end()
            }
            STR | WORD => {
                let value = read_str(text, &mut pos).unwrap_or_default();
                self.pos.set(pos);
                s.serialize_str(value)
            }
            _ => {
                // Scalars: decoded (no allocation for them) and serialized as the Value does.
                let v = decode(text, &mut pos);
                self.pos.set(pos);
                v.serialize(s)
            }
        }
    }
}

/// A value added to an object as it is packed ([`Packed::object_with`]), written straight
/// into the packed bytes without a `Value` being built for it.
#[derive(Clone, Copy, Debug)]
pub enum Extra<'a> {
    /// A string.
    Str(&'a str),
    /// An object of strings, its keys in ascending order.
    Strings(&'a [(&'a str, &'a str)]),
}

impl Extra<'_> {
    fn encode(self, out: &mut String) {
        match self {
            Extra::Str(s) => encode_str(s, out),
            Extra::Strings(entries) => {
                debug_assert!(
                    entries.windows(2).all(|p| p[0].0 < p[1].0),
                    "keys ascending"
                );
                put_byte(out, OBJECT);
                put_varint(out, entries.len() as u64);
                for (k, v) in entries {
                    put_key(out, k);
                    encode_str(v, out);
                }
            }
        }
    }
}

impl Packed {
    /// Packs the object `base` with the `extras` (`None` ones left out) set on it, as if each
    /// had been inserted into `base` before packing (an extra replaces an entry of the same
    /// key), but without building them as values: a new resource's `id`, `name`, `type`,
    /// `location`, `etag` and `systemData` are written straight from the strings they are
    /// made of. `extras` must be in ascending key order.
    pub fn object_with(base: &Map<String, Value>, extras: &[(&str, Option<Extra<'_>>)]) -> Packed {
        let present = || extras.iter().filter_map(|(k, e)| e.map(|e| (*k, e)));
        debug_assert!(extras.windows(2).all(|p| p[0].0 < p[1].0), "keys ascending");
        let replaced = present().filter(|(k, _)| base.contains_key(*k)).count();
        let mut out = String::with_capacity(256);
        put_byte(&mut out, OBJECT);
        put_varint(&mut out, (base.len() + present().count() - replaced) as u64);
        let mut extra = present().peekable();
        for (k, v) in base {
            let mut shadowed = false;
            while let Some((ek, e)) = extra.next_if(|(ek, _)| *ek <= k.as_str()) {
                put_key(&mut out, ek);
                e.encode(&mut out);
                shadowed |= ek == k.as_str();
            }
            if !shadowed {
                put_key(&mut out, k);
                encode(v, &mut out);
            }
        }
        for (ek, e) in extra {
            put_key(&mut out, ek);
            e.encode(&mut out);
        }
        Packed(Rc::from(out))
    }
}

/// A packed value opened for writing ([`Packed::edit`]): reads and writes as a `Value`, and is
/// packed again when dropped.
pub struct Edit<'a> {
    slot: &'a mut Packed,
    value: Value,
}

impl Packed {
    /// Opens the value for writing: decoded now, packed again when the guard is dropped.
    pub fn edit(&mut self) -> Edit<'_> {
        let value = self.value();
        Edit { slot: self, value }
    }

    /// Replaces the value.
    pub fn set(&mut self, v: &Value) {
        *self = Packed::new(v);
    }
}

impl core::ops::Deref for Edit<'_> {
    type Target = Value;

    fn deref(&self) -> &Value {
        &self.value
    }
}

impl core::ops::DerefMut for Edit<'_> {
    fn deref_mut(&mut self) -> &mut Value {
        &mut self.value
    }
}

impl Drop for Edit<'_> {
    fn drop(&mut self) {
        *self.slot = Packed::new(&self.value);
    }
}

impl Packed {
    /// Sets the value at `path` (object keys from the root) to `v`, replacing it or inserting
    /// the last key in key order, without decoding the rest: the bytes around it are copied
    /// as they are. Does nothing, and answers false, when a parent on the path is missing or
    /// not an object (as an insert into a missing object would).
    pub fn set_at(&mut self, path: &[&str], v: &Value) -> bool {
        if path.is_empty() {
            self.set(v);
            return true;
        }
        self.splice_at(path, |out| encode(v, out))
    }

    /// [`Packed::set_at`] of a string (a provisioning state, a URL), without making a
    /// `Value` of it first.
    pub fn set_str_at(&mut self, path: &[&str], s: &str) -> bool {
        if path.is_empty() {
            self.set(&Value::String(s.into()));
            return true;
        }
        self.splice_at(path, |out| encode_str(s, out))
    }

    /// [`Packed::set_at`] of a non-empty `path`, the value written by `value`.
    fn splice_at(&mut self, path: &[&str], value: impl FnOnce(&mut String)) -> bool {
        let Some((last, parents)) = path.split_last() else {
            return false;
        };
        let text = &self.0;
        let b = text.as_bytes();
        let Some(obj) = find(b, parents) else {
            return false;
        };
        if b.get(obj) != Some(&OBJECT) {
            return false;
        }
        let count_at = obj + 1;
        let mut pos = count_at;
        let n = get_varint(b, &mut pos);
        let count_end = pos;
        // Where the entry goes: the old entry's span, or an empty span before the first
        // greater key (serde_json keeps keys sorted).
        let (mut start, mut end, mut replaced) = (b.len(), b.len(), false);
        let mut at = count_end;
        for _ in 0..n {
            let key_at = at;
            let k = get_key(text, &mut at);
            if same_bytes(k.as_bytes(), last.as_bytes()) {
                skip(b, &mut at);
                (start, end, replaced) = (key_at, at, true);
                break;
            }
            if k > *last {
                (start, end) = (key_at, key_at);
                break;
            }
            skip(b, &mut at);
        }
        if !replaced && start == b.len() {
            (start, end) = (at, at);
        }
        // The old bytes around the new count and entry are copied as they are (slices, not
        // byte by byte: a gathering iterator was slower than the copy it saved).
        // Every cut is between two values' structure bytes, so on character boundaries.
        let mut out = String::with_capacity(b.len() + 16);
        out.push_str(text.get(..count_at).unwrap_or_default());
        put_varint(&mut out, if replaced { n } else { n + 1 });
        out.push_str(text.get(count_end..start).unwrap_or_default());
        put_key(&mut out, last);
        value(&mut out);
        out.push_str(text.get(end..).unwrap_or_default());
        self.0 = Rc::from(out);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The short-key comparison agrees with `==` at every length it treats apart (0 to 17
    /// bytes), for equal texts and for texts differing in any one byte or in length.
    #[test]
    fn short_key_comparison_agrees_with_equality() {
        let base: Vec<u8> = (0..20u8).map(|i| b'a' + i).collect();
        for n in 0..=18 {
            let a = &base[..n];
            assert!(same_bytes(a, &base[..n]));
            for m in 0..=18 {
                assert_eq!(same_bytes(a, &base[..m]), n == m, "{n} vs {m}");
            }
            for at in 0..n {
                let mut b = a.to_vec();
                b[at] ^= 0x20;
                assert!(!same_bytes(a, &b), "len {n}, byte {at}");
            }
        }
    }

    #[test]
    fn every_dictionary_word_is_found_at_its_index_and_nothing_else_is() {
        for (i, w) in WORDS.iter().enumerate() {
            assert_eq!(word(w), Some(i), "{w}");
        }
        assert!(
            WORDS.windows(2).all(|p| p[0] < p[1]),
            "sorted, no duplicate"
        );
        for miss in [
            "",
            "a",
            "Succeeded ",
            "succeeded",
            "rg1",
            "westus4",
            "zoneRedundantX",
        ] {
            assert_eq!(word(miss), None, "{miss}");
        }
    }

    #[test]
    fn every_dictionary_word_sits_within_three_slots_of_its_hash() {
        for (i, w) in WORDS.iter().enumerate() {
            let mut slot = word_hash(w.as_bytes());
            let mut probes = 1;
            while usize::from(WORD_TABLE[slot]) != i {
                slot = (slot + 1) & (WORD_SLOTS - 1);
                probes += 1;
            }
            assert!(probes <= 3, "{w}: {probes} probes");
        }
    }

    #[test]
    fn varints_round_trip_and_stay_ascii() {
        for n in [
            0,
            1,
            0x6f,
            0x70,
            0x71,
            0xef,
            0xf0,
            1 << 20,
            u64::MAX - 0x70,
            u64::MAX,
        ] {
            let mut out = String::new();
            put_varint(&mut out, n);
            assert!(out.is_ascii(), "{n}");
            let mut pos = 0;
            assert_eq!(get_varint(out.as_bytes(), &mut pos), n);
            assert_eq!(pos, out.len());
        }
    }

    #[test]
    fn an_object_packed_with_extras_is_the_object_with_them_inserted() {
        let base = serde_json::json!({
            "Zed": 1, "etag": "old", "location": "westus", "properties": {"a": true}, "zz": null
        });
        let Value::Object(map) = &base else {
            unreachable!("an object")
        };
        let sd = [("createdAt", "2026"), ("createdBy", "me@x")];
        let extras = [
            ("etag", Some(Extra::Str("new"))),
            ("id", Some(Extra::Str("/subscriptions/s"))),
            ("location", None),
            ("name", Some(Extra::Str("eastus"))),
            ("systemData", Some(Extra::Strings(&sd))),
        ];
        let mut want = base.clone();
        want["etag"] = "new".into();
        want["id"] = "/subscriptions/s".into();
        want["name"] = "eastus".into();
        want["systemData"] = serde_json::json!({"createdAt": "2026", "createdBy": "me@x"});
        let packed = Packed::object_with(map, &extras);
        assert_eq!(packed.value(), want);
        assert!(
            packed == Packed::new(&want),
            "the same bytes as packing the value"
        );
        let empty = Map::new();
        assert_eq!(
            Packed::object_with(&empty, &[]).value(),
            serde_json::json!({})
        );
    }
}
