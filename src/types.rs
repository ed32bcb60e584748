//! The identifier types phi-guard reports. Their names are a public contract.

use serde::Serialize;
use std::fmt;

/// One kind of identifier: the HIPAA Safe Harbor list (45 CFR 164.514(b)(2))
/// plus the financial identifiers and secrets that leak alongside PHI.
///
/// The serialised name (`"SSN"`, `"HEALTH_PLAN_ID"`, ...) is stable.
///
/// ```
/// use phi_guard::PhiType;
/// assert_eq!(PhiType::HealthPlanId.as_str(), "HEALTH_PLAN_ID");
/// assert_eq!("SSN".parse::<PhiType>().unwrap(), PhiType::Ssn);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[cfg_attr(test, derive(serde::Deserialize))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum PhiType {
    Name,
    Address,
    ZipCode,
    Date,
    Age,
    Phone,
    Fax,
    Email,
    Ssn,
    Mrn,
    HealthPlanId,
    AccountNumber,
    LicenseNumber,
    VehicleId,
    DeviceId,
    Url,
    IpAddress,
    BiometricId,
    OtherId,
    CreditCard,
    Iban,
    BankRouting,
    Secret,
}

impl PhiType {
    /// Every type, in a fixed order.
    pub const ALL: [PhiType; 23] = [
        PhiType::Name,
        PhiType::Address,
        PhiType::ZipCode,
        PhiType::Date,
        PhiType::Age,
        PhiType::Phone,
        PhiType::Fax,
        PhiType::Email,
        PhiType::Ssn,
        PhiType::Mrn,
        PhiType::HealthPlanId,
        PhiType::AccountNumber,
        PhiType::LicenseNumber,
        PhiType::VehicleId,
        PhiType::DeviceId,
        PhiType::Url,
        PhiType::IpAddress,
        PhiType::BiometricId,
        PhiType::OtherId,
        PhiType::CreditCard,
        PhiType::Iban,
        PhiType::BankRouting,
        PhiType::Secret,
    ];

    /// The stable public name, e.g. `"ZIP_CODE"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            PhiType::Name => "NAME",
            PhiType::Address => "ADDRESS",
            PhiType::ZipCode => "ZIP_CODE",
            PhiType::Date => "DATE",
            PhiType::Age => "AGE",
            PhiType::Phone => "PHONE",
            PhiType::Fax => "FAX",
            PhiType::Email => "EMAIL",
            PhiType::Ssn => "SSN",
            PhiType::Mrn => "MRN",
            PhiType::HealthPlanId => "HEALTH_PLAN_ID",
            PhiType::AccountNumber => "ACCOUNT_NUMBER",
            PhiType::LicenseNumber => "LICENSE_NUMBER",
            PhiType::VehicleId => "VEHICLE_ID",
            PhiType::DeviceId => "DEVICE_ID",
            PhiType::Url => "URL",
            PhiType::IpAddress => "IP_ADDRESS",
            PhiType::BiometricId => "BIOMETRIC_ID",
            PhiType::OtherId => "OTHER_ID",
            PhiType::CreditCard => "CREDIT_CARD",
            PhiType::Iban => "IBAN",
            PhiType::BankRouting => "BANK_ROUTING",
            PhiType::Secret => "SECRET",
        }
    }

    /// Identifiers that on their own point at one person (used by the
    /// classifier's "name plus identifier" rule and for counting individuals).
    pub fn is_direct_identifier(self) -> bool {
        !matches!(
            self,
            PhiType::Date | PhiType::ZipCode | PhiType::Age | PhiType::Url | PhiType::IpAddress
        )
    }
}

impl fmt::Display for PhiType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for PhiType {
    type Err = crate::Error;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        PhiType::ALL
            .iter()
            .copied()
            .find(|t| t.as_str() == s)
            .ok_or_else(|| crate::Error::config(format!("unknown identifier type (expected one of NAME, SSN, ...; got {} chars)", s.len())))
    }
}

#[cfg(test)]
mod tests {
    use super::PhiType;

    /// The wasm scan output names types by `as_str` (its string table);
    /// everything else serialises them with serde. They must agree.
    #[test]
    fn as_str_is_the_serialised_name() {
        for t in PhiType::ALL {
            assert_eq!(serde_json::to_string(&t).unwrap(), format!("\"{}\"", t.as_str()));
        }
    }
}
