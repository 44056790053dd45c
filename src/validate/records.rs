//! Record rules: count consistency and dates.

use super::{Ctx, Rule};
use crate::record::RecordKind;

/// [`Rule::AppealsExceedRaised`] and [`Rule::RecordAfterAsOf`] for every record attached
/// to a unit in scope. *O(records)*.
pub(super) fn check(cx: &mut Ctx<'_>) {
    let h = cx.h;
    for (rid, r) in h.records() {
        let Ok(ix) = h.index_of(r.unit) else {
            continue;
        };
        if !cx.in_scope(ix) {
            continue;
        }
        if let RecordKind::Appeals { raised, resolved } = r.kind
            && resolved > raised
        {
            let msg = format!(
                "{}'s {rid} on {} resolves {resolved} appeals of {raised} raised",
                cx.subject(ix),
                r.date
            );
            cx.report(Rule::AppealsExceedRaised, vec![r.unit], msg);
        }
        if r.date > cx.as_of {
            let msg = format!(
                "{}'s {rid} ({}) is dated {}, after the as-of date {}",
                cx.subject(ix),
                r.kind.as_str(),
                r.date,
                cx.as_of
            );
            cx.report(Rule::RecordAfterAsOf, vec![r.unit], msg);
        }
    }
}
