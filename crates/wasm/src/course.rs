//! Course packs in the browser: a [`Course`] class (a trainer's `hcsim-course/1` file, parsed
//! by the lab), starting its lessons on a [`Simulator`], the record of the lesson being played
//! (seed, the lines after the setup, hints used), and the learner's `hcsim-progress/1` export
//! that `hcsim grade` replays. Formats, hashing and records are the lab's.

use hcsim_lab::scenario::{self, LessonRecord, LessonRun};
use hcsim_lab::view::LessonProgress;
use wasm_bindgen::prelude::*;

use super::error::{Failure, JsResult, fail, to_js};
use super::{Simulator, to_value};

#[wasm_bindgen(typescript_custom_section)]
const COURSE_TS: &str = r#"
/** A course as its panel lists it. */
export interface CourseSummary {
  title: string; notes: string | null; hash: string;
  lessons: Array<{ name: string; title: string; notes: string | null; builtin: boolean }>;
}
/** One lesson as the learner did it (what `hcsim grade` replays). */
export interface LessonRecord {
  lesson: string; seed: number; steps: string[]; hintsUsed: number; solutionShown: boolean;
  claimed?: string;
}
"#;

/// A course opened in the page.
#[wasm_bindgen]
pub struct Course {
    inner: scenario::Course,
}

#[wasm_bindgen]
impl Course {
    /// Parses a course file (`hcsim-course/1`); lessons are built-ins or inline (a browser has
    /// no folder to read `file` lessons from). Throws `InvalidCourse` with the reason.
    pub fn parse(text: &str) -> JsResult<Course> {
        let no_files = |p: &str| {
            Err(format!(
                "the lesson file '{p}' cannot be read in the browser: put the lesson inline (\"lesson\": {{…}}) or use hcsim --course"
            ))
        };
        scenario::parse_course(text, "course", &no_files)
            .map(|inner| Course { inner })
            .map_err(|e| to_js(Failure::new("InvalidCourse", e.to_string())))
    }

    /// Title, notes, hash and lessons.
    #[wasm_bindgen(unchecked_return_type = "CourseSummary")]
    pub fn summary(&self) -> JsResult<JsValue> {
        to_value(&self.inner.summary())
    }

    /// Starts the course lesson `name` on `sim`: its session is replaced by the lesson's
    /// setup (the lesson's seed, or the session's when the lesson has none).
    #[wasm_bindgen(js_name = startLesson)]
    pub fn start_lesson(&self, sim: &mut Simulator, name: &str) -> JsResult<()> {
        let l = self.lesson(name)?;
        let seed = l.scenario.seed_or(None, || sim.lab.world().config().seed);
        let lab = &sim.lab;
        let run = LessonRun::start(l.scenario.clone(), seed, &|p: &str| lab.read_file(p));
        sim.lab = run.into_lab();
        sim.lesson = Some(LessonProgress::new(&l.name, l.scenario.clone()));
        Ok(())
    }

    /// Attaches the course lesson `name` to `sim` without replaying its setup (a reloaded
    /// page resumes the lesson it was playing).
    #[wasm_bindgen(js_name = resumeLesson)]
    pub fn resume_lesson(
        &self,
        sim: &mut Simulator,
        name: &str,
        #[wasm_bindgen(js_name = solutionShown)] solution_shown: bool,
    ) -> JsResult<()> {
        let l = self.lesson(name)?;
        sim.lesson = Some(LessonProgress::resume(
            &l.name,
            l.scenario.clone(),
            solution_shown,
        ));
        Ok(())
    }

    /// The record of the course lesson `sim` is playing, or `null` when it plays none of this
    /// course's lessons.
    #[wasm_bindgen(unchecked_return_type = "LessonRecord | null")]
    pub fn record(&self, sim: &Simulator) -> JsResult<JsValue> {
        let Some(p) = &sim.lesson else {
            return Ok(JsValue::NULL);
        };
        let Some(l) = self.inner.lesson(p.name()) else {
            return Ok(JsValue::NULL);
        };
        let seed = sim.lab.world().config().seed;
        to_value(&scenario::record_of(l, seed, &sim.lab, p))
    }

    /// The learner's progress export (`hcsim-progress/1` JSON text) from the records kept.
    #[wasm_bindgen(js_name = exportProgress)]
    pub fn export_progress(
        &self,
        learner: &str,
        #[wasm_bindgen(unchecked_param_type = "LessonRecord[]")] records: JsValue,
    ) -> JsResult<String> {
        if learner.trim().is_empty() {
            return fail(
                "BadArgument",
                "Enter your name: the export says whose work it is.",
            );
        }
        let records: Vec<LessonRecord> = serde_wasm_bindgen::from_value(records)
            .map_err(|e| to_js(Failure::new("BadArgument", format!("records: {e}"))))?;
        Ok(scenario::Progress::new(&self.inner, learner, records).to_json())
    }
}

impl Course {
    fn lesson(&self, name: &str) -> JsResult<&scenario::CourseLesson> {
        match self.inner.lesson(name) {
            Some(l) => Ok(l),
            None => fail(
                "UnknownLesson",
                format!("The course '{}' has no lesson '{name}'.", self.inner.title),
            ),
        }
    }
}
