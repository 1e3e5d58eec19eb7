#![cfg(not(target_arch = "wasm32"))]
//! Photos for phones: widths (never enlarged), EXIF orientation applied and EXIF dropped, sizes
//! for a phone, the cache, and photos refused with their file before anything is written.

mod support;

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use wenji::build::{build, build_to, Options, Output, Problem};
use wenji::model::{parse_bundle, Block, ImageFile};
use wenji::photos;

/// A throwaway content tree: `site.md`, collection `c/` with articles and photos, and a cache.
struct Content(PathBuf);

impl Content {
    fn new(name: &str) -> Content {
        let name = name.replace('.', "-");
        Content(support::one_collection_content(&format!("photos-{name}")))
    }

    /// An article `a.md` showing each photo in `images/`, one figure per line pair.
    fn article(&self, photos: &[&str]) {
        let body: String = photos
            .iter()
            .map(|p| format!("![照片](images/{p})\n\n"))
            .collect();
        fs::write(
            self.0.join("c/a.md"),
            format!("---\ntitle: 標題\ndate: 2021-05-04\n---\n段落。\n\n{body}"),
        )
        .unwrap();
    }

    fn photo(&self, name: &str, bytes: &[u8]) {
        fs::write(self.0.join("c/images").join(name), bytes).unwrap();
    }

    fn options(&self) -> Options {
        Options {
            cache: Some(self.0.join(".cache")),
            ..Options::default()
        }
    }

    /// The output folder, beside the content.
    fn out(&self) -> PathBuf {
        self.0.with_extension("out")
    }

    fn build(&self) -> Result<Output, Vec<Problem>> {
        build(&self.0, &self.options())
    }
}

impl Drop for Content {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
        let _ = fs::remove_dir_all(self.out());
    }
}

/// The figures of `a.md` as built.
fn figures(output: &Output) -> Vec<Block> {
    let bundle = parse_bundle(output.text("data/c/a.json").expect("a.json")).unwrap();
    bundle.articles[0]
        .blocks
        .iter()
        .filter(|b| matches!(b, Block::Figure { .. }))
        .cloned()
        .collect()
}

/// A camera-like picture: smooth light, some texture and edges, and sensor noise.
fn camera_pixels(width: u32, height: u32) -> image::RgbImage {
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    let mut noise = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % 17) as f32 - 8.0
    };
    image::RgbImage::from_fn(width, height, |x, y| {
        let (u, v) = (x as f32 / width as f32, y as f32 / height as f32);
        let sky = 200.0 - 120.0 * v;
        let hills = if v > 0.55 + 0.08 * (u * 9.0).sin() {
            -90.0 + 25.0 * ((x as f32 / 9.0).sin() * (y as f32 / 13.0).cos())
        } else {
            0.0
        };
        let sun = if (u - 0.7).powi(2) + (v - 0.25).powi(2) < 0.005 {
            50.0
        } else {
            0.0
        };
        let base = sky + hills + sun;
        let mut px = |offset: f32| (base + offset + noise()).clamp(0.0, 255.0) as u8;
        image::Rgb([px(-30.0 * v), px(10.0 * u), px(40.0 - 60.0 * v)])
    })
}

fn jpeg(image: &image::RgbImage) -> Vec<u8> {
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 92)
        .encode_image(image)
        .unwrap();
    out
}

fn png(image: &image::DynamicImage) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    image.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

/// Marks in the EXIF segment below that must not survive into any published file.
const CAMERA: &[u8] = b"SecretCam X100";
const GPS_SECONDS: [u8; 8] = [0, 0, 0x30, 0x39, 0, 0, 0, 100]; // 12345/100

