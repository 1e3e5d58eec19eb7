//! `wenji build`: Markdown sources → the site: its data (catalog, collection indexes, one file
//! per article, photos, dictionaries) and, given the app's shell, every page prerendered in every
//! script. Native only (it reads and writes files).
//!
//! Stages, each a function of the one before: read and parse the sources (`markdown`), check and
//! repair (typography, naive Traditional), photos for phones (`photos`: resized, re-encoded,
//! cached), lay out the data files (`layout`), render the pages (`prerender`), write.
//!
//! ```text
//! content/site.md                    front matter: name, licence
//! content/<folder>/collection.md     front matter: id, title, description, script
//! content/<folder>/<article>.md      front matter + body (see `markdown`)
//! ```
//!
//! Output is deterministic: sources are read in file-name order, nothing depends on the clock,
//! and JSON is written compactly in field order.

use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::convert::{Config, Converter, Dict};
use crate::markdown::{self, Diagnostic, Document};
use crate::model::{
    is_relative_path, is_valid_date, Article, ArticleEntry, Block, Bundle, Catalog,
    CollectionEntry, CollectionIndex, CollectionMeta, FormatError, ImageFile, Part, SchemaVersion,
    Script, Site, Text,
};
use crate::typography::Fixes;

/// Articles listed in one page of a collection's index (about 100 KB of JSON, 30 KB compressed).
pub const INDEX_PAGE_SIZE: usize = 500;
/// Length of a summary taken from the first paragraph when the front matter has none.
const SUMMARY_CHARS: usize = 80;

#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Hosts figures may load images from, besides the site itself.
    pub image_hosts: Vec<String>,
    /// OpenCC's dictionaries (`vendor/opencc`): needed to repair naive collections and to
    /// write pages in every script, and shipped in compact form to `data/dict/`.
    pub dicts: Option<PathBuf>,
    /// The app's page as trunk built it: with it, every page is prerendered into the output.
    pub shell: Option<String>,
    /// Where encoded photos are kept between builds; by default `$WENJI_CACHE`, else
    /// `.wenji-cache/` in the content folder (see [`photo_cache`]).
    pub cache: Option<PathBuf>,
}

/// A problem in a source file, located by line when it can be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: PathBuf,
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// What a build did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    pub collections: usize,
    pub articles: usize,
    pub files: usize,
    pub bytes: u64,
    pub images: usize,
    /// Photos encoded by this build, and found already encoded in the cache.
    pub photos_encoded: usize,
    pub photos_cached: usize,
    pub fixes: Fixes,
    /// Collections repaired from naive Traditional.
    pub repaired: usize,
    /// Dictionary files shipped, and their bytes.
    pub dicts: usize,
    pub dict_bytes: u64,
    /// Pages prerendered (every script), and their bytes.
    pub pages: usize,
    pub page_bytes: u64,
    /// Files of the search index (with its texts in every script: pages' companions), and
    /// their bytes.
    pub search_files: usize,
    pub search_bytes: u64,
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} collections ({} repaired from naive Traditional), {} articles → {} data files, {} bytes ({} images, {} dictionaries of {} bytes); {} pages of {} bytes; search index: {} files of {} bytes; typography: {} half-width punctuation marks made full-width, {} stray spaces removed",
            self.collections, self.repaired, self.articles, self.files, self.bytes, self.images, self.dicts, self.dict_bytes, self.pages, self.page_bytes, self.search_files, self.search_bytes, self.fixes.punctuation, self.fixes.spaces
        )?;
        write!(
            f,
            "; photos: {} encoded, {} from the cache",
            self.photos_encoded, self.photos_cached
        )
    }
}

/// Output of a build, before it is written.
pub struct Output {
    /// `(path relative to the output directory, contents)`, in a stable order.
    pub files: Vec<(PathBuf, Vec<u8>)>,
    /// Images to copy: `(file, path relative to the output directory)`, the file a photo's
    /// encoding in the cache, or another image's source.
    pub images: Vec<(PathBuf, PathBuf)>,
    pub report: Report,
    /// The catalog and each collection whole, for rendering the pages.
    pub catalog: Catalog,
    pub collections: Vec<Bundle>,
}

impl Output {
    /// A produced file's text, by its path relative to the output directory.
    pub fn text(&self, path: &str) -> Option<&str> {
        self.files
            .iter()
            .find(|(p, _)| p == Path::new(path))
            .and_then(|(_, bytes)| std::str::from_utf8(bytes).ok())
    }
}

