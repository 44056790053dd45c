//! The encoding of a CSV file: UTF-8 (with or without a byte-order mark), or GB18030
//! (which includes GBK and GB2312), the encoding Chinese spreadsheet software saves CSV in.
//!
//! Nobody has to say which: a file that is valid UTF-8 is UTF-8 (a GB18030 file with
//! Chinese text is almost never valid UTF-8); one that is not is decoded as GB18030 when
//! it decodes without error; otherwise it is read as UTF-8 after all, so that the readers
//! report the invalid bytes where they are ([`ProblemKind::InvalidUtf8`]).
//!
//! Costs: a UTF-8 file is read twice, once to check it (memory-speed, 64 KiB at a time)
//! and once to load it streaming, as before; nothing of it is held in memory. A GB18030
//! file is read whole and decoded whole, so its load holds the file and its UTF-8 text
//! (about 2.5 times the file's size) for the time of the load. Decoding keeps every line
//! end as it is, so a problem's line is the line of the file either way.
//!
//! [`ProblemKind::InvalidUtf8`]: super::ProblemKind::InvalidUtf8

use std::io::{Cursor, Read, Seek, SeekFrom};

/// A table's text: the source itself when it is UTF-8, or its GB18030 text decoded.
pub(crate) enum Text<R> {
    /// The source, UTF-8 (or neither encoding: its invalid bytes are reported).
    Utf8(R),
    /// The source's GB18030 text, decoded to UTF-8 (without a byte-order mark).
    Decoded(Cursor<Vec<u8>>),
}

impl<R: Read> Read for Text<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self {
            Text::Utf8(r) => r.read(buf),
            Text::Decoded(c) => c.read(buf),
        }
    }
}

impl<R: Seek> Seek for Text<R> {
    fn seek(&mut self, pos: SeekFrom) -> std::io::Result<u64> {
        match self {
            Text::Utf8(r) => r.seek(pos),
            Text::Decoded(c) => c.seek(pos),
        }
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
    let mut bytes = Vec::new();
    source.read_to_end(&mut bytes)?;
    let decoded = encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(&bytes);
    match decoded {
        Some(text) => {
            let text = match text.strip_prefix('\u{FEFF}') {
                Some(rest) => rest.to_owned(),
                None => text.into_owned(),
            };
            Ok(Text::Decoded(Cursor::new(text.into_bytes())))
        }
        None => {
            drop(bytes);
            source.seek(SeekFrom::Start(start))?;
            Ok(Text::Utf8(source))
        }
    }
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
    let mut decoder = encoding_rs::GB18030.new_decoder_without_bom_handling();
    let room = decoder
        .max_utf8_buffer_length(got)
        .unwrap_or(got.saturating_mul(3));
    let mut text = String::with_capacity(room);
    // Not the last chunk: a character cut by the end waits for bytes that never come.
    let (result, _, _) = decoder.decode_to_string(bytes, &mut text, false);
    debug_assert_eq!(result, encoding_rs::CoderResult::InputEmpty);
    if text.starts_with('\u{FEFF}') {
        text.remove(0);
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(bytes: &[u8]) -> (bool, Vec<u8>) {
        let mut t = detect(Cursor::new(bytes.to_vec())).unwrap();
        let decoded = matches!(t, Text::Decoded(_));
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
    fn a_gb18030_byte_order_mark_is_dropped() {
        let mut gb = vec![0x84, 0x31, 0x95, 0x33];
        gb.extend_from_slice(&encoding_rs::GB18030.encode("名称\n").0);
        assert_eq!(text_of(&gb), (true, "名称\n".as_bytes().to_vec()));
    }
}
