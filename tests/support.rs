//! Helpers shared by the integration tests: paths, and a compact text rendering
//! of parsed operations for snapshots.

use sagemaker_codegen::page::{Member, OperationPage, Output, Required, Target};
use std::fmt::Write;
use std::path::PathBuf;

/// The workspace root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().map(PathBuf::from).unwrap_or_default()
}

/// A page of `model/sources`.
pub fn source(name: &str) -> PathBuf {
    root().join("model/sources").join(name)
}

/// Renders an operation's members as an indented tree, `depth` levels deep.
pub fn render_operation(op: &OperationPage, depth: usize) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} ({:?}, line {}) method={:?}", op.name, op.status, op.line, op.method);
    let _ = writeln!(out, "doc: {}", clip(&op.documentation.text()));
    if let Some(c) = &op.changes {
        let _ = writeln!(out, "changes (complete={}):", c.complete);
        for (side, items) in [("request", &c.request), ("response", &c.response), ("unsided", &c.unsided)] {
            for item in items {
                let _ = writeln!(out, "  {side} {} {:?}", item.path.join("."), item.change);
            }
        }
    }
    let _ = writeln!(out, "input:");
    members(&mut out, &op.input, 1, depth);
    match &op.output {
        Output::Members(ms) => {
            let _ = writeln!(out, "output:");
            members(&mut out, ms, 1, depth);
        }
        other => {
            let _ = writeln!(out, "output: {other:?}");
        }
    }
    out
}

fn clip(text: &str) -> String {
    let first = text.lines().next().unwrap_or_default();
    if first.chars().count() > 70 {
        format!("{}…", first.chars().take(70).collect::<String>())
    } else {
        first.to_string()
    }
}

fn members(out: &mut String, ms: &[Member], level: usize, depth: usize) {
    for m in ms {
        let req = match m.required {
            Required::Yes => " [required]",
            Required::No => "",
            Required::Unknown => " [required?]",
        };
        let _ = writeln!(
            out,
            "{}{}: {}{req} (line {}) — {}",
            "  ".repeat(level),
            m.name,
            kind(&m.target),
            m.line,
            clip(&m.documentation.text())
        );
        if level < depth {
            nested(out, &m.target, level + 1, depth);
        }
    }
}

fn nested(out: &mut String, t: &Target, level: usize, depth: usize) {
    match t {
        Target::Structure(ms) | Target::Union(ms) => members(out, ms, level, depth),
        Target::List(item) => {
            let _ = writeln!(
                out,
                "{}[]: {} — {}",
                "  ".repeat(level),
                kind(&item.target),
                clip(&item.documentation.text())
            );
            if level < depth {
                nested(out, &item.target, level + 1, depth);
            }
        }
        Target::Map(k, v) => {
            let _ = writeln!(out, "{}{{key}}: {}", "  ".repeat(level), kind(&k.target));
            let _ = writeln!(out, "{}{{value}}: {}", "  ".repeat(level), kind(&v.target));
            if level < depth {
                nested(out, &v.target, level + 1, depth);
            }
        }
        _ => {}
    }
}

fn kind(t: &Target) -> String {
    match t {
        Target::Scalar(s) => format!("{s:?}").to_lowercase(),
        Target::Enum { values, complete } => {
            let shown: Vec<&str> = values.iter().take(4).map(String::as_str).collect();
            let more = if values.len() > 4 { format!("|…{} more", values.len() - 4) } else { String::new() };
            format!("enum({}{more}){}", shown.join("|"), if *complete { "" } else { " partial" })
        }
        Target::StringOrEnum => "string-or-enum?".into(),
        Target::FloatingPoint => "double-or-float?".into(),
        Target::Structure(_) => "structure".into(),
        Target::Union(_) => "union".into(),
        Target::Recursive => "recursive".into(),
        Target::List(_) => "list".into(),
        Target::Map(..) => "map".into(),
        Target::Unknown => "unknown?".into(),
    }
}

