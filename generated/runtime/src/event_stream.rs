//! Event streams (`application/vnd.amazon.eventstream`): a response body of
//! binary frames, each a message with typed headers and a payload, guarded by
//! two CRC32 checksums. An operation whose output member targets a
//! `@streaming` union hands the caller an [`EventStream`] of the union's
//! events; an `exception` message of a modelled error ends it with
//! [`EventStreamError::Modeled`].
//!
//! Only output streams are read here: no service this project generates sends
//! input event streams, whose frames would each be signed.
//!
//! A frame is: total length (u32), headers length (u32), a CRC32 of those
//! eight bytes, the headers, the payload, and a CRC32 of everything before it;
//! integers are big-endian.

use crate::{ByteStream, DeserializeError, StreamError};
use bytes::{Buf, Bytes, BytesMut};
use futures_core::Stream;
use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

/// The prelude (two lengths and their CRC) and the message CRC.
const PRELUDE: usize = 12;
const OVERHEAD: usize = PRELUDE + 4;
/// The largest payload and header block the format allows.
const MAX_PAYLOAD: usize = 16 * 1024 * 1024;
const MAX_HEADERS: usize = 128 * 1024;

/// A header value, by the type the frame gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeaderValue {
    /// Type 0 and 1.
    Bool(bool),
    /// Type 2.
    Byte(i8),
    /// Type 3.
    Short(i16),
    /// Type 4.
    Int(i32),
    /// Type 5.
    Long(i64),
    /// Type 6.
    Bytes(Bytes),
    /// Type 7.
    String(String),
    /// Type 8: milliseconds since the epoch.
    Timestamp(i64),
    /// Type 9.
    Uuid([u8; 16]),
}

/// One decoded message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// The headers, in frame order.
    pub headers: Vec<(String, HeaderValue)>,
    /// The payload.
    pub payload: Bytes,
}

impl Message {
    /// A header's value.
    pub fn header(&self, name: &str) -> Option<&HeaderValue> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }

    /// A string header's value.
    pub fn header_str(&self, name: &str) -> Option<&str> {
        match self.header(name) {
            Some(HeaderValue::String(s)) => Some(s),
            _ => None,
        }
    }
}

/// A member of an event read from a header of its message (`@eventHeader`).
pub trait FromHeaderValue: Sized {
    /// The value, when the header has the member's type.
    fn from_header_value(value: &HeaderValue) -> Option<Self>;
}

impl FromHeaderValue for String {
    fn from_header_value(value: &HeaderValue) -> Option<Self> {
        match value {
            HeaderValue::String(s) => Some(s.clone()),
            _ => None,
        }
    }
}

impl FromHeaderValue for bool {
    fn from_header_value(value: &HeaderValue) -> Option<Self> {
        match value {
            HeaderValue::Bool(b) => Some(*b),
            _ => None,
        }
    }
}

impl FromHeaderValue for i64 {
    fn from_header_value(value: &HeaderValue) -> Option<Self> {
        match value {
            HeaderValue::Byte(v) => Some(i64::from(*v)),
            HeaderValue::Short(v) => Some(i64::from(*v)),
            HeaderValue::Int(v) => Some(i64::from(*v)),
            HeaderValue::Long(v) => Some(*v),
            _ => None,
        }
    }
}

impl FromHeaderValue for i32 {
    fn from_header_value(value: &HeaderValue) -> Option<Self> {
        i64::from_header_value(value).and_then(|v| i32::try_from(v).ok())
    }
}

impl FromHeaderValue for crate::Blob {
    fn from_header_value(value: &HeaderValue) -> Option<Self> {
        match value {
            HeaderValue::Bytes(b) => Some(crate::Blob::new(b.to_vec())),
            _ => None,
        }
    }
}

impl FromHeaderValue for crate::Timestamp {
    fn from_header_value(value: &HeaderValue) -> Option<Self> {
        match value {
            HeaderValue::Timestamp(ms) => {
                crate::Timestamp::from_secs_and_nanos(ms.div_euclid(1000), (ms.rem_euclid(1000) * 1_000_000) as u32)
            }
            _ => None,
        }
    }
}

/// An event's `@eventPayload` string member: the payload as UTF-8.
pub fn payload_text(message: &Message) -> Result<String, DeserializeError> {
    String::from_utf8(message.payload.to_vec())
        .map_err(|_| DeserializeError::new(crate::ErrorKind::Invalid("an event payload that is not UTF-8"), 0))
}

