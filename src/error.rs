//! Errors a reader can be told about, with messages in the interface language.

use std::fmt;

use crate::model::FormatError;
use crate::ui_text as t;

/// Why content could not be shown. Every variant is worth a retry: networks come back, servers
/// recover, and a malformed body is often a truncated download.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AppError {
    /// The browser says it has no network.
    Offline,
    /// The request failed although the browser thinks it is online (DNS, refused, reset).
    Network,
    /// No answer within the time limit.
    Timeout,
    /// The server answered with an error status.
    Http(u16),
    /// The data arrived but is not a bundle this reader can use.
    Format(FormatError),
}

impl AppError {
    /// A short headline.
    pub fn title(&self) -> &'static str {
        match self {
            AppError::Offline => t::ERR_OFFLINE_TITLE,
            AppError::Network => t::ERR_NETWORK_TITLE,
            AppError::Timeout => t::ERR_TIMEOUT_TITLE,
            AppError::Http(404) => t::ERR_MISSING_TITLE,
            AppError::Http(_) => t::ERR_SERVER_TITLE,
            AppError::Format(FormatError::UnsupportedVersion { .. }) => t::ERR_VERSION_TITLE,
            AppError::Format(_) => t::ERR_MALFORMED_TITLE,
        }
    }

    /// What happened and what the reader can do.
    pub fn advice(&self) -> &'static str {
        match self {
            AppError::Offline => t::ERR_OFFLINE,
            AppError::Network => t::ERR_NETWORK,
            AppError::Timeout => t::ERR_TIMEOUT,
            AppError::Http(404) => t::ERR_MISSING,
            AppError::Http(_) => t::ERR_SERVER,
            AppError::Format(FormatError::UnsupportedVersion { .. }) => t::ERR_VERSION,
            AppError::Format(_) => t::ERR_MALFORMED,
        }
    }
}

/// Technical detail for the "details" line and the console (not translated).
impl fmt::Display for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AppError::Offline => f.write_str("offline"),
            AppError::Network => f.write_str("network error"),
            AppError::Timeout => f.write_str("request timed out"),
            AppError::Http(status) => write!(f, "HTTP {status}"),
            AppError::Format(e) => write!(f, "bad data: {e}"),
        }
    }
}

impl std::error::Error for AppError {}

impl From<FormatError> for AppError {
    fn from(e: FormatError) -> Self {
        AppError::Format(e)
    }
}
