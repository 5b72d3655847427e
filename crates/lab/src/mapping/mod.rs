//! The MedTech mapping debugger's logic, a leaf both `exec` (`sim mapping test`) and `view`
//! (the front ends' panels, which reach it as `view::mapping_debug`, `view::mapping_text`,
//! `view::mapping_samples`) use: [`samples`] (Microsoft's documented mappings and messages),
//! [`debug`] (one message through the mappings by `hcsim_medtech::debug`, as rows and a
//! verdict), [`text`] (those rows as lines).

pub mod debug;
pub mod samples;
pub mod text;