/// An event's JSON payload as `T`; an empty payload reads as `{}`.
pub fn payload_json<T: crate::ReadJson + crate::Shape>(message: &Message) -> Result<T, DeserializeError> {
    let payload: &[u8] = if message.payload.is_empty() { b"{}" } else { &message.payload };
    crate::from_slice(payload)
}

/// Why bytes are not a frame.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum FrameError {
    /// The CRC32 of the two lengths is not the one the prelude carries.
    PreludeChecksum {
        /// The checksum in the frame.
        expected: u32,
        /// The checksum of the bytes received.
        computed: u32,
    },
    /// The CRC32 of the whole message is not the one at its end.
    MessageChecksum {
        /// The checksum in the frame.
        expected: u32,
        /// The checksum of the bytes received.
        computed: u32,
    },
    /// The lengths cannot describe a message (too short, too long, or headers
    /// longer than the message).
    Length {
        /// The total length the prelude gives.
        total: u32,
        /// The headers' length the prelude gives.
        headers: u32,
    },
    /// The body ended inside a frame.
    Truncated {
        /// The bytes of the frame that arrived.
        received: usize,
        /// The bytes it needs (at least the prelude).
        needed: usize,
    },
    /// A header that does not decode.
    Header(String),
    /// A message whose `:message-type` is missing or unknown.
    MessageType(String),
}

impl fmt::Display for FrameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FrameError::PreludeChecksum { expected, computed } => {
                write!(f, "prelude CRC32 mismatch: the frame says {expected:#010x}, the bytes give {computed:#010x}")
            }
            FrameError::MessageChecksum { expected, computed } => {
                write!(f, "message CRC32 mismatch: the frame says {expected:#010x}, the bytes give {computed:#010x}")
            }
            FrameError::Length { total, headers } => write!(
                f,
                "expected frame lengths of at most {} bytes with headers inside the message, found total {total}, headers {headers}",
                MAX_PAYLOAD + MAX_HEADERS + OVERHEAD
            ),
            FrameError::Truncated { received, needed } => {
                write!(f, "the body ended inside a frame: {received} of its {needed} bytes arrived")
            }
            FrameError::Header(m) => write!(f, "bad header: {m}"),
            FrameError::MessageType(m) => write!(f, "bad message: {m}"),
        }
    }
}

impl std::error::Error for FrameError {}

/// Decodes frames from bytes that arrive in pieces of any size.
#[derive(Debug, Default)]
pub struct FrameDecoder {
    buffer: BytesMut,
}

impl FrameDecoder {
    /// A decoder with nothing buffered.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds bytes as they arrive.
    pub fn push(&mut self, bytes: &[u8]) {
        self.buffer.extend_from_slice(bytes);
    }

    /// The next whole message, `None` until all its bytes arrived. The prelude
    /// is checked as soon as it arrives, so a corrupt length is an error
    /// before any wait for the bytes it claims.
    pub fn next_message(&mut self) -> Result<Option<Message>, FrameError> {
        if self.buffer.len() < PRELUDE {
            return Ok(None);
        }
        let total = u32::from_be_bytes([self.buffer[0], self.buffer[1], self.buffer[2], self.buffer[3]]);
        let headers_len = u32::from_be_bytes([self.buffer[4], self.buffer[5], self.buffer[6], self.buffer[7]]);
        let expected = u32::from_be_bytes([self.buffer[8], self.buffer[9], self.buffer[10], self.buffer[11]]);
        let computed = crc32fast::hash(&self.buffer[..8]);
        if expected != computed {
            return Err(FrameError::PreludeChecksum { expected, computed });
        }
        let (total_len, header_bytes) = (total as usize, headers_len as usize);
        let fits = total_len >= OVERHEAD
            && header_bytes <= MAX_HEADERS
            && header_bytes <= total_len - OVERHEAD
            && total_len - OVERHEAD - header_bytes <= MAX_PAYLOAD;
        if !fits {
            return Err(FrameError::Length { total, headers: headers_len });
        }
        if self.buffer.len() < total_len {
            return Ok(None);
        }
        let frame = self.buffer.split_to(total_len).freeze();
        let expected = u32::from_be_bytes([
            frame[total_len - 4],
            frame[total_len - 3],
            frame[total_len - 2],
            frame[total_len - 1],
        ]);
        let computed = crc32fast::hash(&frame[..total_len - 4]);
        if expected != computed {
            return Err(FrameError::MessageChecksum { expected, computed });
        }
        let headers = decode_headers(&frame[PRELUDE..PRELUDE + header_bytes])?;
        let payload = frame.slice(PRELUDE + header_bytes..total_len - 4);
        Ok(Some(Message { headers, payload }))
    }

