//! `wenji build` of 100 camera-size photos (4000 × 3000 JPEG, a third of them shot turned, with
//! EXIF orientation 6): each resized to three widths and encoded as WebP and JPEG. Prints the
//! time (budget 60 s on two cores), peak memory (budget 1 GB), the rebuild with nothing changed
//! (every photo from the cache), and the bytes per width and format.
//!
//!   cargo bench --bench photos
//!
//! The photos are ten generated pictures (smooth light, texture, edges, sensor noise), each
//! written ten times with a different JPEG comment, so all 100 files differ and each is encoded:
//! generating 100 distinct 12-megapixel pictures would take longer than building them.
//!
//! The last line, `bench-json {…}`, carries the figures for scripts/bench.mjs.

mod support;

use std::fs;
use std::time::Instant;

const PHOTOS: usize = 100;
const BUDGET_SECS: f64 = 60.0;
const BUDGET_PEAK_MB: f64 = 1024.0;

fn main() {
    let root = std::env::temp_dir().join(format!("wenji-bench-photos-{}", std::process::id()));
    let content = root.join("content");
    let out = root.join("out");
    let _ = fs::remove_dir_all(&root);
    fs::create_dir_all(content.join("c/images")).unwrap();
    fs::write(
        content.join("site.md"),
        "---\nname: 站\nscript: hans\nlicence: 版權\n---\n",
    )
    .unwrap();
    fs::write(
        content.join("c/collection.md"),
        "---\ntitle: 相冊\ndescription: 照片\nscript: hans\n---\n",
    )
    .unwrap();
    let generating = Instant::now();
    let mut body = String::from("---\ntitle: 相冊\ndate: 2024-01-01\n---\n照片。\n\n");
    for picture in 0..10 {
        let jpeg = camera_jpeg(picture);
        for copy in 0..PHOTOS / 10 {
            let n = picture * 10 + copy;
            let mut bytes = jpeg[..2].to_vec();
            if n % 3 == 0 {
                bytes.extend(exif_orientation_6());
            }
            let comment = format!("photo {n}");
            bytes.extend([0xff, 0xfe]);
            bytes.extend(((comment.len() + 2) as u16).to_be_bytes());
            bytes.extend(comment.as_bytes());
            bytes.extend(&jpeg[2..]);
            fs::write(content.join(format!("c/images/p{n:03}.jpg")), bytes).unwrap();
            body.push_str(&format!("![第 {n} 張](images/p{n:03}.jpg)\n\n"));
        }
    }
    fs::write(content.join("c/album.md"), body).unwrap();
    let source_mb = walk_bytes(&content.join("c/images")) as f64 / 1e6;
    println!(
        "generated {PHOTOS} photos 4000×3000 ({source_mb:.0} MB of JPEG) in {:.1?}",
        generating.elapsed()
    );

    let options = wenji::build::Options {
        cache: Some(root.join("cache")),
        ..Default::default()
    };
    let started = Instant::now();
    let report = wenji::build::build_to(&content, &out, &options)
        .unwrap_or_else(|problems| panic!("photos failed to build: {}", problems[0]));
    let secs = started.elapsed().as_secs_f64();
    let peak_mb = support::peak_memory_kb() as f64 / 1024.0;
    assert_eq!(report.photos_encoded, PHOTOS);
    println!("wenji build: {report}");
    println!(
        "{PHOTOS} photos: {secs:.1} s ({:.2} s a photo on {} threads); budget ≤ {BUDGET_SECS} s … {}",
        secs / PHOTOS as f64,
        std::thread::available_parallelism().map_or(1, |n| n.get().min(2)),
        pass(secs <= BUDGET_SECS)
    );
    println!(
        "peak memory {peak_mb:.0} MB; budget ≤ {BUDGET_PEAK_MB} MB … {}",
        pass(peak_mb <= BUDGET_PEAK_MB)
    );

    let _ = fs::remove_dir_all(&out);
    let started = Instant::now();
    let again = wenji::build::build_to(&content, &out, &options).unwrap();
    let rebuild_secs = started.elapsed().as_secs_f64();
    assert_eq!((again.photos_encoded, again.photos_cached), (0, PHOTOS));
    println!("rebuild with nothing changed (every photo from the cache, files copied): {rebuild_secs:.2} s");

    // Bytes per width and format, averaged over the photos (upright and turned alike).
    let mut sizes = std::collections::BTreeMap::<(String, u32), (u64, u64)>::new();
    for (from, to) in &output_images(&content, &options) {
        let name = to.file_name().unwrap().to_string_lossy().into_owned();
        let width: u32 = name
            .split('-')
            .nth(1)
            .and_then(|w| w.split('.').next())
            .and_then(|w| w.parse().ok())
            .unwrap();
        let format = name.rsplit('.').next().unwrap().to_owned();
        let entry = sizes.entry((format, width)).or_default();
        entry.0 += fs::metadata(from).unwrap().len();
        entry.1 += 1;
    }
    let mut per_file = serde_json::Map::new();
    for ((format, width), (bytes, n)) in &sizes {
        let kb = *bytes as f64 / *n as f64 / 1024.0;
        println!("  {format} {width} px: {kb:.0} KB on average");
        per_file.insert(
            format!("{format}_{width}_kb"),
            serde_json::json!(kb.round()),
        );
    }
    println!(
        "bench-json {}",
        serde_json::json!({
            "photos": PHOTOS,
            "seconds": (secs * 100.0).round() / 100.0,
            "peak_mb": peak_mb.round(),
            "rebuild_seconds": (rebuild_secs * 100.0).round() / 100.0,
            "sizes": per_file,
        })
    );
    let _ = fs::remove_dir_all(&root);
}

