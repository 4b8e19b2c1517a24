//! A streaming response is not held in memory: a 1 GiB `@streaming` payload
//! (SageMaker Geospatial's `GetTile`, served by `tests/stream_server.py` on
//! 127.0.0.1) is read chunk by chunk while the process's peak resident memory
//! stays within a small bound. Alone in its test binary, so that no other test
//! moves the peak.

use sagemaker_tests::ScriptServer;
use sagemakergeospatial::runtime::client::{Config, Credentials};
use std::time::Duration;

/// The process's peak resident memory (`VmHWM`), in KiB.
fn peak_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmHWM")
}

#[tokio::test]
async fn a_one_gib_response_streams_through_a_bounded_memory() {
    const MIB: u64 = 1024;
    let server = ScriptServer::start("stream_server.py").expect("the stream server");
    let client = sagemakergeospatial::Client::new(
        Config::builder()
            .region("us-west-2")
            .endpoint_url(server.endpoint())
            .credentials(Credentials::new("AKID", "secret", None))
            .timeout(Duration::from_secs(300))
            .build()
            .expect("config"),
    );
    let input = sagemakergeospatial::GetTileInput::builder()
        .z(MIB as i32)
        .x(0)
        .y(0)
        .image_assets(vec!["B1".to_owned()])
        .target(sagemakergeospatial::TargetOptions::Input)
        .arn("arn:aws:sagemaker-geospatial:us-west-2:123456789012:earth-observation-job/x")
        .build()
        .unwrap();
    let before = peak_kib();
    let output = client.get_tile(input).await.unwrap();
    let mut body = output.binary_file.expect("the payload");
    assert_eq!(body.content_length(), Some(MIB << 20));
    // Every 4,093rd byte (a prime, so the samples walk through every offset
    // of the server's pattern) is checked in place.
    let mut read = 0u64;
    while let Some(chunk) = body.next_chunk().await {
        let chunk = chunk.unwrap();
        let first = (4093 - read % 4093) % 4093;
        for at in (first..chunk.len() as u64).step_by(4093) {
            let offset = read + at;
            assert_eq!(u64::from(chunk[at as usize]), (offset % (1 << 20)) % 251, "byte {offset}");
        }
        read += chunk.len() as u64;
    }
    assert_eq!(read, MIB << 20);
    let grown = peak_kib().saturating_sub(before);
    println!("read {} MiB; peak resident memory grew by {} KiB", read >> 20, grown);
    assert!(grown < 64 * 1024, "the peak grew by {grown} KiB while streaming 1 GiB");
}
