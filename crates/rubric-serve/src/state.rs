//! What every request shares: the catalog of rubrics (swapped whole when the folder is loaded
//! again), the rules folder and the budgets.

use crate::catalog::Catalog;
use std::path::PathBuf;
use std::sync::{Arc, RwLock};

/// The shared state.
#[derive(Clone)]
pub struct AppState(pub Arc<Shared>);

/// What [`AppState`] holds.
pub struct Shared {
    /// The rubrics served now.
    pub catalog: RwLock<Arc<Catalog>>,
    /// The rules folder, its real path.
    pub root: PathBuf,
    /// The bearer token that `/api/` requests must carry, when one was given.
    pub token: Option<String>,
}

impl AppState {
    /// The catalog as it is now; a reload swaps it without disturbing requests that hold this one.
    pub fn catalog(&self) -> Arc<Catalog> {
        match self.0.catalog.read() {
            Ok(c) => Arc::clone(&c),
            // A writer panicked while holding the lock: the catalog it held is still whole (it is
            // only ever replaced by one assignment).
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    /// Replaces the catalog.
    pub fn set_catalog(&self, catalog: Catalog) {
        let new = Arc::new(catalog);
        match self.0.catalog.write() {
            Ok(mut c) => *c = new,
            Err(poisoned) => *poisoned.into_inner() = new,
        }
    }
}
