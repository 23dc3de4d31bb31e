/// Which characters take two columns: the wide and full-width ranges of Unicode's East Asian
/// Width property that Japanese text uses (kana, kanji, full-width forms, CJK punctuation).
public enum EastAsianWidth {
    public static func isWide(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x1100...0x115F,      // Hangul Jamo initials
             0x2E80...0x303E,      // CJK radicals, punctuation (、。「」)
             0x3041...0x33FF,      // kana, CJK symbols
             0x3400...0x4DBF,      // CJK extension A
             0x4E00...0x9FFF,      // CJK unified ideographs
             0xA000...0xA4CF,      // Yi
             0xAC00...0xD7A3,      // Hangul syllables
             0xF900...0xFAFF,      // CJK compatibility ideographs
             0xFE30...0xFE4F,      // CJK compatibility forms
             0xFF00...0xFF60,      // full-width forms
             0xFFE0...0xFFE6,      // full-width signs
             0x1F300...0x1F64F,    // pictographs and emoticons
             0x1F900...0x1F9FF,
             0x20000...0x3FFFD:    // CJK extensions B and beyond
            return true
        default:
            return false
        }
    }
}
