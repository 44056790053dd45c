//! One vocabulary: the words that name the values of the crate's enums.
//!
//! Every word-named enum — sectors, party forms, venue kinds, commando fields,
//! demonstration levels, task purposes, big-committee kinds, forbidden acts, severities,
//! and the words of unit kinds, relations, pairing types and record types — is declared
//! once with the crate-internal `vocab!` macro, as a list of `Variant => "word"` pairs.
//! From that list come the enum, `ALL` (every value, in declaration order), `WORDS` (their
//! words, in the same order), `as_str`, [`Display`](std::fmt::Display),
//! [`FromStr`](std::str::FromStr) (failing with [`UnknownWord`]), and serde's
//! `Serialize`/`Deserialize` as the word, so that CSV tables, JSON snapshots, serde and
//! messages all speak the same words. The trait [`Vocabulary`] gives the same to generic
//! code.
//!
//! Enums whose variants carry data ([`UnitKind`](crate::UnitKind),
//! [`Relation`](crate::Relation), [`PairingKind`](crate::PairingKind),
//! [`RecordKind`](crate::RecordKind)) take their words from a fieldless companion declared
//! here the same way ([`KindWord`](crate::unit::KindWord),
//! [`RelationWord`](crate::relation::RelationWord),
//! [`PairingWord`](crate::relation::PairingWord),
//! [`RecordWord`](crate::record::RecordWord)).
//!
//! ```
//! use partyorg::Sector;
//! use partyorg::vocab::UnknownWord;
//!
//! assert_eq!(Sector::School.to_string(), "school");
//! assert_eq!("non_public_enterprise".parse(), Ok(Sector::NonPublicEnterprise));
//! let err: UnknownWord = "robot".parse::<Sector>().unwrap_err();
//! assert!(err.to_string().contains("organ, public_institution"));
//! // A Chinese name reads as the same value, which still displays in English.
//! assert_eq!("学校".parse::<Sector>().map(|s| s.to_string()), Ok("school".to_owned()));
//! ```

use std::fmt;
use std::marker::PhantomData;

/// A word that names no value of a vocabulary, with the words that do.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} {word:?}, expected one of: {}", .expected.join(", "))]
#[non_exhaustive]
pub struct UnknownWord {
    /// The word as given.
    pub word: String,
    /// What the word should have named (`sector`, `party form` …).
    pub what: &'static str,
    /// The valid words.
    pub expected: &'static [&'static str],
}

impl UnknownWord {
    /// The error for `word`, which should have been one of `expected`, naming a `what`.
    ///
    /// ```
    /// use partyorg::vocab::UnknownWord;
    /// let err = UnknownWord::new("purple", "colour", &["red", "green"]);
    /// assert_eq!((err.word.as_str(), err.what), ("purple", "colour"));
    /// assert_eq!(err.expected, ["red", "green"]);
    /// ```
    pub fn new(word: &str, what: &'static str, expected: &'static [&'static str]) -> Self {
        UnknownWord {
            word: word.to_owned(),
            what,
            expected,
        }
    }

    /// The error for `word`, which is no word of `T`.
    ///
    /// ```
    /// use partyorg::{Sector, vocab::UnknownWord};
    /// let err = UnknownWord::of::<Sector>("robot");
    /// assert_eq!(err.expected, Sector::WORDS);
    /// assert_eq!(Some(err), "robot".parse::<Sector>().err());
    /// ```
    pub fn of<T: Vocabulary>(word: &str) -> Self {
        UnknownWord::new(word, T::WHAT, T::WORDS)
    }
}

/// A fieldless enum whose values are named by words (declared with the `vocab!` macro).
pub trait Vocabulary: Copy + Eq + fmt::Debug + 'static {
    /// What a value is, in lower case (`sector`, `party form` …), for messages.
    const WHAT: &'static str;
    /// Every value, in declaration order.
    const VARIANTS: &'static [Self];
    /// The words of [`VARIANTS`](Self::VARIANTS), in the same order.
    const WORDS: &'static [&'static str];
    /// Other words read as a value (its Chinese names: 学校 for
    /// [`Sector::School`](crate::Sector::School)), each with the value it names, in
    /// declaration order. They are read ([`from_word`](Self::from_word), `FromStr`, serde,
    /// files) but never written: [`word`](Self::word) and `Display` give the English word.
    const ALIASES: &'static [(&'static str, Self)] = &[];

    /// The value's word.
    fn word(self) -> &'static str;

    /// The value named by `word` or by one of its [`ALIASES`](Self::ALIASES), if any
    /// (exact, case-sensitive).
    fn from_word(word: &str) -> Option<Self>;
}

