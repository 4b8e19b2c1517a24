//! SigV4 signing of a request, through `aws-sigv4`.

use super::credentials::Credentials;
use super::transport::HttpRequest;
use std::time::SystemTime;

/// Signs `request` in place for `service` in `region` at `time`: adds
/// `x-amz-date`, `authorization`, and `x-amz-security-token` for temporary
/// credentials. The `user-agent` header is left out of the signature, as the
/// SDKs do, since proxies rewrite it.
pub(crate) fn sign(
    request: &mut HttpRequest,
    credentials: &Credentials,
    region: &str,
    service: &str,
    time: SystemTime,
) -> Result<(), String> {
    use aws_sigv4::http_request::{sign, SignableBody, SignableRequest, SigningSettings};
    let identity: aws_smithy_runtime_api::client::identity::Identity = aws_credential_types::Credentials::new(
        credentials.access_key_id(),
        credentials.secret_access_key(),
        credentials.session_token().map(str::to_owned),
        None,
        "awsjson-runtime",
    )
    .into();
    let params = aws_sigv4::sign::v4::SigningParams::builder()
        .identity(&identity)
        .region(region)
        .name(service)
        .time(time)
        .settings(SigningSettings::default())
        .build()
        .map_err(|e| e.to_string())?
        .into();
    let signable = SignableRequest::new(
        &request.method,
        &request.url,
        request.headers.iter().filter(|(n, _)| n != "user-agent").map(|(n, v)| (n.as_str(), v.as_str())),
        SignableBody::Bytes(&request.body),
    )
    .map_err(|e| e.to_string())?;
    let (instructions, _signature) = sign(signable, &params).map_err(|e| e.to_string())?.into_parts();
    let (signing_headers, _) = instructions.into_parts();
    for header in signing_headers {
        request.headers.push((header.name().to_ascii_lowercase(), header.value().to_owned()));
    }
    Ok(())
}
