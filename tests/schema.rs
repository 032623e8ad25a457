//! `doclint schema` describes every manifest the project ships, and rejects unknown keys.

use std::path::PathBuf;

fn validator() -> jsonschema::Validator {
    let schema: serde_json::Value = serde_json::from_str(&doclint::schema::json()).expect("schema is JSON");
    jsonschema::validator_for(&schema).expect("schema compiles")
}

fn as_json(toml_text: &str) -> serde_json::Value {
    toml::from_str(toml_text).expect("valid TOML")
}

#[test]
fn every_shipped_manifest_validates() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut manifests = vec![root.join("scope.toml")];
    for group in std::fs::read_dir(root.join("fixtures")).expect("fixtures").flatten() {
        for case in std::fs::read_dir(group.path()).into_iter().flatten().flatten() {
            let m = case.path().join("scope.toml");
            if m.is_file() {
                manifests.push(m);
            }
        }
    }
    assert!(manifests.len() > 10);
    let v = validator();
    for m in manifests {
        let instance = as_json(&std::fs::read_to_string(&m).expect("read"));
        let errors: Vec<String> = v.iter_errors(&instance).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{}: {errors:?}", m.display());
    }
}

#[test]
fn unknown_keys_and_wrong_types_are_invalid() {
    let v = validator();
    assert!(!v.is_valid(&as_json("[docs]\nroots = \"docs\"\n")));
    assert!(!v.is_valid(&as_json("[sections.a]\nmax-pages = \"ten\"\n")));
    assert!(!v.is_valid(&as_json("[sections.a.pages]\n\"x.md\" = { type = \"how-to\", statu = \"planned\" }\n")));
    assert!(v.is_valid(&as_json("[sections.a.pages]\n\"x.md\" = { type = \"how-to\", status = \"planned\" }\n\"*.md\" = \"reference\"\n")));
}

#[test]
fn the_command_prints_the_schema() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_doclint")).arg("schema").output().expect("run doclint");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stdout), doclint::schema::json());
}
