//! Streaming bodies: [`ByteStream`], the type of every `@streaming` blob member
//! and of every HTTP body on its way in or out. A body is bytes in memory, a
//! file read as it is sent, or a stream of chunks; a response body arrives
//! chunk by chunk, so a large download is never held in memory whole.

use bytes::Bytes;
use futures_core::Stream;
use std::fmt;
use std::future::Future;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::Mutex;
use std::task::{Context, Poll};

/// How much of a file is read for one chunk.
const FILE_CHUNK: usize = 64 * 1024;

/// Why a body stream stopped before its end: the connection failed, a file
/// could not be read, or a caller's stream gave an error.
#[derive(Debug)]
pub struct StreamError {
    message: String,
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl StreamError {
    /// An error with a message.
    pub fn new(message: impl Into<String>) -> Self {
        StreamError { message: message.into(), source: None }
    }

    /// An error with a message and the error that caused it.
    pub fn with_source(
        message: impl Into<String>,
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        StreamError { message: message.into(), source: Some(source.into()) }
    }
}

impl fmt::Display for StreamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if let Some(source) = &self.source {
            write!(f, ": {source}")?;
        }
        Ok(())
    }
}

impl std::error::Error for StreamError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_deref().map(|e| e as &(dyn std::error::Error + 'static))
    }
}

/// A stream of body chunks, as the transport and callers give them.
pub type BoxChunkStream = Pin<Box<dyn Stream<Item = Result<Bytes, StreamError>> + Send>>;

/// A body: bytes in memory, a file, or a stream of chunks. Read it as a
/// [`Stream`] of chunks, chunk by chunk with
/// [`next_chunk`](ByteStream::next_chunk), or whole with
/// [`collect`](ByteStream::collect).
pub struct ByteStream {
    inner: Inner,
}

enum Inner {
    Bytes(Bytes),
    File(FileBody),
    /// A stream read once. The mutex makes the body `Sync` (inputs are shared
    /// by reference across awaits); polling goes through `get_mut`, which
    /// takes no lock.
    Stream {
        stream: Mutex<Option<BoxChunkStream>>,
        length: Option<u64>,
    },
}

struct FileBody {
    path: PathBuf,
    length: u64,
    /// Opened at the first poll, so that an unread body holds no descriptor.
    open: Option<std::fs::File>,
    read: u64,
}

impl ByteStream {
    /// A body of the given bytes.
    pub fn new(bytes: impl Into<Bytes>) -> Self {
        ByteStream { inner: Inner::Bytes(bytes.into()) }
    }

    /// The file at `path`, read in chunks as the body is sent; its length is
    /// taken now. Retries read it again from the start.
    pub fn from_path(path: impl AsRef<Path>) -> std::io::Result<Self> {
        let path = path.as_ref();
        let metadata = std::fs::metadata(path)?;
        if !metadata.is_file() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!("{} is not a regular file", path.display()),
            ));
        }
        Ok(ByteStream {
            inner: Inner::File(FileBody { path: path.to_owned(), length: metadata.len(), open: None, read: 0 }),
        })
    }

    /// A body read once from `stream`; `length`, when known, is sent as its
    /// `Content-Length`. Such a body cannot be sent twice, so a call that
    /// carries one is not retried, and it is signed as an unsigned payload.
    pub fn from_stream<S, B, E>(stream: S, length: Option<u64>) -> Self
    where
        S: Stream<Item = Result<B, E>> + Send + 'static,
        B: Into<Bytes> + 'static,
        E: Into<Box<dyn std::error::Error + Send + Sync>> + 'static,
    {
        let mapped = MapChunks { inner: Box::pin(stream) };
        ByteStream { inner: Inner::Stream { stream: Mutex::new(Some(Box::pin(mapped))), length } }
    }

    /// The body's length, when it is known before reading.
    pub fn content_length(&self) -> Option<u64> {
        match &self.inner {
            Inner::Bytes(b) => Some(b.len() as u64),
            Inner::File(f) => Some(f.length),
            Inner::Stream { length, .. } => *length,
        }
    }

    /// The bytes of a body held in memory; `None` for a file or a stream.
    pub fn as_bytes(&self) -> Option<&[u8]> {
        match &self.inner {
            Inner::Bytes(b) => Some(b),
            _ => None,
        }
    }

    /// The file a body reads, if it reads one.
    pub fn path(&self) -> Option<&Path> {
        match &self.inner {
            Inner::File(f) => Some(&f.path),
            _ => None,
        }
    }

    /// A second body with the same contents, when the body can be read again:
    /// bytes and files can, a stream cannot.
    pub fn try_clone(&self) -> Option<ByteStream> {
        match &self.inner {
            Inner::Bytes(b) => Some(ByteStream::new(b.clone())),
            Inner::File(f) => Some(ByteStream {
                inner: Inner::File(FileBody { path: f.path.clone(), length: f.length, open: None, read: 0 }),
            }),
            Inner::Stream { .. } => None,
        }
    }

    /// The body a request sends for the member that holds this one: the same
    /// bytes or file, or, for a stream, the stream itself, moved out of the
    /// member (a stream is sent once; the member is empty afterwards).
    pub fn for_send(&self) -> ByteStream {
        if let Some(copy) = self.try_clone() {
            return copy;
        }
        match &self.inner {
            Inner::Stream { stream, length } => {
                let taken = stream.lock().unwrap_or_else(std::sync::PoisonError::into_inner).take();
                ByteStream { inner: Inner::Stream { stream: Mutex::new(taken), length: *length } }
            }
            _ => ByteStream::default(),
        }
    }

    /// The next chunk, `None` at the end.
    pub fn next_chunk(&mut self) -> NextChunk<'_> {
        NextChunk { stream: self }
    }

    /// Reads the whole body into memory.
    pub async fn collect(mut self) -> Result<Bytes, StreamError> {
        if let Inner::Bytes(b) = &mut self.inner {
            return Ok(std::mem::take(b));
        }
        let mut out = Vec::with_capacity(self.content_length().map_or(0, |n| n.min(64 << 20) as usize));
        while let Some(chunk) = self.next_chunk().await {
            out.extend_from_slice(&chunk?);
        }
        Ok(Bytes::from(out))
    }

    /// Reads the body and writes every chunk to `writer` as it arrives, for
    /// downloads to a file or a socket without holding them in memory.
    /// Returns the number of bytes written.
    pub async fn write_to(mut self, writer: &mut (impl std::io::Write + ?Sized)) -> Result<u64, StreamError> {
        let mut written = 0u64;
        while let Some(chunk) = self.next_chunk().await {
            let chunk = chunk?;
            writer.write_all(&chunk).map_err(|e| StreamError::with_source("cannot write the body", e))?;
            written += chunk.len() as u64;
        }
        Ok(written)
    }
}

