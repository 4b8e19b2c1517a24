//! What both examples share: `--endpoint-url URL` and `--region REGION`, and
//! credentials the usual way (environment, then `AWS_PROFILE` of the shared
//! credentials file).

use sagemaker_api::runtime::client::Config;
use std::process::ExitCode;

/// Reads the command line into a client configuration; prints usage and
/// returns the exit code on bad arguments.
pub fn config_from_args(usage: &str) -> Result<Config, ExitCode> {
    let mut builder = Config::builder();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) => (f.to_owned(), Some(v.to_owned())),
            None => (arg.clone(), None),
        };
        let mut value = || inline.clone().or_else(|| args.next());
        match flag.as_str() {
            "--endpoint-url" => match value() {
                Some(url) => builder = builder.endpoint_url(url),
                None => return Err(usage_error(usage, "--endpoint-url needs a URL")),
            },
            "--region" => match value() {
                Some(region) => builder = builder.region(region),
                None => return Err(usage_error(usage, "--region needs a region")),
            },
            "-h" | "--help" => {
                println!("{usage}");
                return Err(ExitCode::SUCCESS);
            }
            other => return Err(usage_error(usage, &format!("unknown argument {other}"))),
        }
    }
    builder.build().map_err(|e| {
        eprintln!("error: {e}");
        ExitCode::from(2)
    })
}

fn usage_error(usage: &str, message: &str) -> ExitCode {
    eprintln!("error: {message}\n{usage}");
    ExitCode::from(2)
}
