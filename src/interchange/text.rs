//! The encoding of a CSV file: UTF-8 (with or without a byte-order mark), or GB18030
//! (which includes GBK and GB2312), the encoding Chinese spreadsheet software saves CSV in.
//!
//! Nobody has to say which: a file whose cells all read as UTF-8 is UTF-8 (a GB18030
//! file with Chinese text is almost never valid UTF-8), and so is any valid UTF-8 file;
//! one that is not is decoded as GB18030 when it decodes without error; otherwise it is
//! read as UTF-8 after all, so that the readers report the invalid bytes where they are
//! ([`ProblemKind::InvalidUtf8`]).
//!
//! Costs: nothing is held in memory but 64 KiB buffers, whatever the file's size. A
//! table is first read as UTF-8, without a check of its own: every cell a reader takes as
//! text is checked as it is read, so a clean UTF-8 file is read once. Only a reading that
//! meets a problem (a GB18030 file meets one at its first Chinese text or header) detects
//! the encoding and reads the file again: a GB18030 file is read four times (as UTF-8, to
//! find it is no UTF-8, to check that it decodes, and to load it, decoded as it streams).
//! Decoding keeps every line end as it is, so a problem's line is the line of the file
//! either way.
//!
//! [`ProblemKind::InvalidUtf8`]: super::ProblemKind::InvalidUtf8

use std::io::{Read, Seek, SeekFrom};

use encoding_rs::{CoderResult, DecoderResult, GB18030};

/// A table's text: the source itself when it is UTF-8, or its GB18030 text decoded as it
/// is read.
pub(crate) enum Text<R> {
    /// The source, UTF-8 (or neither encoding: its invalid bytes are reported).
    Utf8(R),
    /// The source's GB18030 text, decoded to UTF-8 (without a byte-order mark).
    Gb18030(Decoding<R>),
}

impl<R: Read> Read for Text<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self {
            Text::Utf8(r) => r.read(buf),
            Text::Gb18030(d) => d.read(buf),
        }
    }
}

impl<R: Read + Seek> Seek for Text<R> {
    /// Seeks the source; the decoded text can only be read again from its start.
    fn seek(&mut self, pos: SeekFrom) -> std::io::Result<u64> {
        match self {
            Text::Utf8(r) => r.seek(pos),
            Text::Gb18030(d) => d.seek(pos),
        }
    }
}

/// GB18030 bytes read as UTF-8, decoded 64 KiB at a time by encoding_rs (without
/// replacement: a malformed sequence is an [`std::io::ErrorKind::InvalidData`] error).
/// A byte-order mark at the start is dropped.
pub(crate) struct Decoding<R> {
    source: R,
    /// Where the text starts in the source, for reading it again.
    start: u64,
    decoder: encoding_rs::Decoder,
    input: Vec<u8>,
    /// The bytes of `input` not decoded yet: `input[taken..filled]`.
    taken: usize,
    filled: usize,
    output: Vec<u8>,
    /// The decoded bytes not given yet: `output[given..written]`.
    given: usize,
    written: usize,
    /// The source ended; `done`: its last bytes were decoded too.
    ended: bool,
    done: bool,
    /// Nothing decoded yet (a byte-order mark may come).
    at_start: bool,
}

impl<R: Read> Decoding<R> {
    fn new(source: R, start: u64) -> Self {
        Decoding {
            source,
            start,
            decoder: GB18030.new_decoder_without_bom_handling(),
            input: vec![0; 1 << 16],
            taken: 0,
            filled: 0,
            // Room for any 64 KiB of GB18030 (at most 3 UTF-8 bytes for each byte).
            output: vec![0; 3 << 16],
            given: 0,
            written: 0,
            ended: false,
            done: false,
            at_start: true,
        }
    }
}

