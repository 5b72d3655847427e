//! The `az …` / `sim …` command language.