/// Builds and writes the site into `out`: the data into `out/data/`, and with a shell every page.
pub fn build_to(content: &Path, out: &Path, options: &Options) -> Result<Report, Vec<Problem>> {
    let mut output = build(content, options)?;
    // Checked before anything is written, so a bad shell writes nothing either.
    let shell = match &options.shell {
        Some(html) => {
            let shell = crate::prerender::Shell::parse(html).and_then(|shell| {
                shell.inline(|path| {
                    fs::read_to_string(out.join(path)).map_err(|e| format!("the app's {path}: {e}"))
                })
            });
            Some(shell.map_err(|message| {
                vec![Problem {
                    file: PathBuf::from("index.html"),
                    line: None,
                    message,
                }]
            })?)
        }
        None => None,
    };
    let io = |path: &Path, e: std::io::Error| {
        vec![Problem {
            file: path.to_owned(),
            line: None,
            message: format!("cannot write: {e}"),
        }]
    };
    for (rel, bytes) in &output.files {
        let path = out.join(rel);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
        }
        fs::write(&path, bytes).map_err(|e| io(&path, e))?;
    }
    for (from, rel) in &output.images {
        let path = out.join(rel);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
        }
        fs::copy(from, &path).map_err(|e| io(&path, e))?;
    }
    if let (Some(shell), Some(dicts)) = (shell, &options.dicts) {
        let scripts = crate::convert::Scripts::load(dicts).map_err(|message| {
            vec![Problem {
                file: dicts.clone(),
                line: None,
                message,
            }]
        })?;
        let (search_files, search) =
            search_index(&output.collections, dicts).map_err(|message| {
                vec![Problem {
                    file: dicts.clone(),
                    line: None,
                    message: format!("cannot build the search index: {message}"),
                }]
            })?;
        for (rel, bytes) in &search_files {
            let path = out.join(rel);
            if let Some(dir) = path.parent() {
                fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
            }
            fs::write(&path, bytes).map_err(|e| io(&path, e))?;
        }
        output.report.search_files = search_files.len();
        output.report.search_bytes = search_files.iter().map(|(_, b)| b.len() as u64).sum();
        // Written: not held while the pages render.
        drop(search_files);
        let site = crate::prerender::Site {
            catalog: &output.catalog,
            collections: &output.collections,
            scripts: &scripts,
            search: Some(&search),
        };
        let pages = crate::prerender::render_site(&site, &shell, |rel, html| {
            let path = out.join(rel);
            if let Some(dir) = path.parent() {
                fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
            }
            fs::write(&path, html).map_err(|e| format!("{}: {e}", path.display()))
        })
        .map_err(|message| {
            vec![Problem {
                file: out.to_owned(),
                line: None,
                message: format!("cannot write pages: {message}"),
            }]
        })?;
        output.report.pages = pages.pages;
        output.report.page_bytes = pages.bytes;
        output.report.search_files += pages.texts;
        output.report.search_bytes += pages.text_bytes;
    }
    Ok(output.report)
}

/// Reads every source and produces the catalog and bundles, or every problem found.
pub fn build(content: &Path, options: &Options) -> Result<Output, Vec<Problem>> {
    let mut b = Builder {
        problems: Vec::new(),
        report: Report::default(),
        options,
        cache: photo_cache(content, options),
    };
    let site_path = content.join("site.md");
    let site = b.read(&site_path).and_then(|doc| {
        let mut keys = Vec::new();
        doc.front
            .check_keys(&["name", "licence", "script", "url"], &mut keys);
        b.add_diagnostics(&site_path, keys);
        let script = b.script(&site_path, doc.front.get("script"))?;
        Some(Site {
            name: doc.front.get("name").unwrap_or_default().to_owned(),
            script,
            licence: doc.front.get("licence").unwrap_or_default().to_owned(),
            url: doc
                .front
                .get("url")
                .filter(|u| !u.is_empty())
                .map(|u| format!("{}/", u.trim_end_matches('/'))),
        })
    });

    let mut files = Vec::new();
    let mut images = Vec::new();
    let mut entries = Vec::new();
    let mut collections = Vec::new();
    for dir in sorted_entries(content, &mut b.problems)
        .into_iter()
        .filter(|p| p.is_dir())
    {
        if let Some((entry, parts, imgs, bundle)) = b.collection(&dir) {
            entries.push(entry);
            files.extend(parts);
            images.extend(imgs);
            collections.push(bundle);
        }
    }
    let Some(site) = site else {
        return Err(b.problems);
    };
    let catalog = Catalog {
        schema: SchemaVersion::CURRENT,
        site,
        collections: entries,
    };
    for problem in catalog.validate() {
        b.problems.push(Problem {
            file: site_path.clone(),
            line: None,
            message: format!("catalog {problem}"),
        });
    }
    if !b.problems.is_empty() {
        return Err(b.problems);
    }
    files.insert(0, (data_path("catalog.json"), to_json(&catalog)));
    if let Some(dir) = &options.dicts {
        match dictionary_files(dir) {
            Ok(dict_files) => {
                b.report.dicts = dict_files.len() - 1;
                b.report.dict_bytes = dict_files.iter().map(|(_, f)| f.len() as u64).sum();
                files.extend(dict_files);
            }
            Err(e) => {
                b.problem(dir, None, e);
                return Err(b.problems);
            }
        }
    }
    b.report.collections = catalog.collections.len();
    b.report.files = files.len() + images.len();
    b.report.images = images.len();
    b.report.bytes = files.iter().map(|(_, f)| f.len() as u64).sum();
    Ok(Output {
        files,
        images,
        report: b.report,
        catalog,
        collections,
    })
}

