//! A service's endpoint when none is configured: the region's partition gives
//! the DNS suffix, and the service's declarative endpoint traits
//! (`aws.endpoints#standardRegionalEndpoints`, `standardPartitionalEndpoints`,
//! `dualStackOnlyEndpoints`) give the pattern, special cases, and the region
//! requests are signed for. Without those traits the pattern is
//! `https://<prefix>.<region>.<suffix>`, which is what the endpoint rule sets
//! of regional services resolve to in the standard partitions.

/// An AWS partition: the regions it holds and how its endpoints are spelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Partition {
    /// `aws`, `aws-cn`, `aws-us-gov`, …
    pub name: &'static str,
    /// The region prefix that places a region in it (`cn-`).
    region_prefix: &'static str,
    /// `amazonaws.com`.
    pub dns_suffix: &'static str,
    /// The suffix of dual-stack (IPv4 and IPv6) endpoints.
    pub dual_stack_dns_suffix: &'static str,
    /// Where the partition's global endpoints live, and what they are signed for.
    pub global_region: &'static str,
}

/// The partitions, most specific prefix first; the standard one (`aws`) last
/// holds every other region.
const PARTITIONS: [Partition; 8] = [
    Partition {
        name: "aws-cn",
        region_prefix: "cn-",
        dns_suffix: "amazonaws.com.cn",
        dual_stack_dns_suffix: "api.amazonwebservices.com.cn",
        global_region: "cn-northwest-1",
    },
    Partition {
        name: "aws-us-gov",
        region_prefix: "us-gov-",
        dns_suffix: "amazonaws.com",
        dual_stack_dns_suffix: "api.aws",
        global_region: "us-gov-west-1",
    },
    Partition {
        name: "aws-iso-b",
        region_prefix: "us-isob-",
        dns_suffix: "sc2s.sgov.gov",
        dual_stack_dns_suffix: "sc2s.sgov.gov",
        global_region: "us-isob-east-1",
    },
    Partition {
        name: "aws-iso-f",
        region_prefix: "us-isof-",
        dns_suffix: "csp.hci.ic.gov",
        dual_stack_dns_suffix: "csp.hci.ic.gov",
        global_region: "us-isof-south-1",
    },
    Partition {
        name: "aws-iso-e",
        region_prefix: "eu-isoe-",
        dns_suffix: "cloud.adc-e.uk",
        dual_stack_dns_suffix: "cloud.adc-e.uk",
        global_region: "eu-isoe-west-1",
    },
    Partition {
        name: "aws-iso",
        region_prefix: "us-iso-",
        dns_suffix: "c2s.ic.gov",
        dual_stack_dns_suffix: "c2s.ic.gov",
        global_region: "us-iso-east-1",
    },
    Partition {
        name: "aws-eusc",
        region_prefix: "eusc-",
        dns_suffix: "amazonaws.eu",
        dual_stack_dns_suffix: "amazonaws.eu",
        global_region: "eusc-de-east-1",
    },
    Partition {
        name: "aws",
        region_prefix: "",
        dns_suffix: "amazonaws.com",
        dual_stack_dns_suffix: "api.aws",
        global_region: "us-east-1",
    },
];

impl Partition {
    /// The partition of a region.
    pub fn of(region: &str) -> Partition {
        PARTITIONS.iter().copied().find(|p| region.starts_with(p.region_prefix)).unwrap_or(PARTITIONS[7])
    }
}

/// The DNS suffix of a region's partition: `amazonaws.com.cn` for China, the ISO
/// partitions' own, `amazonaws.com` elsewhere (GovCloud included).
pub fn dns_suffix(region: &str) -> &'static str {
    Partition::of(region).dns_suffix
}

/// The DNS suffix of a region's partition for dual-stack (IPv4 and IPv6)
/// endpoints: `api.amazonwebservices.com.cn` for China, `api.aws` elsewhere.
pub fn dual_stack_dns_suffix(region: &str) -> &'static str {
    Partition::of(region).dual_stack_dns_suffix
}

/// An endpoint pattern that applies instead of the standard one, for a
/// partition or a region, to the FIPS and dual-stack variants it names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SpecialCase {
    /// The partition (`aws-cn`) or region (`us-east-1`) it is for.
    pub key: &'static str,
    /// The pattern: `{service}`, `{region}`, `{dnsSuffix}` and
    /// `{dualStackDnsSuffix}` are filled in; an empty pattern keeps the
    /// standard one (a partitional case that only moves the region).
    pub endpoint: &'static str,
    /// For FIPS endpoints.
    pub fips: bool,
    /// For dual-stack endpoints.
    pub dual_stack: bool,
    /// The region the endpoint lives in and is signed for, when not the
    /// configured one (a partition's global endpoint).
    pub region: Option<&'static str>,
}

/// How a service that serves one endpoint per partition spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartitionalPattern {
    /// `{service}.{dnsSuffix}`.
    ServiceDnsSuffix,
    /// `{service}.{region}.{dnsSuffix}`, in the partition's global region.
    ServiceRegionDnsSuffix,
}

