//! The TUI row: one 200×50 frame of a session of 100k resources against one of 100, drawn
//! into ratatui's `TestBackend` (as `tui/benches/frame.rs` does). The tree formats only the
//! rows on screen, so a frame should cost about the same whatever the session size.

use hcsim_core::id::ArmPath;
use hcsim_core::{Config, Input, Request, Timing};
use hcsim_lab::Lab;
use hcsim_tui::app::App;
use hcsim_tui::keys::{Action, KeyMap};
use hcsim_tui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use serde_json::json;

use crate::measure::{Sizes, per_call};
use crate::table::{Budget, Figure, Row};

/// Locks per group: cheap, unlimited resources that fill the tree.
const LOCKS_PER_GROUP: usize = 49;
/// Groups per subscription before the next one (ARM allows 980).
const GROUPS_PER_SUB: usize = 900;

/// A session of about `target` resources (groups of locks, spread over subscriptions).
fn session(target: usize) -> App {
    let mut lab = Lab::new(Config {
        timing: Timing::Instant,
        ..Config::new(1)
    });
    let mut sub = lab.world().current_subscription().to_string();
    let mut g = 0;
    while lab.world().resource_count() < target {
        if g > 0 && g % GROUPS_PER_SUB == 0 {
            sub = crate::world::subscription(900 + g / GROUPS_PER_SUB);
            let add = Input::AddSubscription {
                id: sub.clone(),
                name: format!("frame{g}"),
            };
            assert!(lab.apply("add subscription", add).is_ok());
        }
        let rg = ArmPath::at_subscription(&sub).group(&format!("rg{g}"));
        let put = Request::put(rg.request_path(), json!({"location": "eastus"}));
        assert!(lab.apply("group", Input::Request(put)).is_ok());
        let room = target.saturating_sub(lab.world().resource_count());
        for l in 0..LOCKS_PER_GROUP.min(room) {
            let lock = rg
                .clone()
                .provider("Microsoft.Authorization", "locks", &format!("lock{l}"));
            let body = json!({"properties": {"level": "CanNotDelete"}});
            let put = Request::put(lock.request_path(), body);
            assert!(lab.apply("lock", Input::Request(put)).is_ok());
        }
        lab.commit();
        g += 1;
    }
    App::new(lab, KeyMap::default(), Theme::color())
}

/// Seconds per frame of a session of `target` resources, the selection mid-tree.
fn frame(target: usize, sizes: &Sizes) -> (usize, f64) {
    let mut app = session(target);
    let n = app.lab.world().resource_count();
    let mut term = Terminal::new(TestBackend::new(200, 50)).expect("a test backend");
    for _ in 0..20 {
        app.act(Action::PageDown);
        term.draw(|f| f.render_widget(&app, f.area()))
            .expect("a frame draws");
    }
    let s = per_call(5, (sizes.batch / 20).max(5), || {
        term.draw(|f| f.render_widget(&app, f.area()))
            .expect("a frame draws");
    });
    (n, s)
}

/// The TUI row.
pub fn row(sizes: &Sizes) -> Row {
    let (small_n, small) = frame(sizes.tui.0, sizes);
    let (big_n, big) = frame(sizes.tui.1, sizes);
    Row::new(
        format!("TUI frame at {big_n} resources ÷ at {small_n}"),
        Figure::seconds(big),
        Figure::seconds(small),
        Budget::RatioAtMost(1.5),
    )
}
