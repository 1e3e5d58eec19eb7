//! Decoding with limits, turning upright, resizing and encoding (native only).

use std::io::Cursor;

use fast_image_resize as fr;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};
use sha2::{Digest, Sha256};

use super::{hex, widths, File, Photo, MAX_ALLOC, MAX_SIDE};

const WEBP_QUALITY: f32 = 78.0;
const JPEG_QUALITY: u8 = 78;

/// Decodes a photo, turns it upright and encodes every file: the photo and each file's bytes.
pub fn encode(bytes: &[u8]) -> Result<(Photo, Vec<Vec<u8>>), String> {
    let image = decode(bytes)?;
    let (width, height) = (image.width(), image.height());
    // Transparency survives in WebP; its fallback is PNG rather than a JPEG on an arbitrary
    // background. Opaque photos (nearly all) are encoded from RGB.
    let alpha = image.color().has_alpha() && {
        let rgba = image.to_rgba8();
        rgba.pixels().any(|p| p.0[3] < 255)
    };
    let (pixels, pixel_type) = if alpha {
        (image.into_rgba8().into_raw(), fr::PixelType::U8x4)
    } else {
        (image.into_rgb8().into_raw(), fr::PixelType::U8x3)
    };
    let source = fr::images::ImageRef::new(width, height, &pixels, pixel_type)
        .map_err(|e| format!("cannot resize: {e}"))?;
    let mut resizer = fr::Resizer::new();
    let options =
        fr::ResizeOptions::new().resize_alg(fr::ResizeAlg::Convolution(fr::FilterType::Lanczos3));
    let widths = widths(width);
    let fallback_width = if widths.contains(&960) {
        960
    } else {
        widths.iter().copied().max().unwrap_or(width)
    };
    let mut files = Vec::new();
    let mut encoded = Vec::new();
    for &w in &widths {
        let h = scaled_height(width, height, w);
        let resized = if w == width {
            pixels.clone()
        } else {
            let mut out = fr::images::Image::new(w, h, pixel_type);
            resizer
                .resize(&source, &mut out, &options)
                .map_err(|e| format!("cannot resize: {e}"))?;
            out.into_vec()
        };
        let mut push = |format: &str, bytes: Vec<u8>| {
            files.push(File {
                width: w,
                height: h,
                format: format.to_owned(),
                hash: hex(&Sha256::digest(&bytes)[..4]),
            });
            encoded.push(bytes);
        };
        push("webp", encode_webp(&resized, w, h, alpha)?);
        if !alpha {
            push("jpeg", encode_jpeg(&resized, w, h)?);
        } else if w == fallback_width {
            push("png", encode_png(&resized, w, h)?);
        }
    }
    let top = widths.iter().copied().max().unwrap_or(width);
    let photo = Photo {
        width: top,
        height: scaled_height(width, height, top),
        files,
    };
    Ok((photo, encoded))
}

fn scaled_height(width: u32, height: u32, to: u32) -> u32 {
    let h = (u64::from(height) * u64::from(to) + u64::from(width) / 2) / u64::from(width);
    u32::try_from(h).unwrap_or(u32::MAX).max(1)
}

/// Decodes JPEG, PNG or WebP within [`MAX_SIDE`] and [`MAX_ALLOC`], upright.
pub fn decode(bytes: &[u8]) -> Result<DynamicImage, String> {
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| format!("cannot read: {e}"))?;
    let format = match reader.format() {
        Some(f @ (ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP)) => f,
        Some(other) => {
            return Err(format!(
                "is a {other:?} image; photos must be JPEG, PNG or WebP"
            ))
        }
        None => {
            return Err(
                "is not a JPEG, PNG or WebP image (its first bytes are no image format's)".into(),
            )
        }
    };
    let name = format!("{format:?}").to_uppercase();
    // The header alone, so a huge photo is refused before anything is allocated for it.
    let (w, h) = ImageReader::with_format(Cursor::new(bytes), format)
        .into_dimensions()
        .map_err(|e| format!("is not a readable {name} (its header: {e})"))?;
    if w > MAX_SIDE || h > MAX_SIDE {
        return Err(format!(
            "is {w}×{h} pixels, over the limit of {MAX_SIDE}×{MAX_SIDE}; scale it down first"
        ));
    }
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_ALLOC);
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(limits);
    let too_big = |e: image::ImageError| match e {
        image::ImageError::Limits(e) => {
            format!("is {w}×{h} pixels, more than can be decoded within {MAX_ALLOC} bytes ({e})")
        }
        e => format!("is not a readable {name}: {e}"),
    };
    let mut decoder = reader.into_decoder().map_err(too_big)?;
    // `into_decoder` checks the sides; the decoded pixels are checked here (as `decode` would).
    if decoder.total_bytes() > MAX_ALLOC {
        return Err(format!(
            "is {w}×{h} pixels of {:?}, {} MB decoded, over the limit of {} MB; scale it down first",
            decoder.color_type(),
            decoder.total_bytes() >> 20,
            MAX_ALLOC >> 20
        ));
    }
    let orientation = decoder.orientation().map_err(too_big)?;
    let mut image = DynamicImage::from_decoder(decoder).map_err(too_big)?;
    image.apply_orientation(orientation);
    Ok(image)
}

fn encode_webp(pixels: &[u8], w: u32, h: u32, alpha: bool) -> Result<Vec<u8>, String> {
    let encoder = if alpha {
        webp::Encoder::from_rgba(pixels, w, h)
    } else {
        webp::Encoder::from_rgb(pixels, w, h)
    };
    encoder
        .encode_simple(false, WEBP_QUALITY)
        .map(|m| m.to_vec())
        .map_err(|e| format!("cannot encode WebP: {e:?}"))
}

fn encode_jpeg(pixels: &[u8], w: u32, h: u32) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY)
        .encode(pixels, w, h, image::ExtendedColorType::Rgb8)
        .map_err(|e| format!("cannot encode JPEG: {e}"))?;
    Ok(out)
}

fn encode_png(pixels: &[u8], w: u32, h: u32) -> Result<Vec<u8>, String> {
    use image::ImageEncoder;
    let mut out = Vec::new();
    image::codecs::png::PngEncoder::new(&mut out)
        .write_image(pixels, w, h, image::ExtendedColorType::Rgba8)
        .map_err(|e| format!("cannot encode PNG: {e}"))?;
    Ok(out)
}
