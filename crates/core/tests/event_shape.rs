//! The events' public shape stays put while their memory layout changes: a FHIR write's
//! serde text and trace-hash bytes are those it had as a struct variant (golden values
//! taken from the unboxed layout before it was boxed), and an event is no larger than a
//! request's record needs (every event of the log is as large as the largest variant).

use hcsim_core::events::{Event, EventKind, EventLog, FhirWrite};
use hcsim_core::time::SimTime;

fn fhir_write() -> EventKind {
    EventKind::FhirResourceWritten(Box::new(FhirWrite {
        service: "ws1/fhir1".into(),
        resource: "Patient/p1".into(),
        version: 2,
        method: "PUT".into(),
        principal: "user@contoso.com".into(),
    }))
}

#[test]
fn a_boxed_fhir_write_hashes_and_reads_as_the_struct_variant_did() {
    let mut log = EventLog::new(7);
    log.emit(SimTime(3), fhir_write());
    // Golden: the same event as the struct variant `FhirResourceWritten { service, … }`.
    assert_eq!(log.hash(), 0x4b3d_889d_4c41_d959);
    let ev = log.all().last().cloned().expect("one event");
    let text = serde_json::to_string(&ev).expect("serializes");
    assert_eq!(
        text,
        r#"{"seq":0,"at":3,"event":"FhirResourceWritten","service":"ws1/fhir1","resource":"Patient/p1","version":2,"method":"PUT","principal":"user@contoso.com"}"#
    );
    let back: Event = serde_json::from_str(&text).expect("deserializes");
    assert_eq!(back, ev);
}

#[test]
fn an_event_is_no_larger_than_a_request_record() {
    // 120 bytes while the FHIR write was inline; the log keeps up to 65,536 of them.
    assert!(
        core::mem::size_of::<Event>() <= 96,
        "{}",
        core::mem::size_of::<Event>()
    );
}
