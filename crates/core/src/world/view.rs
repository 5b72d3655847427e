//! A resource's GET view handed out shared: the stored body (its packed bytes) and the
//! overlay the view adds, nothing decoded. A printer that writes JSON straight from packed
//! bytes (the lab's `az … show`/`create` output) reads it without building a `Value`.

use hcsim_arm::id::ArmPath;

use super::World;
use crate::body::Body;

impl World {
    /// [`World::view_at`] without decoding: the same view as a [`Body`] that shares the stored
    /// bytes (what [`Body::into_value`] turns into exactly `view_at`'s value).
    pub fn view_body_at(&self, path: &ArmPath) -> Option<Body> {
        let n = self.node_at(path)?;
        Some(self.ctx().view_body(n))
    }
}
