//! Collects the `//!` documentation of every check file under `server/src/checks/` so that
//! `detlint rule CODE`, the LSP hover and the generated docs pages all show the doc comment.

use std::fs;
use std::path::Path;

fn collect(dir: &Path, out: &mut Vec<(String, String)>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            collect(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            let Ok(text) = fs::read_to_string(&p) else {
                continue;
            };
            let doc: Vec<&str> = text
                .lines()
                .take_while(|l| l.starts_with("//!"))
                .map(|l| {
                    l.strip_prefix("//! ")
                        .unwrap_or(l.strip_prefix("//!").unwrap_or(l))
                })
                .collect();
            let rel = p.to_string_lossy().replace('\\', "/");
            out.push((rel, doc.join("\n")));
        }
    }
}

fn main() {
    println!("cargo:rerun-if-changed=server/src/checks");
    let mut docs = Vec::new();
    collect(Path::new("server/src/checks"), &mut docs);
    let mut code = String::from("/// (source file, `//!` documentation) of every check file.\npub static CHECK_DOCS: &[(&str, &str)] = &[\n");
    for (path, doc) in docs {
        code.push_str(&format!("    ({path:?}, {doc:?}),\n"));
    }
    code.push_str("];\n");
    let out = std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into());
    let _ = fs::write(Path::new(&out).join("check_docs.rs"), code);
}
