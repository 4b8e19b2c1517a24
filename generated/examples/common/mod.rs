//! What the examples share: `--endpoint-url URL` and `--region REGION`, flags
//! of their own, and configuration the way the AWS SDKs find it. With neither
//! flag, the region and credentials come from the environment or the profile
//! (`AWS_PROFILE`, else `default`) of `~/.aws/config`, so a profile with
//! `region` and a `credential_process` (or SSO, or a role) needs no `AWS_*`
//! variable at all; on EC2, ECS and EKS they come from the platform.

#![allow(dead_code)]

use sagemaker_api::runtime::client::Config;
use std::collections::BTreeMap;
use std::process::ExitCode;

/// The command line: the client's configuration, and the example's own flags.
pub struct Args {
    pub config: Config,
    flags: BTreeMap<String, String>,
}

impl Args {
    /// The value of one of the example's own flags.
    pub fn flag(&self, name: &str) -> Option<&str> {
        self.flags.get(name).map(String::as_str)
    }
}

/// Reads the command line; `own` lists the example's flags (each takes a
/// value). Prints usage and returns the exit code on bad arguments.
pub async fn parse(usage: &str, own: &[&str]) -> Result<Args, ExitCode> {
    let mut builder = Config::builder();
    let mut flags = BTreeMap::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) => (f.to_owned(), Some(v.to_owned())),
            None => (arg.clone(), None),
        };
        if flag == "-h" || flag == "--help" {
            println!("{usage}");
            return Err(ExitCode::SUCCESS);
        }
        let known = matches!(flag.as_str(), "--endpoint-url" | "--region") || own.contains(&flag.as_str());
        if !known {
            return Err(usage_error(usage, &format!("unknown argument {flag}")));
        }
        let Some(value) = inline.or_else(|| args.next()) else {
            return Err(usage_error(usage, &format!("{flag} needs a value")));
        };
        builder = match flag.as_str() {
            "--endpoint-url" => builder.endpoint_url(value),
            "--region" => builder.region(value),
            _ => {
                flags.insert(flag, value);
                builder
            }
        };
    }
    let config = builder.load().await.map_err(|e| {
        eprintln!("error: {e}");
        ExitCode::from(2)
    })?;
    Ok(Args { config, flags })
}

fn usage_error(usage: &str, message: &str) -> ExitCode {
    eprintln!("error: {message}\n{usage}");
    ExitCode::from(2)
}