/// An APP1 EXIF segment, big-endian TIFF: IFD0 with Orientation, Make and a GPS IFD pointer;
/// the GPS IFD with latitude reference and latitude (three rationals).
fn exif_segment(orientation: u16) -> Vec<u8> {
    let mut tiff = b"MM\x00\x2a\x00\x00\x00\x08".to_vec();
    let entry = |tag: u16, kind: u16, count: u32, value: [u8; 4]| {
        let mut e = Vec::new();
        e.extend(tag.to_be_bytes());
        e.extend(kind.to_be_bytes());
        e.extend(count.to_be_bytes());
        e.extend(value);
        e
    };
    let ifd0_len = 2 + 3 * 12 + 4;
    let make_at = 8 + ifd0_len as u32;
    let make_len = CAMERA.len() as u32 + 1;
    let gps_at = make_at + make_len + (make_len % 2);
    tiff.extend(3u16.to_be_bytes());
    let mut orient = [0; 4];
    orient[..2].copy_from_slice(&orientation.to_be_bytes());
    tiff.extend(entry(0x010f, 2, make_len, make_at.to_be_bytes()));
    tiff.extend(entry(0x0112, 3, 1, orient));
    tiff.extend(entry(0x8825, 4, 1, gps_at.to_be_bytes()));
    tiff.extend(0u32.to_be_bytes());
    tiff.extend(CAMERA);
    tiff.push(0);
    if make_len % 2 == 1 {
        tiff.push(0);
    }
    assert_eq!(tiff.len() as u32, gps_at);
    let rationals_at = gps_at + 2 + 2 * 12 + 4;
    tiff.extend(2u16.to_be_bytes());
    tiff.extend(entry(0x0001, 2, 2, *b"N\0\0\0"));
    tiff.extend(entry(0x0002, 5, 3, rationals_at.to_be_bytes()));
    tiff.extend(0u32.to_be_bytes());
    for (n, d) in [(39u32, 1u32), (54, 1)] {
        tiff.extend(n.to_be_bytes());
        tiff.extend(d.to_be_bytes());
    }
    tiff.extend(GPS_SECONDS);
    let mut segment = vec![0xff, 0xe1];
    segment.extend(((2 + 6 + tiff.len()) as u16).to_be_bytes());
    segment.extend(b"Exif\0\0");
    segment.extend(tiff);
    segment
}

