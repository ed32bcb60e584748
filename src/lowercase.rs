//! Lower-casing as the standard library does it, without its tables.
//!
//! `char::to_lowercase` brought Unicode's lower-case mapping into the wasm
//! as a table of 1,462 pairs of chars (11.7 KB, 4.3 KB gzipped), and
//! `str::to_lowercase` the Case_Ignorable and Cased tables for its final
//! sigma besides. Here the same mapping is [`LOWER_RUNS`], 185 runs of
//! chars a step apart that map by one offset, and Case_Ignorable
//! [`CASE_IGNORABLE`], its ranges kept as the gaps between them in a byte
//! or two each. Cased is `char::is_lowercase` or `char::is_uppercase`
//! (whose tables the crate links anyway) or one of Unicode's titlecase
//! letters ([`is_titlecase`]).
//!
//! The tests compare every char with the standard library, so when a
//! toolchain brings a new Unicode version they fail until the tables are
//! made again from it: `cargo test --release --lib print_tables -- --ignored
//! --nocapture` prints them.

/// The lower-case mapping of `char::to_lowercase`, as runs `(first, count,
/// step, offset)`: the `count` chars `first`, `first + step`, … each map
/// to itself plus `offset`. Every other char maps to itself, but U+0130
/// (`İ`), which maps to two ([`lower`]). Sorted, and no run begins inside
/// another's span.
const LOWER_RUNS: [(u32, u32, u32, i32); 185] = [
    (0x0041, 26, 1, 32), (0x00C0, 23, 1, 32), (0x00D8, 7, 1, 32), (0x0100, 24, 2, 1), (0x0132, 3, 2, 1),
    (0x0139, 8, 2, 1), (0x014A, 23, 2, 1), (0x0178, 1, 1, -121), (0x0179, 3, 2, 1), (0x0181, 1, 1, 210),
    (0x0182, 2, 2, 1), (0x0186, 1, 1, 206), (0x0187, 1, 1, 1), (0x0189, 2, 1, 205), (0x018B, 1, 1, 1),
    (0x018E, 1, 1, 79), (0x018F, 1, 1, 202), (0x0190, 1, 1, 203), (0x0191, 1, 1, 1), (0x0193, 1, 1, 205),
    (0x0194, 1, 1, 207), (0x0196, 1, 1, 211), (0x0197, 1, 1, 209), (0x0198, 1, 1, 1), (0x019C, 1, 1, 211),
    (0x019D, 1, 1, 213), (0x019F, 1, 1, 214), (0x01A0, 3, 2, 1), (0x01A6, 1, 1, 218), (0x01A7, 1, 1, 1),
    (0x01A9, 1, 1, 218), (0x01AC, 1, 1, 1), (0x01AE, 1, 1, 218), (0x01AF, 1, 1, 1), (0x01B1, 2, 1, 217),
    (0x01B3, 2, 2, 1), (0x01B7, 1, 1, 219), (0x01B8, 1, 1, 1), (0x01BC, 1, 1, 1), (0x01C4, 1, 1, 2),
    (0x01C5, 1, 1, 1), (0x01C7, 1, 1, 2), (0x01C8, 1, 1, 1), (0x01CA, 1, 1, 2), (0x01CB, 9, 2, 1),
    (0x01DE, 9, 2, 1), (0x01F1, 1, 1, 2), (0x01F2, 2, 2, 1), (0x01F6, 1, 1, -97), (0x01F7, 1, 1, -56),
    (0x01F8, 20, 2, 1), (0x0220, 1, 1, -130), (0x0222, 9, 2, 1), (0x023A, 1, 1, 10795), (0x023B, 1, 1, 1),
    (0x023D, 1, 1, -163), (0x023E, 1, 1, 10792), (0x0241, 1, 1, 1), (0x0243, 1, 1, -195), (0x0244, 1, 1, 69),
    (0x0245, 1, 1, 71), (0x0246, 5, 2, 1), (0x0370, 2, 2, 1), (0x0376, 1, 1, 1), (0x037F, 1, 1, 116),
    (0x0386, 1, 1, 38), (0x0388, 3, 1, 37), (0x038C, 1, 1, 64), (0x038E, 2, 1, 63), (0x0391, 17, 1, 32),
    (0x03A3, 9, 1, 32), (0x03CF, 1, 1, 8), (0x03D8, 12, 2, 1), (0x03F4, 1, 1, -60), (0x03F7, 1, 1, 1),
    (0x03F9, 1, 1, -7), (0x03FA, 1, 1, 1), (0x03FD, 3, 1, -130), (0x0400, 16, 1, 80), (0x0410, 32, 1, 32),
    (0x0460, 17, 2, 1), (0x048A, 27, 2, 1), (0x04C0, 1, 1, 15), (0x04C1, 7, 2, 1), (0x04D0, 48, 2, 1),
    (0x0531, 38, 1, 48), (0x10A0, 38, 1, 7264), (0x10C7, 1, 1, 7264), (0x10CD, 1, 1, 7264), (0x13A0, 80, 1, 38864),
    (0x13F0, 6, 1, 8), (0x1C89, 1, 1, 1), (0x1C90, 43, 1, -3008), (0x1CBD, 3, 1, -3008), (0x1E00, 75, 2, 1),
    (0x1E9E, 1, 1, -7615), (0x1EA0, 48, 2, 1), (0x1F08, 8, 1, -8), (0x1F18, 6, 1, -8), (0x1F28, 8, 1, -8),
    (0x1F38, 8, 1, -8), (0x1F48, 6, 1, -8), (0x1F59, 4, 2, -8), (0x1F68, 8, 1, -8), (0x1F88, 8, 1, -8),
    (0x1F98, 8, 1, -8), (0x1FA8, 8, 1, -8), (0x1FB8, 2, 1, -8), (0x1FBA, 2, 1, -74), (0x1FBC, 1, 1, -9),
    (0x1FC8, 4, 1, -86), (0x1FCC, 1, 1, -9), (0x1FD8, 2, 1, -8), (0x1FDA, 2, 1, -100), (0x1FE8, 2, 1, -8),
    (0x1FEA, 2, 1, -112), (0x1FEC, 1, 1, -7), (0x1FF8, 2, 1, -128), (0x1FFA, 2, 1, -126), (0x1FFC, 1, 1, -9),
    (0x2126, 1, 1, -7517), (0x212A, 1, 1, -8383), (0x212B, 1, 1, -8262), (0x2132, 1, 1, 28), (0x2160, 16, 1, 16),
    (0x2183, 1, 1, 1), (0x24B6, 26, 1, 26), (0x2C00, 48, 1, 48), (0x2C60, 1, 1, 1), (0x2C62, 1, 1, -10743),
    (0x2C63, 1, 1, -3814), (0x2C64, 1, 1, -10727), (0x2C67, 3, 2, 1), (0x2C6D, 1, 1, -10780),
    (0x2C6E, 1, 1, -10749), (0x2C6F, 1, 1, -10783), (0x2C70, 1, 1, -10782), (0x2C72, 1, 1, 1), (0x2C75, 1, 1, 1),
    (0x2C7E, 2, 1, -10815), (0x2C80, 50, 2, 1), (0x2CEB, 2, 2, 1), (0x2CF2, 1, 1, 1), (0xA640, 23, 2, 1),
    (0xA680, 14, 2, 1), (0xA722, 7, 2, 1), (0xA732, 31, 2, 1), (0xA779, 2, 2, 1), (0xA77D, 1, 1, -35332),
    (0xA77E, 5, 2, 1), (0xA78B, 1, 1, 1), (0xA78D, 1, 1, -42280), (0xA790, 2, 2, 1), (0xA796, 10, 2, 1),
    (0xA7AA, 1, 1, -42308), (0xA7AB, 1, 1, -42319), (0xA7AC, 1, 1, -42315), (0xA7AD, 1, 1, -42305),
    (0xA7AE, 1, 1, -42308), (0xA7B0, 1, 1, -42258), (0xA7B1, 1, 1, -42282), (0xA7B2, 1, 1, -42261),
    (0xA7B3, 1, 1, 928), (0xA7B4, 8, 2, 1), (0xA7C4, 1, 1, -48), (0xA7C5, 1, 1, -42307), (0xA7C6, 1, 1, -35384),
    (0xA7C7, 2, 2, 1), (0xA7CB, 1, 1, -42343), (0xA7CC, 8, 2, 1), (0xA7DC, 1, 1, -42561), (0xA7F5, 1, 1, 1),
    (0xFF21, 26, 1, 32), (0x10400, 40, 1, 40), (0x104B0, 36, 1, 40), (0x10570, 11, 1, 39), (0x1057C, 15, 1, 39),
    (0x1058C, 7, 1, 39), (0x10594, 2, 1, 39), (0x10C80, 51, 1, 64), (0x10D50, 22, 1, 32), (0x118A0, 32, 1, 32),
    (0x16E40, 32, 1, 32), (0x16EA0, 25, 1, 27), (0x1E900, 34, 1, 34),
];

