//! Shapes of real app traffic that a review found leaking, each through
//! `Guard::scan` as a log line or an error message. All values are synthetic.

use phi_guard::{Format, Guard};

fn redacted(text: &str, format: Format) -> String {
    Guard::default().scan(text, format).redacted
}

#[test]
fn a_dashed_ssn_after_a_path_separator_is_found() {
    for (text, want) in [
        ("GET /records/219-09-9999 404", "GET /records/[SSN] 404"),
        ("saved /uploads/219-09-9999.pdf", "saved /uploads/[SSN].pdf"),
        ("key=scans/219-09-9999/chart.png", "key=scans/[SSN]/chart.png"),
    ] {
        assert_eq!(redacted(text, Format::Text), want, "{text}");
    }
    // After a number and a slash it is part of that number (a fraction, a date's tail).
    for text in ["ratio 12/219-09-9999 ok", "v2.219-09-9999"] {
        assert_eq!(redacted(text, Format::Text), text);
    }
}

#[test]
fn a_postgres_unique_violation_names_its_key() {
    for (text, want) in [
        (
            "duplicate key value violates unique constraint \"patients_mrn_key\" DETAIL: Key (mrn)=(88421337) already exists.",
            "duplicate key value violates unique constraint \"patients_mrn_key\" DETAIL: Key (mrn)=([MRN]) already exists.",
        ),
        ("Key (medical_record_number)=(88421337) already exists.", "Key (medical_record_number)=([MRN]) already exists."),
        ("Key (email)=(zq@example.com) already exists.", "Key (email)=([EMAIL]) already exists."),
    ] {
        assert_eq!(redacted(text, Format::Error), want, "{text}");
        assert_eq!(redacted(text, Format::Text), want, "{text}");
    }
}
