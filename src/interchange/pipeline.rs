//! Reading a large units table on three threads: one tokenizes the CSV (the csv crate's
//! records, each with where it ends, batch by batch), this one parses each row (reporting
//! its problems, noting its keys), and a third puts the standing units into the builder
//! (names interned, nodes and edges added, indexes kept), batch by batch. The result is
//! the one-thread reading's, row for row and problem for problem: records, rows and
//! problems pass in the file's order, and everything but the tokenizer and the builder
//! stays on this thread.
//!
//! Memory: at most [`IN_FLIGHT`] batches of each kind travel at once — of at most
//! [`BATCH`] records, and of at most [`BATCH`] rows with about [`NAMES`] bytes of names —
//! handed back and reused, so the pipeline holds a few megabytes whatever the table's
//! size.

use std::io::Read;
use std::path::Path;
use std::sync::mpsc;

use csv::ByteRecord;

use super::csv_read::{RecordCells, RecordEnd};
use super::table::{LineEnds, csv_problem, error_position, unit_row};
use super::units::UnitFacts;
use super::{Assembly, Position, ProblemKind};
use crate::hierarchy::{BuildError, Hierarchy, HierarchyBuilder};
use crate::unit::UnitId;

/// Tables estimated to have fewer rows than this are read on one thread: below it the
/// other threads' start costs more than they save.
pub(crate) const PARALLEL_FROM: usize = 1 << 16;

/// Rows a batch carries.
const BATCH: usize = 4096;

/// The bytes of names after which a batch is sent before it is full.
const NAMES: usize = 1 << 22;

/// Batches on their way to the parser, or to the builder, at most.
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

/// Records read by the tokenizer, on their way to the parser: `records[i]` ends at
/// `ends[i]` (the records are reused from batch to batch, so that a record's buffers are
/// allocated once); `problems` holds the records it refused, each with the number of
/// records before it in the batch.
#[derive(Default)]
struct Records {
    records: Vec<ByteRecord>,
    ends: Vec<RecordEnd>,
    problems: Vec<(usize, Position, ProblemKind)>,
}

impl Records {
    /// Entries in the batch: records and problems.
    fn len(&self) -> usize {
        self.ends.len() + self.problems.len()
    }

    fn clear(&mut self) {
        self.ends.clear();
        self.problems.clear();
    }
}

/// Batches handed back by the thread they were sent to, for reuse: a batch is made anew
/// only while fewer than `IN_FLIGHT + 2` exist; past that the sender waits for one handed
/// back, so that no batch is allocated (and grown) per send.
struct Spares<T> {
    back: mpsc::Receiver<T>,
    made: usize,
}

impl<T> Spares<T> {
    /// A pool whose first batch is already made.
    fn new(back: mpsc::Receiver<T>) -> Self {
        Spares { back, made: 1 }
    }

    /// A batch for the next sends: handed back, made, or waited for. `None` when every
    /// batch is with the other thread and it is gone.
    fn take(&mut self, make: impl FnOnce() -> T) -> Option<T> {
        match self.back.try_recv() {
            Ok(b) => Some(b),
            Err(_) if self.made < IN_FLIGHT + 2 => {
                self.made += 1;
                Some(make())
            }
            Err(_) => self.back.recv().ok(),
        }
    }
}

/// Tokenizes `rdr` into batches of records for the parser, until the end of the table, a
/// reading error or the parser's leaving.
fn tokenize<R: Read>(
    rdr: &mut csv::Reader<LineEnds<R>>,
    to_parser: &mpsc::SyncSender<Records>,
    mut spares: Spares<Records>,
) {
    let mut batch = Records::default();
    loop {
        let i = batch.ends.len();
        if i == batch.records.len() {
            batch.records.push(ByteRecord::new());
        }
        let rec = &mut batch.records[i];
        match rdr.read_byte_record(rec) {
            Ok(false) => break,
            Ok(true) => batch.ends.push(RecordEnd::of(rdr)),
            Err(e) => {
                let fatal = matches!(e.kind(), csv::ErrorKind::Io(_));
                let pos = error_position(rdr, &e, rec);
                batch.problems.push((i, pos, csv_problem(&e)));
                if fatal {
                    break;
                }
            }
        }
        if batch.len() >= BATCH {
            // `None`: the parser is gone, and nobody reads on. (A batch handed back was
            // cleared by the parser.)
            let Some(next) = spares.take(Records::default) else {
                return;
            };
            let full = std::mem::replace(&mut batch, next);
            if to_parser.send(full).is_err() {
                return;
            }
        }
    }
    let _ = to_parser.send(batch);
}

/// What the builder's thread hands back: the forest it built, or the builder itself.
enum Done {
    /// Built on the builder's thread, as soon as the last row was in.
    Built(Result<Hierarchy, BuildError>),
    /// The builder, for a reading whose rows were not built on the thread (it met
    /// problems or keys).
    Builder(HierarchyBuilder),
}

/// A units table's forest being built on a thread of its own while the other tables are
/// read: [`join`](Self::join) takes the result. Dropped unjoined (a reading done again),
/// it waits for the thread, so that no build outlives its load.
pub(crate) struct Building(Option<std::thread::JoinHandle<Done>>);

