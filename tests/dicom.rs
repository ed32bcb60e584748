//! DICOM headers through `Guard::scan`: dcmdump and pydicom prints read
//! by tag (`src/detect/dicom.rs`), the patient's attributes found, the
//! equipment's, the institution's and the study's left alone. All values
//! are synthetic.

use phi_guard::{Format, Guard, PhiType};
use PhiType::{Address, Age, Date, Mrn, Name, ZipCode};

/// The findings of `text` with their values.
fn found(g: &Guard, text: &str, format: Format) -> Vec<(PhiType, String)> {
    g.scan(text, format).findings.iter().map(|f| (f.kind, text[f.start..f.end].to_string())).collect()
}

const DCMDUMP: &str = "# Dicom-Data-Set
# Used TransferSyntax: Little Endian Explicit
(0008,0020) DA [20251103]                               #   8, 1 StudyDate
(0008,0030) TM [091500]                                 #   6, 1 StudyTime
(0008,0050) SH [B55120934]                              #  10, 1 AccessionNumber
(0008,0070) LO [Philips Healthcare]                     #  18, 1 Manufacturer
(0008,0080) LO [LAKESIDE FAMILY MEDICINE]               #  24, 1 InstitutionName
(0008,0090) PN (no value available)                     #   0, 0 ReferringPhysicianName
(0008,1030) LO [CT CHEST WO]                            #  12, 1 StudyDescription
(0010,0010) PN [QUIBBLE^ZOLTAN^F]                       #  16, 1 PatientName
(0010,0020) LO [K5520187]                               #   8, 1 PatientID
(0010,0030) DA [19330817]                               #   8, 1 PatientBirthDate
(0010,0040) CS [M]                                      #   2, 1 PatientSex
(0010,1010) AS [092Y]                                   #   4, 1 PatientAge
(0020,000d) UI [1.2.826.0.1.3680043.8.498.10000001.2]   #  38, 1 StudyInstanceUID
";

#[test]
fn dcmdump_patient_attributes_by_tag() {
    let f = found(&Guard::default(), DCMDUMP, Format::Text);
    let want = [(Date, "20251103"), (Name, "QUIBBLE"), (Name, "ZOLTAN"), (Name, "F"), (Mrn, "K5520187"), (Date, "19330817"), (Age, "092")];
    for (t, v) in want {
        assert!(f.contains(&(t, v.to_string())), "{t:?} {v}: {f:?}");
    }
    assert_eq!(f.len(), want.len(), "nothing else: {f:?}");
}

#[test]
fn dcmdump_equipment_and_study_are_no_ones() {
    // The institution, the study's description, the referring physician
    // (empty), the model, the scanner's serial, its calibration date.
    let text = "(0008,0070) LO [Canon Medical Systems]                  #  22, 1 Manufacturer
(0008,0080) LO [NORTHSIDE FAMILY MEDICINE]              #  26, 1 InstitutionName
(0008,0081) ST [88 CORPORATE WOODS DR, SPRINGFIELD]     #  36, 1 InstitutionAddress
(0008,0090) PN (no value available)                     #   0, 0 ReferringPhysicianName
(0008,1030) LO [MR BRAIN W WO]                          #  14, 1 StudyDescription
(0008,1010) SH [MRROOM2]                                #   8, 1 StationName
(0008,1090) LO [Aquilion Lightning]                     #  18, 1 ManufacturerModelName
(0018,1000) LO [0250058]                                #   8, 1 DeviceSerialNumber
(0018,1200) DA [20240714]                               #   8, 1 DateOfLastCalibration
(0010,1010) AS [087Y]                                   #   4, 1 PatientAge
";
    assert_eq!(found(&Guard::default(), text, Format::Text), vec![]);
}

const PYDICOM: &str = "Dataset.file_meta -------------------------------
(0002, 0002) Media Storage SOP Class UID          UI: 'CT Image Storage'
-------------------------------------------------
(0008, 0020) Study Date                           DA: '20250719'
(0008, 0080) Institution Name                     LO: 'Harbor View Imaging'
(0008, 0090) Referring Physician's Name           PN: ''
(0010, 0010) Patient's Name                       PN: 'ODUYA^TEMPERANCE'
(0010, 0020) Patient ID                           LO: '70331245'
(0010, 0030) Patient's Birth Date                 DA: '19580204'
(0010, 1040) Patient's Address                    LO: '4417 WEXFORD LN APT 3, SPRINGFIELD IL 62704'
(0020, 0011) Series Number                        IS: 10
";

