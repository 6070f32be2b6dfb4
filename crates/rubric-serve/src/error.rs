//! The service's errors: those that stop it from starting ([`ServeError`]), and the answer to a
//! request that cannot be served ([`ApiError`]: a status and `{"error":{…}}`).

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

/// Why the service does not start or stopped.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[non_exhaustive]
pub enum ServeError {
    /// An address other than loopback without a token.
    #[error("refusing to listen on `{addr}` without a token: anyone who can reach it could use the service")]
    #[diagnostic(
        code(serve::needs_token),
        help("add `--token SECRET` (clients then send `Authorization: Bearer SECRET`), or listen on 127.0.0.1")
    )]
    NeedsToken {
        /// The address asked for.
        addr: String,
    },
    /// The address cannot be listened on.
    #[error("cannot listen on `{addr}`: {why}")]
    #[diagnostic(code(serve::bind), help("choose another port with `--addr 127.0.0.1:PORT`, or stop what uses it"))]
    Bind {
        /// The address asked for.
        addr: String,
        /// What the system said.
        why: String,
    },
    /// The rules folder cannot be read.
    #[error("cannot read the rules folder `{path}`: {why}")]
    #[diagnostic(code(serve::rules), help("give a folder of `.rubric` files with `--rules DIR`"))]
    Rules {
        /// The folder.
        path: String,
        /// What the system said.
        why: String,
    },
    /// The runtime could not start or the server failed while running.
    #[error("the server failed: {why}")]
    #[diagnostic(code(serve::run), help("see the log above; start it again"))]
    Run {
        /// What went wrong.
        why: String,
    },
    /// An empty token.
    #[error("the token is empty")]
    #[diagnostic(code(serve::empty_token), help("give a token of at least 16 characters with `--token`"))]
    EmptyToken,
}

impl ServeError {
    /// The message and help in Chinese, for a user whose messages are in Chinese.
    pub fn zh(&self) -> (String, String) {
        match self {
            ServeError::NeedsToken { addr } => (
                format!("拒绝在 `{addr}` 上无令牌监听：能访问该地址的任何人都可以使用此服务"),
                "加上 `--token 令牌`（客户端发送 `Authorization: Bearer 令牌`），或只监听 127.0.0.1".into(),
            ),
            ServeError::Bind { addr, why } => (
                format!("无法监听 `{addr}`：{why}"),
                "用 `--addr 127.0.0.1:端口` 换一个端口，或停止占用它的程序".into(),
            ),
            ServeError::Rules { path, why } => (
                format!("无法读取规则文件夹 `{path}`：{why}"),
                "用 `--rules 文件夹` 指定存放 `.rubric` 文件的文件夹".into(),
            ),
            ServeError::Run { why } => (format!("服务出错：{why}"), "查看上面的日志，然后重新启动".into()),
            ServeError::EmptyToken => ("令牌为空".into(), "用 `--token` 给出至少 16 个字符的令牌".into()),
        }
    }
}

/// A request that cannot be served: its status, a stable code, the message in English and
/// Chinese, and the located problems (a facts file's, a unit's, a rule file's diagnostics).
#[derive(Debug)]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// A stable code (`not-found`, `bad-facts`, …).
    pub code: &'static str,
    /// What went wrong, in English.
    pub message: String,
    /// What went wrong, in Chinese.
    pub message_zh: Option<String>,
    /// The problems, as JSON.
    pub problems: Vec<serde_json::Value>,
}

impl ApiError {
    /// An error with a message in both languages and no problems.
    pub fn new(status: StatusCode, code: &'static str, en: impl Into<String>, zh: impl Into<String>) -> Self {
        ApiError { status, code, message: en.into(), message_zh: Some(zh.into()), problems: Vec::new() }
    }

    /// 404: no such rubric, unit, row or file.
    pub fn not_found(what: &str) -> Self {
        let what = rubric::safe::clip(what.to_string());
        Self::new(StatusCode::NOT_FOUND, "not-found", format!("no `{what}` here"), format!("没有 `{what}`"))
    }

    /// 400: a request the service does not understand.
    pub fn bad_request(en: impl Into<String>, zh: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "bad-request", en, zh)
    }

    /// 422 with the problems found.
    pub fn unprocessable(code: &'static str, problems: Vec<serde_json::Value>) -> Self {
        let n = problems.len();
        ApiError {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            code,
            message: format!("{n} problem(s) in the input; see `problems`"),
            message_zh: Some(format!("输入有 {n} 处问题，见 `problems`")),
            problems,
        }
    }

    /// 500: a bug (`rubric::internal`) or a failure to write a result.
    pub fn internal(why: impl Into<String>) -> Self {
        let why = why.into();
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", why.clone(), why)
    }

    /// The body: `{"error":{"code","message","message_zh"?,"problems"?}}`, the message in `lang`
    /// first.
    pub fn body(&self, lang: rubric::Lang) -> serde_json::Value {
        let message = match (lang, &self.message_zh) {
            (rubric::Lang::Zh, Some(zh)) => zh.clone(),
            _ => self.message.clone(),
        };
        let mut e = serde_json::json!({ "code": self.code, "message": message });
        if let Some(o) = e.as_object_mut() {
            if let Some(zh) = &self.message_zh {
                o.insert("message_zh".into(), zh.clone().into());
                o.insert("message_en".into(), self.message.clone().into());
            }
            if !self.problems.is_empty() {
                o.insert("problems".into(), self.problems.clone().into());
            }
        }
        serde_json::json!({ "error": e })
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, axum::Json(self.body(rubric::Lang::Zh))).into_response()
    }
}

/// An error answered in a chosen language.
pub struct InLang(pub ApiError, pub rubric::Lang);

impl IntoResponse for InLang {
    fn into_response(self) -> Response {
        (self.0.status, axum::Json(self.0.body(self.1))).into_response()
    }
}