fn pass(ok: bool) -> &'static str {
    if ok {
        "PASS"
    } else {
        "FAIL"
    }
}

/// The copies a build makes (from the cache), without writing them.
fn output_images(
    content: &std::path::Path,
    options: &wenji::build::Options,
) -> Vec<(std::path::PathBuf, std::path::PathBuf)> {
    wenji::build::build(content, options).unwrap().images
}

/// A camera-like 4000 × 3000 picture as a JPEG at quality 90: smooth light, texture, an edge
/// and sensor noise, varied by `seed`.
fn camera_jpeg(seed: usize) -> Vec<u8> {
    let (width, height) = (4000u32, 3000u32);
    let mut state = 0x2545_f491_4f6c_dd1d_u64 ^ (seed as u64 + 1).wrapping_mul(0x9e37_79b9);
    let mut noise = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % 17) as i32 - 8
    };
    let horizon = 1400 + 100 * (seed as u32 % 5);
    let image = image::RgbImage::from_fn(width, height, |x, y| {
        let light = 210 - (y * 120 / height) as i32 + (x * 30 / width) as i32;
        let ground = y > horizon + (x / 40 + seed as u32 * 7) % 90;
        let texture = if ground {
            -80 + (((x / 7) ^ (y / 5)) % 23) as i32
        } else {
            0
        };
        let v = light + texture;
        let px = |offset: i32, n: i32| (v + offset + n).clamp(0, 255) as u8;
        image::Rgb([px(-20, noise()), px(5, noise()), px(30, noise())])
    });
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90)
        .encode_image(&image)
        .unwrap();
    out
}

/// An APP1 EXIF segment with only Orientation = 6 (turned a quarter clockwise).
fn exif_orientation_6() -> Vec<u8> {
    let mut tiff = b"MM\x00\x2a\x00\x00\x00\x08\x00\x01".to_vec();
    tiff.extend([0x01, 0x12, 0x00, 0x03, 0, 0, 0, 1, 0x00, 0x06, 0, 0]);
    tiff.extend([0, 0, 0, 0]);
    let mut segment = vec![0xff, 0xe1];
    segment.extend(((2 + 6 + tiff.len()) as u16).to_be_bytes());
    segment.extend(b"Exif\0\0");
    segment.extend(tiff);
    segment
}

fn walk_bytes(dir: &std::path::Path) -> u64 {
    fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok()?.metadata().ok())
        .map(|m| m.len())
        .sum()
}