/// [`LOWER_RUNS`] as one `u64` a run, for a binary search of the first
/// chars: the first char from bit 40, the count from bit 33, the step less
/// one at bit 32 and the offset in the low 32 bits.
static LOWER: [u64; LOWER_RUNS.len()] = {
    let mut packed = [0; LOWER_RUNS.len()];
    let mut i = 0;
    while i < packed.len() {
        let (first, count, step, offset) = LOWER_RUNS[i];
        assert!(first < 1 << 21 && count < 1 << 7 && (step == 1 || step == 2));
        assert!(i == 0 || LOWER_RUNS[i - 1].0 + (LOWER_RUNS[i - 1].1 - 1) * LOWER_RUNS[i - 1].2 < first);
        packed[i] = (first as u64) << 40 | (count as u64) << 33 | ((step - 1) as u64) << 32 | offset as u32 as u64;
        i += 1;
    }
    packed
};

/// The chars of Unicode's Case_Ignorable property, as the standard
/// library's final-sigma rule reads them: inclusive ranges, sorted.
const CASE_IGNORABLE: [(u32, u32); 464] = [
    (0x0027, 0x0027), (0x002E, 0x002E), (0x003A, 0x003A), (0x005E, 0x005E), (0x0060, 0x0060), (0x00A8, 0x00A8),
    (0x00AD, 0x00AD), (0x00AF, 0x00AF), (0x00B4, 0x00B4), (0x00B7, 0x00B8), (0x02B0, 0x036F), (0x0374, 0x0375),
    (0x037A, 0x037A), (0x0384, 0x0385), (0x0387, 0x0387), (0x0483, 0x0489), (0x0559, 0x0559), (0x055F, 0x055F),
    (0x0591, 0x05BD), (0x05BF, 0x05BF), (0x05C1, 0x05C2), (0x05C4, 0x05C5), (0x05C7, 0x05C7), (0x05F4, 0x05F4),
    (0x0600, 0x0605), (0x0610, 0x061A), (0x061C, 0x061C), (0x0640, 0x0640), (0x064B, 0x065F), (0x0670, 0x0670),
    (0x06D6, 0x06DD), (0x06DF, 0x06E8), (0x06EA, 0x06ED), (0x070F, 0x070F), (0x0711, 0x0711), (0x0730, 0x074A),
    (0x07A6, 0x07B0), (0x07EB, 0x07F5), (0x07FA, 0x07FA), (0x07FD, 0x07FD), (0x0816, 0x082D), (0x0859, 0x085B),
    (0x0888, 0x0888), (0x0890, 0x0891), (0x0897, 0x089F), (0x08C9, 0x0902), (0x093A, 0x093A), (0x093C, 0x093C),
    (0x0941, 0x0948), (0x094D, 0x094D), (0x0951, 0x0957), (0x0962, 0x0963), (0x0971, 0x0971), (0x0981, 0x0981),
    (0x09BC, 0x09BC), (0x09C1, 0x09C4), (0x09CD, 0x09CD), (0x09E2, 0x09E3), (0x09FE, 0x09FE), (0x0A01, 0x0A02),
    (0x0A3C, 0x0A3C), (0x0A41, 0x0A42), (0x0A47, 0x0A48), (0x0A4B, 0x0A4D), (0x0A51, 0x0A51), (0x0A70, 0x0A71),
    (0x0A75, 0x0A75), (0x0A81, 0x0A82), (0x0ABC, 0x0ABC), (0x0AC1, 0x0AC5), (0x0AC7, 0x0AC8), (0x0ACD, 0x0ACD),
    (0x0AE2, 0x0AE3), (0x0AFA, 0x0AFF), (0x0B01, 0x0B01), (0x0B3C, 0x0B3C), (0x0B3F, 0x0B3F), (0x0B41, 0x0B44),
    (0x0B4D, 0x0B4D), (0x0B55, 0x0B56), (0x0B62, 0x0B63), (0x0B82, 0x0B82), (0x0BC0, 0x0BC0), (0x0BCD, 0x0BCD),
    (0x0C00, 0x0C00), (0x0C04, 0x0C04), (0x0C3C, 0x0C3C), (0x0C3E, 0x0C40), (0x0C46, 0x0C48), (0x0C4A, 0x0C4D),
    (0x0C55, 0x0C56), (0x0C62, 0x0C63), (0x0C81, 0x0C81), (0x0CBC, 0x0CBC), (0x0CBF, 0x0CBF), (0x0CC6, 0x0CC6),
    (0x0CCC, 0x0CCD), (0x0CE2, 0x0CE3), (0x0D00, 0x0D01), (0x0D3B, 0x0D3C), (0x0D41, 0x0D44), (0x0D4D, 0x0D4D),
    (0x0D62, 0x0D63), (0x0D81, 0x0D81), (0x0DCA, 0x0DCA), (0x0DD2, 0x0DD4), (0x0DD6, 0x0DD6), (0x0E31, 0x0E31),
    (0x0E34, 0x0E3A), (0x0E46, 0x0E4E), (0x0EB1, 0x0EB1), (0x0EB4, 0x0EBC), (0x0EC6, 0x0EC6), (0x0EC8, 0x0ECE),
    (0x0F18, 0x0F19), (0x0F35, 0x0F35), (0x0F37, 0x0F37), (0x0F39, 0x0F39), (0x0F71, 0x0F7E), (0x0F80, 0x0F84),
    (0x0F86, 0x0F87), (0x0F8D, 0x0F97), (0x0F99, 0x0FBC), (0x0FC6, 0x0FC6), (0x102D, 0x1030), (0x1032, 0x1037),
    (0x1039, 0x103A), (0x103D, 0x103E), (0x1058, 0x1059), (0x105E, 0x1060), (0x1071, 0x1074), (0x1082, 0x1082),
    (0x1085, 0x1086), (0x108D, 0x108D), (0x109D, 0x109D), (0x10FC, 0x10FC), (0x135D, 0x135F), (0x1712, 0x1714),
    (0x1732, 0x1733), (0x1752, 0x1753), (0x1772, 0x1773), (0x17B4, 0x17B5), (0x17B7, 0x17BD), (0x17C6, 0x17C6),
    (0x17C9, 0x17D3), (0x17D7, 0x17D7), (0x17DD, 0x17DD), (0x180B, 0x180F), (0x1843, 0x1843), (0x1885, 0x1886),
    (0x18A9, 0x18A9), (0x1920, 0x1922), (0x1927, 0x1928), (0x1932, 0x1932), (0x1939, 0x193B), (0x1A17, 0x1A18),
    (0x1A1B, 0x1A1B), (0x1A56, 0x1A56), (0x1A58, 0x1A5E), (0x1A60, 0x1A60), (0x1A62, 0x1A62), (0x1A65, 0x1A6C),
    (0x1A73, 0x1A7C), (0x1A7F, 0x1A7F), (0x1AA7, 0x1AA7), (0x1AB0, 0x1ADD), (0x1AE0, 0x1AEB), (0x1B00, 0x1B03),
    (0x1B34, 0x1B34), (0x1B36, 0x1B3A), (0x1B3C, 0x1B3C), (0x1B42, 0x1B42), (0x1B6B, 0x1B73), (0x1B80, 0x1B81),
    (0x1BA2, 0x1BA5), (0x1BA8, 0x1BA9), (0x1BAB, 0x1BAD), (0x1BE6, 0x1BE6), (0x1BE8, 0x1BE9), (0x1BED, 0x1BED),
    (0x1BEF, 0x1BF1), (0x1C2C, 0x1C33), (0x1C36, 0x1C37), (0x1C78, 0x1C7D), (0x1CD0, 0x1CD2), (0x1CD4, 0x1CE0),
    (0x1CE2, 0x1CE8), (0x1CED, 0x1CED), (0x1CF4, 0x1CF4), (0x1CF8, 0x1CF9), (0x1D2C, 0x1D6A), (0x1D78, 0x1D78),
    (0x1D9B, 0x1DFF), (0x1FBD, 0x1FBD), (0x1FBF, 0x1FC1), (0x1FCD, 0x1FCF), (0x1FDD, 0x1FDF), (0x1FED, 0x1FEF),
    (0x1FFD, 0x1FFE), (0x200B, 0x200F), (0x2018, 0x2019), (0x2024, 0x2024), (0x2027, 0x2027), (0x202A, 0x202E),
    (0x2060, 0x2064), (0x2066, 0x206F), (0x2071, 0x2071), (0x207F, 0x207F), (0x2090, 0x209C), (0x20D0, 0x20F0),
    (0x2C7C, 0x2C7D), (0x2CEF, 0x2CF1), (0x2D6F, 0x2D6F), (0x2D7F, 0x2D7F), (0x2DE0, 0x2DFF), (0x2E2F, 0x2E2F),
    (0x3005, 0x3005), (0x302A, 0x302D), (0x3031, 0x3035), (0x303B, 0x303B), (0x3099, 0x309E), (0x30FC, 0x30FE),
    (0xA015, 0xA015), (0xA4F8, 0xA4FD), (0xA60C, 0xA60C), (0xA66F, 0xA672), (0xA674, 0xA67D), (0xA67F, 0xA67F),
    (0xA69C, 0xA69F), (0xA6F0, 0xA6F1), (0xA700, 0xA721), (0xA770, 0xA770), (0xA788, 0xA78A), (0xA7F1, 0xA7F4),
    (0xA7F8, 0xA7F9), (0xA802, 0xA802), (0xA806, 0xA806), (0xA80B, 0xA80B), (0xA825, 0xA826), (0xA82C, 0xA82C),
    (0xA8C4, 0xA8C5), (0xA8E0, 0xA8F1), (0xA8FF, 0xA8FF), (0xA926, 0xA92D), (0xA947, 0xA951), (0xA980, 0xA982),
    (0xA9B3, 0xA9B3), (0xA9B6, 0xA9B9), (0xA9BC, 0xA9BD), (0xA9CF, 0xA9CF), (0xA9E5, 0xA9E6), (0xAA29, 0xAA2E),
    (0xAA31, 0xAA32), (0xAA35, 0xAA36), (0xAA43, 0xAA43), (0xAA4C, 0xAA4C), (0xAA70, 0xAA70), (0xAA7C, 0xAA7C),
    (0xAAB0, 0xAAB0), (0xAAB2, 0xAAB4), (0xAAB7, 0xAAB8), (0xAABE, 0xAABF), (0xAAC1, 0xAAC1), (0xAADD, 0xAADD),
    (0xAAEC, 0xAAED), (0xAAF3, 0xAAF4), (0xAAF6, 0xAAF6), (0xAB5B, 0xAB5F), (0xAB69, 0xAB6B), (0xABE5, 0xABE5),
    (0xABE8, 0xABE8), (0xABED, 0xABED), (0xFB1E, 0xFB1E), (0xFBB2, 0xFBC2), (0xFE00, 0xFE0F), (0xFE13, 0xFE13),
    (0xFE20, 0xFE2F), (0xFE52, 0xFE52), (0xFE55, 0xFE55), (0xFEFF, 0xFEFF), (0xFF07, 0xFF07), (0xFF0E, 0xFF0E),
    (0xFF1A, 0xFF1A), (0xFF3E, 0xFF3E), (0xFF40, 0xFF40), (0xFF70, 0xFF70), (0xFF9E, 0xFF9F), (0xFFE3, 0xFFE3),
    (0xFFF9, 0xFFFB), (0x101FD, 0x101FD), (0x102E0, 0x102E0), (0x10376, 0x1037A), (0x10780, 0x10785),
    (0x10787, 0x107B0), (0x107B2, 0x107BA), (0x10A01, 0x10A03), (0x10A05, 0x10A06), (0x10A0C, 0x10A0F),
    (0x10A38, 0x10A3A), (0x10A3F, 0x10A3F), (0x10AE5, 0x10AE6), (0x10D24, 0x10D27), (0x10D4E, 0x10D4E),
    (0x10D69, 0x10D6D), (0x10D6F, 0x10D6F), (0x10EAB, 0x10EAC), (0x10EC5, 0x10EC5), (0x10EFA, 0x10EFF),
    (0x10F46, 0x10F50), (0x10F82, 0x10F85), (0x11001, 0x11001), (0x11038, 0x11046), (0x11070, 0x11070),
    (0x11073, 0x11074), (0x1107F, 0x11081), (0x110B3, 0x110B6), (0x110B9, 0x110BA), (0x110BD, 0x110BD),
    (0x110C2, 0x110C2), (0x110CD, 0x110CD), (0x11100, 0x11102), (0x11127, 0x1112B), (0x1112D, 0x11134),
    (0x11173, 0x11173), (0x11180, 0x11181), (0x111B6, 0x111BE), (0x111C9, 0x111CC), (0x111CF, 0x111CF),
    (0x1122F, 0x11231), (0x11234, 0x11234), (0x11236, 0x11237), (0x1123E, 0x1123E), (0x11241, 0x11241),
    (0x112DF, 0x112DF), (0x112E3, 0x112EA), (0x11300, 0x11301), (0x1133B, 0x1133C), (0x11340, 0x11340),
    (0x11366, 0x1136C), (0x11370, 0x11374), (0x113BB, 0x113C0), (0x113CE, 0x113CE), (0x113D0, 0x113D0),
    (0x113D2, 0x113D2), (0x113E1, 0x113E2), (0x11438, 0x1143F), (0x11442, 0x11444), (0x11446, 0x11446),
    (0x1145E, 0x1145E), (0x114B3, 0x114B8), (0x114BA, 0x114BA), (0x114BF, 0x114C0), (0x114C2, 0x114C3),
    (0x115B2, 0x115B5), (0x115BC, 0x115BD), (0x115BF, 0x115C0), (0x115DC, 0x115DD), (0x11633, 0x1163A),
    (0x1163D, 0x1163D), (0x1163F, 0x11640), (0x116AB, 0x116AB), (0x116AD, 0x116AD), (0x116B0, 0x116B5),
    (0x116B7, 0x116B7), (0x1171D, 0x1171D), (0x1171F, 0x1171F), (0x11722, 0x11725), (0x11727, 0x1172B),
    (0x1182F, 0x11837), (0x11839, 0x1183A), (0x1193B, 0x1193C), (0x1193E, 0x1193E), (0x11943, 0x11943),
    (0x119D4, 0x119D7), (0x119DA, 0x119DB), (0x119E0, 0x119E0), (0x11A01, 0x11A0A), (0x11A33, 0x11A38),
    (0x11A3B, 0x11A3E), (0x11A47, 0x11A47), (0x11A51, 0x11A56), (0x11A59, 0x11A5B), (0x11A8A, 0x11A96),
    (0x11A98, 0x11A99), (0x11B60, 0x11B60), (0x11B62, 0x11B64), (0x11B66, 0x11B66), (0x11C30, 0x11C36),
    (0x11C38, 0x11C3D), (0x11C3F, 0x11C3F), (0x11C92, 0x11CA7), (0x11CAA, 0x11CB0), (0x11CB2, 0x11CB3),
    (0x11CB5, 0x11CB6), (0x11D31, 0x11D36), (0x11D3A, 0x11D3A), (0x11D3C, 0x11D3D), (0x11D3F, 0x11D45),
    (0x11D47, 0x11D47), (0x11D90, 0x11D91), (0x11D95, 0x11D95), (0x11D97, 0x11D97), (0x11DD9, 0x11DD9),
    (0x11EF3, 0x11EF4), (0x11F00, 0x11F01), (0x11F36, 0x11F3A), (0x11F40, 0x11F40), (0x11F42, 0x11F42),
    (0x11F5A, 0x11F5A), (0x13430, 0x13440), (0x13447, 0x13455), (0x1611E, 0x16129), (0x1612D, 0x1612F),
    (0x16AF0, 0x16AF4), (0x16B30, 0x16B36), (0x16B40, 0x16B43), (0x16D40, 0x16D42), (0x16D6B, 0x16D6C),
    (0x16F4F, 0x16F4F), (0x16F8F, 0x16F9F), (0x16FE0, 0x16FE1), (0x16FE3, 0x16FE4), (0x16FF2, 0x16FF3),
    (0x1AFF0, 0x1AFF3), (0x1AFF5, 0x1AFFB), (0x1AFFD, 0x1AFFE), (0x1BC9D, 0x1BC9E), (0x1BCA0, 0x1BCA3),
    (0x1CF00, 0x1CF2D), (0x1CF30, 0x1CF46), (0x1D167, 0x1D169), (0x1D173, 0x1D182), (0x1D185, 0x1D18B),
    (0x1D1AA, 0x1D1AD), (0x1D242, 0x1D244), (0x1DA00, 0x1DA36), (0x1DA3B, 0x1DA6C), (0x1DA75, 0x1DA75),
    (0x1DA84, 0x1DA84), (0x1DA9B, 0x1DA9F), (0x1DAA1, 0x1DAAF), (0x1E000, 0x1E006), (0x1E008, 0x1E018),
    (0x1E01B, 0x1E021), (0x1E023, 0x1E024), (0x1E026, 0x1E02A), (0x1E030, 0x1E06D), (0x1E08F, 0x1E08F),
    (0x1E130, 0x1E13D), (0x1E2AE, 0x1E2AE), (0x1E2EC, 0x1E2EF), (0x1E4EB, 0x1E4EF), (0x1E5EE, 0x1E5EF),
    (0x1E6E3, 0x1E6E3), (0x1E6E6, 0x1E6E6), (0x1E6EE, 0x1E6EF), (0x1E6F5, 0x1E6F5), (0x1E6FF, 0x1E6FF),
    (0x1E8D0, 0x1E8D6), (0x1E944, 0x1E94B), (0x1F3FB, 0x1F3FF), (0xE0001, 0xE0001), (0xE0020, 0xE007F),
    (0xE0100, 0xE01EF),
];