/// The service's declarative endpoint traits, as the generator read them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct EndpointRules {
    /// `standardPartitionalEndpoints`: one endpoint per partition.
    pub partitional: Option<PartitionalPattern>,
    /// Its `partitionEndpointSpecialCases`, or `standardRegionalEndpoints`'
    /// `partitionSpecialCases`.
    pub partition_cases: &'static [SpecialCase],
    /// `standardRegionalEndpoints`' `regionSpecialCases`.
    pub region_cases: &'static [SpecialCase],
    /// `dualStackOnlyEndpoints`: every endpoint is dual-stack.
    pub dual_stack_only: bool,
}

/// An endpoint the rules resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedEndpoint {
    /// `https://…`.
    pub url: String,
    /// The region requests are signed for.
    pub signing_region: String,
}

impl EndpointRules {
    /// The endpoint of the service whose endpoint prefix is `prefix` in
    /// `region`, with the FIPS and dual-stack variants asked for.
    pub fn resolve(&self, prefix: &str, region: &str, fips: bool, dual_stack: bool) -> ResolvedEndpoint {
        let dual_stack = dual_stack || self.dual_stack_only;
        let partition = Partition::of(region);
        let matches =
            |case: &&SpecialCase, key: &str| case.key == key && case.fips == fips && case.dual_stack == dual_stack;
        if let Some(pattern) = self.partitional {
            let case = self.partition_cases.iter().find(|c| matches(c, partition.name));
            let at = case.and_then(|c| c.region).unwrap_or(partition.global_region);
            let url = match case.map(|c| c.endpoint).filter(|e| !e.is_empty()) {
                Some(special) => fill(special, prefix, at, &partition),
                None => {
                    let region_part = match pattern {
                        PartitionalPattern::ServiceDnsSuffix => None,
                        PartitionalPattern::ServiceRegionDnsSuffix => Some(at),
                    };
                    standard(prefix, region_part, &partition, fips, dual_stack)
                }
            };
            return ResolvedEndpoint { url, signing_region: at.to_owned() };
        }
        if let Some(case) = self.region_cases.iter().find(|c| matches(c, region)) {
            let signing_region = case.region.unwrap_or(region);
            return ResolvedEndpoint {
                url: fill(case.endpoint, prefix, region, &partition),
                signing_region: signing_region.to_owned(),
            };
        }
        if let Some(case) = self.partition_cases.iter().find(|c| matches(c, partition.name)) {
            return ResolvedEndpoint {
                url: fill(case.endpoint, prefix, region, &partition),
                signing_region: region.to_owned(),
            };
        }
        ResolvedEndpoint {
            url: standard(prefix, Some(region), &partition, fips, dual_stack),
            signing_region: region.to_owned(),
        }
    }
}

/// The standard endpoint: `https://<prefix>.<region>.<suffix>` (the region left
/// out for a partitional service); FIPS endpoints put `-fips` after the
/// prefix's first label (`api-fips.sagemaker.us-east-1.amazonaws.com`);
/// dual-stack endpoints use the dual-stack suffix.
fn standard(prefix: &str, region: Option<&str>, partition: &Partition, fips: bool, dual_stack: bool) -> String {
    let prefix = match (fips, prefix.split_once('.')) {
        (false, _) => prefix.to_owned(),
        (true, Some((first, rest))) => format!("{first}-fips.{rest}"),
        (true, None) => format!("{prefix}-fips"),
    };
    let suffix = if dual_stack { partition.dual_stack_dns_suffix } else { partition.dns_suffix };
    match region {
        Some(region) => format!("https://{prefix}.{region}.{suffix}"),
        None => format!("https://{prefix}.{suffix}"),
    }
}

/// A special case's pattern with its placeholders filled, as an HTTPS URL.
fn fill(pattern: &str, prefix: &str, region: &str, partition: &Partition) -> String {
    let filled = pattern
        .replace("{service}", prefix)
        .replace("{region}", region)
        .replace("{dnsSuffix}", partition.dns_suffix)
        .replace("{dualStackDnsSuffix}", partition.dual_stack_dns_suffix);
    if filled.contains("://") {
        filled
    } else {
        format!("https://{filled}")
    }
}

/// The service's endpoint in a region by the standard pattern, as
/// [`EndpointRules::resolve`] gives it without special cases.
pub fn default_endpoint(prefix: &str, region: &str, fips: bool, dual_stack: bool) -> String {
    EndpointRules::default().resolve(prefix, region, fips, dual_stack).url
}

