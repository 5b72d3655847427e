//! Opening the mapping debugger on the selected MedTech service: its stored mappings are read
//! by the lab (`Mappings::of_connector`); the panel is [`super::modal::MappingPanel`].

use hcsim_lab::view::mapping_debug::Mappings;

use super::App;
use super::modal::{MappingPanel, Modal};

impl App {
    /// `m` on an IoT connector (or its FHIR destination): the debugger on its mappings.
    pub(super) fn open_mapping_debugger(&mut self) {
        let Some(id) = self.selected_resource().map(|r| r.id.clone()) else {
            self.say("select a MedTech service (IoT connector) first", true);
            return;
        };
        let world = self.lab.world();
        match Mappings::of_connector(world, &id) {
            Ok(m) => {
                let panel =
                    MappingPanel::new(m, world.current_subscription(), &world.now().to_iso());
                self.modal = Some(Modal::Mapping(Box::new(panel)));
            }
            Err(e) => self.say(e, true),
        }
    }
}
