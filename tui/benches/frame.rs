//! One frame of a 100k-resource session into a 200×50 TestBackend. The tree formats only the
//! rows on screen, so a frame should cost well under a millisecond whatever the session size.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use hcsim_core::{Config, Timing};
use hcsim_lab::Lab;
use hcsim_tui::app::App;
use hcsim_tui::keys::KeyMap;
use hcsim_tui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// 2,000 groups × (group + workspace + FHIR + DICOM + IoT … ) ≈ 100k resources. Built through
/// `Lab::run` in instant timing, several subscriptions' worth of quota spread by adding
/// subscriptions is not needed: quota rules are per subscription, so we fill the tree with
/// groups holding workspaces in both subscriptions and with locks (cheap, unlimited).
fn big_session() -> App {
    let mut c = Config::new(1);
    c.timing = Timing::Instant;
    let mut lab = Lab::new(c);
    let groups: usize = std::env::var("HCSIM_BENCH_GROUPS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000);
    let started = std::time::Instant::now();
    for g in 0..groups {
        if g % 100 == 0 {
            eprintln!("{g} groups, {:?}", started.elapsed());
        }
        // A subscription holds at most 980 resource groups (ARM's quota, enforced by the
        // core): every 900 groups the bench adds a subscription and works in it.
        if g > 0 && g % 900 == 0 {
            let id = format!("00000000-0000-0000-0000-{:012}", g / 900);
            let add = hcsim_core::Input::AddSubscription {
                id: id.clone(),
                name: format!("bench{}", g / 900),
            };
            assert!(lab.apply("add subscription", add).is_ok());
            lab.run(&format!("az account set --subscription {id}"));
        }
        let mut line = format!("az group create -n rg{g} -l eastus");
        for l in 0..50 {
            line.push_str(&format!(
                "; az lock create -n lock{l} --lock-type CanNotDelete -g rg{g}"
            ));
        }
        lab.run(&line);
    }
    // Workspaces and services within the quota (10 workspaces per subscription), in the
    // first subscription, which holds rg0…rg899.
    lab.run("az account set --subscription Training");
    for w in 0..10 {
        lab.run(&format!(
            "az healthcareapis workspace create -n ws{w} -g rg{w}; az healthcareapis workspace fhir-service create -n fhir{w} --workspace-name ws{w} -g rg{w}"
        ));
    }
    let app = App::new(lab, KeyMap::default(), Theme::color());
    assert!(
        groups < 2000 || app.lab.world().resource_count() >= 100_000,
        "{} resources",
        app.lab.world().resource_count()
    );
    app
}

fn frame(c: &mut Criterion) {
    let mut app = big_session();
    eprintln!(
        "session: {} resources, {} tree rows",
        app.lab.world().resource_count(),
        app.rows().len()
    );
    let mut term = Terminal::new(TestBackend::new(200, 50)).unwrap();
    // Select a row in the middle of the tree.
    let t = std::time::Instant::now();
    term.draw(|f| f.render_widget(&app, f.area())).unwrap();
    eprintln!("first frame (details built): {:?}", t.elapsed());
    for _ in 0..50 {
        app.act(hcsim_tui::keys::Action::PageDown);
        term.draw(|f| f.render_widget(&app, f.area())).unwrap();
    }
    let t = std::time::Instant::now();
    term.draw(|f| f.render_widget(&app, f.area())).unwrap();
    eprintln!("a cached frame: {:?}", t.elapsed());
    c.bench_function("frame_200x50_100k_resources", |b| {
        b.iter(|| {
            term.draw(|f| f.render_widget(black_box(&app), f.area()))
                .unwrap();
        })
    });
    c.bench_function("tree_index_rebuild_100k_resources", |b| {
        let collapsed = std::collections::BTreeSet::new();
        b.iter(|| {
            black_box(hcsim_tui::app::tree::TreeIndex::build(
                app.lab.world(),
                &collapsed,
                "",
            ))
        })
    });
    c.bench_function("frame_200x50_100k_resources_moving_selection", |b| {
        b.iter(|| {
            app.act(hcsim_tui::keys::Action::Down);
            term.draw(|f| f.render_widget(black_box(&app), f.area()))
                .unwrap();
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30);
    targets = frame
}
criterion_main!(benches);