struct Builder<'a> {
    problems: Vec<Problem>,
    report: Report,
    options: &'a Options,
    /// Encoded photos, by source content (`photos`).
    cache: PathBuf,
}

/// Where encoded photos are cached: `options.cache`, else `$WENJI_CACHE`, else `.wenji-cache/`
/// in the content folder (hidden, so never read as a collection; ignored by git).
pub fn photo_cache(content: &Path, options: &Options) -> PathBuf {
    options
        .cache
        .clone()
        .or_else(|| {
            std::env::var_os("WENJI_CACHE")
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        })
        .unwrap_or_else(|| content.join(".wenji-cache"))
        .join("photos")
}

type Collection = (
    CollectionEntry,
    Vec<(PathBuf, Vec<u8>)>,
    Vec<(PathBuf, PathBuf)>,
    Bundle,
);

impl Builder<'_> {
    fn problem(&mut self, file: &Path, line: Option<usize>, message: impl Into<String>) {
        self.problems.push(Problem {
            file: file.to_owned(),
            line,
            message: message.into(),
        });
    }

    /// Reads and parses a source file, recording its problems.
    fn read(&mut self, path: &Path) -> Option<Document> {
        let text = match fs::read(path).map(String::from_utf8) {
            Ok(Ok(text)) => text,
            Ok(Err(e)) => {
                self.problem(path, None, format!("not UTF-8 text: {e}"));
                return None;
            }
            Err(e) => {
                self.problem(path, None, format!("cannot read: {e}"));
                return None;
            }
        };
        let (doc, diagnostics) = markdown::parse(&text);
        let failed = !diagnostics.is_empty();
        self.add_diagnostics(path, diagnostics);
        self.report.fixes += doc.fixes;
        (!failed).then_some(doc)
    }

    fn add_diagnostics(&mut self, path: &Path, diagnostics: Vec<Diagnostic>) {
        for d in diagnostics {
            self.problem(path, Some(d.line), d.message);
        }
    }

    fn collection(&mut self, dir: &Path) -> Option<Collection> {
        let meta_path = dir.join("collection.md");
        if !meta_path.is_file() {
            self.problem(dir, None, "a collection folder needs a collection.md");
            return None;
        }
        let meta = self.read(&meta_path)?;
        let mut keys = Vec::new();
        meta.front.check_keys(
            &["id", "title", "description", "script", "naive"],
            &mut keys,
        );
        self.add_diagnostics(&meta_path, keys);
        let folder = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let id = meta.front.get("id").unwrap_or(&folder).to_owned();
        if crate::route::is_reserved_id(&id) {
            let line = meta.front.fields.iter().find(|f| f.0 == "id").map(|f| f.2);
            self.problem(
                &meta_path,
                line,
                format!(
                    "collection id {id:?} is one of the site's own paths ({}); choose another id",
                    crate::route::RESERVED_IDS.join(", ")
                ),
            );
            return None;
        }
        let script = self.script(&meta_path, meta.front.get("script"))?;
        let naive = match meta.front.get("naive") {
            None | Some("false") => false,
            Some("true") if script == Script::Hant => true,
            Some(other) => {
                self.problem(
                    &meta_path,
                    None,
                    format!("naive must be `true` (with script: hant) or `false`, not {other:?}"),
                );
                return None;
            }
        };
        let collection = CollectionMeta {
            id: id.clone(),
            title: meta.front.get("title").unwrap_or_default().to_owned(),
            description: meta.front.get("description").unwrap_or_default().to_owned(),
        };

        let mut articles = Vec::new();
        let mut sources = Vec::new();
        let mut images = Vec::new();
        let mut hosts = Vec::new();
        let before = self.problems.len();
        for path in sorted_entries(dir, &mut self.problems) {
            let is_article = path.extension().is_some_and(|e| e == "md")
                && path.file_name().is_some_and(|n| n != "collection.md");
            if !is_article {
                continue;
            }
            if let Some((article, lines)) = self.article(&path, dir, &id, &mut images, &mut hosts) {
                articles.push(article);
                sources.push((path, lines));
            }
        }
        if self.problems.len() > before {
            return None;
        }
        hosts.sort();
        hosts.dedup();
        let mut bundle = Bundle {
            schema: SchemaVersion::CURRENT,
            collection,
            script,
            published_script: None,
            image_hosts: hosts,
            overrides: self.overrides(dir)?,
            pronunciation: self.pronunciation(dir)?,
            articles,
        };
        if naive {
            self.repair_naive(&mut bundle, &meta_path)?;
        }
        for problem in bundle.validate() {
            self.locate(problem, &meta_path, &sources);
        }
        if self.problems.len() > before {
            return None;
        }
        let images = self.photos(&mut bundle, images, &sources)?;
        self.report.articles += bundle.articles.len();
        let (entry, files) = self.layout(&bundle, &images);
        let images = images
            .into_iter()
            .map(|(from, to)| (from, Path::new(DATA_DIR).join(to)))
            .collect();
        Some((entry, files, images, bundle))
    }

    /// `pronunciation.tsv` in the collection folder, if there is one: how read-aloud says some
    /// words (`written<TAB>spoken`, the written form in the stored script), checked as the app
    /// reads it, every bad line reported with its number.
    fn pronunciation(&mut self, dir: &Path) -> Option<Vec<crate::model::Say>> {
        let path = dir.join(wenji_speech::Pronunciation::FILE_NAME);
        let Ok(text) = fs::read_to_string(&path) else {
            return Some(Vec::new());
        };
        match wenji_speech::Pronunciation::parse(&text) {
            Ok(list) => Some(
                list.entries()
                    .map(|(text, say)| crate::model::Say {
                        text: text.to_owned(),
                        say: say.to_owned(),
                    })
                    .collect(),
            ),
            Err(errors) => {
                for e in errors {
                    let message = e.to_string();
                    let message = message.split_once(": ").map_or(message.as_str(), |m| m.1);
                    self.problem(&path, Some(e.line), message.to_owned());
                }
                None
            }
        }
    }

    /// `overrides.tsv` in the collection folder, if there is one: a phrase in the stored script,
    /// then `variant=replacement` fields, tab-separated. `#` starts a comment line.
    fn overrides(&mut self, dir: &Path) -> Option<Vec<crate::model::Override>> {
        let path = dir.join("overrides.tsv");
        let Ok(text) = fs::read_to_string(&path) else {
            return Some(Vec::new());
        };
        let mut overrides = Vec::new();
        let mut ok = true;
        for (n, line) in text.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let mut fields = line.split('\t');
            let mut o = crate::model::Override {
                text: fields.next().unwrap_or_default().trim().to_owned(),
                hans: None,
                hant: None,
                tw: None,
                hk: None,
            };
            for field in fields {
                let slot = match field.split_once('=') {
                    Some(("hans", v)) => (&mut o.hans, v),
                    Some(("hant", v)) => (&mut o.hant, v),
                    Some(("tw", v)) => (&mut o.tw, v),
                    Some(("hk", v)) => (&mut o.hk, v),
                    _ => {
                        self.problem(
                            &path,
                            Some(n + 1),
                            format!("{field:?} is not `hans=…`, `hant=…`, `tw=…` or `hk=…`"),
                        );
                        ok = false;
                        continue;
                    }
                };
                *slot.0 = Some(slot.1.trim().to_owned());
            }
            overrides.push(o);
        }
        ok.then_some(overrides)
    }

    fn script(&mut self, file: &Path, value: Option<&str>) -> Option<Script> {
        match value {
            Some("hans") => Some(Script::Hans),
            Some("hant") => Some(Script::Hant),
            other => {
                self.problem(
                    file,
                    None,
                    format!(
                        "script must be `hans` or `hant`, not {:?}",
                        other.unwrap_or("")
                    ),
                );
                None
            }
        }
    }

    /// A collection whose Traditional text came from a naive character-by-character converter
    /// (干部 for 幹部) is repaired with OpenCC's exact t2s then s2tw: the naive converter lost
    /// nothing t2s cannot restore, and s2tw then makes the Traditional properly (幹部, 後期, 聯繫).
    /// Stored repaired, in Traditional, so readers of the collection's own script need no
    /// dictionaries. Never applied to good Traditional text, where the round trip changes about
    /// 1.5% of lines (複製 → 復制).
    fn repair_naive(&mut self, bundle: &mut Bundle, meta: &Path) -> Option<()> {
        let Some(dir) = self.options.dicts.clone() else {
            self.problem(
                meta,
                None,
                "a naive collection needs the OpenCC dictionaries (--dicts)",
            );
            return None;
        };
        let mut names = Config::T2s.dicts();
        names.extend(Config::S2tw.dicts());
        let converters = crate::convert::load_dicts(&dir, &names).and_then(|dicts| {
            Ok([
                Converter::new(Config::T2s, &dicts)?,
                Converter::new(Config::S2tw, &dicts)?,
            ])
        });
        let converters = match converters {
            Ok(c) => c,
            Err(e) => {
                self.problem(meta, None, format!("cannot load dictionaries: {e}"));
                return None;
            }
        };
        let mut convert = |s: &str| crate::convert::convert_all(&converters, s);
        bundle.collection.title = convert(&bundle.collection.title);
        bundle.collection.description = convert(&bundle.collection.description);
        bundle.articles = bundle
            .articles
            .iter()
            .map(|a| a.map_text(&mut convert))
            .collect();
        self.report.repaired += 1;
        Some(())
    }

    /// The collection's photos made into files for phones (`photos`, encoded or from the cache),
    /// each figure given its files and shape; other image files are copied as they are. Returns
    /// the files to copy, or `None` with a problem at each figure whose photo failed.
    fn photos(
        &mut self,
        bundle: &mut Bundle,
        images: Vec<(PathBuf, PathBuf)>,
        sources: &[(PathBuf, Vec<usize>)],
    ) -> Option<Vec<(PathBuf, PathBuf)>> {
        let (mut photos, mut copies): (Vec<_>, Vec<_>) = images
            .into_iter()
            .partition(|(from, _)| crate::photos::is_photo(from));
        photos.sort();
        photos.dedup();
        copies.sort();
        copies.dedup();
        let froms: Vec<PathBuf> = photos.iter().map(|(from, _)| from.clone()).collect();
        let prepared = crate::photos::prepare_all(&froms, &self.cache);
        // `images/team.jpg` → `images/team-960.1a2b3c4d.jpg`.
        let published = |to: &Path, file: &crate::photos::File| {
            let stem = to.file_stem().unwrap_or_default().to_string_lossy();
            to.with_file_name(file.published_name(&stem))
        };
        let slashed = |path: &Path| path.to_string_lossy().replace('\\', "/");
        for ((_, to), result) in photos.iter().zip(&prepared) {
            let Ok(photo) = result else { continue };
            if photo.encoded {
                self.report.photos_encoded += 1;
            } else {
                self.report.photos_cached += 1;
            }
            for file in &photo.photo.files {
                copies.push((photo.path(file), published(to, file)));
            }
        }
        let before = self.problems.len();
        for (i, article) in bundle.articles.iter_mut().enumerate() {
            for (j, block) in article.blocks.iter_mut().enumerate() {
                let Block::Figure {
                    src: Some(src),
                    width,
                    height,
                    files,
                    ..
                } = block
                else {
                    continue;
                };
                let Some(k) = photos.iter().position(|(_, to)| slashed(to) == *src) else {
                    continue;
                };
                match &prepared[k] {
                    Ok(photo) => {
                        let to = &photos[k].1;
                        *width = Some(photo.photo.width);
                        *height = Some(photo.photo.height);
                        *files = photo
                            .photo
                            .files
                            .iter()
                            .map(|f| ImageFile {
                                src: slashed(&published(to, f)),
                                width: f.width,
                                format: f.format.clone(),
                            })
                            .collect();
                        if let Some(fallback) = photo.photo.fallback() {
                            *src = slashed(&published(to, fallback));
                        }
                    }
                    Err(message) => {
                        let (file, lines) = &sources[i];
                        self.problem(file, lines.get(j).copied(), message.clone());
                    }
                }
            }
        }
        (self.problems.len() == before).then_some(copies)
    }

    /// Maps a bundle problem (`articles[i].blocks[j]…`) back to its file and line.
    fn locate(&mut self, problem: FormatError, meta: &Path, sources: &[(PathBuf, Vec<usize>)]) {
        let FormatError::Invalid { path, message } = &problem else {
            self.problem(meta, None, problem.to_string());
            return;
        };
        let index = |key: &str| -> Option<usize> {
            let start = path.find(key)? + key.len();
            path[start..].split(']').next()?.parse().ok()
        };
        match index("articles[").and_then(|i| sources.get(i)) {
            Some((file, lines)) => {
                let line = index("blocks[").and_then(|j| lines.get(j).copied());
                let field = path.split_once('.').map_or(path.as_str(), |(_, f)| f);
                self.problem(file, line, format!("{field}: {message}"));
            }
            None => self.problem(meta, None, problem.to_string()),
        }
    }

    fn article(
        &mut self,
        path: &Path,
        dir: &Path,
        collection_id: &str,
        images: &mut Vec<(PathBuf, PathBuf)>,
        hosts: &mut Vec<String>,
    ) -> Option<(Article, Vec<usize>)> {
        let mut doc = self.read(path)?;
        let mut keys = Vec::new();
        doc.front.check_keys(
            &[
                "id", "title", "subtitle", "date", "source", "author", "summary", "images",
            ],
            &mut keys,
        );
        self.add_diagnostics(path, keys);
        let front = |key: &str| doc.front.get(key).unwrap_or_default().to_owned();
        let line_of = |key: &str| {
            doc.front
                .fields
                .iter()
                .find(|(k, ..)| k == key)
                .map(|f| f.2)
        };

        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        // `2020-03-30-nuan-ru-chun-feng.md` → `nuan-ru-chun-feng`: the date orders files.
        let id = doc.front.get("id").map(str::to_owned).unwrap_or_else(|| {
            let dated =
                stem.len() > 11 && is_valid_date(&stem[..10]) && stem.as_bytes()[10] == b'-';
            if dated {
                stem[11..].to_owned()
            } else {
                stem.clone()
            }
        });
        if crate::route::is_reserved_id(&id) {
            self.problem(
                path,
                line_of("id").or(Some(1)),
                format!("article id {id:?} is one of the site's own paths ({}); give the article another `id:`", crate::route::RESERVED_IDS.join(", ")),
            );
        }
        let published = front("date");
        if !is_valid_date(&published) {
            self.problem(
                path,
                line_of("date").or(Some(1)),
                format!("date {published:?} is not a YYYY-MM-DD date"),
            );
        }
        let image_dir = front("images");
        for (block, &line) in doc.blocks.iter_mut().zip(&doc.lines) {
            if let Block::Figure { src: Some(src), .. } = block {
                match self.image(src, &image_dir, dir, collection_id, hosts) {
                    Ok(Some((from, to))) => {
                        *src = to.to_string_lossy().replace('\\', "/");
                        images.push((from, to));
                    }
                    Ok(None) => {}
                    Err(message) => self.problem(path, Some(line), message),
                }
            }
        }
        let chars = doc
            .blocks
            .iter()
            .map(|b| block_text(b).chars().filter(|c| !c.is_whitespace()).count())
            .sum::<usize>();
        let mut fixes = Fixes::default();
        let summary = match doc.front.get("summary") {
            Some(s) => crate::typography::normalize(s, &mut fixes),
            None => first_paragraph_summary(&doc.blocks),
        };
        self.report.fixes += fixes;
        let article = Article {
            id,
            title: front("title"),
            subtitle: front("subtitle"),
            published,
            source: front("source"),
            author: front("author"),
            summary,
            chars: u32::try_from(chars).unwrap_or(u32::MAX),
            blocks: doc.blocks,
        };
        Some((article, doc.lines))
    }

    /// Resolves a figure source: a file of the collection (copied), or an image on an allowed
    /// host (kept as a URL). Returns the copy to make, if any.
    fn image(
        &mut self,
        src: &str,
        image_dir: &str,
        dir: &Path,
        collection_id: &str,
        hosts: &mut Vec<String>,
    ) -> Result<Option<(PathBuf, PathBuf)>, String> {
        if let Some(rest) = src.strip_prefix("https://") {
            let host = rest
                .split('/')
                .next()
                .unwrap_or_default()
                .to_ascii_lowercase();
            if self
                .options
                .image_hosts
                .iter()
                .any(|h| h.eq_ignore_ascii_case(&host))
            {
                hosts.push(host);
                return Ok(None);
            }
            return Err(format!(
                "image {src:?} is on another site; allow its host with --allow-image-host {host}"
            ));
        }
        let rel = if image_dir.is_empty() {
            src.to_owned()
        } else {
            format!("{}/{src}", image_dir.trim_end_matches('/'))
        };
        if !is_relative_path(&rel) {
            return Err(format!(
                "image {src:?} must be a path inside the collection folder (or an https URL on an allowed host)"
            ));
        }
        let from = dir.join(&rel);
        if !from.is_file() {
            return Err(format!("image {} does not exist", from.display()));
        }
        Ok(Some((from, Path::new(collection_id).join(rel))))
    }

    /// Lays a collection out as files: one per article (a bundle of one), and its index in
    /// pages of [`INDEX_PAGE_SIZE`]; and makes its catalog entry.
    fn layout(
        &mut self,
        bundle: &Bundle,
        images: &[(PathBuf, PathBuf)],
    ) -> (CollectionEntry, Vec<(PathBuf, Vec<u8>)>) {
        let id = &bundle.collection.id;
        let updated = bundle
            .articles
            .iter()
            .map(|a| a.published.clone())
            .max()
            .unwrap_or_else(|| "1970-01-01".into());
        let mut files = Vec::new();
        let mut entries = Vec::with_capacity(bundle.articles.len());
        for article in &bundle.articles {
            let one = Bundle {
                schema: SchemaVersion::CURRENT,
                collection: bundle.collection.clone(),
                script: bundle.script,
                published_script: bundle.published_script,
                image_hosts: bundle.image_hosts.clone(),
                overrides: Vec::new(),
                pronunciation: Vec::new(),
                articles: vec![article.clone()],
            };
            let bytes = to_json(&one);
            let href = format!("{id}/{}.json", article.id);
            entries.push(ArticleEntry {
                id: article.id.clone(),
                title: article.title.clone(),
                published: article.published.clone(),
                summary: article.summary.clone(),
                chars: article.chars,
                href: href.clone(),
                bytes: bytes.len() as u64,
                hash: hex(&Sha256::digest(&bytes)),
                images: article_images(article),
            });
            files.push((data_path(&href), bytes));
        }
        let pages = entries.len().div_ceil(INDEX_PAGE_SIZE).max(1);
        let mut index = Vec::with_capacity(pages);
        let mut chunks: Vec<Vec<ArticleEntry>> = Vec::with_capacity(pages);
        let mut rest = entries;
        while rest.len() > INDEX_PAGE_SIZE {
            let tail = rest.split_off(INDEX_PAGE_SIZE);
            chunks.push(rest);
            rest = tail;
        }
        chunks.push(rest);
        let article_bytes: u64 = files.iter().map(|(_, f)| f.len() as u64).sum();
        for (i, articles) in chunks.into_iter().enumerate() {
            let page = CollectionIndex {
                schema: SchemaVersion::CURRENT,
                collection: bundle.collection.clone(),
                script: bundle.script,
                published_script: bundle.published_script,
                overrides: if i == 0 {
                    bundle.overrides.clone()
                } else {
                    Vec::new()
                },
                pronunciation: if i == 0 {
                    bundle.pronunciation.clone()
                } else {
                    Vec::new()
                },
                page: i as u32 + 1,
                pages: pages as u32,
                articles,
            };
            let href = if i == 0 {
                format!("{id}/index.json")
            } else {
                format!("{id}/index.{}.json", i + 1)
            };
            let bytes = to_json(&page);
            index.push(Part {
                href: href.clone(),
                bytes: bytes.len() as u64,
                hash: hex(&Sha256::digest(&bytes)),
            });
            files.push((data_path(&href), bytes));
        }
        let image_bytes: u64 = images
            .iter()
            .filter_map(|(from, _)| fs::metadata(from).ok())
            .map(|m| m.len())
            .sum();
        let hash = hex(&Sha256::digest(
            index.iter().map(|p| p.hash.as_str()).collect::<String>(),
        ));
        let entry = CollectionEntry {
            id: id.clone(),
            script: bundle.script,
            published_script: bundle.published_script,
            title: bundle.collection.title.clone(),
            description: bundle.collection.description.clone(),
            articles: u32::try_from(bundle.articles.len()).unwrap_or(u32::MAX),
            bytes: article_bytes + index.iter().map(|p| p.bytes).sum::<u64>() + image_bytes,
            hash,
            updated,
            index,
        };
        (entry, files)
    }
}