impl<R: Read> Read for Decoding<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.given == self.written {
            if self.done || buf.is_empty() {
                return Ok(0);
            }
            if self.taken == self.filled && !self.ended {
                let n = match self.source.read(&mut self.input) {
                    Ok(n) => n,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                    Err(e) => return Err(e),
                };
                (self.taken, self.filled) = (0, n);
                self.ended = n == 0;
            }
            let (result, read, written) = self.decoder.decode_to_utf8_without_replacement(
                &self.input[self.taken..self.filled],
                &mut self.output,
                self.ended,
            );
            self.taken += read;
            (self.given, self.written) = (0, written);
            match result {
                DecoderResult::Malformed(..) => {
                    return Err(std::io::Error::new(
                        std::io::ErrorKind::InvalidData,
                        "not GB18030",
                    ));
                }
                DecoderResult::InputEmpty => self.done = self.ended,
                DecoderResult::OutputFull => {}
            }
            if self.at_start && self.written > 0 {
                self.at_start = false;
                if self.output[..self.written].starts_with("\u{FEFF}".as_bytes()) {
                    self.given = 3;
                }
            }
        }
        let n = buf.len().min(self.written - self.given);
        buf[..n].copy_from_slice(&self.output[self.given..self.given + n]);
        self.given += n;
        Ok(n)
    }
}

impl<R: Read + Seek> Decoding<R> {
    /// Goes back to the text's start (`SeekFrom::Start(0)`); no other position of the
    /// decoded text can be told.
    fn seek(&mut self, pos: SeekFrom) -> std::io::Result<u64> {
        if pos != SeekFrom::Start(0) {
            return Err(std::io::Error::new(
                std::io::ErrorKind::Unsupported,
                "decoded text is read again only from its start",
            ));
        }
        self.source.seek(SeekFrom::Start(self.start))?;
        self.decoder = GB18030.new_decoder_without_bom_handling();
        (self.taken, self.filled, self.given, self.written) = (0, 0, 0, 0);
        (self.ended, self.done, self.at_start) = (false, false, true);
        Ok(0)
    }
}

