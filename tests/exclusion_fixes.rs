//! DL302's quick fix writes the missing exclusion in each rule's own language. For each format:
//! the loopback finding has a fix; applied, the file still parses and the loopback finding is
//! gone; a second round offers nothing more for loopback.

use detlint::config::Config;
use detlint::diagnostic::apply_edits;
use detlint::lint::lint_text;
use std::path::Path;

fn loopback_fix_round_trip(rel: &str, expect_in_fixed: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/exclusion")
        .join(rel);
    let text = std::fs::read_to_string(&path).expect("fixture");
    let config = Config::default();
    let (_, diags) = lint_text(&path, text.clone(), &config);
    let is_loopback = |m: &str| m.contains("without excluding loopback");
    let d = diags
        .iter()
        .find(|d| d.code == "DL302" && is_loopback(&d.message))
        .expect("loopback finding");
    let fix = d.fixes.first().expect("a fix in the rule's language");
    let (fixed, applied) = apply_edits(&text, &fix.edits);
    assert!(applied > 0);
    assert!(
        fixed.contains(expect_in_fixed),
        "{rel}: fixed text lacks `{expect_in_fixed}`:\n{fixed}"
    );
    let (_, after) = lint_text(&path, fixed.clone(), &config);
    assert!(
        !after.iter().any(|d| d.code == "DL002" || d.code == "DL003"),
        "{rel}: the fix broke the syntax: {after:?}\n{fixed}"
    );
    assert!(
        !after
            .iter()
            .any(|d| d.code == "DL302" && is_loopback(&d.message)),
        "{rel}: loopback still reported:\n{fixed}"
    );
    // the other well-known ranges are still reported, each with its own fix
    assert!(after
        .iter()
        .any(|d| d.code == "DL302" && d.message.contains("link-local") && !d.fixes.is_empty()));
}

#[test]
fn sigma_filter_selection() {
    loopback_fix_round_trip("sigma_office_public_connection.yml", "filter_main_loopback:\n        DestinationIp|cidr:\n            - '127.0.0.0/8'\n            - '::1/128'\n    condition:");
}

#[test]
fn kusto_where_not() {
    loopback_fix_round_trip("sentinel_office_public_connection.yaml", "| where not(ipv4_is_in_range(RemoteIP, \"127.0.0.0/8\") or ipv6_is_in_range(RemoteIP, \"::1/128\"))\n  | where not(ipv4_is_private(RemoteIP))");
}

#[test]
fn spl_where_not_cidrmatch() {
    loopback_fix_round_trip("splunk_office_public_connection.yml", "| where NOT (cidrmatch(\"127.0.0.0/8\", DestinationIp) OR cidrmatch(\"::1/128\", DestinationIp)) | `office_application");
}

#[test]
fn eql_and_not_cidrmatch() {
    loopback_fix_round_trip(
        "elastic_office_public_connection_eql.toml",
        ") and not cidrmatch(destination.ip, \"127.0.0.0/8\", \"::1/128\")",
    );
}

#[test]
fn kuery_and_not() {
    loopback_fix_round_trip(
        "elastic_office_public_connection_kuery.toml",
        ") and not destination.ip: (\"127.0.0.0/8\" or \"::1/128\")",
    );
}

#[test]
fn esql_where_not_cidr_match() {
    loopback_fix_round_trip("elastic_office_public_connection_esql.toml", "| where not cidr_match(destination.ip, \"127.0.0.0/8\", \"::1/128\")\n| where process.name");
}

#[test]
fn panther_simple_detection_condition() {
    loopback_fix_round_trip(
        "panther_vpcflow_public_ssh.yml",
        "  - Key: dstAddr\n    Condition: IsIPAddressNotInCIDR\n    Value: 127.0.0.0/8\n",
    );
}
