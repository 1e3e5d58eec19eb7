use wenji::numbers::{byte_size, parse_permille, permille, permille_text, tenths_text};

#[test]
fn fractions_round_trip_through_storage() {
    for p in 0..=1000 {
        assert_eq!(parse_permille(&permille_text(p)), Some(p), "{p}");
    }
    assert_eq!(permille_text(512), "0.512");
    assert_eq!(permille_text(1000), "1.000");
    assert_eq!(permille(0.5124), 512);
    assert_eq!(permille(0.5125), 513);
    assert_eq!(permille(-0.1), 0);
    assert_eq!(permille(1.7), 1000);
    assert_eq!(permille(f64::NAN), 0);
}

#[test]
fn stored_fractions_in_every_written_form_are_read() {
    assert_eq!(parse_permille("0.5"), Some(500));
    assert_eq!(parse_permille("0.05"), Some(50));
    assert_eq!(parse_permille("0.12345"), Some(123));
    assert_eq!(parse_permille("1"), Some(1000));
    assert_eq!(parse_permille("0"), Some(0));
    for bad in [
        "", ".5", "1.5", "2", "-0.1", "0.5x", "10", "0,5", "NaN", "0.1.2",
    ] {
        assert_eq!(parse_permille(bad), None, "{bad:?}");
    }
}

#[test]
fn sizes_read_like_people_write_them() {
    assert_eq!(tenths_text(123), "12.3");
    assert_eq!(tenths_text(5), "0.5");
    assert_eq!(byte_size(0), "0.0 KB");
    assert_eq!(byte_size(1024), "1.0 KB");
    assert_eq!(byte_size(870_400), "850.0 KB");
    assert_eq!(byte_size(1024 * 1024), "1.0 MB");
    assert_eq!(byte_size(1_468_006), "1.4 MB");
    assert_eq!(byte_size(1_520_435), "1.4 MB"); // just under 1.45 MB
    assert_eq!(byte_size(1_520_436), "1.5 MB");
}