/// The same-site photo files an article shows, as paths inside `data/`.
fn article_images(article: &Article) -> Vec<String> {
    let mut out = Vec::new();
    for block in &article.blocks {
        if let Block::Figure { src, files, .. } = block {
            for path in src.iter().chain(files.iter().map(|f| &f.src)) {
                if is_relative_path(path) && !out.contains(path) {
                    out.push(path.clone());
                }
            }
        }
    }
    out
}

/// Where the data goes, inside the output directory.
pub const DATA_DIR: &str = "data";

fn data_path(href: &str) -> PathBuf {
    Path::new(DATA_DIR).join(href)
}

/// Files to write: paths relative to the output directory, and their bytes.
pub type Files = Vec<(PathBuf, Vec<u8>)>;

/// The search index of every article (documents numbered in catalog order, as the pages'
/// texts are written by the prerenderer), as files relative to the output directory, and what
/// `search/index.json` says of them.
pub fn search_index(
    collections: &[Bundle],
    dicts: &Path,
) -> Result<(Files, crate::search::IndexInfo), String> {
    let fold = wenji_search::Fold::from_opencc_dir(dicts)?;
    let mut builder = wenji_search::IndexBuilder::new(&fold);
    for article in collections.iter().flat_map(|b| &b.articles) {
        builder.add(&article.title, &article_text(article));
    }
    let index = builder.finish();
    let fold_bytes = fold.to_bytes();
    let fold_name = format!("fold.{}.bin", wenji_search::hash12(&fold_bytes));
    let mut files = vec![(PathBuf::from("search").join(&fold_name), fold_bytes)];
    let index_files = index.files();
    let manifest = index_files[0].0.clone();
    let version = manifest
        .trim_start_matches("manifest.")
        .trim_end_matches(".bin")
        .to_owned();
    files.extend(
        index_files
            .into_iter()
            .map(|(name, bytes)| (PathBuf::from("search").join(name), bytes)),
    );
    let info = crate::search::IndexInfo {
        version: 1,
        fold: fold_name,
        manifest,
        docs: format!("d/{version}/"),
        count: index.manifest.doc_count(),
        collections: collections
            .iter()
            .scan(0u32, |first, b| {
                let count = b.articles.len() as u32;
                let docs = crate::search::CollectionDocs {
                    id: b.collection.id.clone(),
                    first: *first,
                    count,
                };
                *first += count;
                Some(docs)
            })
            .collect(),
    };
    files.push((PathBuf::from("search/index.json"), to_json(&info)));
    Ok((files, info))
}

