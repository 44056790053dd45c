//! One vocabulary: every word-named enum speaks the same words in `Display`, `FromStr`,
//! serde and files (`src/vocab.rs`).

use std::collections::HashSet;
use std::fmt::Display;
use std::io::Cursor;
use std::path::Path;
use std::str::FromStr;

use partyorg::hierarchy::Removal;
use partyorg::interchange::table;
use partyorg::rollup::Facility;
use partyorg::validate::{Rule, Severity};
use partyorg::vocab::{UnknownWord, Vocabulary};
use partyorg::{
    PairingKind, PartyForm, Sector, UnitKind, code::CodeLevel, code::NbsType, record::RecordWord,
    relation::PairingWord, relation::RelationWord, unit::BigCommitteeKind, unit::CommandoField,
    unit::DemoLevel, unit::ForbiddenAct, unit::KindWord, unit::TaskPurpose, unit::VenueKind,
};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// A word no vocabulary has.
const BAD: &str = "no_such_word";

/// Checks one vocabulary: `ALL` and `WORDS` agree (as the inherent items `all` and `words`
/// of the type, and through [`Vocabulary`]), every value round-trips through `Display` /
/// `FromStr` and serde as its word, and a bad word is refused naming the valid words.
fn check<T>(all: &[T], words: &[&str], as_str: fn(T) -> &'static str)
where
    T: Vocabulary + Display + FromStr<Err = UnknownWord> + Serialize + DeserializeOwned,
{
    let name = std::any::type_name::<T>();
    assert_eq!(all, T::VARIANTS, "{name}: ALL");
    assert_eq!(words, T::WORDS, "{name}: WORDS");
    let mapped: Vec<&str> = all.iter().map(|&v| as_str(v)).collect();
    assert_eq!(mapped, words, "{name}: WORDS is ALL through as_str");
    let distinct: HashSet<&str> = words.iter().copied().collect();
    assert_eq!(distinct.len(), words.len(), "{name}: a word is repeated");
    for &v in all {
        let word = as_str(v);
        assert_eq!(v.word(), word, "{name}");
        assert_eq!(v.to_string(), word, "{name}: Display");
        assert_eq!(v.to_string().parse::<T>(), Ok(v), "{name}: FromStr");
        assert_eq!(T::from_word(word), Some(v), "{name}: from_word");
        let json = serde_json::to_string(&v).unwrap();
        assert_eq!(json, format!("\"{word}\""), "{name}: serde");
        assert_eq!(
            serde_json::from_str::<T>(&json).unwrap(),
            v,
            "{name}: serde back"
        );
    }
    let err = BAD.parse::<T>().unwrap_err();
    assert_eq!(err.word, BAD, "{name}");
    assert_eq!(err.expected, words, "{name}");
    assert_eq!(err.what, T::WHAT, "{name}");
    let message = err.to_string();
    assert!(message.contains(&words.join(", ")), "{name}: {message}");
    assert!(message.contains(BAD), "{name}: {message}");
    assert_eq!(message, message.to_lowercase(), "{name}: lower case");
    let err = serde_json::from_str::<T>(&format!("\"{BAD}\"")).unwrap_err();
    assert!(err.to_string().contains(&words.join(", ")), "{name}: {err}");
    // Words are exact: no case folding, no spaces.
    let upper = words[0].to_uppercase();
    assert!(upper.parse::<T>().is_err(), "{name}: {upper}");
    assert!(format!(" {}", words[0]).parse::<T>().is_err(), "{name}");
}

macro_rules! check_all {
    ($($t:ty),+ $(,)?) => {
        $( check::<$t>(&<$t>::ALL, <$t>::WORDS, <$t>::as_str); )+
    };
}

#[test]
fn every_vocabulary_speaks_its_words_everywhere() {
    check_all!(
        Sector,
        PartyForm,
        VenueKind,
        CommandoField,
        DemoLevel,
        TaskPurpose,
        BigCommitteeKind,
        ForbiddenAct,
        Severity,
        KindWord,
        RelationWord,
        PairingWord,
        RecordWord,
        CodeLevel,
        NbsType,
        Facility,
    );
    // The rules' words are their ids.
    check::<Rule>(Rule::ALL, Rule::IDS, Rule::id);
    // A removal's words are declared beside the batch edits that carry them.
    check::<Removal>(Removal::VARIANTS, Removal::WORDS, Removal::word);
}

#[test]
fn file_words_that_serde_once_spelt_otherwise() {
    assert_eq!(KindWord::EconomicCoop.as_str(), "coop");
    assert_eq!(UnitKind::EconomicCoop.as_str(), "coop");
    assert_eq!(
        serde_json::to_string(&UnitKind::EconomicCoop).unwrap(),
        "\"coop\""
    );
    assert_eq!(Severity::Warning.to_string(), "warning");
    // Display pads like a string.
    assert_eq!(format!("{:>8}|", Sector::Other), "   other|");
}

#[test]
fn unit_kinds_are_one_word_with_the_sector_after_a_colon() {
    for k in UnitKind::ALL {
        let text = k.to_string();
        match k {
            UnitKind::Institution(s) => assert_eq!(text, format!("institution:{s}")),
            _ => assert_eq!(text, k.as_str()),
        }
        assert_eq!(text.parse::<UnitKind>(), Ok(k), "{text}");
        let json = serde_json::to_string(&k).unwrap();
        assert_eq!(json, format!("\"{text}\""));
        assert_eq!(serde_json::from_str::<UnitKind>(&json).unwrap(), k);
        assert_eq!(k.word().as_str(), k.as_str());
        let sector = match k {
            UnitKind::Institution(s) => Some(s),
            _ => None,
        };
        assert_eq!(UnitKind::from_word(k.word(), sector), Some(k));
    }
    assert_eq!(UnitKind::from_word(KindWord::Institution, None), None);
}

#[test]
fn bad_unit_kinds_name_the_valid_words() {
    let sectors = Sector::WORDS.join(", ");
    // The unit kinds: the older form's organization words are no kinds.
    let kinds = KindWord::WORDS
        .iter()
        .filter(|w| !["temporary", "big_committee"].contains(w))
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    for (text, list) in [
        (BAD, &kinds),
        ("street:school", &kinds),
        ("institution", &sectors),
        ("institution:", &sectors),
        ("institution:robot", &sectors),
    ] {
        let err = text.parse::<UnitKind>().unwrap_err();
        assert!(err.to_string().contains(list.as_str()), "{text}: {err}");
        let err = serde_json::from_str::<UnitKind>(&format!("\"{text}\"")).unwrap_err();
        assert!(err.to_string().contains(list.as_str()), "{text}: {err}");
    }
}

#[test]
fn data_carrying_kinds_take_their_words_from_their_companions() {
    // Every type once: the first secretary's two forms are one word.
    let mut pairings = super::support::every_pairing_kind().to_vec();
    pairings.pop();
    let words: Vec<PairingWord> = pairings.iter().map(PairingKind::word).collect();
    assert_eq!(words, PairingWord::ALL);
    for p in &pairings {
        assert_eq!(p.as_str(), p.word().as_str());
        // serde names a pairing's type by the same word, in the relations table's column.
        let json = serde_json::to_value(p).unwrap();
        assert_eq!(json["pairing"], p.as_str(), "{json}");
    }
    let records = super::support::every_record_kind();
    let words: Vec<RecordWord> = records.iter().map(|r| r.word()).collect();
    assert_eq!(words, RecordWord::ALL);
    for r in records {
        assert_eq!(r.as_str(), r.word().as_str());
        let json = serde_json::to_value(r).unwrap();
        assert_eq!(json["type"], r.as_str(), "{json}");
    }
    for r in RelationWord::ALL {
        // Containment is a unit's parent; a superior and the unit an organization is
        // based in are columns of the organizations table.
        let in_files = !matches!(
            r,
            RelationWord::Contains | RelationWord::Superior | RelationWord::BasedIn
        );
        assert_eq!(r.in_files(), in_files, "{r}");
    }
}

#[test]
fn severities_display_as_their_words() {
    use partyorg::Severity;
    assert_eq!(Severity::Error.to_string(), "error");
    assert_eq!(Severity::Warning.to_string(), "warning");
    assert_eq!(Severity::Notice.to_string(), "notice");
}

#[test]
fn a_rule_displays_as_its_id() {
    for rule in Rule::ALL {
        assert_eq!(rule.to_string(), rule.id());
    }
    assert_eq!(Rule::TermLength.to_string(), "terms.length");
}

#[test]
fn sector_and_form_words_are_distinct_and_two_new_means_enterprises_and_associations() {
    use partyorg::Sector;
    let words: std::collections::HashSet<&str> = Sector::ALL.iter().map(|s| s.as_str()).collect();
    assert_eq!(words.len(), Sector::ALL.len());
    assert!(
        words
            .iter()
            .all(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
    );
    assert_eq!(
        Sector::NonPublicEnterprise.as_str(),
        "non_public_enterprise"
    );
    let two_new: Vec<Sector> = Sector::ALL.into_iter().filter(|s| s.is_two_new()).collect();
    assert_eq!(
        two_new,
        [Sector::NonPublicEnterprise, Sector::SocialOrganization]
    );
    let forms: std::collections::HashSet<&str> =
        PartyForm::ALL.iter().map(|f| f.as_str()).collect();
    assert_eq!(forms.len(), PartyForm::ALL.len());
    assert!(
        forms
            .iter()
            .all(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
    );
}

#[test]
fn every_kind_word_of_the_units_table_reads_as_its_kind() {
    let rows = "id,parent,kind,sector,name\n\
        1,,province,,广东省\n\
        2,1,city,,广州市\n\
        3,2,district,,白云区\n\
        4,3,street,,均禾街道\n\
        5,3,town,,人和镇\n\
        6,5,village,,凤和村委会\n\
        7,4,community,,罗岗社区居委会\n\
        8,6,coop,,第一经济社\n\
        9,7,federation,,罗岗经济联社\n\
        10,7,estate,,罗岗花园\n\
        11,3,institution,school,白云中学\n";
    let h = table::load_units_reader(Cursor::new(rows), Path::new("units.csv"))
        .expect("every kind word loads");
    let kinds: Vec<(u32, UnitKind)> = h.units().map(|u| (u.id().0, u.kind())).collect();
    assert_eq!(
        kinds,
        vec![
            (1, UnitKind::Province),
            (2, UnitKind::City),
            (3, UnitKind::District),
            (4, UnitKind::Street),
            (5, UnitKind::Town),
            (6, UnitKind::Village),
            (7, UnitKind::Community),
            (8, UnitKind::EconomicCoop),
            (9, UnitKind::Federation),
            (10, UnitKind::Estate),
            (11, UnitKind::Institution(partyorg::Sector::School)),
        ]
    );
    // And every kind writes back as the word it was read from.
    for u in h.units() {
        assert!(
            rows.contains(&format!(",{},", u.kind().as_str())),
            "{}",
            u.kind()
        );
    }
}

#[test]
fn ids_read_back_what_they_display_and_their_numbers() {
    use partyorg::{OrgId, PairingId, RecordId, UnitId};
    assert_eq!("org#5".parse::<OrgId>(), Ok(OrgId(5)));
    assert_eq!("5".parse::<OrgId>(), Ok(OrgId(5)));
    assert_eq!(
        PairingId(7).to_string().parse::<PairingId>(),
        Ok(PairingId(7))
    );
    assert_eq!(RecordId(9).to_string().parse::<RecordId>(), Ok(RecordId(9)));
    assert_eq!(UnitId(3).to_string().parse::<UnitId>(), Ok(UnitId(3)));
    // Another id's prefix, the reserved id, signs and spaces are refused, naming the kind.
    for bad in ["#5", "org#", "+5", " 5", "4294967295", "x"] {
        let err = bad.parse::<OrgId>().unwrap_err();
        assert!(err.to_string().contains("organization"), "{bad}: {err}");
    }
    assert!("org#5".parse::<UnitId>().is_err());
}
