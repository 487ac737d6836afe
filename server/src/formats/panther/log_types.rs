//! Panther LogTypes → event kinds (the taxonomy of `crate::normalize`: Sigma logsource
//! categories plus `cloud_api`, `iam`, `saas_activity`, `alert`, `web`, `kubernetes`, …) and
//! platforms.

/// (LogType prefix, event kinds). The longest matching prefix wins.
const KINDS: &[(&str, &[&str])] = &[
    ("AWS.CloudTrail", &["cloud_api"]),
    ("AWS.S3ServerAccess", &["cloud_api", "file_access"]),
    ("AWS.VPCFlow", &["network_connection"]),
    ("AWS.VPCDns", &["dns_query"]),
    ("AWS.ALB", &["web"]),
    ("AWS.WAFWebACL", &["web"]),
    ("AWS.GuardDuty", &["alert"]),
    ("AWS.SecurityFindingFormat", &["alert"]),
    ("AWS.BedrockModelInvocation", &["cloud_api"]),
    ("Amazon.EKS.Audit", &["kubernetes"]),
    ("GCP.AuditLog", &["cloud_api"]),
    ("GCP.HTTPLoadBalancer", &["web"]),
    ("Azure.MonitorActivity", &["cloud_api"]),
    ("Azure.Audit", &["iam"]),
    ("Azure.SignIn", &["authentication"]),
    ("Okta.SystemLog", &["authentication", "iam"]),
    ("OneLogin.Events", &["authentication", "iam"]),
    ("Auth0.Events", &["authentication", "iam"]),
    ("Duo.Authentication", &["authentication"]),
    ("Duo.Administrator", &["saas_activity"]),
    ("OnePassword.SignInAttempt", &["authentication"]),
    ("OnePassword.ItemUsage", &["saas_activity"]),
    (
        "Microsoft365.Audit.AzureActiveDirectory",
        &["authentication", "iam"],
    ),
    ("Microsoft365", &["saas_activity"]),
    ("MicrosoftGraph.SecurityAlert", &["alert"]),
    ("Salesforce.LoginAs", &["authentication"]),
    ("Snowflake.LoginHistory", &["authentication"]),
    ("Snowflake.QueryHistory", &["application"]),
    ("Snowflake.Grants", &["iam"]),
    ("Snowflake", &["application"]),
    ("CiscoUmbrella.DNS", &["dns_query"]),
    ("Crowdstrike.DNSRequest", &["dns_query"]),
    ("Crowdstrike.FDREvent", &["process_creation"]),
    ("Crowdstrike.DetectionSummary", &["alert"]),
    ("Crowdstrike", &["alert"]),
    ("OCSF.DnsActivity", &["dns_query"]),
    ("OCSF.NetworkActivity", &["network_connection"]),
    ("Suricata.DNS", &["dns_query"]),
    ("Zeek.DNS", &["dns_query"]),
    ("Cloudflare.HttpRequest", &["web"]),
    ("Cloudflare.Firewall", &["firewall"]),
    ("Osquery", &["os_log"]),
    ("Windows.EventLogs", &["os_log"]),
    ("Gravitational.TeleportAudit", &["authentication", "iam"]),
    ("Tailscale", &["network_connection"]),
    ("Zscaler", &["web"]),
    ("Netskope", &["web"]),
    ("Proofpoint", &["email"]),
    ("Sublime.MessageEvent", &["email"]),
    ("CarbonBlack.AlertV2", &["alert"]),
    ("SentinelOne", &["alert"]),
    ("Wiz.Detections", &["alert"]),
    ("Wiz.Issues", &["alert"]),
    ("Orca.Alert", &["alert"]),
    ("ThinkstCanary.Alert", &["alert"]),
    ("Tracebit.Alert", &["alert"]),
    ("Upwind.Detections", &["alert"]),
    ("AppOmni.Alerts", &["alert"]),
    ("SOCRadar", &["alert"]),
    ("GitHub.Audit", &["saas_activity"]),
    ("GitHub.Webhook", &["saas_activity"]),
    ("GitLab", &["saas_activity"]),
    ("GSuite", &["saas_activity"]),
    ("Slack", &["saas_activity"]),
    ("Zoom", &["saas_activity"]),
    ("Box", &["saas_activity"]),
    ("Notion", &["saas_activity"]),
    ("Asana", &["saas_activity"]),
    ("Atlassian", &["saas_activity"]),
    ("Dropbox", &["saas_activity"]),
    ("Zendesk", &["saas_activity"]),
    ("Tines", &["saas_activity"]),
    ("Snyk", &["saas_activity"]),
    ("Databricks", &["saas_activity"]),
    ("Docusign", &["saas_activity"]),
    ("MongoDB", &["saas_activity"]),
    ("Anthropic", &["saas_activity"]),
    ("OpenAI", &["saas_activity"]),
    ("Axonius", &["saas_activity"]),
    ("PushSecurity", &["saas_activity"]),
    ("Panther.Audit", &["saas_activity"]),
    ("Wiz.Audit", &["saas_activity"]),
    ("Sublime.Audit", &["saas_activity"]),
    ("CarbonBlack.Audit", &["saas_activity"]),
    ("MicrosoftIntune", &["saas_activity"]),
    ("Salesforce", &["saas_activity"]),
];

