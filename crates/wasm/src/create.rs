//! The portal-style create form for the page: the child types a selected resource offers,
//! the form of one (tabs, fields, what the core does not allow now and why), and the `az`
//! line a filled form stands for. The form is the lab's (`hcsim_lab::view::create_form`).

use hcsim_lab::view::child_types;
use wasm_bindgen::prelude::*;

use super::error::JsResult;
use super::{Simulator, to_value};

#[wasm_bindgen(typescript_custom_section)]
const CREATE_TS: &str = r#"
/** A child type the selection offers: `key` goes back to `createForm`. */
export interface CreateType { key: string; label: string }
/** Why a field or the form cannot be used now: the core's rule. */
export interface Blocked { message: string; rule: string | null; explanation: string | null }
/** A portal-style create form. */
export interface PortalForm {
  title: string; child: string; parentId: string; blocked: Blocked | null;
  tabs: Array<{ name: string; fields: Array<{ key: string; label: string; value: string;
    choices: string[]; blocked: Blocked | null; help: string | null }> }>;
}
"#;

#[derive(serde::Serialize)]
struct CreateType {
    key: &'static str,
    label: &'static str,
}

#[wasm_bindgen]
impl Simulator {
    /// The child types the resource `id` can hold (empty when none).
    #[wasm_bindgen(js_name = createTypes, unchecked_return_type = "CreateType[]")]
    pub fn create_types(&self, id: &str) -> JsResult<JsValue> {
        let types: Vec<CreateType> = self
            .lab
            .world()
            .find(id)
            .map(child_types)
            .unwrap_or_default()
            .into_iter()
            .map(|c| CreateType {
                key: c.key(),
                label: c.label(),
            })
            .collect();
        to_value(&types)
    }
}

/// The form itself, in the full module only: the start module lists the child types (the
/// buttons under the details), and the page calls `upgrade()` before `createForm`.
#[cfg(feature = "full")]
mod form {
    use hcsim_lab::view::{ChildType, PortalForm};
    use wasm_bindgen::prelude::*;

    use crate::error::{JsResult, fail};
    use crate::{Simulator, to_value};

    #[wasm_bindgen]
    impl Simulator {
        /// The form for a `child` (a `createTypes` key) of `id`. Throws `NotFound` or
        /// `CannotCreate` with the reason.
        #[wasm_bindgen(js_name = createForm, unchecked_return_type = "PortalForm")]
        pub fn create_form(&self, id: &str, child: &str) -> JsResult<JsValue> {
            to_value(&self.portal_form(id, child)?)
        }

        /// The az line the form for `child` of `id` stands for, with `values` (`{key: value}`).
        /// Throws `InvalidForm` for an empty name.
        #[wasm_bindgen(js_name = createLine)]
        pub fn create_line(
            &self,
            id: &str,
            child: &str,
            #[wasm_bindgen(unchecked_param_type = "Record<string, string>")] values: JsValue,
        ) -> JsResult<String> {
            let form = self.portal_form(id, child)?;
            let map: std::collections::BTreeMap<String, String> =
                serde_wasm_bindgen::from_value(values).unwrap_or_default();
            let pairs: Vec<(String, String)> = map.into_iter().collect();
            form.line(&pairs).or_else(|e| fail("InvalidForm", e))
        }
    }

    impl Simulator {
        /// The form model of `child` under `id`, or the reason there is none.
        fn portal_form(&self, id: &str, child: &str) -> JsResult<PortalForm> {
            let world = self.lab.world();
            let Some(r) = world.find(id) else {
                return fail("NotFound", format!("The resource '{id}' was not found."));
            };
            let Some(c) = ChildType::from_key(child) else {
                return fail(
                    "CannotCreate",
                    format!("'{child}' is not a type the form creates."),
                );
            };
            PortalForm::new(world, r, c).or_else(|e| fail("CannotCreate", e))
        }
    }
}