/// A JPEG with the EXIF segment right after its start of image.
fn with_exif(jpeg: &[u8], orientation: u16) -> Vec<u8> {
    assert_eq!(&jpeg[..2], [0xff, 0xd8]);
    let mut out = jpeg[..2].to_vec();
    out.extend(exif_segment(orientation));
    out.extend(&jpeg[2..]);
    out
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The published files of one figure: `(format, width, bytes)`.
fn published(output: &Output, files: &[ImageFile]) -> Vec<(String, u32, Vec<u8>)> {
    files
        .iter()
        .map(|f| {
            let to = Path::new("data").join(&f.src);
            let (from, _) = output
                .images
                .iter()
                .find(|(_, rel)| *rel == to)
                .unwrap_or_else(|| panic!("{} is not among the images to copy", to.display()));
            (f.format.clone(), f.width, fs::read(from).unwrap())
        })
        .collect()
}

#[test]
fn a_camera_photo_is_turned_upright_resized_stripped_and_small_enough_for_a_phone() {
    let content = Content::new("camera");
    let original = with_exif(&jpeg(&camera_pixels(4000, 3000)), 6);
    assert!(contains(&original, CAMERA) && contains(&original, &GPS_SECONDS));
    content.photo("cam.jpg", &original);
    content.article(&["cam.jpg"]);

    let started = Instant::now();
    let output = content.build().expect("builds");
    let secs = started.elapsed().as_secs_f64();
    println!(
        "one 4000×3000 photo decoded, resized and encoded (3 widths × WebP + JPEG) in {secs:.2} s"
    );
    assert_eq!(output.report.photos_encoded, 1);

    let figures = figures(&output);
    let Block::Figure {
        src: Some(src),
        width,
        height,
        files,
        ..
    } = &figures[0]
    else {
        panic!("a figure with a photo: {figures:?}");
    };
    // Orientation 6: the camera was turned a quarter; upright the photo is 3000 × 4000.
    assert_eq!((*width, *height), (Some(1440), Some(1920)), "{files:?}");
    let shape: Vec<(&str, u32)> = files.iter().map(|f| (f.format.as_str(), f.width)).collect();
    assert_eq!(
        shape,
        [
            ("webp", 480),
            ("jpeg", 480),
            ("webp", 960),
            ("jpeg", 960),
            ("webp", 1440),
            ("jpeg", 1440)
        ]
    );
    let jpeg_960 = files.iter().find(|f| f.format == "jpeg" && f.width == 960);
    assert_eq!(Some(src), jpeg_960.map(|f| &f.src), "src is the 960 JPEG");
    for f in files {
        let name = f.src.rsplit('/').next().unwrap();
        let (stem, rest) = name.split_once('.').unwrap();
        assert_eq!(stem, format!("cam-{}", f.width), "{name}");
        let (hash, ext) = rest.split_once('.').unwrap();
        assert!(
            hash.len() == 8 && hash.bytes().all(|b| b.is_ascii_hexdigit()),
            "{name}"
        );
        assert_eq!(ext, if f.format == "jpeg" { "jpg" } else { "webp" });
        assert!(f.src.starts_with("c/images/"), "{}", f.src);
    }

    for (format, w, bytes) in published(&output, files) {
        println!("{format} {w} px: {} bytes", bytes.len());
        let image = image::load_from_memory(&bytes).unwrap();
        assert_eq!(image.width(), w);
        assert_eq!(image.height(), w * 4 / 3, "upright: taller than wide");
        assert!(!contains(&bytes, b"Exif"), "{format} {w}: EXIF kept");
        assert!(!contains(&bytes, CAMERA), "{format} {w}: camera kept");
        assert!(!contains(&bytes, &GPS_SECONDS), "{format} {w}: GPS kept");
        // A 390 px phone at 3 device pixels per CSS pixel picks 1440 (390 × 3 = 1170).
        if format == "webp" && w == 1440 {
            assert!(
                bytes.len() <= 150_000,
                "1440 px WebP is {} bytes",
                bytes.len()
            );
        }
    }
    // The index lists the article's published photo files.
    let index = output.text("data/c/index.json").unwrap();
    assert!(index.contains(&files[0].src), "{index}");
}

#[test]
fn photos_are_never_enlarged_and_transparency_is_kept() {
    let content = Content::new("narrow");
    content.photo("small.png", &png(&camera_pixels(300, 200).into()));
    content.photo("mid.jpg", &jpeg(&camera_pixels(1000, 500)));
    let mut clear = image::RgbaImage::from_pixel(1200, 600, image::Rgba([200, 10, 10, 255]));
    for (x, _, p) in clear.enumerate_pixels_mut() {
        if x < 600 {
            p.0[3] = 0;
        }
    }
    content.photo("logo.png", &png(&clear.into()));
    content.article(&["small.png", "mid.jpg", "logo.png"]);
    let output = content.build().expect("builds");
    let shapes: Vec<_> = figures(&output)
        .into_iter()
        .map(|b| match b {
            Block::Figure {
                src,
                width,
                height,
                files,
                ..
            } => (
                src.unwrap(),
                width.unwrap(),
                height.unwrap(),
                files
                    .into_iter()
                    .map(|f| format!("{} {}", f.format, f.width))
                    .collect::<Vec<_>>(),
            ),
            _ => unreachable!(),
        })
        .collect();
    let (src, w, h, files) = &shapes[0];
    assert_eq!((*w, *h), (300, 200), "narrower than 480: its own width");
    assert_eq!(files, &["webp 300", "jpeg 300"]);
    assert!(src.ends_with(".jpg"), "{src}");
    let (src, w, h, files) = &shapes[1];
    assert_eq!((*w, *h), (960, 480));
    assert_eq!(files, &["webp 480", "jpeg 480", "webp 960", "jpeg 960"]);
    assert!(src.contains("mid-960."), "{src}");
    let (src, w, h, files) = &shapes[2];
    // 1200 px wide: its own width too (see the test of `widths` below).
    assert_eq!((*w, *h), (1200, 600));
    assert_eq!(files, &["webp 480", "webp 960", "png 960", "webp 1200"]);
    assert!(src.contains("logo-960.") && src.ends_with(".png"), "{src}");
    let Block::Figure { files, .. } = &figures(&output)[2] else {
        unreachable!()
    };
    for (format, _, bytes) in published(&output, files) {
        let image = image::load_from_memory(&bytes).unwrap().to_rgba8();
        assert!(
            image.get_pixel(10, 10).0[3] < 16,
            "{format}: clear stays clear"
        );
        assert!(image.get_pixel(image.width() - 10, 10).0[3] > 240);
    }
}

/// Files below `dir`, relative, with their bytes.
fn tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push((
                    path.strip_prefix(dir).unwrap().to_owned(),
                    fs::read(&path).unwrap(),
                ));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn a_rebuild_encodes_nothing_and_writes_the_same_site() {
    let content = Content::new("cache");
    content.photo("a.jpg", &jpeg(&camera_pixels(1600, 1200)));
    content.photo("b.png", &png(&camera_pixels(500, 400).into()));
    content.article(&["a.jpg", "b.png", "a.jpg"]);
    let out = content.out();
    let first = build_to(&content.0, &out, &content.options()).expect("builds");
    assert_eq!((first.photos_encoded, first.photos_cached), (2, 0));
    assert_eq!(first.images, 6 + 2, "a.jpg once although shown twice");
    assert!(first
        .to_string()
        .contains("photos: 2 encoded, 0 from the cache"));
    let written = tree(&out);
    fs::remove_dir_all(&out).unwrap();

    let started = Instant::now();
    let second = build_to(&content.0, &out, &content.options()).expect("builds again");
    println!(
        "rebuild with the photos cached: {:.3} s",
        started.elapsed().as_secs_f64()
    );
    assert_eq!((second.photos_encoded, second.photos_cached), (0, 2));
    assert_eq!(tree(&out), written, "the same files, byte for byte");

    // A changed photo is encoded again, under new names.
    content.photo("b.png", &png(&camera_pixels(520, 400).into()));
    let third = build(&content.0, &content.options()).expect("builds");
    assert_eq!(
        (third.report.photos_encoded, third.report.photos_cached),
        (1, 1)
    );
}

#[test]
fn the_cache_is_in_the_content_folder_unless_told_otherwise() {
    let options = Options::default();
    let dir = wenji::build::photo_cache(Path::new("site"), &options);
    if std::env::var_os("WENJI_CACHE").is_none() {
        assert_eq!(dir, Path::new("site/.wenji-cache/photos"));
    }
    let told = Options {
        cache: Some("/tmp/c".into()),
        ..Options::default()
    };
    assert_eq!(
        wenji::build::photo_cache(Path::new("site"), &told),
        Path::new("/tmp/c/photos")
    );
}

/// A PNG of only a signature and a header (with its CRC) claiming `width` × `height` of 16-bit
/// RGBA: a decompression bomb's first bytes.
fn png_header(width: u32, height: u32) -> Vec<u8> {
    let mut chunk = b"IHDR".to_vec();
    chunk.extend(width.to_be_bytes());
    chunk.extend(height.to_be_bytes());
    chunk.extend([16, 6, 0, 0, 0]);
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    out.extend(13u32.to_be_bytes());
    out.extend(&chunk);
    out.extend(crc32(&chunk).to_be_bytes());
    // An IDAT of a few zero bytes: not enough, but the decoder must refuse before reading it.
    let idat = b"IDAT\x78\x9c\x03\x00\x00\x00\x00\x01";
    out.extend(((idat.len() - 4) as u32).to_be_bytes());
    out.extend(idat);
    out.extend(crc32(idat).to_be_bytes());
    out
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[test]
fn bad_photos_are_refused_with_their_figure_and_nothing_is_written() {
    let mut corrupt = jpeg(&camera_pixels(800, 600));
    let half = corrupt.len() / 2;
    corrupt.truncate(half);
    corrupt.extend([0xff, 0xd9]);
    for b in &mut corrupt[600..half] {
        *b = 0xff;
    }
    let cases: [(&str, Vec<u8>, &str); 4] = [
        ("corrupt.jpg", corrupt, "is not a readable JPEG"),
        (
            "notes.jpg",
            "這不是照片。\n".repeat(20).into_bytes(),
            "is not a JPEG, PNG or WebP image",
        ),
        (
            "huge.png",
            png_header(20_000, 20_000),
            "is 20000×20000 pixels, over the limit of 12000×12000",
        ),
        (
            "bomb.png",
            png_header(11_000, 11_000),
            "is 11000×11000 pixels of Rgba16, 923 MB decoded, over the limit of 512 MB",
        ),
    ];
    for (name, bytes, expected) in cases {
        let content = Content::new(name);
        content.photo("good.jpg", &jpeg(&camera_pixels(600, 400)));
        content.photo(name, &bytes);
        content.article(&["good.jpg", name]);
        let out = content.out();
        let problems = build_to(&content.0, &out, &content.options()).expect_err(name);
        assert_eq!(problems.len(), 1, "{problems:?}");
        let problem = problems[0].to_string();
        // `a.md`: front matter (4 lines), a paragraph, a blank line, the good photo, a blank line.
        assert!(problem.contains("a.md:9: photo "), "{problem}");
        assert!(
            problem.contains(&format!("images/{name}: {expected}")),
            "{problem}"
        );
        assert!(!out.exists(), "{name}: nothing written");
    }
}

#[test]
fn decoding_is_refused_before_allocating_for_a_huge_header() {
    let started = Instant::now();
    let error = photos::decode(&png_header(20_000, 20_000)).unwrap_err();
    assert!(error.contains("20000×20000"), "{error}");
    let error = photos::decode(&png_header(11_000, 11_000)).unwrap_err();
    assert!(error.contains("over the limit of 512 MB"), "{error}");
    assert!(
        started.elapsed().as_millis() < 500,
        "refused from the header"
    );
}

#[test]
fn a_photo_gets_the_standard_widths_it_fills_and_its_own_when_well_over_them() {
    use wenji::photos::widths;
    assert_eq!(widths(4000), [480, 960, 1440]);
    assert_eq!(widths(1440), [480, 960, 1440]);
    // 1200 serves a phone at three device pixels (390 × 3 = 1170) better than 960.
    assert_eq!(widths(1200), [480, 960, 1200]);
    // 4 % over 960: not worth a file of its own.
    assert_eq!(widths(1000), [480, 960]);
    assert_eq!(widths(600), [480, 600]);
    assert_eq!(widths(300), [300]);
}
