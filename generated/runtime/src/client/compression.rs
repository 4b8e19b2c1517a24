//! Request compression (`@requestCompression`): which bodies are gzipped, as
//! the AWS SDKs decide it, and the gzip encoder (`flate2`).

use std::io::Write;

/// When bodies of operations that ask for compression are compressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestCompression {
    /// Never compress (`AWS_DISABLE_REQUEST_COMPRESSION`, the profile's
    /// `disable_request_compression`).
    pub disabled: bool,
    /// Compress bodies of at least this many bytes
    /// (`AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES`, the profile's
    /// `request_min_compression_size_bytes`), at most [`Self::MAX_MIN_SIZE`].
    pub min_size_bytes: u32,
}

impl RequestCompression {
    /// The SDKs' default threshold: 10 KiB.
    pub const DEFAULT_MIN_SIZE: u32 = 10_240;
    /// The largest threshold the SDKs accept: 10 MiB.
    pub const MAX_MIN_SIZE: u32 = 10_485_760;

    /// Whether a body of `len` bytes is compressed.
    pub fn applies_to(self, len: usize) -> bool {
        !self.disabled && len >= self.min_size_bytes as usize
    }
}

impl Default for RequestCompression {
    fn default() -> Self {
        RequestCompression { disabled: false, min_size_bytes: Self::DEFAULT_MIN_SIZE }
    }
}

/// `body` gzipped (no file name, no modification time, so the output depends
/// only on the input).
pub(crate) fn gzip(body: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::with_capacity(body.len() / 4), flate2::Compression::default());
    // Writing to a `Vec` cannot fail.
    let _ = encoder.write_all(body);
    encoder.finish().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn bodies_at_the_threshold_are_gzipped_and_read_back() {
        let setting = RequestCompression::default();
        assert!(!setting.applies_to(10_239) && setting.applies_to(10_240));
        assert!(!RequestCompression { disabled: true, min_size_bytes: 0 }.applies_to(1 << 20));
        let body = br#"{"data":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}"#;
        let zipped = gzip(body);
        assert_eq!(&zipped[..2], &[0x1f, 0x8b]);
        assert_eq!(zipped, gzip(body), "the same body gives the same bytes");
        let mut read = Vec::new();
        flate2::read::GzDecoder::new(&zipped[..]).read_to_end(&mut read).unwrap();
        assert_eq!(read, body);
    }
}