/// Fills every member of a shape with a value of its type, as JSON, for
/// round-trip tests. `variant` 0 uses known enum values and whole-second
/// timestamps; 1 uses values a revision does not know, fractional timestamps
/// and strings that need escaping. Recursion stops after `depth` levels.
pub fn populate(
    model: &sagemaker_codegen::smithy::Model,
    target: &str,
    variant: u8,
    depth: usize,
) -> serde_json::Value {
    use sagemaker_codegen::smithy::{ShapeKind, Simple};
    use serde_json::{json, Map, Value};
    let simple = Simple::from_prelude_id(target).or(match model.shapes.get(target).map(|s| &s.kind) {
        Some(ShapeKind::Simple(s)) => Some(*s),
        _ => None,
    });
    if let Some(simple) = simple {
        return match (simple, variant) {
            (Simple::String, 0) => json!("text"),
            (Simple::String, _) => json!("quote \" backslash \\ newline \n é 😀"),
            (Simple::Integer, _) => json!(-7 - i64::from(variant)),
            (Simple::Long, _) => json!(1_i64 << 40),
            (Simple::Float, _) => json!(1.5),
            (Simple::Double, 0) => json!(0.1),
            (Simple::Double, _) => json!(-2.5e-3),
            (Simple::Boolean, v) => json!(v == 0),
            (Simple::Timestamp, 0) => json!(1_700_000_000),
            (Simple::Timestamp, _) => json!(1_700_000_000.25),
            (Simple::Blob, _) => json!("aGVsbG8="),
            (Simple::Document, 0) => json!({"any": [1, 2.5, "json", true, null, {"nested": {}}]}),
            (Simple::Document, _) => json!("a document can be a string"),
        };
    }
    let Some(shape) = model.shapes.get(target) else { return Value::Null };
    match &shape.kind {
        ShapeKind::Enum(values) => match variant {
            0 => json!(values.values().next().cloned().unwrap_or_default()),
            _ => json!("AValueFromTheFuture"),
        },
        ShapeKind::Structure(members) => {
            let mut object = Map::new();
            if depth > 0 {
                for (name, member) in members {
                    object.insert(name.clone(), populate(model, &member.target, variant, depth - 1));
                }
            }
            Value::Object(object)
        }
        ShapeKind::Union(members) => {
            let mut object = Map::new();
            let chosen = if variant == 0 { members.iter().next() } else { members.iter().last() };
            if let Some((name, member)) = chosen {
                object.insert(name.clone(), populate(model, &member.target, variant, depth.saturating_sub(1)));
            }
            Value::Object(object)
        }
        ShapeKind::List(member) if depth > 0 => {
            Value::Array((0..2).map(|_| populate(model, &member.target, variant, depth - 1)).collect())
        }
        ShapeKind::Map { value, .. } if depth > 0 => {
            let mut object = Map::new();
            for key in ["first", "second \"key\""] {
                object.insert(key.to_owned(), populate(model, &value.target, variant, depth - 1));
            }
            Value::Object(object)
        }
        ShapeKind::List(_) => json!([]),
        ShapeKind::Map { .. } => json!({}),
        _ => Value::Null,
    }
}

/// A moto server on loopback, started for a test and stopped, by PID, when dropped.
pub struct MotoServer {
    child: std::process::Child,
    pub endpoint: String,
}

impl MotoServer {
    /// Starts `python3 -m moto.server` on 127.0.0.1 with a free port. With
    /// `no_auth_actions`, the server verifies signatures after that many actions.
    pub fn start(no_auth_actions: Option<u32>) -> Result<MotoServer, String> {
        use std::io::{BufRead, BufReader};
        use std::process::{Command, Stdio};
        let mut command = Command::new("python3");
        command.args(["-m", "moto.server", "-H", "127.0.0.1", "-p", "0"]).stdout(Stdio::piped()).stderr(Stdio::piped());
        if let Some(n) = no_auth_actions {
            command.env("INITIAL_NO_AUTH_ACTION_COUNT", n.to_string());
        }
        let mut child = command.spawn().map_err(|e| format!("cannot start python3 -m moto.server: {e}"))?;
        let stderr = child.stderr.take().ok_or("no stderr")?;
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(rest) = line.split("Running on http://127.0.0.1:").nth(1) {
                    let _ = tx.send(rest.trim().to_owned());
                }
            }
        });
        let mut server = MotoServer { child, endpoint: String::new() };
        match rx.recv_timeout(std::time::Duration::from_secs(60)) {
            Ok(port) => {
                server.endpoint = format!("http://127.0.0.1:{port}");
                Ok(server)
            }
            Err(_) => Err("moto.server did not report its port within 60 s (is moto[server] installed?)".into()),
        }
    }

    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for MotoServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A request as a [`LocalServer`] received it.