/// An article's text for search and its snippets: the subtitle and every block, a line each.
pub fn article_text(article: &Article) -> String {
    let mut text = article.subtitle.clone();
    for block in &article.blocks {
        let line = block_text(block);
        if !line.is_empty() {
            if !text.is_empty() {
                text.push('\n');
            }
            text.push_str(&line);
        }
    }
    text
}

fn block_text(block: &Block) -> String {
    let join = |lines: &[Text]| lines.iter().map(Text::to_plain).collect::<String>();
    match block {
        Block::Paragraph { text }
        | Block::Heading { text }
        | Block::Quote { text }
        | Block::Signature { text }
        | Block::Note { text } => text.to_plain(),
        Block::Verse { lines } | Block::Epigraph { lines } => join(lines),
        Block::Figure { caption, .. } => caption.to_plain(),
        Block::List { items, .. } => items
            .iter()
            .map(|i| {
                let mut text = i.text.to_plain();
                text.extend(i.items.iter().map(Text::to_plain));
                text
            })
            .collect(),
        Block::Unknown => String::new(),
    }
}

fn first_paragraph_summary(blocks: &[Block]) -> String {
    let Some(text) = blocks.iter().find_map(|b| match b {
        Block::Paragraph { text } => Some(text.to_plain()),
        _ => None,
    }) else {
        return String::new();
    };
    if text.chars().count() <= SUMMARY_CHARS {
        return text;
    }
    let mut cut: String = text.chars().take(SUMMARY_CHARS).collect();
    cut.push('…');
    cut
}