#[test]
fn pydicom_patient_attributes_by_tag() {
    let f = found(&Guard::default(), PYDICOM, Format::Text);
    for (t, v) in [(Date, "20250719"), (Name, "ODUYA"), (Name, "TEMPERANCE"), (Mrn, "70331245"), (Date, "19580204")] {
        assert!(f.contains(&(t, v.to_string())), "{t:?} {v}: {f:?}");
    }
    // The address (not the VR before it), and nothing in the SOP class's
    // name or the institution's.
    // Its ZIP after the state's code a finding of its own.
    assert!(f.contains(&(Address, "4417 WEXFORD LN APT 3, SPRINGFIELD IL".into())) && f.contains(&(ZipCode, "62704".into())), "{f:?}");
    assert!(f.iter().all(|(t, v)| !v.contains("LO") && !v.contains("Storage") && !v.contains("Harbor") && (*t != Address || v.contains("WEXFORD"))), "{f:?}");
}

#[test]
fn a_dump_in_a_log_line_or_a_json_string() {
    let g = Guard::default();
    let line = format!("2026-01-04T10:00:00Z WARN dump:\n{}", &DCMDUMP[DCMDUMP.find("(0010,0010)").unwrap()..]);
    let f = found(&g, &line, Format::Log);
    assert!(f.contains(&(Name, "ZOLTAN".into())) && f.contains(&(Mrn, "K5520187".into())), "{f:?}");
    let json = format!("{{\"dump\":\"{}\"}}", PYDICOM.replace('\n', "\\n").replace('\'', "\\u0027"));
    let json = json.replace("\\u0027", "'");
    let f = found(&g, &json, Format::Json);
    assert!(f.contains(&(Name, "ODUYA".into())) && f.contains(&(Mrn, "70331245".into())), "{f:?}");
}

#[test]
fn disabled_by_name() {
    let g = Guard::from_json(r#"{"disableDetectors":["dicom"]}"#).unwrap();
    let f = found(&g, DCMDUMP, Format::Text);
    assert!(!f.contains(&(Mrn, "K5520187".into())), "{f:?}");
}

/// DICOM JSON (PS3.18 F.2): the 8-digit keys are the tags; the values in
/// an attribute's `Value` array (a PN's `Alphabetic`) are what it says.
#[test]
fn dicom_json_values_by_tag() {
    let text = r#"[{"00080020":{"vr":"DA","Value":["20250719"]},"00080050":{"vr":"SH","Value":["B55120934"]},"00080090":{"vr":"PN"},"00100010":{"vr":"PN","Value":[{"Alphabetic":"DE LA CRUZ^TEMPERANCE^A"}]},"00100020":{"vr":"LO","Value":["70331245"]},"00100030":{"vr":"DA","Value":["19580204"]},"0020000D":{"vr":"UI","Value":["1.2.826.0.1.3680043.8.498.1"]},"00201208":{"vr":"IS","Value":[12]}}]"#;
    let f = found(&Guard::default(), text, Format::Json);
    // A PN's `Alphabetic` is the name, family and given apart.
    let want = [(Date, "20250719"), (Mrn, "70331245"), (Date, "19580204"), (Name, "DE LA CRUZ"), (Name, "TEMPERANCE")];
    for (t, v) in want {
        assert!(f.contains(&(t, v.to_string())), "{t:?} {v}: {f:?}");
    }
    assert!(f.iter().all(|(t, _)| *t != PhiType::Mrn || f.iter().filter(|x| x.0 == PhiType::Mrn).count() == 1), "{f:?}");
    // Not a tag: a `Value` array under any other key says nothing of its own,
    // nor an `Alphabetic` under a tag that is no patient's (the referring
    // physician's, 00080090) or outside a `Value` array.
    assert_eq!(found(&Guard::default(), r#"{"metric":{"vr":"LO","Value":["70331245"]}}"#, Format::Json), vec![]);
    assert_eq!(found(&Guard::default(), r#"{"metric":{"vr":"PN","Value":[{"Alphabetic":"CARTER^ALAN"}]}}"#, Format::Json), vec![]);
    assert_eq!(found(&Guard::default(), r#"{"00080090":{"vr":"PN","Value":[{"Alphabetic":"CARTER^ALAN"}]}}"#, Format::Json), vec![]);
    assert_eq!(found(&Guard::default(), r#"{"00100010":{"vr":"PN","Alphabetic":"CARTER^ALAN"}}"#, Format::Json), vec![]);
}
