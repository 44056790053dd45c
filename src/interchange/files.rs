//! Opening and writing files: reading only regular files, and saving files as a whole or
//! not at all.

use std::path::{Path, PathBuf};

use super::problem::{LoadError, SaveError};

/// Opens a file for reading, after checking that it is a regular file: a FIFO or a device
/// would block in `open` or never end, and a folder is not a table.
///
/// # Errors
///
/// [`LoadError::Io`] naming the file: it cannot be read, or it is not a regular file
/// ([`std::io::ErrorKind::InvalidInput`]).
pub(crate) fn open_regular(path: &Path) -> Result<std::fs::File, LoadError> {
    let io = |source| LoadError::Io {
        path: path.to_owned(),
        source,
    };
    let not_regular = || {
        io(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "not a regular file",
        ))
    };
    if !std::fs::metadata(path).map_err(io)?.is_file() {
        return Err(not_regular());
    }
    let file = std::fs::File::open(path).map_err(io)?;
    // The path may have been replaced between the check and the opening.
    if !file.metadata().map_err(io)?.is_file() {
        return Err(not_regular());
    }
    Ok(file)
}

/// The temporary sibling a save writes before renaming it over `target`:
/// `.{name}.tmp-{pid}` in the same folder (so that the rename stays on one file system).
fn temp_sibling(target: &Path) -> PathBuf {
    let name = target.file_name().unwrap_or_default().to_string_lossy();
    target.with_file_name(format!(".{name}.tmp-{}", std::process::id()))
}

/// Saves files as a whole or not at all: each target's content is written by `write`
/// (given the target's index) into the target's temporary sibling, and only when every
/// one was written are they renamed into place, in order. When writing fails, the
/// temporaries are removed and every target keeps its old content.
pub(crate) fn save_files(
    targets: &[&Path],
    mut write: impl FnMut(usize, &mut std::io::BufWriter<std::fs::File>) -> std::io::Result<()>,
) -> Result<(), SaveError> {
    let mut staged: Vec<PathBuf> = Vec::with_capacity(targets.len());
    let clean = |staged: &[PathBuf]| {
        for t in staged {
            let _ = std::fs::remove_file(t);
        }
    };
    for (i, &target) in targets.iter().enumerate() {
        let tmp = temp_sibling(target);
        let written = std::fs::File::create(&tmp).and_then(|f| {
            staged.push(tmp.clone());
            let mut w = std::io::BufWriter::with_capacity(1 << 16, f);
            write(i, &mut w)?;
            w.into_inner()
                .map_err(std::io::IntoInnerError::into_error)?;
            Ok(())
        });
        if let Err(source) = written {
            clean(&staged);
            return Err(SaveError::Io {
                path: target.to_owned(),
                source,
            });
        }
    }
    for (n, (tmp, &target)) in staged.iter().zip(targets).enumerate() {
        if let Err(source) = std::fs::rename(tmp, target) {
            clean(&staged[n..]);
            return Err(SaveError::Io {
                path: target.to_owned(),
                source,
            });
        }
    }
    Ok(())
}