#[derive(Debug, Clone)]
pub struct Received {
    pub method: String,
    /// The path and query.
    pub target: String,
    /// Header names in lower case.
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Received {
    /// The first value of a header.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

/// What a [`LocalServer`] answers: a status, headers and a body.
pub type Reply = (u16, Vec<(String, String)>, String);

type Handler = dyn Fn(&Received) -> Reply + Send + Sync;

/// A small HTTP/1.1 server on 127.0.0.1 with a free port, answering from a
/// function and recording every request; it runs on a thread of the test and
/// stops when dropped. It stands in for IMDS, the container endpoint, STS,
/// the SSO portal and SageMaker in the credentials tests.
pub struct LocalServer {
    pub endpoint: String,
    received: std::sync::Arc<std::sync::Mutex<Vec<Received>>>,
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    address: std::net::SocketAddr,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl LocalServer {
    /// Starts a server answering with `handler`.
    pub fn start(handler: impl Fn(&Received) -> Reply + Send + Sync + 'static) -> LocalServer {
        use std::sync::atomic::{AtomicBool, Ordering};
        use std::sync::{Arc, Mutex};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let address = listener.local_addr().expect("local address");
        let received = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let handler: Arc<Handler> = Arc::new(handler);
        let (log, flag) = (Arc::clone(&received), Arc::clone(&stop));
        let thread = std::thread::spawn(move || {
            for stream in listener.incoming() {
                if flag.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let (log, handler) = (Arc::clone(&log), Arc::clone(&handler));
                std::thread::spawn(move || serve(stream, &*handler, &log));
            }
        });
        LocalServer { endpoint: format!("http://{address}"), received, stop, address, thread: Some(thread) }
    }

    /// Every request received so far.
    pub fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }
}

impl Drop for LocalServer {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::SeqCst);
        let _ = std::net::TcpStream::connect(self.address);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn serve(stream: std::net::TcpStream, handler: &Handler, log: &std::sync::Mutex<Vec<Received>>) {
    use std::io::{BufRead, BufReader, Read, Write};
    let mut reader = BufReader::new(match stream.try_clone() {
        Ok(s) => s,
        Err(_) => return,
    });
    let mut stream = stream;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        let mut parts = line.split_whitespace();
        let (Some(method), Some(target)) = (parts.next(), parts.next()) else { return };
        let (method, target) = (method.to_owned(), target.to_owned());
        let mut headers = Vec::new();
        loop {
            let mut header = String::new();
            if reader.read_line(&mut header).unwrap_or(0) == 0 {
                return;
            }
            let header = header.trim_end();
            if header.is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':') {
                headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
            }
        }
        let length =
            headers.iter().find(|(n, _)| n == "content-length").and_then(|(_, v)| v.parse::<usize>().ok()).unwrap_or(0);
        let mut body = vec![0; length];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        let request = Received { method, target, headers, body: String::from_utf8_lossy(&body).into_owned() };
        let (status, reply_headers, reply_body) = handler(&request);
        log.lock().unwrap().push(request);
        let mut response = format!("HTTP/1.1 {status} X\r\ncontent-length: {}\r\n", reply_body.len());
        for (name, value) in reply_headers {
            response.push_str(&format!("{name}: {value}\r\n"));
        }
        response.push_str("\r\n");
        response.push_str(&reply_body);
        if stream.write_all(response.as_bytes()).is_err() {
            return;
        }
    }
}

/// A reply with a status and a body.
pub fn reply(status: u16, body: impl Into<String>) -> Reply {
    (status, Vec::new(), body.into())
}