/// [`CASE_IGNORABLE`] as the gap before each range and its length less
/// one, each in one to three bytes of seven bits (the last with its high
/// bit clear): read from the start ([`is_case_ignorable`] is asked only
/// about the chars around a capital sigma).
static CASE_IGNORABLE_GAPS: [u8; gaps_len(&CASE_IGNORABLE)] = gaps(&CASE_IGNORABLE);

/// The bytes [`gaps`] writes `n` in.
const fn varint_len(n: u32) -> usize {
    if n < 1 << 7 {
        1
    } else if n < 1 << 14 {
        2
    } else {
        3
    }
}

/// The length of [`gaps`] of `ranges`.
const fn gaps_len(ranges: &[(u32, u32)]) -> usize {
    let (mut len, mut next, mut i) = (0, 0, 0);
    while i < ranges.len() {
        let (first, last) = ranges[i];
        assert!(next <= first && first <= last && last < 1 << 21);
        len += varint_len(first - next) + varint_len(last - first);
        next = last + 1;
        i += 1;
    }
    len
}

/// `ranges` as the gap before each and its length less one.
const fn gaps<const N: usize>(ranges: &[(u32, u32)]) -> [u8; N] {
    let mut out = [0; N];
    let (mut at, mut next, mut i) = (0, 0, 0);
    while i < ranges.len() {
        let (first, last) = ranges[i];
        let pair = [first - next, last - first];
        let mut k = 0;
        while k < 2 {
            let mut n = pair[k];
            while n >= 1 << 7 {
                out[at] = (n & 0x7F) as u8 | 0x80;
                n >>= 7;
                at += 1;
            }
            out[at] = n as u8;
            at += 1;
            k += 1;
        }
        next = last + 1;
        i += 1;
    }
    out
}

