//! Carrying out what modals answer ([`Effect`]): run a line, jump in the timeline, save,
//! what-if then deploy, and the lesson's verbs.

use hcsim_lab::view::CommandLine;

use super::App;
use super::actions;
use super::modal::{Confirm, Effect, Message, Modal, Prompt, PromptFor};

/// The save prompt's suggestion for a session that has no file yet.
const DEFAULT_SESSION_FILE: &str = "session.hcsim.json";
use crate::keys::Action;

impl App {
    /// Carries out an effect.
    pub(super) fn apply(&mut self, effect: Effect) {
        match effect {
            Effect::Run(line) => {
                self.run_line(&line);
            }
            Effect::Quit => self.quit = true,
            Effect::Jump(n) => self.jump(n),
            Effect::StartLesson(name) => self.start_lesson(&name),
            Effect::AskSave => {
                let suggestion = self.session_path.as_deref().unwrap_or(DEFAULT_SESSION_FILE);
                self.modal = Some(Modal::Prompt(Prompt::save(suggestion)));
            }
            Effect::Answer(PromptFor::Save, path, _) => self.save_to(&path),
            Effect::SaveOver(path) => self.write_session(&path),
            Effect::Answer(PromptFor::WhatIf, answer, group) => self.what_if(&answer, &group),
            Effect::Say(text, error) => self.say(text, error),
            Effect::LessonMenu => self.open_lesson_menu(),
            Effect::LeaveLesson => {
                self.lesson = None;
                self.say("lesson closed (the session stays)", false);
            }
            Effect::CheckLesson | Effect::Hint | Effect::ShowSolution => self.lesson_verb(&effect),
        }
    }

    fn jump(&mut self, n: usize) {
        self.close_clock();
        if self.lab.jump_to(n) {
            self.say(
                format!("⏮ at step {n} of {}", self.lab.session().steps().len()),
                false,
            );
        } else {
            self.say(format!("there is no step {n}"), true);
        }
        self.rebuild();
    }

    /// Saves to `path`, first asking before replacing another session than this one's own.
    fn save_to(&mut self, path: &str) {
        match actions::check_target(path) {
            Ok(actions::Existing::Session) if !self.is_own_session_file(path) => {
                let text = format!(
                    "{path} holds another hcsim session. Replace it with this one?\n\n{}: replace   {}: keep it",
                    self.keys.first_key(Action::Yes),
                    self.keys.first_key(Action::No)
                );
                self.modal = Some(Modal::Confirm(Confirm::new(
                    "Replace a session?",
                    text,
                    Effect::SaveOver(path.to_string()),
                )));
            }
            Ok(_) => self.write_session(path),
            Err(e) => {
                self.say(format!("✗ {e}"), true);
                self.modal = Some(Modal::Message(Message::new("✗ not saved".into(), e, true)));
            }
        }
    }

    /// True if `path` is the file this session was loaded from or last saved to.
    fn is_own_session_file(&self, path: &str) -> bool {
        let Some(own) = &self.session_path else {
            return false;
        };
        let real = |p: &str| std::fs::canonicalize(p).ok();
        own == path || real(own).is_some_and(|o| real(path) == Some(o))
    }

    fn write_session(&mut self, path: &str) {
        match actions::save_session(path, &self.lab.save()) {
            Ok(()) => {
                self.mark_saved();
                self.session_path = Some(path.to_string());
                self.say(format!("✓ session saved to {path}"), false);
            }
            Err(e) => {
                self.say(format!("✗ {e}"), true);
                self.modal = Some(Modal::Message(Message::new("✗ not saved".into(), e, true)));
            }
        }
    }

    /// `FILE [name=value …]` into `group`: the what-if first, the deploy offered after it.
    fn what_if(&mut self, answer: &str, group: &str) {
        // Templates often have required parameters.
        let mut words = answer.split_whitespace();
        let file = words.next().unwrap_or("");
        let params: Vec<&str> = words.collect();
        let line = |verb: &str| {
            let l = CommandLine::new(&format!("az deployment group {verb}"))
                .opt("--resource-group", group)
                .opt("--template-file", file);
            if params.is_empty() {
                l.into_string()
            } else {
                l.opt_list("--parameters", params.iter().copied())
                    .into_string()
            }
        };
        let out = self.run_line(&line("what-if"));
        if out.ok {
            let hint = format!(
                "{}: deploy it   {}: not now",
                self.keys.first_key(Action::FollowUp),
                self.keys.first_key(Action::Close)
            );
            self.modal = Some(Modal::Message(
                Message::new(format!("what-if: {answer} → {group}"), out.output, false)
                    .with_follow_up(hint, Effect::Run(line("create"))),
            ));
        } else if self.modal.is_none() {
            // A template error names no rule of the simulator: show it all the same.
            self.modal = Some(Modal::Message(Message::new(
                format!("what-if: {answer}"),
                out.error.unwrap_or(out.output),
                true,
            )));
        }
    }

    fn lesson_verb(&mut self, effect: &Effect) {
        let world = self.lab.world();
        let Some(l) = &mut self.lesson else {
            return;
        };
        match effect {
            Effect::Hint => {
                l.progress.reveal_hint();
            }
            Effect::ShowSolution => {
                l.progress.show_solution();
                l.refresh(world);
            }
            _ => {
                l.refresh(world);
                let status = l.goal.status.clone();
                self.say(format!("lesson: {status}"), false);
            }
        }
    }
}
