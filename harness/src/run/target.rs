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
    pub fn parse(values: &[String]) -> Result<Targets, TargetError> {
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
                        return Err(TargetError::UnknownService {
                            service: service.to_string(),
                            services: services.join(", "),
                        });
                    }
                    targets.by_service.insert(service.to_string(), url);
                }
                None => {
                    if targets.all.is_some() {
                        return Err(TargetError::Twice);
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

    /// True when every URL the run sends to is plain HTTP, so the run needs no TLS.
    pub fn plain_http_only(&self) -> bool {
        self.all
            .iter()
            .chain(self.by_service.values())
            .all(|url| reqwest::Url::parse(url).is_ok_and(|url| url.scheme() == "http"))
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

/// The URL of a request to `path` (from the root, already percent-encoded) with `query` (empty for
/// none) under `base`, a base URL from [`Targets`] parsed once per run: setting the parts of a
/// parsed URL is much cheaper than parsing the whole text again for every request.
pub fn request_url(base: &reqwest::Url, path: &str, query: &str) -> reqwest::Url {
    let mut url = base.clone();
    let joined = format!("{}{path}", base.path().trim_end_matches('/'));
    url.set_path(&joined);
    url.set_query((!query.is_empty()).then_some(query));
    url
}

/// Why a `--target` value cannot be used. URLs are shown with any userinfo masked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TargetError {
    #[error(
        "--target names the service `{service}`, which the spec does not have; services: {services}"
    )]
    UnknownService { service: String, services: String },
    #[error("--target URL is given twice; use SERVICE=URL to give each service its own")]
    Twice,
    #[error("--target `{url}` is not a URL: {reason}")]
    NotUrl { url: String, reason: String },
    #[error("--target `{url}` must be a base URL, without a query or fragment")]
    NotBase { url: String },
    #[error("--target `{url}` must be an http:// or https:// URL")]
    Scheme { url: String },
    #[error("--target `{url}` has no host")]
    NoHost { url: String },
    #[error(
        "--target must not carry credentials in the URL; use --bearer, --login or the AWS environment variables"
    )]
    Credentials,
}

/// A base URL without a trailing slash, or why it is not one.
fn check_url(url: &str) -> Result<String, TargetError> {
    parse_base(url)?;
    Ok(url.trim_end_matches('/').to_string())
}

/// A base URL, parsed, or why it is not one.
pub fn parse_base(url: &str) -> Result<reqwest::Url, TargetError> {
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
    let parsed = reqwest::Url::parse(url).map_err(|e| TargetError::NotUrl {
        url: shown.clone(),
        reason: e.to_string(),
    })?;
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(TargetError::NotBase { url: shown });
    }
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(TargetError::Scheme { url: shown });
    }
    if parsed.host_str().is_none() {
        return Err(TargetError::NoHost { url: shown });
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(TargetError::Credentials);
    }
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::{TargetError, Targets, request_url};

    #[test]
    fn every_case_url_is_the_one_its_text_parses_to() {
        for given in [
            "http://127.0.0.1:9",
            "https://h.example/prefix",
            "http://h/a%20b",
            "http://h/p/",
            "http://[::1]:9/v1/",
        ] {
            // The base as the run keeps it (its text trimmed), and the URL parsed from it once.
            let targets = Targets::parse(&[given.to_string()]).expect("a base URL");
            let base = targets
                .url(conform_generated::OPERATIONS[0].service)
                .expect("a URL for every service");
            let parsed = super::parse_base(base).expect("a base URL");
            for op in conform_generated::OPERATIONS {
                for case in op.cases() {
                    let text = if case.query.is_empty() {
                        format!("{base}{}", case.path)
                    } else {
                        format!("{base}{}?{}", case.path, case.query)
                    };
                    assert_eq!(
                        request_url(&parsed, case.path, case.query).as_str(),
                        reqwest::Url::parse(&text).expect("a URL").as_str(),
                        "{}",
                        case.id
                    );
                }
            }
        }
    }

    /// The service ids of the registry, in order, without repeats.
    fn services() -> Vec<&'static str> {
        let mut services: Vec<&str> = conform_generated::OPERATIONS
            .iter()
            .map(|op| op.service)
            .collect();
        services.dedup();
        services
    }

    #[test]
    fn a_url_for_all_and_one_per_service() {
        let services = services();
        let (first, last) = (services[0], services[services.len() - 1]);
        let t = Targets::parse(&["http://a:1".into(), format!("{last}=https://b:11005/")])
            .expect("valid");
        assert_eq!(t.url(last), Some("https://b:11005"));
        if first != last {
            assert_eq!(t.url(first), Some("http://a:1"));
        }
        let t = Targets::parse(&[format!("{first}=http://a:1,{last}=http://b:2")]).expect("valid");
        assert_eq!(t.url(last), Some("http://b:2"));
        assert!(Targets::parse(&[]).expect("valid").is_embedded());
    }

    #[test]
    fn each_bad_target_says_what_is_wrong() {
        let error = |value: &str| Targets::parse(&[value.to_string()]).expect_err(value);
        assert!(matches!(
            error("no-such-service-here=http://a"),
            TargetError::UnknownService { .. }
        ));
        assert!(matches!(error("ftp://a"), TargetError::Scheme { .. }));
        assert!(matches!(error("not a url"), TargetError::NotUrl { .. }));
        assert!(matches!(
            error("http://user:pw@a"),
            TargetError::Credentials
        ));
        assert!(matches!(
            error("http://a/?x=1"),
            TargetError::NotBase { .. }
        ));
        assert!(matches!(
            Targets::parse(&["http://a".into(), "http://b".into()]),
            Err(TargetError::Twice)
        ));
        let shown = error("ftp://admin:hunter22@x").to_string();
        assert!(!shown.contains("hunter22"), "{shown}");
    }
}