impl Default for ByteStream {
    fn default() -> Self {
        ByteStream::new(Bytes::new())
    }
}

impl fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.inner {
            Inner::Bytes(b) => write!(f, "ByteStream({} bytes in memory)", b.len()),
            Inner::File(file) => write!(f, "ByteStream(file {}, {} bytes)", file.path.display(), file.length),
            Inner::Stream { length: Some(n), .. } => write!(f, "ByteStream(stream of {n} bytes)"),
            Inner::Stream { length: None, .. } => f.write_str("ByteStream(stream)"),
        }
    }
}

impl From<Vec<u8>> for ByteStream {
    fn from(bytes: Vec<u8>) -> Self {
        ByteStream::new(bytes)
    }
}

impl From<Bytes> for ByteStream {
    fn from(bytes: Bytes) -> Self {
        ByteStream::new(bytes)
    }
}

impl From<&'static [u8]> for ByteStream {
    fn from(bytes: &'static [u8]) -> Self {
        ByteStream::new(Bytes::from_static(bytes))
    }
}

impl From<&'static str> for ByteStream {
    fn from(text: &'static str) -> Self {
        ByteStream::new(Bytes::from_static(text.as_bytes()))
    }
}

impl From<String> for ByteStream {
    fn from(text: String) -> Self {
        ByteStream::new(text.into_bytes())
    }
}

impl From<crate::Blob> for ByteStream {
    fn from(blob: crate::Blob) -> Self {
        ByteStream::new(blob.into_inner())
    }
}

impl Stream for ByteStream {
    type Item = Result<Bytes, StreamError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        match &mut this.inner {
            Inner::Bytes(b) if b.is_empty() => Poll::Ready(None),
            Inner::Bytes(b) => Poll::Ready(Some(Ok(std::mem::take(b)))),
            Inner::File(file) => Poll::Ready(file.read_chunk().transpose()),
            Inner::Stream { stream, .. } => {
                let slot = stream.get_mut().unwrap_or_else(std::sync::PoisonError::into_inner);
                let Some(inner) = slot.as_mut() else { return Poll::Ready(None) };
                match inner.as_mut().poll_next(cx) {
                    Poll::Ready(None) => {
                        *slot = None;
                        Poll::Ready(None)
                    }
                    other => other,
                }
            }
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (0, None)
    }
}

impl FileBody {
    /// The next chunk of the file; a file that changed length since the body
    /// was made is an error, since its `Content-Length` was already given.
    fn read_chunk(&mut self) -> Result<Option<Bytes>, StreamError> {
        let path = &self.path;
        if self.open.is_none() {
            let file = std::fs::File::open(path)
                .map_err(|e| StreamError::with_source(format!("cannot open {}", path.display()), e))?;
            self.open = Some(file);
        }
        let Some(file) = self.open.as_mut() else { return Ok(None) };
        let left = self.length - self.read;
        if left == 0 {
            self.open = None;
            return Ok(None);
        }
        let mut buffer = vec![0u8; FILE_CHUNK.min(left as usize)];
        let n = file
            .read(&mut buffer)
            .map_err(|e| StreamError::with_source(format!("cannot read {}", path.display()), e))?;
        if n == 0 {
            return Err(StreamError::new(format!(
                "{} ended after {} of its {} bytes: it changed while it was sent",
                path.display(),
                self.read,
                self.length
            )));
        }
        buffer.truncate(n);
        self.read += n as u64;
        Ok(Some(Bytes::from(buffer)))
    }
}