    /// At the end of the body: an error if a frame was left unfinished.
    pub fn finish(&self) -> Result<(), FrameError> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        let needed = if self.buffer.len() >= 4 {
            (u32::from_be_bytes([self.buffer[0], self.buffer[1], self.buffer[2], self.buffer[3]]) as usize).max(PRELUDE)
        } else {
            PRELUDE
        };
        Err(FrameError::Truncated { received: self.buffer.len(), needed })
    }
}

fn decode_headers(mut bytes: &[u8]) -> Result<Vec<(String, HeaderValue)>, FrameError> {
    let mut headers = Vec::new();
    let short = |what: &str| FrameError::Header(format!("the header block ends inside {what}"));
    while bytes.has_remaining() {
        let name_len = usize::from(bytes.get_u8());
        if name_len == 0 || bytes.remaining() < name_len {
            return Err(if name_len == 0 {
                FrameError::Header("a header with an empty name".into())
            } else {
                short("a name")
            });
        }
        let name = std::str::from_utf8(&bytes[..name_len])
            .map_err(|_| FrameError::Header("a header name that is not UTF-8".into()))?
            .to_owned();
        bytes.advance(name_len);
        if !bytes.has_remaining() {
            return Err(short(&format!("the type of `{name}`")));
        }
        let kind = bytes.get_u8();
        let need = |n: usize, bytes: &[u8]| {
            if bytes.remaining() < n {
                Err(short(&format!("the value of `{name}`")))
            } else {
                Ok(())
            }
        };
        let value = match kind {
            0 => HeaderValue::Bool(true),
            1 => HeaderValue::Bool(false),
            2 => {
                need(1, bytes)?;
                HeaderValue::Byte(bytes.get_i8())
            }
            3 => {
                need(2, bytes)?;
                HeaderValue::Short(bytes.get_i16())
            }
            4 => {
                need(4, bytes)?;
                HeaderValue::Int(bytes.get_i32())
            }
            5 | 8 => {
                need(8, bytes)?;
                let v = bytes.get_i64();
                if kind == 5 {
                    HeaderValue::Long(v)
                } else {
                    HeaderValue::Timestamp(v)
                }
            }
            6 | 7 => {
                need(2, bytes)?;
                let len = usize::from(bytes.get_u16());
                need(len, bytes)?;
                let value = &bytes[..len];
                let value = if kind == 6 {
                    HeaderValue::Bytes(Bytes::copy_from_slice(value))
                } else {
                    let text = std::str::from_utf8(value)
                        .map_err(|_| FrameError::Header(format!("`{name}` is a string that is not UTF-8")))?;
                    HeaderValue::String(text.to_owned())
                };
                bytes.advance(len);
                value
            }
            9 => {
                need(16, bytes)?;
                let mut uuid = [0u8; 16];
                bytes.copy_to_slice(&mut uuid);
                HeaderValue::Uuid(uuid)
            }
            other => return Err(FrameError::Header(format!("`{name}` has an unknown value type {other}"))),
        };
        headers.push((name, value));
    }
    Ok(headers)
}

/// Why an event stream ended early. Once it returns one, the stream is over.
#[derive(Debug)]
#[non_exhaustive]
pub enum EventStreamError<E> {
    /// The service sent one of the errors the model lists for the stream.
    Modeled(E),
    /// The service sent an exception the model does not list, or an `error`
    /// message.
    Service {
        /// The `:exception-type` or `:error-code`.
        code: String,
        /// The message, when there is one.
        message: String,
    },
    /// Bytes that are not a frame: a bad checksum, a truncated frame, a bad header.
    Frame(FrameError),
    /// An event whose payload does not read as its shape.
    Deserialize(DeserializeError),
    /// The connection failed while the stream was read.
    Body(StreamError),
}

