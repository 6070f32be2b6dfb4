//! Reloading: the rules folder is walked every second and loaded again when a file's size or
//! time of change differs. Polling, not file-system events (`notify`): it sees changes on every
//! file system (network folders, container mounts, editors that replace a file), changes to
//! imported files and to example facts alike, needs no more dependency, and a second's delay
//! is nothing when a rubric is edited. A rule file that no longer checks keeps its last good
//! version served, and its diagnostics are listed at `/api/problems`.

use crate::state::AppState;
use std::time::Duration;

/// Looks at the folder every `every` and loads it again on a change.
pub async fn watch(state: AppState, every: Duration) {
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        let s = state.clone();
        let _ = tokio::task::spawn_blocking(move || once(&s)).await;
    }
}

/// Loads the folder again if it changed.
pub fn once(state: &AppState) {
    let root = &state.0.root;
    let last = state.catalog();
    match crate::catalog::walk(root) {
        Ok(stamp) if stamp == last.stamp => {}
        Ok(_) => match crate::catalog::load(root, Some(&last), &rubric::facts::FactsLimits::default()) {
            Ok(c) => {
                tracing::info!(rubrics = c.entries.len(), problems = c.problems.len(), "reloaded");
                state.set_catalog(c);
            }
            Err(e) => tracing::warn!(error = %e, "cannot read the rules folder; serving the rubrics loaded before"),
        },
        Err(e) => tracing::warn!(error = %e, "cannot read the rules folder; serving the rubrics loaded before"),
    }
}
