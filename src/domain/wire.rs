//! The one text form of each closed choice of the model (`PortType::Direct` ↔ `"Direct"`), the
//! same as its JSON: the value a `<select>` or radio group carries, and what the field
//! vocabulary ([`crate::domain::field`]) reads and writes for a choice.

use super::model::{
    AddressFamily, Allocation, Encapsulation, GatewaySku, PortType, ProviderStatus, PublicIpSku,
    SkuFamily, SkuTier, SubnetMode,
};

/// A closed choice with one text form per value.
pub trait Wire: Sized + Copy + 'static {
    /// Every value, in the model's order.
    const ALL: &'static [Self];
    /// The value's text (its JSON form).
    fn wire(self) -> &'static str;
    /// The value whose text is `s`.
    fn parse(s: &str) -> Option<Self>;
}

/// A choice field seen through its text, so one lens serves every choice type.
pub trait WireMut {
    /// The value's text.
    fn text(&self) -> &'static str;
    /// Sets the value from its text; `false` (nothing changed) for a text no value has.
    fn set_text(&mut self, s: &str) -> bool;
}

impl<T: Wire> WireMut for T {
    fn text(&self) -> &'static str {
        self.wire()
    }
    fn set_text(&mut self, s: &str) -> bool {
        match T::parse(s) {
            Some(v) => {
                *self = v;
                true
            }
            None => false,
        }
    }
}

macro_rules! wire {
    ($($ty:ident { $($v:ident),+ $(,)? })+) => {$(
        impl Wire for $ty {
            const ALL: &'static [Self] = &[$($ty::$v),+];
            fn wire(self) -> &'static str {
                match self {
                    $($ty::$v => stringify!($v)),+
                }
            }
            fn parse(s: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.wire() == s)
            }
        }
    )+};
}

wire! {
    PortType { Provider, Direct }
    SkuTier { Local, Standard, Premium, Basic }
    SkuFamily { MeteredData, UnlimitedData }
    ProviderStatus { NotRecorded, NotProvisioned, Provisioning, Provisioned, Deprovisioning }
    AddressFamily { Ipv4, Ipv6, Both }
    SubnetMode { TwoSlash30, OneSlash29 }
    Encapsulation { Dot1Q, QinQ }
    GatewaySku {
        Standard, HighPerformance, UltraPerformance, ErGw1AZ, ErGw2AZ, ErGw3AZ, ErGwScale, Basic
    }
    PublicIpSku { Basic, Standard }
    Allocation { Dynamic, Static }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each value's text is its JSON form and parses back to it; nothing else parses.
    fn check<T: Wire + serde::Serialize + PartialEq + std::fmt::Debug>() {
        for &v in T::ALL {
            let json = serde_json::to_string(&v).unwrap();
            assert_eq!(json, format!("\"{}\"", v.wire()));
            assert_eq!(T::parse(v.wire()), Some(v));
            assert_eq!(T::parse(&v.wire().to_lowercase()), None);
        }
        assert_eq!(T::parse(""), None);
    }

    #[test]
    fn every_choice_has_its_json_text() {
        check::<PortType>();
        check::<SkuTier>();
        check::<SkuFamily>();
        check::<ProviderStatus>();
        check::<AddressFamily>();
        check::<SubnetMode>();
        check::<Encapsulation>();
        check::<GatewaySku>();
        check::<PublicIpSku>();
        check::<Allocation>();
    }

    #[test]
    fn a_choice_set_from_unknown_text_is_unchanged() {
        let mut t = SkuTier::Premium;
        assert!(!t.set_text("Platinum"));
        assert_eq!(t, SkuTier::Premium);
        assert!(t.set_text("Local"));
        assert_eq!(t, SkuTier::Local);
    }
}
