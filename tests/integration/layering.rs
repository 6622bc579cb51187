//! The layers of the code, checked against what each file imports: the model and the
//! procedures never reach up to the store, the command line or `office.toml`; the
//! message catalogue words the procedures' values without touching the tree; the store,
//! rendering and output never import the command line; `config.rs` imports the
//! procedures' rules, never the reverse.
//!
//! Every `crate::<module>` path a file names counts, in `use` lines and inline, except
//! in its unit-test module (`#[cfg(test)] mod tests`), which may build an office from
//! `office.toml` to test against.

use std::path::{Path, PathBuf};

/// Which layer a file of `src/` belongs to: its folder, or its file name.
fn layer(rel: &Path) -> String {
    let mut parts = rel.components().map(|c| c.as_os_str().to_string_lossy());
    let first = parts.next().unwrap_or_default().to_string();
    first.strip_suffix(".rs").unwrap_or(&first).to_string()
}

/// What each layer may import (itself always).
fn allowed(layer: &str) -> Option<&'static [&'static str]> {
    Some(match layer {
        "model" => &[],
        "procedure" => &["model", "error"],
        "messages" => &["model", "procedure", "error"],
        "config" => &["model", "procedure", "error"],
        "error" => &["model"],
        // How records are shown: words and cells, never the tree or the command line.
        "view" => &[
            "model",
            "procedure",
            "messages",
            "output",
            "error",
            "config",
        ],
        // The store, rendering, output and filing of notices: anything below the
        // command line.
        "store" | "render" | "output" | "notice" => &[
            "model",
            "procedure",
            "error",
            "messages",
            "config",
            "store",
            "render",
            "output",
        ],
        _ => return None,
    })
}

/// The source without its unit-test module.
fn without_tests(text: &str) -> &str {
    match text.find("#[cfg(test)]\nmod tests") {
        Some(i) => &text[..i],
        None => text,
    }
}

/// Every `crate::<module>` a source names, with its line.
fn imports(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (n, line) in without_tests(text).lines().enumerate() {
        let code = line.split("//").next().unwrap_or_default();
        let mut rest = code;
        while let Some(i) = rest.find("crate::") {
            let before = rest[..i].chars().last();
            let after = &rest[i + "crate::".len()..];
            let name: String = after
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            // `$crate::` in a macro is the same crate; `propdesk::` is not in `src/`.
            if before != Some('$') || !name.is_empty() {
                out.push((n + 1, name));
            }
            rest = after;
        }
    }
    out
}

fn sources(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "rs"))
        .map(|e| e.path().to_path_buf())
        .collect()
}

#[test]
fn the_model_and_the_procedures_never_reach_up_to_the_store_the_command_line_or_the_config() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let files = sources(&src);
    let mut checked = 0;
    let mut wrong = Vec::new();
    for path in &files {
        let rel = path.strip_prefix(&src).unwrap();
        let layer = layer(rel);
        let Some(ok) = allowed(&layer) else { continue };
        // Test helpers are tests.
        if rel.ends_with("tests.rs") || rel.ends_with("testkit.rs") {
            continue;
        }
        checked += 1;
        let text = std::fs::read_to_string(path).unwrap();
        for (line, module) in imports(&text) {
            if module != layer && !ok.contains(&module.as_str()) {
                wrong.push(format!(
                    "src/{}:{line}: the {layer} layer imports crate::{module}",
                    rel.display()
                ));
            }
        }
    }
    assert!(
        checked > 60,
        "only {checked} files checked: is src/ laid out as expected?"
    );
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_scanner_finds_imports_in_use_lines_and_inline_but_not_in_tests_or_comments() {
    let text = "use crate::store::Record;\n\
                fn f() { crate::config::parse(x); } // crate::cli is a comment\n\
                #[cfg(test)]\nmod tests { use crate::cli::run; }\n";
    let found: Vec<(usize, String)> = imports(text);
    assert_eq!(
        found,
        vec![(1, "store".to_string()), (2, "config".to_string())]
    );
    assert_eq!(layer(Path::new("procedure/ticket/steps.rs")), "procedure");
    assert_eq!(layer(Path::new("config.rs")), "config");
}
