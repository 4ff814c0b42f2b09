//! Generates the `i18n` module from locales/zh.json and locales/en.json (leptos_i18n), and asks
//! the linker for relocations when the app is built for code splitting (feature `split`).
use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};
use std::error::Error;
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=Cargo.toml");
    // Code splitting (scripts/wasm_split.py) needs the linker's relocations in the app's wasm.
    // Only for that binary: the worker and the dependencies are built as usual.
    let wasm = std::env::var("TARGET").is_ok_and(|t| t.starts_with("wasm32"));
    if wasm && std::env::var_os("CARGO_FEATURE_SPLIT").is_some() {
        println!("cargo::rustc-link-arg-bin=store-ops-planner=--emit-relocs");
    }
    let out = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR not set")?).join("i18n");
    let cfg = Config::new("zh")?
        .add_locale("en")?
        .parse_options(ParseOptions::new().interpolate_display(true));
    let infos = TranslationsInfos::parse(cfg)?;
    infos.emit_diagnostics();
    infos.rerun_if_locales_changed();
    infos.generate_i18n_module(out)?;
    Ok(())
}
