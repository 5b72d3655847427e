//! The live diagram and the operations timeline for the page: the lab's view models
//! (`hcsim_lab::view::diagram`, `hcsim_lab::view::ops`) serialized as they are. The page lays
//! them out and draws them; nothing is decided here.

use wasm_bindgen::prelude::*;

use hcsim_lab::view::{diagram, ops};

use crate::error::JsResult;
use crate::{Simulator, to_value};

/// The shapes, declared from the lab's serde output (camelCase).
#[wasm_bindgen(typescript_custom_section)]
const DIAGRAM_TS: &str = r#"
/** A badge on a diagram box. */
export interface DiagramBadge { kind: "lock" | "probe" | "fault" | "key"; text: string; detail: string; tone: "ok" | "failed" | "busy" }
/** One box of the diagram. */
export interface DiagramNode {
  id: string; shortId: string; parent: string | null; label: string; kind: string; typeName: string;
  location: string | null; state: { word: string; symbol: string; tone: "ok" | "failed" | "busy" } | null;
  boundary: boolean; shared: Array<{ setting: string; value: string }>; inherits: string[];
  badges: DiagramBadge[]; unavailable: string | null; hidden: number;
}
/** `diagram()`: boxes (parents first), relations between them, regions down. */
export interface DiagramView {
  nodes: DiagramNode[];
  relations: Array<{ kind: "private-link" | "customer-managed-key" | "med-tech-ingest" | "med-tech-destination";
    from: string; to: string; active: boolean; problem: string | null }>;
  regionsDown: string[];
}
/** An event on the virtual clock. */
export interface OpsMark { atMs: number; name: string; summary: string }
/** `opsTimeline()`: operations as bars, events as marks, faults as spans, the current moment. */
export interface OpsTimelineView {
  nowMs: number; now: string; cursor: number; steps: number;
  ops: Array<{ number: number; kind: string; target: string; shortTarget: string; startMs: number;
    endMs: number; status: string; error: string | null; children: OpsMark[] }>;
  marks: OpsMark[];
  faults: Array<{ number: number; kind: string; scope: string; startMs: number; endMs: number; active: boolean }>;
}
"#;

#[wasm_bindgen]
impl Simulator {
    /// The world as the diagram draws it (at the timeline's current step).
    #[wasm_bindgen(unchecked_return_type = "DiagramView")]
    pub fn diagram(&self) -> JsResult<JsValue> {
        to_value(&diagram::diagram(self.lab.world()))
    }

    /// Long-running operations, events and faults on the virtual clock (at the current step).
    #[wasm_bindgen(js_name = opsTimeline, unchecked_return_type = "OpsTimelineView")]
    pub fn ops_timeline(&self) -> JsResult<JsValue> {
        to_value(&ops::timeline(self.lab.session()))
    }
}