/// A fresh, empty folder under the system's temporary folder, removed when dropped.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(name: &str) -> TempDir {
        use std::sync::atomic::{AtomicU32, Ordering};
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let dir = std::env::temp_dir().join(format!(
            "sagemaker-{name}-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        TempDir(dir)
    }

    /// Writes a file (and its folders) under the folder; returns its path.
    pub fn write(&self, relative: &str, contents: &str) -> PathBuf {
        let path = self.0.join(relative);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("folders");
        std::fs::write(&path, contents).expect("write");
        path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// An HTTPS server on 127.0.0.1 (python3's `http.server` behind `ssl`) whose
/// certificate a private root signed, made with `openssl`: it answers every
/// POST like ListPipelines. Started for a test and stopped, by PID, when dropped.
pub struct TlsServer {
    child: std::process::Child,
    pub endpoint: String,
    /// The private root, in PEM.
    pub ca_pem: PathBuf,
}

impl TlsServer {
    pub fn start(dir: &TempDir) -> Result<TlsServer, String> {
        use std::io::{BufRead, BufReader};
        use std::process::{Command, Stdio};
        let run = |args: &[&str]| -> Result<(), String> {
            let out =
                Command::new("openssl").args(args).current_dir(&dir.0).output().map_err(|e| format!("openssl: {e}"))?;
            if out.status.success() {
                Ok(())
            } else {
                Err(format!("openssl {args:?}: {}", String::from_utf8_lossy(&out.stderr)))
            }
        };
        let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
        run(&[
            &["req", "-x509"][..],
            &ec,
            &["-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=test root"],
        ]
        .concat())?;
        run(&[&["req"][..], &ec, &["-keyout", "leaf.key", "-out", "leaf.csr", "-subj", "/CN=localhost"]].concat())?;
        dir.write(
            "leaf.ext",
            "basicConstraints=CA:FALSE\nsubjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n",
        );
        run(&[
            "x509",
            "-req",
            "-in",
            "leaf.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-out",
            "leaf.pem",
            "-days",
            "2",
            "-extfile",
            "leaf.ext",
        ])?;
        let mut child = Command::new("python3")
            .arg(root().join("tests/tls_server.py"))
            .args([dir.0.join("leaf.pem"), dir.0.join("leaf.key")])
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|e| format!("python3 tests/tls_server.py: {e}"))?;
        let stdout = child.stdout.take().ok_or("no stdout")?;
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let port = line.trim().to_owned();
        if port.is_empty() {
            let _ = child.kill();
            let _ = child.wait();
            return Err("tests/tls_server.py did not print its port".into());
        }
        Ok(TlsServer { child, endpoint: format!("https://127.0.0.1:{port}"), ca_pem: dir.0.join("ca.pem") })
    }
}

impl Drop for TlsServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs `cargo ARGS` in a scratch workspace of generated crates (`dir`), with
/// a target folder of their own beside the project's, so that they share
/// compiled dependencies across runs but never the project's artifacts.
pub fn scratch_cargo(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root().join("target"), PathBuf::from);
    std::process::Command::new(cargo)
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target.join("generated-models"))
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo")
}

/// A test server written in Python (`tests/<script>`), started on
/// 127.0.0.1 with a free port it prints on its first line, and stopped by PID
/// when dropped.
pub struct ScriptServer {
    child: std::process::Child,
    pub port: u16,
}

impl ScriptServer {
    /// Starts `python3 tests/<script>` and reads its port.
    pub fn start(script: &str) -> Result<ScriptServer, String> {
        use std::io::{BufRead, BufReader};
        use std::process::{Command, Stdio};
        let mut child = Command::new("python3")
            .arg(root().join("tests").join(script))
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| format!("cannot start python3 tests/{script}: {e}"))?;
        let stdout = child.stdout.take().ok_or("no stdout")?;
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).map_err(|e| e.to_string())?;
        let port = line.trim().parse().map_err(|_| format!("tests/{script} printed no port: {line:?}"))?;
        Ok(ScriptServer { child, port })
    }

    /// `http://127.0.0.1:<port>`.
    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for ScriptServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
