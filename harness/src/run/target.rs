//! Where each service's requests go: `--target URL` for every service, `--target SERVICE=URL` for
//! one, or the built-in mock when none is given.

use std::collections::BTreeMap;

/// The base URL of each service, or the embedded mock.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Targets {
    /// A URL for every service without its own.
    pub all: Option<String>,
    /// A URL per service id.
    pub by_service: BTreeMap<String, String>,
}

impl Targets {
    /// Parses `--target` values (and `CONFORM_TARGET`, which may hold several, comma-separated).
    pub fn parse(values: &[String]) -> Result<Targets, String> {
        let mut targets = Targets::default();
        let services: Vec<&str> = conform_generated::OPERATIONS
            .iter()
            .map(|op| op.service)
            .collect();
        for value in values
            .iter()
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .filter(|v| !v.is_empty())
        {
            let (service, url) = match value.split_once('=') {
                Some((service, url)) if !service.contains(':') && !service.contains('/') => {
                    (Some(service), url)
                }
                _ => (None, value),
            };
            let url = check_url(url)?;
            match service {
                Some(service) => {
                    if !services.contains(&service) {
                        return Err(format!(
                            "--target names the service `{service}`, which the spec does not have; services: {}",
                            services.join(", ")
                        ));
                    }
                    targets.by_service.insert(service.to_string(), url);
                }
                None => {
                    if targets.all.is_some() {
                        return Err("--target URL is given twice; use SERVICE=URL to give each service its own".into());
                    }
                    targets.all = Some(url);
                }
            }
        }
        Ok(targets)
    }

    /// True when no target is given: the run uses the built-in mock.
    pub fn is_embedded(&self) -> bool {
        self.all.is_none() && self.by_service.is_empty()
    }

    /// The base URL for `service`, if the run has one.
    pub fn url(&self, service: &str) -> Option<&str> {
        self.by_service
            .get(service)
            .or(self.all.as_ref())
            .map(String::as_str)
    }

    /// How the report names the target.
    pub fn describe(&self) -> String {
        if let Some(all) = &self.all
            && self.by_service.is_empty()
        {
            return all.clone();
        }
        let mut parts: Vec<String> = self
            .by_service
            .iter()
            .map(|(s, u)| format!("{s}={u}"))
            .collect();
        if let Some(all) = &self.all {
            parts.push(format!("*={all}"));
        }
        parts.join(" ")
    }
}

/// A base URL without a trailing slash, or why it is not one.
fn check_url(url: &str) -> Result<String, String> {
    // Errors never quote what may be a password in the URL.
    let shown = match url.split_once("://") {
        Some((scheme, rest)) => match rest.split_once('@') {
            Some((_, host)) if !host.contains('/') || rest.find('@') < rest.find('/') => {
                format!("{scheme}://…@{host}")
            }
            _ => url.to_string(),
        },
        None => url.to_string(),
    };
    let url_shown = shown.as_str();
    let parsed: reqwest::Url = url
        .parse()
        .map_err(|e| format!("--target `{url_shown}` is not a URL: {e}"))?;
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(format!(
            "--target `{url_shown}` must be a base URL, without a query or fragment"
        ));
    }
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(format!(
            "--target `{url_shown}` must be an http:// or https:// URL"
        ));
    }
    if parsed.host_str().is_none() {
        return Err(format!("--target `{url_shown}` has no host"));
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err("--target must not carry credentials in the URL; use --bearer, --login or the AWS environment variables".into());
    }
    Ok(url.trim_end_matches('/').to_string())
}

#[cfg(test)]
mod tests {
    use super::Targets;

    #[test]
    fn targets() {
        let t =
            Targets::parse(&["http://a:1".into(), "veeam=https://b:11005/".into()]).expect("valid");
        assert_eq!(t.url("outposts"), Some("http://a:1"));
        assert_eq!(t.url("veeam"), Some("https://b:11005"));
        let t = Targets::parse(&["outposts=http://a:1,veeam=http://b:2".into()]).expect("valid");
        assert_eq!(t.url("veeam"), Some("http://b:2"));
        assert!(Targets::parse(&[]).expect("valid").is_embedded());
        assert!(Targets::parse(&["nope=http://a".into()]).is_err());
        assert!(Targets::parse(&["ftp://a".into()]).is_err());
        assert!(Targets::parse(&["not a url".into()]).is_err());
        let error = Targets::parse(&["ftp://admin:hunter22@x".into()]).expect_err("credentials");
        assert!(!error.contains("hunter22"), "{error}");
        assert!(Targets::parse(&["http://user:pw@a".into()]).is_err());
        assert!(Targets::parse(&["http://a/?x=1".into()]).is_err());
    }
}
