use leptos::prelude::*;

use super::reading_progress::FINISHED;
use crate::dictionaries::ui;
use crate::model::{Catalog, Script};
use crate::numbers::parse_permille;
use crate::route::{Route, View};
use crate::storage::Storage;
use crate::ui_text as t;

const LAST_READ_KEY: &str = "last-read";

/// The article the reader opened last, kept so the catalog can offer a way back to it. The title
/// is stored as the bundle has it and converted when shown, so it follows the script in use.
#[derive(Debug)]
pub struct LastRead {
    pub collection: String,
    pub article: String,
    pub title: String,
    pub script: Script,
}

/// The storage key of the reader's place in one article (a fraction of the page).
pub fn place_key(collection: &str, article: &str) -> String {
    format!("place.{collection}.{article}")
}

impl LastRead {
    /// Stored as `collection⇥article⇥script⇥title`: ids never hold a tab, and the title is last.
    fn to_stored(&self) -> String {
        let script = match self.script {
            Script::Hans => "hans",
            Script::Hant => "hant",
        };
        format!(
            "{}\t{}\t{script}\t{}",
            self.collection, self.article, self.title
        )
    }

    fn from_stored(stored: &str) -> Option<LastRead> {
        let mut fields = stored.splitn(4, '\t');
        let (collection, article) = (fields.next()?, fields.next()?);
        let script = match fields.next()? {
            "hans" => Script::Hans,
            "hant" => Script::Hant,
            _ => return None,
        };
        Some(LastRead {
            collection: collection.to_owned(),
            article: article.to_owned(),
            script,
            title: fields.next()?.to_owned(),
        })
    }
}

pub fn remember_last_read(storage: Storage, last: &LastRead) {
    storage.set(LAST_READ_KEY, &last.to_stored());
}

/// "Continue reading": the last article opened, with how far the reader got, unless they
/// finished it or it is no longer in the catalog.
pub fn continue_reading(
    catalog: &Catalog,
    route: &Route,
    storage: Storage,
    tr: &impl Fn(Script, &str) -> String,
) -> Option<impl IntoView> {
    let last: Option<LastRead> = storage
        .get(LAST_READ_KEY)
        .and_then(|v| LastRead::from_stored(&v));
    let last = last?;
    let read = storage
        .get(&place_key(&last.collection, &last.article))
        .and_then(|v| parse_permille(&v))
        .unwrap_or(0);
    if read >= FINISHED {
        return None;
    }
    let collection = catalog
        .collections
        .iter()
        .find(|c| c.id == last.collection)?;
    let href = route
        .to(View::Article {
            collection: last.collection.clone(),
            article: last.article.clone(),
        })
        .href();
    Some(view! {
        <section class="continue-reading" aria-labelledby="continue-reading-heading">
            <h2 id="continue-reading-heading" class="section-title">{ui(t::CONTINUE_READING)}</h2>
            <a class="card card-link continue-link" href=href>
                <span class="card-title">{tr(last.script, &last.title)}</span>
                <span class="card-meta">
                    {tr(collection.script, &collection.title)}
                    {(read > 0).then(|| format!(" · {} {}%", ui(t::READ_SO_FAR), (read + 5) / 10))}
                </span>
            </a>
        </section>
    })
}
