//! The command line of the examples: `--name value` or `--name=value` flags,
//! each known to the example, and the client's configuration from
//! `--endpoint-url` and `--region`, with everything else (credentials, and the
//! region without `--region`) found the way the AWS SDKs find it: the
//! environment, the profile of `~/.aws/config`, or the platform (EC2, ECS,
//! EKS).

use sagemakerruntime::runtime::client::Config;
use std::collections::BTreeMap;
use std::process::ExitCode;

/// The flags given, by name.
pub struct Flags(BTreeMap<String, String>);

impl Flags {
    /// The value of a flag.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str)
    }

    /// The client's configuration: `--endpoint-url` and `--region` when
    /// given, the rest from the default chain.
    pub async fn config(&self) -> Result<Config, ExitCode> {
        let mut builder = Config::builder();
        if let Some(url) = self.get("--endpoint-url") {
            builder = builder.endpoint_url(url);
        }
        if let Some(region) = self.get("--region") {
            builder = builder.region(region);
        }
        builder.load().await.map_err(|e| {
            eprintln!("error: {e}");
            ExitCode::from(2)
        })
    }
}

/// Reads the command line: `known` lists the flags (each takes a value),
/// `required` those that must be given. Prints `usage` and gives the exit code
/// on `--help` or bad arguments.
pub fn parse(usage: &str, known: &[&str], required: &[&str]) -> Result<Flags, ExitCode> {
    let fail = |message: String| {
        eprintln!("error: {message}\n{usage}");
        ExitCode::from(2)
    };
    let mut flags = BTreeMap::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "-h" || arg == "--help" {
            println!("{usage}");
            return Err(ExitCode::SUCCESS);
        }
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) => (n.to_owned(), Some(v.to_owned())),
            None => (arg, None),
        };
        if !known.contains(&name.as_str()) {
            return Err(fail(format!("unknown argument {name}")));
        }
        let Some(value) = inline.or_else(|| args.next()) else {
            return Err(fail(format!("{name} needs a value")));
        };
        flags.insert(name, value);
    }
    if let Some(missing) = required.iter().find(|r| !flags.contains_key(**r)) {
        return Err(fail(format!("{missing} is required")));
    }
    Ok(Flags(flags))
}
