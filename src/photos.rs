//! Photos for phones: each same-site photo of a figure decoded (with limits), turned upright by
//! its EXIF orientation, resized to the widths a phone picks from ([`WIDTHS`], never enlarged) and
//! written as lossy WebP and JPEG. Re-encoding from pixels drops every EXIF field (camera, GPS).
//! Native only (`wenji build`).
//!
//! Encoding is the slow part of a build, so its results are cached on disk by the source's content
//! hash and the encoder settings ([`SETTINGS`]): a rebuild with unchanged photos encodes nothing.
//! A cache entry is a folder of the encoded files and a `photo.json` listing them, made under a
//! temporary name and renamed into place whole.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

// The codecs are native only (libwebp is C); the app's wasm build never encodes photos.
#[cfg(not(target_arch = "wasm32"))]
mod codec;
#[cfg(not(target_arch = "wasm32"))]
pub use codec::{decode, encode};

/// Photos are encoded by the native `wenji` tool only.
#[cfg(target_arch = "wasm32")]
pub fn encode(_bytes: &[u8]) -> Result<(Photo, Vec<Vec<u8>>), String> {
    Err("photos are encoded by the native `wenji` tool".into())
}

/// The widths written, when the photo is at least as wide: a phone 390 px wide picks 480 at one
/// device pixel per CSS pixel, 960 at two, 1440 at three (`sizes` is the column's width).
pub const WIDTHS: [u32; 3] = [480, 960, 1440];
/// The largest side decoded; beyond it a photo is refused before its pixels are allocated.
pub const MAX_SIDE: u32 = 12_000;
/// The most a decoder may allocate for one photo.
pub const MAX_ALLOC: u64 = 512 * 1024 * 1024;
/// Everything that changes the encoded bytes, part of each cache key: change it when the
/// encoding changes.
pub const SETTINGS: &str =
    "wenji photos 2: widths 480,960,1440 and its own up to 1440 when 15% over; upright; lanczos3; webp q78 (libwebp); jpeg q78; png with alpha";

/// The files a photo source may be: decoded and re-encoded. Anything else is copied as it is.
pub fn is_photo(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        ["jpg", "jpeg", "png", "webp"]
            .iter()
            .any(|x| e.eq_ignore_ascii_case(x))
    })
}

/// One encoded file of a photo.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct File {
    pub width: u32,
    pub height: u32,
    /// `jpeg`, `webp` or `png` (the fallback of a photo with transparency).
    pub format: String,
    /// The first 8 hex digits of the file's SHA-256, for its published name.
    pub hash: String,
}

impl File {
    /// The file's extension.
    pub fn extension(&self) -> &str {
        match self.format.as_str() {
            "jpeg" => "jpg",
            other => other,
        }
    }

    /// Its name in a cache entry.
    fn cache_name(&self) -> String {
        format!("{}.{}", self.width, self.extension())
    }

    /// Its published name, for a source named `stem.*`: `stem-960.1a2b3c4d.webp`.
    pub fn published_name(&self, stem: &str) -> String {
        format!("{stem}-{}.{}.{}", self.width, self.hash, self.extension())
    }
}

/// A photo's encoded files and its upright shape at the largest width written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Photo {
    pub width: u32,
    pub height: u32,
    pub files: Vec<File>,
}

impl Photo {
    /// The file for browsers without `srcset` or WebP: the JPEG (PNG with transparency) 960 px
    /// wide, or the widest there is.
    pub fn fallback(&self) -> Option<&File> {
        let fallbacks = || self.files.iter().filter(|f| f.format != "webp");
        fallbacks()
            .find(|f| f.width == 960)
            .or_else(|| fallbacks().max_by_key(|f| f.width))
    }
}

/// A photo ready to publish: its files are in `dir`.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub photo: Photo,
    pub dir: PathBuf,
    /// Encoded by this build (not found in the cache).
    pub encoded: bool,
}

