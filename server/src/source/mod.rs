//! The source layer: reading files, text, line index, offset maps, format sniffing and the YAML front end.

pub mod line_index;
pub mod offset_map;
pub mod read;
pub mod sniff;
pub mod yaml;

pub use line_index::{LineCol, LineIndex, PositionEncoding};
pub use offset_map::OffsetMap;
