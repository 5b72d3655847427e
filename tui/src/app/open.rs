//! Opening things from the tree: forms, confirmations and menus built from the selection with
//! the lab's view model (`hcsim_lab::view`: forms, delete lines, fault and probe menus), the
//! timeline, the what-if prompt, the equivalents, and lessons.

use hcsim_lab::view::{CreateForm, MenuItem, commands};

use super::App;
use super::lessons::ActiveLesson;
use super::modal::{
    Confirm, Effect, EquivalentsTabs, Form, LessonPanel, Menu, MenuAction, Modal, Prompt,
};
use crate::keys::Action;
use crate::scenarios::{self, Scenario};

/// Menu entries that run the lab's lines.
fn run_items(items: Vec<MenuItem>) -> Vec<(String, MenuAction)> {
    items
        .into_iter()
        .map(|i| (i.label, Effect::Run(i.line)))
        .collect()
}

impl App {
    pub(super) fn open_create(&mut self) {
        let Some(r) = self.selected_resource() else {
            self.say("select something to create a child in", true);
            return;
        };
        match CreateForm::for_parent(self.lab.world(), r) {
            Ok(spec) => self.modal = Some(Modal::Form(Form::new(spec))),
            Err(e) => self.say(e, true),
        }
    }

    pub(super) fn open_delete(&mut self) {
        let Some(r) = self.selected_resource() else {
            return;
        };
        match commands::delete_line(self.lab.world(), r) {
            Ok(line) => {
                let what = format!("{} {}", r.kind.label(), r.name);
                let also = commands::delete_warning(r)
                    .map(|w| format!("\n{w}"))
                    .unwrap_or_default();
                let text = format!(
                    "Delete {what}?{also}\n\n  {line}\n\n{}: delete   {}: keep",
                    self.keys.first_key(Action::Yes),
                    self.keys.first_key(Action::No)
                );
                self.modal = Some(Modal::Confirm(Confirm::new(
                    "Delete",
                    text,
                    Effect::Run(line),
                )));
            }
            Err(e) => self.say(e, true),
        }
    }

    pub(super) fn open_fault_menu(&mut self) {
        let items = run_items(commands::fault_items(self.selected_resource()));
        self.modal = Some(Modal::Menu(Menu::new(
            "Inject a fault (Enter; Esc closes)".into(),
            items,
        )));
    }

    pub(super) fn open_probe_menu(&mut self) {
        let Some(r) = self.selected_resource() else {
            return;
        };
        match commands::probe_items(r) {
            Ok(items) => {
                let title = format!("Probe {} from", r.name);
                self.modal = Some(Modal::Menu(Menu::new(title, run_items(items))));
            }
            Err(e) => self.say(e, true),
        }
    }

    pub(super) fn open_timeline(&mut self) {
        self.close_clock();
        let s = self.lab.session();
        let cursor = s.cursor();
        let mut items = vec![(
            format!("{}   0  (the start)", if cursor == 0 { "▶" } else { " " }),
            Effect::Jump(0),
        )];
        for (i, step) in s.steps().iter().enumerate() {
            let n = i + 1;
            let mark = if n == cursor {
                "▶"
            } else if n > cursor {
                "·"
            } else {
                " "
            };
            items.push((
                format!("{mark} {n:>3}  {}", super::short(&step.label, 100)),
                Effect::Jump(n),
            ));
        }
        let title = format!(
            "Timeline: {} steps, at {cursor} (▶). Enter jumps; · = undone",
            s.steps().len()
        );
        let mut menu = Menu::new(title, items);
        menu.selected = cursor;
        self.modal = Some(Modal::Menu(menu));
    }

    pub(super) fn open_what_if(&mut self) {
        match self.selected_resource().and_then(commands::group_of) {
            Some(g) => self.modal = Some(Modal::Prompt(Prompt::what_if(g))),
            None => self.say("select a resource group (or something in one) first", true),
        }
    }

    pub(super) fn open_equivalents(&mut self) {
        match &self.last_equivalents {
            Some(eq) => {
                self.modal = Some(Modal::Equivalents(EquivalentsTabs::new(eq.clone())));
            }
            None => self.say(
                "no equivalents yet: run a create, update or delete first",
                false,
            ),
        }
    }

    pub(super) fn open_lessons(&mut self) {
        if self.lesson.is_some() {
            self.modal = Some(Modal::Lesson(LessonPanel::default()));
            return;
        }
        self.open_lesson_menu();
    }

    pub(super) fn open_lesson_menu(&mut self) {
        if self.open_course_menu() {
            return;
        }
        let items: Vec<(String, MenuAction)> = scenarios::builtins()
            .into_iter()
            .filter(|b| b.kind == "lesson")
            .map(|b| {
                (
                    format!("{}  {}", b.name, b.title),
                    Effect::StartLesson(b.name),
                )
            })
            .collect();
        if items.is_empty() {
            self.say("there are no built-in lessons", true);
            return;
        }
        self.modal = Some(Modal::Menu(Menu::new(
            "Lessons (Enter starts one on a fresh session)".into(),
            items,
        )));
    }

    /// Starts a lesson on a fresh session (its setup steps applied): the open course's lesson
    /// of that name, else the built-in.
    pub fn start_lesson(&mut self, name: &str) {
        if self.start_course_lesson(name) {
            return;
        }
        match scenarios::builtin(name) {
            Ok(s) => {
                let seed = s.seed().unwrap_or_else(crate::random_seed);
                self.start_scenario(name, s, seed);
                self.modal = Some(Modal::Lesson(LessonPanel::default()));
            }
            Err(e) => self.say(e, true),
        }
    }

    /// Replaces the session with a scenario's (setup steps played); a lesson becomes the
    /// lesson in progress.
    pub fn start_scenario(&mut self, name: &str, s: Scenario, seed: u64) {
        let files = crate::files::loader(self.file_base.clone(), self.scenario_reach);
        let (lab, failures) = scenarios::start(&s, seed, &files);
        self.lab = lab;
        self.set_file_base(self.file_base.clone());
        self.clock_open = false;
        self.clock.stop();
        self.last = None;
        self.saved = None;
        self.saved_mark = None;
        self.collapsed.clear();
        self.filter.clear();
        self.rebuild();
        if !failures.is_empty() {
            self.say(format!("setup: {}", failures.join("; ")), true);
        } else {
            self.say(format!("{}: {} (seed {seed})", name, s.title), false);
        }
        self.lesson = s
            .is_lesson()
            .then(|| ActiveLesson::new(scenarios::progress(name, &s), self.lab.world()));
    }
}