/// `c.to_lowercase()`: one char, and for U+0130 (`İ`) a second, U+0307.
pub(crate) fn lower(c: char) -> (char, Option<char>) {
    if c.is_ascii() {
        return (c.to_ascii_lowercase(), None);
    }
    if c == '\u{130}' {
        return ('i', Some('\u{307}'));
    }
    let u = c as u32;
    let i = LOWER.partition_point(|&r| (r >> 40) as u32 <= u);
    let Some(&run) = LOWER.get(i.wrapping_sub(1)) else {
        return (c, None);
    };
    let (first, count, step) = ((run >> 40) as u32, (run >> 33) as u32 & 0x7F, (run >> 32) as u32 & 1);
    let from = u - first;
    if from >> step < count && from & step == 0 {
        // The offsets keep every char of a run a char.
        return (char::from_u32(u.wrapping_add(run as u32)).unwrap_or(c), None);
    }
    (c, None)
}

/// Appends `c.to_lowercase()` to `out`.
pub(crate) fn push_lower(out: &mut String, c: char) {
    let (a, b) = lower(c);
    out.push(a);
    if let Some(b) = b {
        out.push(b);
    }
}

/// `s.to_lowercase()`: each char lower-cased, and a capital sigma that ends
/// a word as `ς`, else `σ` (Unicode's Final_Sigma, as the standard library
/// reads it).
pub(crate) fn to_lowercase(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for (i, c) in s.char_indices() {
        if c == 'Σ' {
            let word_final = cased_after_ignorable(s[..i].chars().rev()) && !cased_after_ignorable(s[i + c.len_utf8()..].chars());
            out.push(if word_final { 'ς' } else { 'σ' });
        } else {
            push_lower(&mut out, c);
        }
    }
    out
}

