//! The resource tree. Only the rows on screen are formatted (bottom's visible-rows model): the
//! app keeps a flat index of node ids, and this pane reads the slice that fits.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Widget};

use hcsim_core::ResKind;
use hcsim_lab::view;

use crate::app::tree::row_faults;
use crate::app::{App, Areas};

/// The tree pane.
pub struct TreePane<'a>(pub &'a App);

impl Widget for TreePane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.0;
        let t = &app.theme;
        let rows = app.rows();
        let title = if app.filter.is_empty() {
            format!(" Resources ({}) ", app.lab.world().resource_count())
        } else {
            format!(" Resources: {} match(es) for '{}' ", rows.len(), app.filter)
        };
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(t.border_focus)
            .title(Span::styled(title, t.title));
        let inner = block.inner(area);
        block.render(area, buf);
        app.areas.set(Areas { tree: inner });
        let height = inner.height as usize;
        if height == 0 {
            return;
        }
        // Keep the selection on screen.
        let mut offset = app.tree_offset.get();
        if app.selected < offset {
            offset = app.selected;
        } else if app.selected >= offset + height {
            offset = app.selected + 1 - height;
        }
        offset = offset.min(rows.len().saturating_sub(height));
        app.tree_offset.set(offset);
        let world = app.lab.world();
        let store = world.store();
        for (i, row) in rows.iter().enumerate().skip(offset).take(height) {
            let Some(r) = store.res(row.node) else {
                continue;
            };
            let y = inner.y + (i - offset) as u16;
            let marker = if !row.has_children {
                "  "
            } else if row.expanded {
                "▾ "
            } else {
                "▸ "
            };
            // Name, then state and faults (what matters, kept visible on narrow screens),
            // then the kind and region, which are the first to be cut.
            let mut spans = vec![
                Span::raw("  ".repeat(row.depth as usize)),
                Span::raw(marker),
                Span::styled(view::label(world, r), t.accent),
            ];
            if let Some(mark) = view::node::state_of(r) {
                spans.push(Span::styled(
                    format!("  {}", mark.text()),
                    t.tone(mark.tone),
                ));
            }
            for f in row_faults(world, r) {
                spans.push(Span::styled(format!("  ⚠ {f}"), t.fault));
            }
            spans.push(Span::styled(format!("  {}", r.kind.label()), t.dim));
            if let Some(loc) = &r.location
                && r.kind != ResKind::Subscription
            {
                spans.push(Span::styled(format!(" · {loc}"), t.dim));
            }
            let line = Line::from(spans);
            let line = if i == app.selected {
                buf.set_style(Rect::new(inner.x, y, inner.width, 1), t.selected);
                line.patch_style(t.selected)
            } else {
                line
            };
            buf.set_line(inner.x, y, &line, inner.width);
        }
        if rows.is_empty() {
            buf.set_string(inner.x, inner.y, "(nothing matches)", t.dim);
        }
    }
}
