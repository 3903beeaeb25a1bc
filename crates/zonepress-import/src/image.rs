//! Image recognition is shared with the rest of ZonePress (`zonepress_core::image`).

pub use zonepress_core::image::probe as sniff;
