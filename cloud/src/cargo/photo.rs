//! Profile photos: what a client uploads is decoded under limits (so a
//! decompression bomb is refused before its pixels are allocated), cropped
//! to a square, scaled to 256×256 and re-encoded as a fresh JPEG, so EXIF,
//! comments and anything hidden in the file are left behind.

use std::io::Cursor;

use image::{ImageError, ImageFormat, ImageReader, Limits};
use web::i18n::cargo_cabinet::CabinetProblem;

/// Largest file accepted.
pub const MAX_BYTES: usize = 5 * 1024 * 1024;
/// Largest width or height accepted.
pub const MAX_SIDE: u32 = 6000;
/// Most memory one decode may take.
const MAX_ALLOC: u64 = 160 * 1024 * 1024;
/// The stored photo's side.
pub const SIDE: u32 = 256;

/// Why a photo is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PhotoError {
    /// Not JPEG, PNG or WebP.
    #[error("not a JPEG, PNG or WebP image")]
    Type,
    /// Over [`MAX_BYTES`].
    #[error("file too large")]
    Large,
    /// Over [`MAX_SIDE`] or [`MAX_ALLOC`].
    #[error("image dimensions too large")]
    Dimensions,
    /// It does not decode.
    #[error("damaged image")]
    Broken,
}

impl PhotoError {
    /// What the user reads.
    #[must_use]
    pub fn problem(self) -> CabinetProblem {
        match self {
            PhotoError::Type => CabinetProblem::PhotoType,
            PhotoError::Large => CabinetProblem::PhotoLarge,
            PhotoError::Dimensions => CabinetProblem::PhotoDimensions,
            PhotoError::Broken => CabinetProblem::PhotoBroken,
        }
    }
}

fn limits() -> Limits {
    let mut l = Limits::default();
    l.max_image_width = Some(MAX_SIDE);
    l.max_image_height = Some(MAX_SIDE);
    l.max_alloc = Some(MAX_ALLOC);
    l
}

fn decode_error(e: &ImageError) -> PhotoError {
    match e {
        ImageError::Limits(_) => PhotoError::Dimensions,
        ImageError::Unsupported(_) => PhotoError::Type,
        _ => PhotoError::Broken,
    }
}

/// The uploaded file as a 256×256 JPEG of its own making.
///
/// # Errors
/// [`PhotoError`].
pub fn reencode(bytes: &[u8]) -> Result<Vec<u8>, PhotoError> {
    if bytes.len() > MAX_BYTES {
        return Err(PhotoError::Large);
    }
    let format = image::guess_format(bytes).map_err(|_| PhotoError::Type)?;
    if !matches!(format, ImageFormat::Png | ImageFormat::Jpeg | ImageFormat::WebP) {
        return Err(PhotoError::Type);
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(limits());
    // The header alone tells the size: a bomb stops here.
    let (w, h) = reader.into_dimensions().map_err(|e| decode_error(&e))?;
    if w == 0 || h == 0 || w > MAX_SIDE || h > MAX_SIDE {
        return Err(PhotoError::Dimensions);
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(limits());
    let img = reader.decode().map_err(|e| decode_error(&e))?;
    let square = img.resize_to_fill(SIDE, SIDE, image::imageops::FilterType::Triangle).to_rgb8();
    let mut out = Vec::with_capacity(32 * 1024);
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85)
        .encode_image(&square)
        .map_err(|_| PhotoError::Broken)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbImage::from_fn(w, h, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 90]));
        let mut out = Vec::new();
        img.write_to(&mut Cursor::new(&mut out), ImageFormat::Png).unwrap_or_default();
        out
    }

    #[test]
    fn a_png_becomes_a_square_jpeg() {
        let out = reencode(&png(300, 200)).unwrap_or_default();
        assert_eq!(image::guess_format(&out).ok(), Some(ImageFormat::Jpeg));
        let back = image::load_from_memory(&out).map(|i| (i.width(), i.height())).ok();
        assert_eq!(back, Some((SIDE, SIDE)));
    }

    #[test]
    fn bad_files_are_refused() {
        assert_eq!(reencode(b"just some text, not a picture"), Err(PhotoError::Type));
        let whole = png(64, 64);
        assert_eq!(reencode(&whole[..whole.len() / 2]), Err(PhotoError::Broken));
        assert_eq!(reencode(&vec![0_u8; MAX_BYTES + 1]), Err(PhotoError::Large));
        // A PNG header claiming 100000×100000 pixels.
        let mut bomb = whole.clone();
        bomb[16..20].copy_from_slice(&100_000_u32.to_be_bytes());
        bomb[20..24].copy_from_slice(&100_000_u32.to_be_bytes());
        let crc = crc32(&bomb[12..29]);
        bomb[29..33].copy_from_slice(&crc.to_be_bytes());
        assert_eq!(reencode(&bomb), Err(PhotoError::Dimensions));
    }

    fn crc32(data: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFF_u32;
        for &b in data {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
            }
        }
        !crc
    }
}