/// Whether the first char of `chars` that is not Case_Ignorable is Cased.
fn cased_after_ignorable(mut chars: impl Iterator<Item = char>) -> bool {
    chars.find(|&c| !is_case_ignorable(c)).is_some_and(|c| c.is_lowercase() || c.is_uppercase() || is_titlecase(c))
}

/// Unicode's titlecase letters (general category Lt): Cased, but neither
/// Lowercase nor Uppercase.
fn is_titlecase(c: char) -> bool {
    matches!(c, '\u{1C5}' | '\u{1C8}' | '\u{1CB}' | '\u{1F2}' | '\u{1F88}'..='\u{1F8F}' | '\u{1F98}'..='\u{1F9F}' | '\u{1FA8}'..='\u{1FAF}' | '\u{1FBC}' | '\u{1FCC}' | '\u{1FFC}')
}

/// Whether `c` is Case_Ignorable ([`CASE_IGNORABLE_GAPS`], read from the start).
fn is_case_ignorable(c: char) -> bool {
    let u = c as u32;
    let bytes = &CASE_IGNORABLE_GAPS[..];
    let read = |i: &mut usize| {
        let (mut n, mut shift) = (0u32, 0);
        while let Some(&b) = bytes.get(*i) {
            *i += 1;
            n |= u32::from(b & 0x7F) << shift;
            if b < 0x80 {
                break;
            }
            shift += 7;
        }
        n
    };
    let (mut i, mut next) = (0, 0);
    while i < bytes.len() {
        let first = next + read(&mut i);
        let last = first + read(&mut i);
        if u < first {
            return false;
        }
        if u <= last {
            return true;
        }
        next = last + 1;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every char lower-cases as `char::to_lowercase` has it.
    #[test]
    fn lower_is_the_standard_librarys() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let (a, b) = lower(c);
            assert!([a].into_iter().chain(b).eq(c.to_lowercase()), "U+{:04X}", c as u32);
        }
    }

    /// Every char is read as the standard library reads it around a capital
    /// sigma: before one (Cased and not Case_Ignorable makes it final),
    /// between it and a cased letter before it (Case_Ignorable is skipped),
    /// and after one (a Cased char that is not Case_Ignorable makes it
    /// not final). Each kind of char answers the three differently.
    #[test]
    fn final_sigma_is_the_standard_librarys() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            for s in [format!("{c}Σ"), format!("AΣ{c}"), format!("A{c}Σ")] {
                assert_eq!(to_lowercase(&s), s.to_lowercase(), "U+{:04X}", c as u32);
            }
        }
    }

    proptest::proptest! {
        /// Words of letters, marks and apostrophes around capital sigmas.
        #[test]
        fn to_lowercase_is_the_standard_librarys(s in "[ΣΑΒσA-Za-zİ'.·\u{300}\u{345}\u{1C5}\u{2BC}\u{10400} ]{0,12}") {
            proptest::prop_assert_eq!(to_lowercase(&s), s.to_lowercase());
        }
    }

    /// Prints [`LOWER_RUNS`] and [`CASE_IGNORABLE`] as the standard library
    /// has them (for a new Unicode version):
    /// `cargo test --release --lib print_tables -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn print_tables() {
        let mut runs: Vec<(u32, u32, u32, i64)> = vec![];
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let mut l = c.to_lowercase();
            let (Some(a), None) = (l.next(), l.next()) else { continue };
            let (u, offset) = (c as u32, i64::from(a as u32) - i64::from(c as u32));
            if offset == 0 {
                continue;
            }
            if let Some(r) = runs.last_mut() {
                let last = r.0 + (r.1 - 1) * r.2;
                if r.3 == offset && (u - last == r.2 || (r.1 == 1 && u - last == 2)) {
                    r.2 = u - last;
                    r.1 += 1;
                    continue;
                }
            }
            runs.push((u, 1, 1, offset));
        }
        let mut ignorable: Vec<(u32, u32)> = vec![];
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            // Skipped between a cased letter and a sigma, and not itself cased.
            let before = format!("{c}Σ").to_lowercase().ends_with('ς');
            let between = format!("A{c}Σ").to_lowercase().ends_with('ς');
            if between && !before {
                match ignorable.last_mut() {
                    Some(r) if r.1 + 1 == c as u32 => r.1 = c as u32,
                    _ => ignorable.push((c as u32, c as u32)),
                }
            }
        }
        let print = |name: &str, items: Vec<String>| {
            println!("{name}: {} entries", items.len());
            let mut line = String::new();
            for item in items {
                if line.len() + item.len() > 112 {
                    println!("    {}", line.trim_end());
                    line.clear();
                }
                line += &item;
                line += " ";
            }
            println!("    {}", line.trim_end());
        };
        print("LOWER_RUNS", runs.iter().map(|(f, n, s, o)| format!("(0x{f:04X}, {n}, {s}, {o}),")).collect());
        print("CASE_IGNORABLE", ignorable.iter().map(|(a, b)| format!("(0x{a:04X}, 0x{b:04X}),")).collect());
    }
}
