//! The details of the selection: identity and state, the service URL, active faults, the
//! effective workspace settings and where each comes from, what can and cannot be done now
//! (and why), and the ARM JSON as a GET returns it. Built once per change of the world or
//! the selection, then only scrolled.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget, Wrap};

use hcsim_core::World;
use hcsim_lab::view::Details;

use crate::app::App;
use crate::theme::Theme;

/// The details pane.
pub struct DetailsPane<'a>(pub &'a App);

impl Widget for DetailsPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.0;
        let t = &app.theme;
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(t.border)
            .title(Span::styled(" Details ", t.title));
        let Some(node) = app.selected_node() else {
            block.render(area, buf);
            return;
        };
        let mut cache = app.details_cache.borrow_mut();
        let fresh = matches!(&*cache, Some((g, n, _)) if *g == app.generation && *n == node);
        if !fresh {
            *cache = Some((app.generation, node, build(app.lab.world(), node, t)));
        }
        let lines = cache
            .as_ref()
            .map(|(_, _, l)| l.clone())
            .unwrap_or_default();
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false })
            .scroll((app.details_scroll, 0))
            .render(area, buf);
    }
}

fn build(world: &World, node: u32, t: &Theme) -> Vec<Line<'static>> {
    let Some(d) = world
        .store()
        .res(node)
        .and_then(|r| Details::of(world, &r.id))
    else {
        return Vec::new();
    };
    let mut out: Vec<Line<'static>> = Vec::new();
    out.push(Line::from(vec![
        Span::styled(d.node.label.clone(), t.accent),
        Span::styled(format!(" — {}", d.node.kind), t.dim),
    ]));
    // The id relative to the current subscription; the full id is at the end, with the JSON.
    out.push(Line::styled(d.node.short_id.clone(), t.dim));
    if let Some(mark) = d.state() {
        let mut spans = vec![Span::raw("state "), Span::raw(mark.text())];
        if let Some(l) = &d.node.location {
            spans.push(Span::raw(format!("   location {l}")));
        }
        out.push(Line::from(spans));
    }
    if let Some(url) = &d.url {
        out.push(Line::from(format!("url {url}")));
    }
    for (label, value) in &d.data_plane {
        out.push(Line::from(format!("{label}: {value}")));
    }
    let mut kinds: Vec<&str> = Vec::new();
    for f in d.faults().iter().filter(|f| !f.everywhere) {
        if !kinds.contains(&f.kind) {
            kinds.push(f.kind);
            out.push(Line::styled(format!("⚠ active fault: {}", f.kind), t.fault));
        }
    }
    settings(&d, t, &mut out);
    actions(&d, t, &mut out);
    out.push(Line::styled("Full id", t.title));
    out.push(Line::raw(d.node.id.clone()));
    out.push(Line::styled("ARM JSON", t.title));
    let text = serde_json::to_string_pretty(&d.arm).unwrap_or_default();
    // Bounded: a huge body is cut, the az show command prints all of it.
    for l in text.lines().take(400) {
        out.push(Line::raw(l.to_string()));
    }
    out
}

/// The effective workspace settings and where each comes from.
fn settings(d: &Details, t: &Theme, out: &mut Vec<Line<'static>>) {
    let Some(settings) = &d.settings else { return };
    out.push(Line::styled("Effective workspace settings", t.title));
    for s in settings {
        let ext = if s.extension { "; hcsim extension" } else { "" };
        out.push(Line::from(vec![
            Span::raw(format!("  {}: ", s.setting)),
            Span::raw(s.value.clone()),
            Span::styled(format!("  ({}{ext})", s.source_label), t.dim),
        ]));
    }
}

/// What can be done now, and the rule that blocks the rest.
fn actions(d: &Details, t: &Theme, out: &mut Vec<Line<'static>>) {
    if d.actions.is_empty() {
        return;
    }
    out.push(Line::styled("What you can do now", t.title));
    for a in &d.actions {
        if a.allowed {
            out.push(Line::from(vec![
                Span::styled("  ✓ ", t.ok),
                Span::raw(a.action.clone()),
            ]));
        } else {
            let rule = a
                .rule
                .as_ref()
                .map(|r| format!(" [rule {r}]"))
                .unwrap_or_default();
            out.push(Line::from(vec![
                Span::styled("  ✗ ", t.err),
                Span::raw(format!(
                    "{}: ({}) {}",
                    a.action,
                    a.code.as_deref().unwrap_or(""),
                    a.message.as_deref().unwrap_or("")
                )),
                Span::styled(rule, t.err),
            ]));
        }
    }
}