impl Prepared {
    /// Where one of its files is.
    pub fn path(&self, file: &File) -> PathBuf {
        self.dir.join(file.cache_name())
    }
}

/// The photos at `sources`, from the cache in `cache` or encoded into it, on up to two threads
/// (so at most two full-size photos are decoded at once). Results are in the sources' order; an
/// error names the photo.
pub fn prepare_all(sources: &[PathBuf], cache: &Path) -> Vec<Result<Prepared, String>> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 2)
        .min(sources.len().max(1));
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Result<Prepared, String>>>> =
        Mutex::new(sources.iter().map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(source) = sources.get(i) else {
                    break;
                };
                let result = prepare(source, cache);
                if let Ok(mut results) = results.lock() {
                    results[i] = Some(result);
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_default()
        .into_iter()
        .map(|r| r.unwrap_or_else(|| Err("photo not processed (a worker failed)".into())))
        .collect()
}

/// One photo, from the cache or encoded into it.
pub fn prepare(source: &Path, cache: &Path) -> Result<Prepared, String> {
    let named = |message: String| format!("photo {}: {message}", source.display());
    let bytes = fs::read(source).map_err(|e| named(format!("cannot read: {e}")))?;
    let mut hasher = Sha256::new();
    hasher.update(SETTINGS.as_bytes());
    hasher.update([0]);
    hasher.update(&bytes);
    let key = hex(&hasher.finalize()[..16]);
    let dir = cache.join(&key);
    if let Some(photo) = cached(&dir) {
        return Ok(Prepared {
            photo,
            dir,
            encoded: false,
        });
    }
    let (photo, files) = encode(&bytes).map_err(named)?;
    store(cache, &key, &photo, &files).map_err(|e| {
        named(format!(
            "cannot write the cache in {}: {e}",
            cache.display()
        ))
    })?;
    Ok(Prepared {
        photo,
        dir,
        encoded: true,
    })
}

/// A complete cache entry's photo.
fn cached(dir: &Path) -> Option<Photo> {
    let photo: Photo = serde_json::from_slice(&fs::read(dir.join("photo.json")).ok()?).ok()?;
    photo
        .files
        .iter()
        .all(|f| dir.join(f.cache_name()).is_file())
        .then_some(photo)
}

/// Writes an entry under a temporary name and renames it into place, so an entry is whole or
/// absent (a concurrent build that got there first wins; its entry is the same).
fn store(cache: &Path, key: &str, photo: &Photo, files: &[Vec<u8>]) -> std::io::Result<()> {
    let tmp = cache.join(format!(
        ".{key}.{}.{:?}",
        std::process::id(),
        std::thread::current().id()
    ));
    let _ = fs::remove_dir_all(&tmp);
    fs::create_dir_all(&tmp)?;
    for (file, bytes) in photo.files.iter().zip(files) {
        fs::write(tmp.join(file.cache_name()), bytes)?;
    }
    let json = serde_json::to_vec(photo).map_err(std::io::Error::other)?;
    fs::write(tmp.join("photo.json"), json)?;
    let dir = cache.join(key);
    if fs::rename(&tmp, &dir).is_err() {
        let _ = fs::remove_dir_all(&tmp);
        if cached(&dir).is_none() {
            fs::remove_dir_all(&dir)?;
            return store(cache, key, photo, files);
        }
    }
    Ok(())
}

/// The widths to write for a photo `width` pixels wide (upright): those of [`WIDTHS`] it can
/// fill, and its own width when it is narrower than all of them, or well over the widest it
/// fills (a 1200 px photo is also written at 1200, for a phone at three device pixels, 1170).
pub fn widths(width: u32) -> Vec<u32> {
    let mut fits: Vec<u32> = WIDTHS.into_iter().filter(|&w| w <= width).collect();
    match fits.last() {
        None => fits.push(width),
        Some(&widest) if widest < WIDTHS[WIDTHS.len() - 1] && width * 20 > widest * 23 => {
            fits.push(width)
        }
        Some(_) => {}
    }
    fits
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