/// Deserializes a value of a vocabulary from its word; an unknown word fails with the
/// message of [`UnknownWord`], which names the valid words.
pub(crate) fn deserialize<'de, T: Vocabulary, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<T, D::Error> {
    struct Words<T>(PhantomData<T>);
    impl<T: Vocabulary> serde::de::Visitor<'_> for Words<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "a {} ({})", T::WHAT, T::WORDS.join(", "))
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<T, E> {
            T::from_word(v).ok_or_else(|| E::custom(UnknownWord::of::<T>(v)))
        }
    }
    d.deserialize_str(Words(PhantomData))
}

/// Checks the fields of a value that serde reads as a word and its fields, as a file row
/// holds it (a record's `type` with its counts, a relation with its `count` …): every
/// field of `needed` is present and no other field of `present` is, besides the
/// `optional` ones. The error names the field and the word (`participants does not apply
/// to type joint_meeting`).
pub(crate) fn check_fields(
    word: &str,
    present: &[(&'static str, bool)],
    needed: &[&str],
    optional: &[&str],
) -> Result<(), String> {
    for &(field, here) in present {
        if here && !needed.contains(&field) && !optional.contains(&field) {
            return Err(format!("{field} does not apply to {word}"));
        }
        if !here && needed.contains(&field) {
            return Err(format!("{word} needs {field}"));
        }
    }
    Ok(())
}

/// Declares a fieldless enum from one list of `Variant => "word"` pairs, each optionally
/// with other words read as the same value (`Variant => "word" | "别名"`):
///
/// ```text
/// vocab! {
///     /// The enum's doc.
///     #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
///     pub enum Sector: "sector" {
///         /// A variant's doc.
///         Organ => "organ" | "机关",
///         /// …
///         Other => "other",
///     }
/// }
/// ```
///
/// The string after the enum's name says what a value is, for messages. The macro emits
/// the enum with its attributes and docs, `ALL`, `WORDS`, `as_str`, [`Vocabulary`],
/// `Display`, `FromStr` (error [`UnknownWord`]), `Serialize` and `Deserialize`, all
/// through the words. Do not derive `Serialize` or `Deserialize` on it.
macro_rules! vocab {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident : $what:literal {
            $( $(#[doc = $doc:literal])* $variant:ident => $word:literal $(| $alias:literal)* ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        $vis enum $name {
            $( $(#[doc = $doc])* $variant, )+
        }

        impl $name {
            #[doc = concat!("Every ", $what, ", in declaration order.")]
            pub const ALL: [Self; [$(stringify!($variant)),+].len()] = [$(Self::$variant),+];

            #[doc = concat!(
                "The words of the ", $what, "s, in the order of [`ALL`](Self::ALL): ",
                $("`", $word, "` "),+
            )]
            pub const WORDS: &'static [&'static str] = &[$($word),+];

            #[doc = concat!(
                "The word naming the ", $what,
                " in files, JSON, serde and messages (one of [`WORDS`](Self::WORDS)).\n\n",
                "Every value reads back from its word, which is also how it displays:\n\n",
                "```\n",
                "# use partyorg::{*, code::*, history::*, record::*, relation::*, rollup::*, tally::*, unit::*};\n",
                "for value in ", stringify!($name), "::ALL {\n",
                "    let word = value.as_str();\n",
                "    assert_eq!(word.parse::<", stringify!($name), ">(), Ok(value));\n",
                "    assert_eq!(value.to_string(), word);\n",
                "}\n",
                "assert_eq!(", stringify!($name), "::ALL.map(|v| v.as_str()), ",
                stringify!($name), "::WORDS);\n",
                "```"
            )]
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $word,)+
                }
            }
        }

        impl $crate::vocab::Vocabulary for $name {
            const WHAT: &'static str = $what;
            const VARIANTS: &'static [Self] = &Self::ALL;
            const WORDS: &'static [&'static str] = Self::WORDS;
            const ALIASES: &'static [(&'static str, Self)] = &[$($(($alias, Self::$variant),)*)+];

            fn word(self) -> &'static str {
                self.as_str()
            }

            fn from_word(word: &str) -> Option<Self> {
                match word {
                    $($word $(| $alias)* => Some(Self::$variant),)+
                    _ => None,
                }
            }
        }

        $crate::vocab::word_traits!($name);
    };
}

pub(crate) use vocab;

/// `Display`, `FromStr` (error [`UnknownWord`]), `Serialize` and `Deserialize` of a type
/// through its [`Vocabulary`] words: for `vocab!`, and for enums that implement
/// [`Vocabulary`] by hand (the rules, named by their ids).
macro_rules! word_traits {
    ($name:ty) => {
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.pad($crate::vocab::Vocabulary::word(*self))
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::vocab::UnknownWord;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                <Self as $crate::vocab::Vocabulary>::from_word(s)
                    .ok_or_else(|| $crate::vocab::UnknownWord::of::<Self>(s))
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str($crate::vocab::Vocabulary::word(*self))
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                $crate::vocab::deserialize(d)
            }
        }
    };
}

pub(crate) use word_traits;
