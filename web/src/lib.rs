//! The portal's look: templates, CSS, SVG charts and language catalogs. Only
//! the crate exists so far; the owner-portal issue fills it in.