/// The event kinds a log type holds (empty when unknown).
pub fn event_kinds(log_type: &str) -> &'static [&'static str] {
    KINDS
        .iter()
        .filter(|(p, _)| log_type.starts_with(p))
        .max_by_key(|(p, _)| p.len())
        .map(|(_, k)| *k)
        .unwrap_or(&[])
}

/// The platform of a log type: its vendor, lower-case (`AWS.CloudTrail` → `aws`).
pub fn platform(log_type: &str) -> Option<&'static str> {
    const P: &[(&str, &str)] = &[
        ("AWS.", "aws"),
        ("Amazon.", "aws"),
        ("GCP.", "gcp"),
        ("GSuite.", "google_workspace"),
        ("Azure.", "azure"),
        ("Microsoft365.", "m365"),
        ("MicrosoftGraph.", "azure"),
        ("MicrosoftIntune.", "azure"),
        ("Okta.", "okta"),
        ("GitHub.", "github"),
        ("GitLab.", "gitlab"),
        ("Slack.", "slack"),
        ("Zoom.", "zoom"),
        ("Windows.", "windows"),
        ("Osquery.", "osquery"),
        ("Crowdstrike.", "crowdstrike"),
        ("Snowflake.", "snowflake"),
        ("Salesforce.", "salesforce"),
    ];
    P.iter()
        .find(|(p, _)| log_type.starts_with(p))
        .map(|(_, v)| *v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds() {
        assert_eq!(event_kinds("AWS.CloudTrail"), &["cloud_api"]);
        assert_eq!(event_kinds("Okta.SystemLog"), &["authentication", "iam"]);
        assert_eq!(event_kinds("GitHub.Audit"), &["saas_activity"]);
        assert_eq!(event_kinds("Slack.AuditLogs"), &["saas_activity"]);
        assert_eq!(event_kinds("Crowdstrike.DNSRequest"), &["dns_query"]);
        assert_eq!(event_kinds("Crowdstrike.EventStreams"), &["alert"]);
        assert_eq!(event_kinds("MicrosoftGraph.SecurityAlertV2"), &["alert"]);
        assert!(event_kinds("Custom.Thing").is_empty());
        // Every kind is one of the normalizer's canonical event kinds.
        for (_, kinds) in KINDS {
            for k in *kinds {
                assert_eq!(
                    crate::normalize::canonical_event_kind(k),
                    Some(*k),
                    "{k} is not canonical"
                );
            }
        }
        assert_eq!(platform("AWS.VPCFlow"), Some("aws"));
    }
}
