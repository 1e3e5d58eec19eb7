#![cfg(not(target_arch = "wasm32"))]
//! What readers are told when loading fails.

use wenji::error::AppError;
use wenji::model::{FormatError, SchemaVersion};

#[test]
fn each_kind_of_failure_has_its_own_headline_and_advice() {
    let errors = [
        AppError::Offline,
        AppError::Network,
        AppError::Timeout,
        AppError::Http(404),
        AppError::Http(500),
        AppError::Format(FormatError::NotUtf8 { offset: 3 }),
        AppError::Format(FormatError::UnsupportedVersion {
            found: SchemaVersion { major: 9, minor: 0 },
        }),
    ];
    for pick in [AppError::title, AppError::advice] {
        let mut texts: Vec<&str> = errors.iter().map(pick).collect();
        texts.sort_unstable();
        texts.dedup();
        assert_eq!(texts.len(), errors.len());
    }
    // Server errors other than 404 share one message; every bad-data error shares another.
    assert_eq!(AppError::Http(502).title(), AppError::Http(500).title());
    assert_eq!(
        AppError::Format(FormatError::TooLarge { bytes: 1 }).title(),
        AppError::Format(FormatError::NotUtf8 { offset: 0 }).title()
    );
}

#[test]
fn details_name_the_technical_cause() {
    assert_eq!(AppError::Http(503).to_string(), "HTTP 503");
    let e = AppError::Format(FormatError::Invalid {
        path: "articles[2].id".into(),
        message: "duplicate id \"a\"".into(),
    });
    assert_eq!(
        e.to_string(),
        "bad data: articles[2].id: duplicate id \"a\""
    );
}