/// Directory entries sorted by name, so output never depends on the file system's order.
fn sorted_entries(dir: &Path, problems: &mut Vec<Problem>) -> Vec<PathBuf> {
    match fs::read_dir(dir) {
        Ok(entries) => {
            let mut paths: Vec<PathBuf> = entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    !p.file_name()
                        .is_some_and(|n| n.to_string_lossy().starts_with('.'))
                })
                .collect();
            paths.sort();
            paths
        }
        Err(e) => {
            problems.push(Problem {
                file: dir.to_owned(),
                line: None,
                message: format!("cannot read folder: {e}"),
            });
            Vec::new()
        }
    }
}

fn to_json<T: serde::Serialize>(value: &T) -> Vec<u8> {
    // Serialising plain data structures to a Vec cannot fail.
    let mut bytes = serde_json::to_vec(value).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Where the reader's dictionaries go, relative to the data directory.
pub const DICT_DIR: &str = "dict";

/// The configs the reader uses (see `convert::plan`): their dictionaries are shipped.
const READER_CONFIGS: [Config; 4] = [Config::S2tw, Config::S2twp, Config::S2hk, Config::T2s];

/// The reader's dictionaries in compact form, each named with its content hash so a new version
/// never meets an old cached copy, and `dict/manifest.json` mapping names to files.
fn dictionary_files(dir: &Path) -> Result<Vec<(PathBuf, Vec<u8>)>, String> {
    let mut names: Vec<&'static str> = READER_CONFIGS.iter().flat_map(|c| c.dicts()).collect();
    names.sort_unstable();
    names.dedup();
    let mut files = Vec::new();
    let mut manifest = serde_json::Map::new();
    for name in names {
        let path = dir.join(format!("{name}.txt"));
        let text = fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let dict = Dict::parse(text).map_err(|e| format!("{}: {e}", path.display()))?;
        let compact = dict.to_compact_text().into_bytes();
        let hash = hex(&Sha256::digest(&compact));
        let file = format!("{name}.{}.txt", &hash[..12]);
        manifest.insert(
            name.to_owned(),
            serde_json::json!({ "href": file, "bytes": compact.len(), "entries": dict.len() }),
        );
        files.push((Path::new(DATA_DIR).join(DICT_DIR).join(file), compact));
    }
    let manifest = serde_json::json!({ "opencc": "1.4.2", "dicts": manifest });
    files.insert(
        0,
        (
            Path::new(DATA_DIR).join(DICT_DIR).join("manifest.json"),
            to_json(&manifest),
        ),
    );
    Ok(files)
}