/// Whether everything `r` gives from where it stands is UTF-8, checked 64 KiB at a time.
fn is_utf8<R: Read>(r: &mut R) -> std::io::Result<bool> {
    let mut buf = vec![0u8; 1 << 16];
    // Bytes of a character cut by the end of the last chunk, moved to the front.
    let mut carried = 0;
    loop {
        let n = match r.read(&mut buf[carried..]) {
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if n == 0 {
            return Ok(carried == 0);
        }
        let filled = carried + n;
        match std::str::from_utf8(&buf[..filled]) {
            Ok(_) => carried = 0,
            // Only a character cut short by the chunk's end may continue in the next one.
            Err(e) if e.error_len().is_none() => {
                let valid = e.valid_up_to();
                buf.copy_within(valid..filled, 0);
                carried = filled - valid;
            }
            Err(_) => return Ok(false),
        }
    }
}

/// The text of a seekable source, positioned at its start: the source itself when it is
/// UTF-8 (or not GB18030 either), else its GB18030 text decoded (see the module doc).
///
/// # Errors
///
/// The source's reading or seeking errors.
pub(crate) fn detect<R: Read + Seek>(mut source: R) -> std::io::Result<Text<R>> {
    let start = source.stream_position()?;
    let utf8 = is_utf8(&mut source)?;
    source.seek(SeekFrom::Start(start))?;
    if utf8 {
        return Ok(Text::Utf8(source));
    }
    // Decoded once to check it, with nothing kept.
    let mut check = Decoding::new(&mut source, start);
    let gb18030 = match std::io::copy(&mut check, &mut std::io::sink()) {
        Ok(_) => true,
        Err(e) if e.kind() == std::io::ErrorKind::InvalidData => false,
        Err(e) => return Err(e),
    };
    source.seek(SeekFrom::Start(start))?;
    Ok(if gb18030 {
        Text::Gb18030(Decoding::new(source, start))
    } else {
        Text::Utf8(source)
    })
}

/// The text of a file's first 64 KiB, in its encoding (a character cut by the end left
/// out), enough to read its header without reading the whole file; invalid bytes of
/// neither encoding are replaced (the loaders report them where they are).
///
/// # Errors
///
/// The file's reading errors.
pub(crate) fn head<R: Read>(mut source: R) -> std::io::Result<String> {
    let mut buf = vec![0u8; 1 << 16];
    let mut got = 0;
    while got < buf.len() {
        match source.read(&mut buf[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    let bytes = &buf[..got];
    let utf8 = match std::str::from_utf8(bytes) {
        Ok(t) => Some(t),
        Err(e) if e.error_len().is_none() => std::str::from_utf8(&bytes[..e.valid_up_to()]).ok(),
        Err(_) => None,
    };
    if let Some(t) = utf8 {
        return Ok(t.to_owned());
    }
    let mut decoder = GB18030.new_decoder_without_bom_handling();
    let room = decoder
        .max_utf8_buffer_length(got)
        .unwrap_or(got.saturating_mul(3));
    let mut text = String::with_capacity(room);
    // Not the last chunk: a character cut by the end waits for bytes that never come.
    let (result, _, _) = decoder.decode_to_string(bytes, &mut text, false);
    debug_assert_eq!(result, CoderResult::InputEmpty);
    if text.starts_with('\u{FEFF}') {
        text.remove(0);
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    fn text_of(bytes: &[u8]) -> (bool, Vec<u8>) {
        let mut t = detect(Cursor::new(bytes.to_vec())).unwrap();
        let decoded = matches!(t, Text::Gb18030(_));
        let mut out = Vec::new();
        t.read_to_end(&mut out).unwrap();
        (decoded, out)
    }

    #[test]
    fn utf8_is_read_as_it_is_and_gb18030_is_decoded() {
        let utf8 = "id,名称\n1,白云区\n".as_bytes();
        assert_eq!(text_of(utf8), (false, utf8.to_vec()));
        let (gb, _, bad) = encoding_rs::GB18030.encode("id,名称\n1,白云区\n");
        assert!(!bad);
        assert_eq!(text_of(&gb), (true, utf8.to_vec()));
    }

    #[test]
    fn a_character_cut_by_a_chunk_end_is_still_utf8() {
        // 白 is three bytes; put its first byte at the end of the first 64 KiB chunk.
        let mut bytes = vec![b'a'; (1 << 16) - 1];
        bytes.extend_from_slice("白\n".as_bytes());
        assert!(!text_of(&bytes).0);
        // A character cut by the end of the file is not UTF-8.
        assert!(!is_utf8(&mut Cursor::new(&"白".as_bytes()[..2])).unwrap());
    }

    #[test]
    fn bytes_of_neither_encoding_are_left_for_the_readers_to_locate() {
        // 0xFF is invalid in UTF-8 and in GB18030.
        let bytes = b"id,name\n1,\xFF\n";
        assert_eq!(text_of(bytes), (false, bytes.to_vec()));
    }

    #[test]
    fn the_head_of_a_file_is_its_text_in_its_encoding() {
        assert_eq!(
            head(Cursor::new("id,名称\n1".as_bytes())).unwrap(),
            "id,名称\n1"
        );
        let gb = encoding_rs::GB18030.encode("编号,名称\n1,白云区\n").0;
        assert_eq!(
            head(Cursor::new(gb.to_vec())).unwrap(),
            "编号,名称\n1,白云区\n"
        );
        // A long file: only its head is read, and a character cut at 64 KiB is left out.
        let mut long = "名称\n".repeat(1 << 14).into_bytes();
        long.truncate((1 << 16) + 7);
        let text = head(Cursor::new(long)).unwrap();
        assert!(text.starts_with("名称\n") && text.len() <= 1 << 16);
    }

    #[test]
    fn decoded_text_streams_in_small_reads_and_reads_again_from_its_start() {
        // More than one 64 KiB chunk, with two- and four-byte sequences across its ends.
        let text = "编号,名称😀\n".repeat(20_000);
        let gb = encoding_rs::GB18030.encode(&text).0.into_owned();
        let mut t = detect(Cursor::new(gb)).unwrap();
        let mut out = Vec::new();
        let mut buf = [0u8; 7];
        loop {
            let n = t.read(&mut buf).unwrap();
            if n == 0 {
                break;
            }
            out.extend_from_slice(&buf[..n]);
        }
        assert_eq!(out, text.as_bytes());
        t.seek(SeekFrom::Start(0)).unwrap();
        let mut again = String::new();
        t.read_to_string(&mut again).unwrap();
        assert_eq!(again, text);
        assert!(t.seek(SeekFrom::Start(5)).is_err());
    }

    #[test]
    fn a_gb18030_sequence_cut_by_the_end_is_not_gb18030() {
        let mut gb = encoding_rs::GB18030.encode("名称").0.into_owned();
        gb.pop();
        assert!(!text_of(&gb).0);
    }

    #[test]
    fn a_gb18030_byte_order_mark_is_dropped() {
        let mut gb = vec![0x84, 0x31, 0x95, 0x33];
        gb.extend_from_slice(&encoding_rs::GB18030.encode("名称\n").0);
        assert_eq!(text_of(&gb), (true, "名称\n".as_bytes().to_vec()));
    }
}