impl<E: fmt::Debug> fmt::Display for EventStreamError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EventStreamError::Modeled(e) => write!(f, "the service ended the event stream with {e:?}"),
            EventStreamError::Service { code, message } => {
                write!(f, "the service ended the event stream with {code}: {message}")
            }
            EventStreamError::Frame(e) => write!(f, "event stream: {e}"),
            EventStreamError::Deserialize(e) => write!(f, "event stream: cannot read an event: {e}"),
            EventStreamError::Body(e) => write!(f, "event stream: {e}"),
        }
    }
}

impl<E: fmt::Debug> std::error::Error for EventStreamError<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            EventStreamError::Frame(e) => Some(e),
            EventStreamError::Deserialize(e) => Some(e),
            EventStreamError::Body(e) => Some(e),
            _ => None,
        }
    }
}

/// The events of one `@streaming` union, as the generator writes them.
pub trait Event: Sized + Send + 'static {
    /// The union's error members, one variant each.
    type Error: fmt::Debug + Send + 'static;
    /// An `event` message of type `event_type` as the union's member of that
    /// name (or its catch-all for one the model does not know).
    fn read_event(event_type: &str, message: &Message) -> Result<Self, DeserializeError>;
    /// An `exception` message of type `exception_type` as one of the union's
    /// error members; `None` for an exception the model does not list.
    fn read_exception(exception_type: &str, message: &Message) -> Option<Result<Self::Error, DeserializeError>>;
}

/// The events of a response, read as they arrive. Poll it as a [`Stream`] or
/// call [`recv`](EventStream::recv).
pub struct EventStream<T: Event> {
    body: ByteStream,
    decoder: FrameDecoder,
    state: State,
    _events: std::marker::PhantomData<fn() -> T>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Reading,
    BodyEnded,
    Over,
}

impl<T: Event> EventStream<T> {
    /// The events of `body`.
    pub fn new(body: ByteStream) -> Self {
        EventStream { body, decoder: FrameDecoder::new(), state: State::Reading, _events: std::marker::PhantomData }
    }

    /// The next event; `None` once the stream is over.
    pub async fn recv(&mut self) -> Option<Result<T, EventStreamError<T::Error>>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// What one whole message means; `None` for one that carries no event
    /// (the initial-response message of some services).
    fn message(&mut self, message: Message) -> Option<Result<T, EventStreamError<T::Error>>> {
        let result = match message.header_str(":message-type") {
            Some("event") => {
                let event_type = message.header_str(":event-type").unwrap_or_default();
                if event_type == "initial-response" {
                    return None;
                }
                T::read_event(event_type, &message).map_err(EventStreamError::Deserialize)
            }
            Some("exception") => {
                let exception_type = message.header_str(":exception-type").unwrap_or_default().to_owned();
                Err(match T::read_exception(&exception_type, &message) {
                    Some(Ok(e)) => EventStreamError::Modeled(e),
                    Some(Err(e)) => EventStreamError::Deserialize(e),
                    None => EventStreamError::Service {
                        code: exception_type,
                        message: String::from_utf8_lossy(&message.payload).into_owned(),
                    },
                })
            }
            Some("error") => Err(EventStreamError::Service {
                code: message.header_str(":error-code").unwrap_or("UnknownError").to_owned(),
                message: message.header_str(":error-message").unwrap_or_default().to_owned(),
            }),
            Some(other) => Err(EventStreamError::Frame(FrameError::MessageType(format!(
                "expected `:message-type` event, exception or error, found `{other}`"
            )))),
            None => Err(EventStreamError::Frame(FrameError::MessageType("no `:message-type` header".into()))),
        };
        if result.is_err() {
            self.state = State::Over;
        }
        Some(result)
    }
}

impl<T: Event> Stream for EventStream<T> {
    type Item = Result<T, EventStreamError<T::Error>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if this.state == State::Over {
                return Poll::Ready(None);
            }
            match this.decoder.next_message() {
                Ok(Some(message)) => match this.message(message) {
                    Some(item) => return Poll::Ready(Some(item)),
                    None => continue,
                },
                Ok(None) => {}
                Err(e) => {
                    this.state = State::Over;
                    return Poll::Ready(Some(Err(EventStreamError::Frame(e))));
                }
            }
            if this.state == State::BodyEnded {
                this.state = State::Over;
                return Poll::Ready(this.decoder.finish().err().map(|e| Err(EventStreamError::Frame(e))));
            }
            match Pin::new(&mut this.body).poll_next(cx) {
                Poll::Ready(Some(Ok(chunk))) => this.decoder.push(&chunk),
                Poll::Ready(Some(Err(e))) => {
                    this.state = State::Over;
                    return Poll::Ready(Some(Err(EventStreamError::Body(e))));
                }
                Poll::Ready(None) => this.state = State::BodyEnded,
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}

impl<T: Event> fmt::Debug for EventStream<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventStream").field("body", &self.body).field("state", &self.state).finish_non_exhaustive()
    }
}