/// The future of [`ByteStream::next_chunk`].
#[derive(Debug)]
pub struct NextChunk<'a> {
    stream: &'a mut ByteStream,
}

impl Future for NextChunk<'_> {
    type Output = Option<Result<Bytes, StreamError>>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        Pin::new(&mut *self.get_mut().stream).poll_next(cx)
    }
}

/// A caller's stream with its chunks and errors made the body's own.
struct MapChunks<B, E> {
    inner: Pin<Box<dyn Stream<Item = Result<B, E>> + Send>>,
}

impl<B: Into<Bytes>, E: Into<Box<dyn std::error::Error + Send + Sync>>> Stream for MapChunks<B, E> {
    type Item = Result<Bytes, StreamError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        match self.get_mut().inner.as_mut().poll_next(cx) {
            Poll::Ready(Some(Ok(chunk))) => Poll::Ready(Some(Ok(chunk.into()))),
            Poll::Ready(Some(Err(e))) => Poll::Ready(Some(Err(StreamError::with_source("the body stream failed", e)))),
            Poll::Ready(None) => Poll::Ready(None),
            Poll::Pending => Poll::Pending,
        }
    }
}

/// How an operation receives its response body: whole (`Vec<u8>`), or as a
/// [`ByteStream`] the caller reads. The client asks the transport for a stream
/// either way and collects it only for the first.
pub trait ResponseBody: Sized + Send + 'static {
    /// Whether the body is read whole before the output is made.
    const WHOLE: bool;
    /// The body from the transport's stream (collected for `Vec<u8>`).
    fn receive(stream: ByteStream) -> Pin<Box<dyn Future<Output = Result<Self, StreamError>> + Send>>;
}

impl ResponseBody for Vec<u8> {
    const WHOLE: bool = true;

    fn receive(stream: ByteStream) -> Pin<Box<dyn Future<Output = Result<Self, StreamError>> + Send>> {
        Box::pin(async move { stream.collect().await.map(|b| b.to_vec()) })
    }
}

impl ResponseBody for ByteStream {
    const WHOLE: bool = false;

    fn receive(stream: ByteStream) -> Pin<Box<dyn Future<Output = Result<Self, StreamError>> + Send>> {
        Box::pin(std::future::ready(Ok(stream)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block_on<F: Future>(future: F) -> F::Output {
        let mut cx = Context::from_waker(std::task::Waker::noop());
        let mut future = std::pin::pin!(future);
        loop {
            if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
                return output;
            }
        }
    }

    struct Chunks(Vec<Result<Vec<u8>, std::io::Error>>);

    impl Stream for Chunks {
        type Item = Result<Vec<u8>, std::io::Error>;
        fn poll_next(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Self::Item>> {
            let this = self.get_mut();
            Poll::Ready(if this.0.is_empty() { None } else { Some(this.0.remove(0)) })
        }
    }

    #[test]
    fn bytes_files_and_streams_read_whole_and_clone_when_they_can() {
        let body = ByteStream::from("hello");
        assert_eq!(body.content_length(), Some(5));
        assert_eq!(block_on(body.try_clone().unwrap().collect()).unwrap(), "hello");

        let dir = std::env::temp_dir().join(format!("bytestream-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("body.bin");
        let contents: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        std::fs::write(&path, &contents).unwrap();
        let file = ByteStream::from_path(&path).unwrap();
        assert_eq!(file.content_length(), Some(200_000));
        let again = file.try_clone().unwrap();
        assert_eq!(block_on(file.collect()).unwrap(), contents);
        let mut sink = Vec::new();
        assert_eq!(block_on(again.write_to(&mut sink)).unwrap(), 200_000);
        assert_eq!(sink, contents);
        assert!(ByteStream::from_path(&dir).is_err(), "a folder is not a body");
        std::fs::remove_dir_all(&dir).unwrap();

        let stream = ByteStream::from_stream(Chunks(vec![Ok(b"ab".to_vec()), Ok(b"cd".to_vec())]), None);
        assert!(stream.try_clone().is_none());
        assert_eq!(block_on(stream.collect()).unwrap(), "abcd");
        let failing = ByteStream::from_stream(
            Chunks(vec![Ok(b"ab".to_vec()), Err(std::io::Error::other("disk gone"))]),
            Some(10),
        );
        let error = block_on(failing.collect()).unwrap_err();
        assert!(error.to_string().contains("disk gone"), "{error}");
    }

    #[test]
    fn a_file_that_shrinks_while_it_is_sent_is_an_error() {
        let path = std::env::temp_dir().join(format!("bytestream-shrink-{}", std::process::id()));
        std::fs::write(&path, vec![1u8; 100]).unwrap();
        let body = ByteStream::from_path(&path).unwrap();
        std::fs::write(&path, vec![1u8; 10]).unwrap();
        let error = block_on(body.collect()).unwrap_err();
        assert!(error.to_string().contains("changed while it was sent"), "{error}");
        std::fs::remove_file(&path).unwrap();
    }
}