/// The endpoint's URL without a trailing `/` (request paths start with one)
/// and the `host` header, spelled as they are signed and sent: the host in
/// lower case, and the scheme's default port (`:443`, `:80`) left out of both.
/// `None` for an endpoint without a scheme.
pub(crate) fn normalize_endpoint(endpoint: &str) -> (String, Option<String>) {
    let Some((scheme, rest)) = endpoint.split_once("://") else {
        return (endpoint.trim_end_matches('/').to_owned(), None);
    };
    let scheme = scheme.to_ascii_lowercase();
    let (authority, path) = rest.split_once('/').map_or((rest, ""), |(a, p)| (a, p));
    let mut host = authority.to_ascii_lowercase();
    let default_port = match scheme.as_str() {
        "https" => Some(":443"),
        "http" => Some(":80"),
        _ => None,
    };
    if let Some(port) = default_port.filter(|port| host.ends_with(port)) {
        host.truncate(host.len() - port.len());
    }
    let path = path.trim_end_matches('/');
    let url = if path.is_empty() { format!("{scheme}://{host}") } else { format!("{scheme}://{host}/{path}") };
    (url, Some(host))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_follow_the_partition_and_are_signed_as_sent() {
        assert_eq!(dns_suffix("cn-north-1"), "amazonaws.com.cn");
        assert_eq!(
            default_endpoint("api.sagemaker", "us-gov-west-1", true, false),
            "https://api-fips.sagemaker.us-gov-west-1.amazonaws.com"
        );
        assert_eq!(
            default_endpoint("api.sagemaker", "eu-west-1", false, true),
            "https://api.sagemaker.eu-west-1.api.aws"
        );
        assert_eq!(
            default_endpoint("api.sagemaker", "cn-north-1", false, true),
            "https://api.sagemaker.cn-north-1.api.amazonwebservices.com.cn"
        );
        assert_eq!(default_endpoint("sts", "us-east-1", true, true), "https://sts-fips.us-east-1.api.aws");
        assert_eq!(dns_suffix("us-gov-west-1"), "amazonaws.com");
        assert_eq!(dns_suffix("us-iso-east-1"), "c2s.ic.gov");
        assert_eq!(dns_suffix("us-isob-east-1"), "sc2s.sgov.gov");
        assert_eq!(
            normalize_endpoint("HTTP://LocalHost:80"),
            ("http://localhost".to_owned(), Some("localhost".to_owned()))
        );
        assert_eq!(
            normalize_endpoint("https://API.example.com:443/base/"),
            ("https://api.example.com/base".to_owned(), Some("api.example.com".to_owned()))
        );
        assert_eq!(
            normalize_endpoint("http://127.0.0.1:5000"),
            ("http://127.0.0.1:5000".to_owned(), Some("127.0.0.1:5000".to_owned()))
        );
        assert_eq!(normalize_endpoint("localhost:5000/"), ("localhost:5000".to_owned(), None));
    }

    #[test]
    fn declarative_endpoint_traits_give_patterns_special_cases_and_the_signing_region() {
        // A global service (IAM-like): one endpoint per partition, signed for its global region.
        const IAM_CASES: &[SpecialCase] = &[SpecialCase {
            key: "aws-cn",
            endpoint: "{service}.{region}.{dnsSuffix}",
            fips: false,
            dual_stack: false,
            region: Some("cn-north-1"),
        }];
        let iam = EndpointRules {
            partitional: Some(PartitionalPattern::ServiceDnsSuffix),
            partition_cases: IAM_CASES,
            ..EndpointRules::default()
        };
        let eu = iam.resolve("iam", "eu-west-1", false, false);
        assert_eq!((eu.url.as_str(), eu.signing_region.as_str()), ("https://iam.amazonaws.com", "us-east-1"));
        let cn = iam.resolve("iam", "cn-northwest-1", false, false);
        assert_eq!(
            (cn.url.as_str(), cn.signing_region.as_str()),
            ("https://iam.cn-north-1.amazonaws.com.cn", "cn-north-1")
        );
        let gov = EndpointRules { partitional: Some(PartitionalPattern::ServiceRegionDnsSuffix), ..iam }.resolve(
            "iam",
            "us-gov-east-1",
            false,
            false,
        );
        assert_eq!(gov.url, "https://iam.us-gov-west-1.amazonaws.com");

        const REGION_CASES: &[SpecialCase] = &[SpecialCase {
            key: "us-east-1",
            endpoint: "https://{service}.global.{dnsSuffix}",
            fips: false,
            dual_stack: false,
            region: Some("us-east-1"),
        }];
        const PARTITION_CASES: &[SpecialCase] = &[SpecialCase {
            key: "aws-us-gov",
            endpoint: "{service}.{region}.gov.{dnsSuffix}",
            fips: true,
            dual_stack: false,
            region: None,
        }];
        let regional =
            EndpointRules { region_cases: REGION_CASES, partition_cases: PARTITION_CASES, ..EndpointRules::default() };
        assert_eq!(regional.resolve("svc", "us-east-1", false, false).url, "https://svc.global.amazonaws.com");
        assert_eq!(regional.resolve("svc", "us-east-1", true, false).url, "https://svc-fips.us-east-1.amazonaws.com");
        assert_eq!(
            regional.resolve("svc", "us-gov-west-1", true, false).url,
            "https://svc.us-gov-west-1.gov.amazonaws.com"
        );
        assert_eq!(
            regional.resolve("svc", "us-gov-west-1", false, false).url,
            "https://svc.us-gov-west-1.amazonaws.com"
        );

        let dual = EndpointRules { dual_stack_only: true, ..EndpointRules::default() };
        assert_eq!(dual.resolve("svc", "ap-south-1", false, false).url, "https://svc.ap-south-1.api.aws");
    }
}
