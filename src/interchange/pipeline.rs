//! Reading a large units table on two threads: this one tokenizes the CSV and parses
//! each row (reporting its problems, noting its keys), a second one puts the standing
//! units into the builder (names interned, nodes and edges added, indexes kept), batch
//! by batch. The result is the one-thread reading's, row for row and problem for
//! problem: the rows reach the builder in the file's order, and everything but the
//! builder stays on this thread.
//!
//! Memory: at most [`IN_FLIGHT`] batches of at most [`BATCH`] rows (and about [`NAMES`]
//! bytes of names) travel at once, batches handed back and reused, so the pipeline holds
//! a few megabytes whatever the table's size.

use std::io::Read;
use std::path::Path;
use std::sync::mpsc;

use super::Assembly;
use super::table::{LineEnds, for_each_record, unit_row};
use super::units::UnitFacts;
use crate::unit::UnitId;

/// Tables estimated to have fewer rows than this are read on one thread: below it the
/// second thread's start costs more than it saves.
pub(crate) const PARALLEL_FROM: usize = 1 << 16;

/// Rows a batch carries.
const BATCH: usize = 4096;

/// The bytes of names after which a batch is sent before it is full.
const NAMES: usize = 1 << 22;

/// Batches on their way to the builder at most.
const IN_FLIGHT: usize = 4;

/// Standing units on their way to the builder: their names one after another in
/// `names`, each row with its name's range.
struct Batch {
    names: String,
    rows: Vec<(UnitId, Option<UnitId>, usize, usize, UnitFacts)>,
}

impl Batch {
    /// An empty batch with room for [`BATCH`] rows.
    fn new() -> Self {
        Batch {
            names: String::with_capacity(BATCH * 16),
            rows: Vec::with_capacity(BATCH),
        }
    }
}

/// Reads the unit rows of `rdr` (header mapped by `map`), the builder on a second thread.
pub(crate) fn read_units<R: Read>(
    rdr: &mut csv::Reader<LineEnds<R>>,
    file: &Path,
    map: &[Option<usize>],
    asm: &mut Assembly,
) {
    let mut builder = std::mem::take(&mut asm.builder);
    let (to_builder, batches) = mpsc::sync_channel::<Batch>(IN_FLIGHT);
    let (give_back, spares) = mpsc::channel::<Batch>();
    std::thread::scope(|scope| {
        let building = scope.spawn(move || {
            for mut batch in batches {
                for (id, parent, a, b, unit) in batch.rows.drain(..) {
                    builder.push_named(id, parent, &batch.names[a..b], unit.into_unit());
                }
                batch.names.clear();
                // The reader may be done and gone: then the batch is dropped.
                let _ = give_back.send(batch);
            }
            builder
        });
        let mut batch = Batch::new();
        // Batches made so far: past `IN_FLIGHT + 2`, the reader waits for one handed back
        // instead of making another, so that no batch is allocated (and grown) per send.
        let mut made = 1;
        let mut builder_gone = false;
        for_each_record(rdr, file, map, asm, |asm, cells, at| {
            let Some(s) = unit_row(asm, file, cells, at) else {
                return;
            };
            let a = batch.names.len();
            batch.names.push_str(s.name);
            batch
                .rows
                .push((s.id, s.parent, a, batch.names.len(), s.unit));
            // A batch is sent full, or sooner when its names are long.
            if batch.rows.len() == BATCH || batch.names.len() >= NAMES {
                if builder_gone {
                    // The builder's thread failed (its panic is raised below).
                    batch.rows.clear();
                    batch.names.clear();
                } else {
                    let next = match spares.try_recv() {
                        Ok(b) => Some(b),
                        Err(_) if made < IN_FLIGHT + 2 => {
                            made += 1;
                            Some(Batch::new())
                        }
                        // The builder holds every batch: wait for one (`None`: it is gone).
                        Err(_) => spares.recv().ok(),
                    };
                    match next {
                        Some(next) => {
                            let full = std::mem::replace(&mut batch, next);
                            builder_gone = to_builder.send(full).is_err();
                        }
                        None => {
                            builder_gone = true;
                            batch.rows.clear();
                            batch.names.clear();
                        }
                    }
                }
            }
        });
        if !builder_gone {
            let _ = to_builder.send(batch);
        }
        drop(to_builder);
        asm.builder = match building.join() {
            Ok(b) => b,
            // The builder's thread panicked: the same panic here, as one thread would.
            Err(panic) => std::panic::resume_unwind(panic),
        };
    });
}
