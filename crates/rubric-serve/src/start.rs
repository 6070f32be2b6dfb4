//! Starting and stopping: the address checked (loopback, or a token), the rules folder loaded,
//! the listener bound, then the server run on its own runtime until SIGINT/SIGTERM (when asked)
//! or [`Server::stop`], finishing the requests in flight. The folder is looked at again every
//! second and loaded again when a file changed (see [`crate::reload`]).

use crate::error::ServeError;
use crate::routes::Budgets;
use crate::state::{AppState, Shared};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use std::time::Duration;

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LogFormat {
    /// One line of text per event.
    #[default]
    Text,
    /// One JSON object per line.
    Json,
    /// No log (tests).
    Off,
}

/// How to serve.
#[derive(Debug, Clone)]
pub struct Config {
    /// The rules folder.
    pub rules: PathBuf,
    /// The address to listen on; anything but loopback needs `token`.
    pub addr: SocketAddr,
    /// The bearer token `/api/` requests must carry.
    pub token: Option<String>,
    /// Most bytes in a request's body.
    pub max_body: usize,
    /// Longest a request may take.
    pub timeout: Duration,
    /// How often the folder is looked at for changes.
    pub poll: Duration,
    /// The log.
    pub log: LogFormat,
    /// Stop on SIGINT and SIGTERM (the command line); tests stop with [`Server::stop`].
    pub signals: bool,
}

impl Config {
    /// The defaults for a folder: 127.0.0.1:8080, no token, 32 MiB bodies, 30 s per request,
    /// the folder looked at every second.
    pub fn new(rules: impl Into<PathBuf>) -> Self {
        Config {
            rules: rules.into(),
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            token: None,
            max_body: 32 << 20,
            timeout: Duration::from_secs(30),
            poll: Duration::from_secs(1),
            log: LogFormat::Text,
            signals: false,
        }
    }
}

/// A running server.
pub struct Server {
    addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<Result<(), ServeError>>>,
}

impl Server {
    /// The address it listens on (with the port the system chose for port 0).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops it, letting requests in flight finish.
    pub fn stop(mut self) -> Result<(), ServeError> {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
        self.join()
    }

    /// Waits until it stops (a signal, with [`Config::signals`]).
    pub fn wait(mut self) -> Result<(), ServeError> {
        self.join()
    }

    fn join(&mut self) -> Result<(), ServeError> {
        match self.thread.take().map(std::thread::JoinHandle::join) {
            Some(Ok(r)) => r,
            Some(Err(_)) => Err(ServeError::Run { why: "the server's thread panicked".into() }),
            None => Ok(()),
        }
    }
}

/// Checks the address and token, loads the folder, binds and starts serving.
pub fn start(config: Config) -> Result<Server, ServeError> {
    if config.token.as_deref().is_some_and(|t| t.trim().is_empty()) {
        return Err(ServeError::EmptyToken);
    }
    if !config.addr.ip().is_loopback() && config.token.is_none() {
        return Err(ServeError::NeedsToken { addr: config.addr.to_string() });
    }
    crate::log::init(config.log);
    let rules_err =
        |e: std::io::Error| ServeError::Rules { path: config.rules.display().to_string(), why: e.to_string() };
    let root = std::fs::canonicalize(&config.rules).map_err(rules_err)?;
    let catalog = crate::catalog::load(&root, None, &rubric::facts::FactsLimits::default()).map_err(rules_err)?;
    tracing::info!(rubrics = catalog.entries.len(), problems = catalog.problems.len(), rules = %root.display(), "loaded");
    let state =
        AppState(Arc::new(Shared { catalog: RwLock::new(Arc::new(catalog)), root, token: config.token.clone() }));
    let bind_err = |e: std::io::Error| ServeError::Bind { addr: config.addr.to_string(), why: e.to_string() };
    let listener = std::net::TcpListener::bind(config.addr).map_err(bind_err)?;
    listener.set_nonblocking(true).map_err(bind_err)?;
    let addr = listener.local_addr().map_err(bind_err)?;
    let (stop, stopped) = tokio::sync::oneshot::channel();
    let thread = std::thread::Builder::new()
        .name("rubric-serve".into())
        .spawn(move || run(listener, state, config, stopped))
        .map_err(|e| ServeError::Run { why: e.to_string() })?;
    Ok(Server { addr, stop: Some(stop), thread: Some(thread) })
}

fn run(
    listener: std::net::TcpListener,
    state: AppState,
    config: Config,
    stopped: tokio::sync::oneshot::Receiver<()>,
) -> Result<(), ServeError> {
    let failed = |e: std::io::Error| ServeError::Run { why: e.to_string() };
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().map_err(failed)?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener).map_err(failed)?;
        tracing::info!(addr = %listener.local_addr().map_err(failed)?, "listening");
        let reload = tokio::spawn(crate::reload::watch(state.clone(), config.poll));
        let app = crate::routes::router(state, Budgets { max_body: config.max_body, timeout: config.timeout });
        let signals = config.signals;
        let shutdown = async move {
            tokio::select! {
                _ = stopped => {}
                () = signal(signals) => {}
            }
            tracing::info!("stopping: finishing the requests in flight");
        };
        let served = axum::serve(listener, app).with_graceful_shutdown(shutdown).await.map_err(failed);
        reload.abort();
        served
    })
}

/// SIGINT or SIGTERM, when `on`; never otherwise.
async fn signal(on: bool) {
    if !on {
        return std::future::pending().await;
    }
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(t) => t,
            Err(_) => return std::future::pending().await,
        };
        tokio::select! {
            _ = ctrl_c => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = ctrl_c.await;
    }
}
