//! The pure domain: model, reference data, prefix and ASN math, rules, view model and diagram
//! geometry. Nothing here depends on the browser; it is tested natively.

pub mod acknowledge;
pub mod advice;
pub mod bounds;
pub mod catalog;
pub mod choices;
pub mod circuits;
pub mod derived;
pub mod design_file;
pub mod diagram;
pub mod edit;
pub mod export;
pub mod field;
pub mod finding;
pub mod fixes;
pub mod float_text;
pub mod glossary;
pub mod import;
pub mod io;
pub mod library;
pub mod limits;
pub mod model;
pub mod net;
pub mod paging;
pub mod progress;
pub mod recent;
pub mod records;
pub mod review;
pub mod rules;
pub mod secrets;
pub mod share;
pub mod sorted;
pub mod text;
pub mod view;
pub mod wire;
pub mod zip;
