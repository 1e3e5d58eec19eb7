use leptos::prelude::*;

use super::reading_progress::FINISHED;
use crate::numbers::parse_permille;
use crate::storage::Storage;
use crate::ui_text::{self as t, ui};

const LAST_READ_KEY: &str = "last-read";

/// The article the reader opened last, kept so the catalog can offer a way back to it: its ids,
/// its title as the page showed it, and the page's address (`boot.js` takes the reader to their
/// script's copy of it if they have switched since).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LastRead {
    pub collection: String,
    pub article: String,
    pub title: String,
    pub href: String,
}

/// The storage key of the reader's place in one article (a fraction of the page).
pub fn place_key(collection: &str, article: &str) -> String {
    format!("place.{collection}.{article}")
}

impl LastRead {
    /// Stored as `collection⇥article⇥href⇥title`: ids and paths never hold a tab; the title is
    /// last.
    pub fn to_stored(&self) -> String {
        format!(
            "{}\t{}\t{}\t{}",
            self.collection, self.article, self.href, self.title
        )
    }

    /// Reads what [`LastRead::to_stored`] wrote, or what the first release wrote
    /// (`collection⇥article⇥script⇥title`, no address): its page is then the article's
    /// address from `root`, the site root from the catalog page (`boot.js` finds the script).
    pub fn from_stored(stored: &str, root: &str) -> Option<LastRead> {
        let mut fields = stored.splitn(4, '\t');
        let (collection, article, href) = (fields.next()?, fields.next()?, fields.next()?);
        if matches!(href, "hans" | "hant") {
            if !crate::model::is_valid_id(collection) || !crate::model::is_valid_id(article) {
                return None;
            }
            return Some(LastRead {
                collection: collection.to_owned(),
                article: article.to_owned(),
                href: format!("{root}{collection}/{article}/"),
                title: fields.next()?.to_owned(),
            });
        }
        // A same-site path only: the stored value is the reader's, but never a way elsewhere.
        if !href.starts_with('/') || href.starts_with("//") || href.contains(':') {
            return None;
        }
        Some(LastRead {
            collection: collection.to_owned(),
            article: article.to_owned(),
            href: href.to_owned(),
            title: fields.next()?.to_owned(),
        })
    }
}

pub fn remember_last_read(storage: Storage, last: &LastRead) {
    storage.set(LAST_READ_KEY, &last.to_stored());
}

/// "Continue reading": the last article opened, with how far the reader got, unless they
/// finished it. `root` is the way from this page to the site root.
#[component]
pub fn ContinueReading(
    storage: Storage,
    #[prop(default = String::new())] root: String,
) -> impl IntoView {
    let last = storage
        .get(LAST_READ_KEY)
        .and_then(|v| LastRead::from_stored(&v, &root))?;
    let read = storage
        .get(&place_key(&last.collection, &last.article))
        .and_then(|v| parse_permille(&v))
        .unwrap_or(0);
    if read >= FINISHED {
        return None;
    }
    Some(view! {
        <section class="continue-reading" aria-labelledby="continue-reading-heading">
            <h2 id="continue-reading-heading" class="section-title">{ui(t::CONTINUE_READING)}</h2>
            <a class="card card-link continue-link" href=last.href>
                <span class="card-title">{last.title}</span>
                {(read > 0).then(|| view! {
                    <span class="card-meta">{format!("{} {}%", ui(t::READ_SO_FAR), (read + 5) / 10)}</span>
                })}
            </a>
        </section>
    })
}
