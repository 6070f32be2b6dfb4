//! `rulecheck serve`: the rubrics of a folder over HTTP (`rubric-serve`), until SIGINT/SIGTERM.

use crate::ui::{BAD_INPUT, OK, Ui};

/// Arguments of `serve`.
#[derive(clap::Args, Debug)]
pub struct ServeArgs {
    /// The folder of rule files: each `.rubric` file is served under its path without
    /// `.rubric` (`wushen-2024`, `ordos-2024/ranking`).
    #[arg(long, default_value = "rules", value_name = "DIR")]
    pub rules: String,
    /// The address to listen on; anything but loopback needs --token.
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "IP:PORT")]
    pub addr: std::net::SocketAddr,
    /// The token `/api/` requests must send as `Authorization: Bearer TOKEN`.
    #[arg(long, value_name = "TOKEN", env = "RULECHECK_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    /// Most MiB in a request's body.
    #[arg(long, default_value_t = 32, value_name = "MIB")]
    pub max_body_mib: usize,
    /// Longest a request may take, in seconds.
    #[arg(long, default_value_t = 30, value_name = "SECONDS")]
    pub timeout: u64,
    /// The log: a line of text per request, or a JSON object per line.
    #[arg(long, value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
}

/// Formats of the log.
#[derive(Clone, Copy, Debug, clap::ValueEnum, PartialEq, Eq)]
pub enum LogFormat {
    /// Text.
    Text,
    /// JSON lines.
    Json,
}

/// Runs the command.
pub fn run(ui: &Ui, args: &ServeArgs) -> u8 {
    let mut config = rubric_serve::Config::new(&args.rules);
    config.addr = args.addr;
    config.token = args.token.clone();
    config.max_body = args.max_body_mib.saturating_mul(1 << 20);
    config.timeout = std::time::Duration::from_secs(args.timeout.max(1));
    config.log = match args.log_format {
        LogFormat::Text => rubric_serve::LogFormat::Text,
        LogFormat::Json => rubric_serve::LogFormat::Json,
    };
    config.signals = true;
    match rubric_serve::start(config).and_then(rubric_serve::Server::wait) {
        Ok(()) => OK,
        Err(e) if ui.lang() == rubric::Lang::Zh => {
            let (message, help) = e.zh();
            ui.problem(&message, Some(&help));
            BAD_INPUT
        }
        Err(e) => {
            ui.error(&e);
            BAD_INPUT
        }
    }
}