impl Building {
    /// The forest, built on the builder's thread (or here, from the builder a thread told
    /// not to build hands back); a panic there is raised here.
    pub(crate) fn join(mut self) -> Result<Hierarchy, BuildError> {
        match self.0.take().map(std::thread::JoinHandle::join) {
            Some(Ok(Done::Built(built))) => built,
            Some(Ok(Done::Builder(builder))) => builder.build(),
            Some(Err(panic)) => std::panic::resume_unwind(panic),
            // Never: a `Building` is joined once, and is `None` only after it.
            None => HierarchyBuilder::new().build(),
        }
    }
}

impl Drop for Building {
    fn drop(&mut self) {
        if let Some(thread) = self.0.take() {
            // Its result is not wanted; a panic there was the builder's, and is dropped.
            let _ = thread.join();
        }
    }
}

/// Rows on their way to the builder: a batch filled, sent full, and a spare taken.
struct ToBuilder {
    batch: Batch,
    send: mpsc::SyncSender<Batch>,
    spares: Spares<Batch>,
    /// Whether the builder's thread is gone (it panicked: the panic is raised on join).
    gone: bool,
}

impl ToBuilder {
    fn push(&mut self, s: super::assembly::Standing<'_>) {
        let batch = &mut self.batch;
        let a = batch.names.len();
        batch.names.push_str(s.name);
        batch
            .rows
            .push((s.id, s.parent, a, batch.names.len(), s.unit));
        // A batch is sent full, or sooner when its names are long.
        if batch.rows.len() < BATCH && batch.names.len() < NAMES {
            return;
        }
        // `None`: the builder is gone.
        let next = if self.gone {
            None
        } else {
            self.spares.take(Batch::new)
        };
        match next {
            Some(next) => {
                let full = std::mem::replace(&mut self.batch, next);
                self.gone = self.send.send(full).is_err();
            }
            None => {
                self.gone = true;
                self.batch.rows.clear();
                self.batch.names.clear();
            }
        }
    }

    /// Sends the last batch, and closes the way.
    fn finish(self) {
        if !self.gone {
            let _ = self.send.send(self.batch);
        }
    }
}

/// Starts the builder's thread: it pushes the rows of each batch it receives, hands the
/// batch back, and once the batches end builds the forest if told to (`true`), else hands
/// the builder back.
fn start_builder(
    mut builder: HierarchyBuilder,
    batches: mpsc::Receiver<Batch>,
    give_back: mpsc::Sender<Batch>,
    build: mpsc::Receiver<bool>,
) -> std::thread::JoinHandle<Done> {
    std::thread::spawn(move || {
        for mut batch in batches {
            for (id, parent, a, b, unit) in batch.rows.drain(..) {
                builder.push_named(id, parent, &batch.names[a..b], unit.into_unit());
            }
            batch.names.clear();
            // The parser may be done and gone: then the batch is dropped.
            let _ = give_back.send(batch);
        }
        if build.recv() == Ok(true) {
            Done::Built(builder.build())
        } else {
            Done::Builder(builder)
        }
    })
}

/// Reads the unit rows of `rdr` (header mapped by `map`), the tokenizer and the builder
/// each on a thread of its own. When the rows are read cleanly (no problem, no key), the
/// builder's thread goes on to build the forest while the other tables are read;
/// otherwise it hands the builder back (a reading that met keys is dropped, one that met
/// problems is built when it is finished, for the problems of the tree). Either way the
/// thread is `asm.building`.
pub(crate) fn read_units<R: Read + Send>(
    rdr: &mut csv::Reader<LineEnds<R>>,
    file: &Path,
    map: &[Option<usize>],
    asm: &mut Assembly,
) {
    let (send, batches) = mpsc::sync_channel::<Batch>(IN_FLIGHT);
    let (give_back, spares) = mpsc::channel::<Batch>();
    let (order, build) = mpsc::sync_channel::<bool>(1);
    let builder = start_builder(std::mem::take(&mut asm.builder), batches, give_back, build);
    let mut to_builder = ToBuilder {
        batch: Batch::new(),
        send,
        spares: Spares::new(spares),
        gone: false,
    };
    let (to_parser, read) = mpsc::sync_channel::<Records>(IN_FLIGHT);
    let (records_back, spare_records) = mpsc::channel::<Records>();
    std::thread::scope(|scope| {
        scope.spawn(move || tokenize(rdr, &to_parser, Spares::new(spare_records)));
        for mut records in read {
            let mut problems = records.problems.iter().peekable();
            for (i, (rec, end)) in records.records.iter().zip(&records.ends).enumerate() {
                // The records refused before this one, in their place.
                while let Some((_, pos, kind)) = problems.next_if(|p| p.0 <= i) {
                    asm.problems.push(file, pos.clone(), kind.clone());
                }
                let cells = RecordCells::new(rec, map);
                let at = || Position::Line {
                    line: end.line(rec),
                    column: None,
                };
                if let Some(s) = unit_row(asm, file, &cells, &at) {
                    to_builder.push(s);
                }
            }
            for (_, pos, kind) in problems {
                asm.problems.push(file, pos.clone(), kind.clone());
            }
            records.clear();
            // The tokenizer may be done and gone: then the batch is dropped.
            let _ = records_back.send(records);
        }
    });
    to_builder.finish();
    let clean = asm.problems.is_empty() && !asm.keys.met_keys();
    // The builder's thread may be gone (it panicked): joining raises its panic.
    let _ = order.send(clean);
    // Told not to build, the thread hands its builder back, and the join builds.
    asm.building = Some(Building(Some(builder)));
}
