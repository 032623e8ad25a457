//! `--format junit`: `JUnit` XML for CI test reports.
//!
//! One `<testsuite name="doclint">` holding one `<testcase>` per path with findings (name =
//! path, classname = `doclint`). Each error or warning is a `<failure type="rule-id">`; infos
//! never fail a test, so they are listed in the test case's `<system-out>`. A run without
//! findings prints one passing `<testcase name="doclint">`, so CI always shows a test.

use std::fmt::Write as _;
use std::io;

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};

use super::{location, non_empty, one_line};
use crate::diagnostic::{Diagnostic, Severity};
use crate::report::Report;

/// Characters XML 1.0 cannot carry at all, even escaped, become U+FFFD.
fn xml_safe(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' => c,
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => '\u{fffd}',
            _ => c,
        })
        .collect()
}

/// The findings of one path: a run of consecutive diagnostics (they are sorted by path).
fn group_by_path(diagnostics: &[Diagnostic]) -> Vec<&[Diagnostic]> {
    diagnostics.chunk_by(|a, b| a.path == b.path).collect()
}

/// The body of a failure or an info line: `path:line:col: severity[rule]: message`, then help
/// and related locations.
fn details(report: &Report, d: &Diagnostic) -> String {
    let mut text = format!("{}: {}[{}]: {}", location(report, &d.path, d.span.as_ref()), d.severity.as_str(), d.rule.as_str(), d.message);
    if let Some(help) = non_empty(d.help.as_ref()) {
        text.push_str("\nhelp: ");
        text.push_str(help);
    }
    for r in &d.related {
        let _ = write!(text, "\nnote: {}: {}", location(report, &r.path, r.span.as_ref()), r.message);
    }
    xml_safe(&text)
}

fn write(report: &Report) -> io::Result<Vec<u8>> {
    let groups = group_by_path(&report.diagnostics);
    let failing = groups.iter().filter(|g| g.iter().any(|d| d.severity != Severity::Info)).count();
    let tests = groups.len().max(1).to_string();
    let failures = failing.to_string();
    let counts = [("tests", tests.as_str()), ("failures", failures.as_str()), ("errors", "0"), ("skipped", "0")];

    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    w.create_element("testsuites").with_attribute(("name", "doclint")).with_attributes(counts).write_inner_content(|w| {
        w.create_element("testsuite").with_attribute(("name", "doclint")).with_attributes(counts).write_inner_content(|w| {
            if groups.is_empty() {
                w.create_element("testcase").with_attributes([("name", "doclint"), ("classname", "doclint")]).write_empty()?;
            }
            for group in &groups {
                let name = xml_safe(&report.display_path(&group[0].path));
                w.create_element("testcase").with_attributes([("name", name.as_str()), ("classname", "doclint")]).write_inner_content(|w| {
                    for d in group.iter().filter(|d| d.severity != Severity::Info) {
                        let message = xml_safe(&one_line(&d.message));
                        w.create_element("failure")
                            .with_attributes([("type", d.rule.as_str()), ("message", message.as_str())])
                            .write_text_content(BytesText::new(&details(report, d)))?;
                    }
                    let infos: Vec<String> = group.iter().filter(|d| d.severity == Severity::Info).map(|d| details(report, d)).collect();
                    if !infos.is_empty() {
                        w.create_element("system-out").write_text_content(BytesText::new(&infos.join("\n")))?;
                    }
                    Ok(())
                })?;
            }
            Ok(())
        })?;
        Ok(())
    })?;
    let mut out = w.into_inner();
    out.push(b'\n');
    Ok(out)
}

pub(super) fn render(report: &Report) -> String {
    // Writing into a `Vec` cannot fail, and every piece written is a `&str`.
    write(report).ok().and_then(|bytes| String::from_utf8(bytes).ok()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use quick_xml::Reader;
    use quick_xml::XmlVersion;
    use quick_xml::escape::resolve_predefined_entity;
    use quick_xml::events::Event;

    use super::super::sample;
    use super::render;
    use crate::diagnostic::{Diagnostic, Severity};
    use crate::rules::RuleId;

    /// Parses `xml` completely, failing on any well-formedness error (unbalanced or mismatched
    /// tags, bad attributes, unknown entities); returns every `message` attribute and every text
    /// node, unescaped.
    fn parse(xml: &str) -> Vec<String> {
        let mut reader = Reader::from_str(xml);
        reader.config_mut().check_end_names = true;
        let mut found = Vec::new();
        let mut text = String::new();
        let mut depth = 0usize;
        let mut elements = 0usize;
        loop {
            let event = reader.read_event().unwrap_or_else(|e| panic!("not well-formed at {}: {e}", reader.error_position()));
            if !matches!(event, Event::Text(_) | Event::GeneralRef(_)) && !text.trim().is_empty() {
                found.push(std::mem::take(&mut text));
            }
            match event {
                Event::Eof => break,
                Event::Start(ref e) | Event::Empty(ref e) => {
                    if matches!(event, Event::Start(_)) {
                        depth += 1;
                    }
                    elements += 1;
                    for attr in e.attributes() {
                        let attr = attr.expect("well-formed attribute");
                        if attr.key.as_ref() == b"message" {
                            found.push(attr.normalized_value(XmlVersion::Implicit1_0).expect("attribute unescapes").into_owned());
                        }
                    }
                }
                Event::End(_) => depth -= 1,
                Event::Text(t) => text.push_str(&t.xml10_content().expect("text decodes")),
                Event::GeneralRef(r) => {
                    if let Some(c) = r.resolve_char_ref().expect("valid character reference") {
                        text.push(c);
                    } else {
                        let name = r.decode().expect("entity name decodes");
                        text.push_str(resolve_predefined_entity(&name).unwrap_or_else(|| panic!("unknown entity &{name};")));
                    }
                }
                _ => {}
            }
        }
        assert_eq!(depth, 0, "unclosed elements");
        assert!(elements > 0);
        found
    }

    #[test]
    fn junit() {
        insta::assert_snapshot!(render(&sample::report()));
    }

    #[test]
    fn junit_empty_has_one_passing_test() {
        insta::assert_snapshot!(render(&sample::empty()));
    }

    #[test]
    fn junit_is_well_formed_and_round_trips_hostile_text() {
        let mut report = sample::empty();
        let message = "a <b> & \"c\" 'd' — ünïcödé ✓ ]]> \u{1} end";
        let mut d = Diagnostic::new(RuleId::StrayPage, "docs/<&>\"'.md", message).help("x < y && z > \"w\"");
        d.severity = Severity::Error;
        report.diagnostics.push(d);
        let xml = render(&report);
        let texts = parse(&xml);
        let expected = message.replace('\u{1}', "\u{fffd}");
        assert!(texts.contains(&expected), "{texts:?}");
        assert!(texts.iter().any(|t| t.contains("help: x < y && z > \"w\"")), "{texts:?}");
        parse(&render(&sample::report()));
        parse(&render(&sample::empty()));
    }
}