/// Encodes a message as one frame, for tests and for services' fakes. (The
/// client sends no event streams.)
pub fn encode_frame(message: &Message) -> Vec<u8> {
    let mut headers = Vec::new();
    for (name, value) in &message.headers {
        headers.push(name.len() as u8);
        headers.extend_from_slice(name.as_bytes());
        match value {
            HeaderValue::Bool(true) => headers.push(0),
            HeaderValue::Bool(false) => headers.push(1),
            HeaderValue::Byte(v) => {
                headers.push(2);
                headers.extend_from_slice(&v.to_be_bytes());
            }
            HeaderValue::Short(v) => {
                headers.push(3);
                headers.extend_from_slice(&v.to_be_bytes());
            }
            HeaderValue::Int(v) => {
                headers.push(4);
                headers.extend_from_slice(&v.to_be_bytes());
            }
            HeaderValue::Long(v) => {
                headers.push(5);
                headers.extend_from_slice(&v.to_be_bytes());
            }
            HeaderValue::Bytes(v) => {
                headers.push(6);
                headers.extend_from_slice(&(v.len() as u16).to_be_bytes());
                headers.extend_from_slice(v);
            }
            HeaderValue::String(v) => {
                headers.push(7);
                headers.extend_from_slice(&(v.len() as u16).to_be_bytes());
                headers.extend_from_slice(v.as_bytes());
            }
            HeaderValue::Timestamp(v) => {
                headers.push(8);
                headers.extend_from_slice(&v.to_be_bytes());
            }
            HeaderValue::Uuid(v) => {
                headers.push(9);
                headers.extend_from_slice(v);
            }
        }
    }
    let total = (OVERHEAD + headers.len() + message.payload.len()) as u32;
    let mut frame = Vec::with_capacity(total as usize);
    frame.extend_from_slice(&total.to_be_bytes());
    frame.extend_from_slice(&(headers.len() as u32).to_be_bytes());
    let prelude_crc = crc32fast::hash(&frame);
    frame.extend_from_slice(&prelude_crc.to_be_bytes());
    frame.extend_from_slice(&headers);
    frame.extend_from_slice(&message.payload);
    let crc = crc32fast::hash(&frame);
    frame.extend_from_slice(&crc.to_be_bytes());
    frame
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A message with a header of every type.
    fn message(event_type: &str, payload: &[u8]) -> Message {
        Message {
            headers: vec![
                (":message-type".into(), HeaderValue::String("event".into())),
                (":event-type".into(), HeaderValue::String(event_type.into())),
                ("flag".into(), HeaderValue::Bool(true)),
                ("count".into(), HeaderValue::Long(-7)),
                ("id".into(), HeaderValue::Uuid([7; 16])),
                ("raw".into(), HeaderValue::Bytes(Bytes::from_static(b"\x00\x01"))),
                ("at".into(), HeaderValue::Timestamp(1_700_000_000_000)),
            ],
            payload: Bytes::copy_from_slice(payload),
        }
    }

    #[test]
    fn frames_round_trip_in_pieces_of_any_size() {
        let frames: Vec<u8> = [message("A", b"one"), message("B", b""), message("C", &[0u8; 5000])]
            .iter()
            .flat_map(encode_frame)
            .collect();
        for piece in [1, 3, 13, 100, frames.len()] {
            let mut decoder = FrameDecoder::new();
            let mut out = Vec::new();
            for chunk in frames.chunks(piece) {
                decoder.push(chunk);
                while let Some(m) = decoder.next_message().unwrap() {
                    out.push(m);
                }
            }
            decoder.finish().unwrap();
            assert_eq!(out, [message("A", b"one"), message("B", b""), message("C", &[0u8; 5000])], "pieces of {piece}");
        }
    }

    #[test]
    fn corrupt_and_truncated_frames_are_errors_that_say_what_is_wrong() {
        let frame = encode_frame(&message("A", b"payload"));
        let mut prelude = frame.clone();
        prelude[2] ^= 1;
        let mut decoder = FrameDecoder::new();
        decoder.push(&prelude);
        assert!(matches!(decoder.next_message(), Err(FrameError::PreludeChecksum { .. })));

        let mut body = frame.clone();
        let at = body.len() - 6;
        body[at] ^= 0x40;
        let mut decoder = FrameDecoder::new();
        decoder.push(&body);
        let error = decoder.next_message().unwrap_err();
        assert!(matches!(error, FrameError::MessageChecksum { .. }), "{error}");
        assert!(error.to_string().contains("message CRC32 mismatch"), "{error}");

        let mut decoder = FrameDecoder::new();
        decoder.push(&frame[..frame.len() - 3]);
        assert_eq!(decoder.next_message().unwrap(), None);
        let error = decoder.finish().unwrap_err();
        assert_eq!(error, FrameError::Truncated { received: frame.len() - 3, needed: frame.len() });

        // A prelude that claims a huge message is refused before any wait for it.
        let mut huge = Vec::new();
        huge.extend_from_slice(&u32::MAX.to_be_bytes());
        huge.extend_from_slice(&0u32.to_be_bytes());
        let crc = crc32fast::hash(&huge);
        huge.extend_from_slice(&crc.to_be_bytes());
        let mut decoder = FrameDecoder::new();
        decoder.push(&huge);
        assert!(matches!(decoder.next_message(), Err(FrameError::Length { .. })));
    }

    /// Published vectors of the AWS event stream encoding, as
    /// aws-c-event-stream's `message_deserializer_test.c` gives them: a frame
    /// with neither headers nor payload, one with a payload, and one with a
    /// string header.
    #[test]
    fn published_vectors_decode_and_a_flipped_bit_fails_each_check() {
        const EMPTY: &[u8] =
            &[0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x00, 0x05, 0xc2, 0x48, 0xeb, 0x7d, 0x98, 0xc8, 0xff];
        const PAYLOAD: &[u8] = &[
            0x00, 0x00, 0x00, 0x1D, 0x00, 0x00, 0x00, 0x00, 0xfd, 0x52, 0x8c, 0x5a, 0x7b, 0x27, 0x66, 0x6f, 0x6f, 0x27,
            0x3a, 0x27, 0x62, 0x61, 0x72, 0x27, 0x7d, 0xc3, 0x65, 0x39, 0x36,
        ];
        let mut header: Vec<u8> = vec![0x00, 0x00, 0x00, 0x3D, 0x00, 0x00, 0x00, 0x20, 0x07, 0xFD, 0x83, 0x96, 0x0C];
        header.extend_from_slice(b"content-type");
        header.extend_from_slice(&[0x07, 0x00, 0x10]);
        header.extend_from_slice(b"application/json");
        header.extend_from_slice(b"{'foo':'bar'}");
        header.extend_from_slice(&[0x8D, 0x9C, 0x08, 0xB1]);
        let decode = |bytes: &[u8]| {
            let mut decoder = FrameDecoder::new();
            decoder.push(bytes);
            let message = decoder.next_message();
            decoder.finish().map(|()| message)
        };
        let empty = decode(EMPTY).unwrap().unwrap().unwrap();
        assert!(empty.headers.is_empty() && empty.payload.is_empty());
        let payload = decode(PAYLOAD).unwrap().unwrap().unwrap();
        assert_eq!(&payload.payload[..], b"{'foo':'bar'}");
        let with_header = decode(&header).unwrap().unwrap().unwrap();
        assert_eq!(with_header.header_str("content-type"), Some("application/json"));
        assert_eq!(&with_header.payload[..], b"{'foo':'bar'}");
        // Our encoder writes the same bytes.
        assert_eq!(encode_frame(&with_header), header);
        for (at, expected) in [(1, "prelude"), (10, "prelude"), (20, "message")] {
            let mut bad = PAYLOAD.to_vec();
            bad[at] ^= 0x01;
            let mut decoder = FrameDecoder::new();
            decoder.push(&bad);
            let error = decoder.next_message().unwrap_err();
            assert!(
                error.to_string().contains(expected) || matches!(error, FrameError::Length { .. }),
                "{at}: {error}"
            );
        }
    }
}
