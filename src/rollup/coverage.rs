//! Coverage (覆盖): the share of units of a kind that have a party organization, a service
//! center, a first secretary — the seed's "full coverage" claims.

use chrono::NaiveDate;
use petgraph::stable_graph::NodeIndex;

use super::Period;
use crate::error::QueryError;
use crate::hierarchy::{Hierarchy, UnitRef};
use crate::relation::{PairingKind, Relation};
use crate::unit::{UnitId, UnitKind};

crate::vocab::vocab! {
    /// What a unit may have that coverage counts.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
    #[non_exhaustive]
    pub enum Facility: "facility" {
        /// A party organization of its own, or a joint branch (联合党支部) covering it
        /// ([`Relation::Covers`]): "党的组织覆盖".
        PartyOrganization => "party_organization",
        /// A party-mass service center or station (党群服务中心/站).
        ServiceCenter => "service_center",
        /// A first secretary (第一书记) in force on the coverage date.
        FirstSecretary => "first_secretary",
    }
}

/// How many units of a kind in a subtree have each [`Facility`]. From
/// [`Hierarchy::coverage`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct Coverage {
    /// The kind counted.
    pub kind: UnitKind,
    /// Units of that kind in the subtree.
    pub units: u64,
    /// Those with a party organization (own or covering joint branch).
    pub with_party_org: u64,
    /// Those with a service center or station open on the date.
    pub with_service_center: u64,
    /// Those with a first secretary in force.
    pub with_first_secretary: u64,
}

impl Coverage {
    /// How many units have `facility`.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use partyorg::rollup::Facility;
    /// use partyorg::{unit::Details, Hierarchy, unit::ServiceCenter, Unit, UnitKind};
    /// let mut center = Details::default();
    /// center.service_center = Some(ServiceCenter::new(300));
    /// let mut h = Hierarchy::new();
    /// let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// h.add_unit(Some(d), Unit::new(UnitKind::Street, "均禾街道").with_details(center))?;
    /// h.add_unit(Some(d), Unit::new(UnitKind::Street, "嘉禾街道"))?;
    /// let c = h.coverage(d, UnitKind::Street, NaiveDate::from_ymd_opt(2023, 12, 31).unwrap())?;
    /// assert_eq!(c.with(Facility::ServiceCenter), 1);
    /// assert_eq!(c.with(Facility::FirstSecretary), 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with(&self, facility: Facility) -> u64 {
        match facility {
            Facility::PartyOrganization => self.with_party_org,
            Facility::ServiceCenter => self.with_service_center,
            Facility::FirstSecretary => self.with_first_secretary,
        }
    }

    /// The share of units with `facility`, in `0.0..=1.0`; `None` when there is no unit of
    /// the kind.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use partyorg::rollup::Facility;
    /// use partyorg::{Hierarchy, PartyForm, Unit, UnitKind};
    /// let day = NaiveDate::from_ymd_opt(2023, 12, 31).unwrap();
    /// let mut h = Hierarchy::new();
    /// let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// for (name, form) in [("甲", Some(PartyForm::Branch)), ("乙", Some(PartyForm::Branch)), ("丙", None)] {
    ///     let s = Unit::new(UnitKind::Street, name);
    ///     h.add_unit(Some(d), match form { Some(f) => s.with_party_form(f), None => s })?;
    /// }
    /// let c = h.coverage(d, UnitKind::Street, day)?;
    /// assert_eq!(c.share(Facility::PartyOrganization), Some(2.0 / 3.0));
    /// assert_eq!(h.coverage(d, UnitKind::Village, day)?.share(Facility::PartyOrganization), None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn share(&self, facility: Facility) -> Option<f64> {
        (self.units > 0).then(|| self.with(facility) as f64 / self.units as f64)
    }

    /// Whether every unit of the kind has `facility` (全覆盖); vacuously true with none.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use partyorg::rollup::Facility;
    /// use partyorg::{unit::Details, Hierarchy, unit::ServiceCenter, Unit, UnitKind};
    /// let mut center = Details::default();
    /// center.service_center = Some(ServiceCenter::new(300));
    /// let mut h = Hierarchy::new();
    /// let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// for name in ["均禾街道", "嘉禾街道"] {
    ///     h.add_unit(Some(d), Unit::new(UnitKind::Street, name).with_details(center.clone()))?;
    /// }
    /// let day = NaiveDate::from_ymd_opt(2023, 12, 31).unwrap();
    /// let streets = h.coverage(d, UnitKind::Street, day)?;
    /// assert!(streets.is_full(Facility::ServiceCenter)); // 全覆盖
    /// assert!(!streets.is_full(Facility::FirstSecretary));
    /// assert!(h.coverage(d, UnitKind::Village, day)?.is_full(Facility::FirstSecretary)); // none
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn is_full(&self, facility: Facility) -> bool {
        self.with(facility) == self.units
    }
}

impl Hierarchy {
    fn has_facility(&self, ix: NodeIndex, facility: Facility, date: NaiveDate) -> bool {
        let u = self.unit_ref(ix);
        match facility {
            Facility::PartyOrganization => {
                // Its own organization, one recorded in its own right, or a joint branch
                // covering it (组织覆盖).
                self.is_covered_ix(ix)
            }
            Facility::ServiceCenter => u
                .details()
                .service_center
                .is_some_and(|sc| sc.stands_on(date)),
            Facility::FirstSecretary => self.edges_in(ix).any(|e| {
                matches!(e.weight(), Relation::Pairing(id)
                if self.pairing(*id).is_some_and(|p| {
                    matches!(p.kind, PairingKind::FirstSecretary { .. }) && p.active_on(date)
                }))
            }),
        }
    }

    /// The coverage of units of `kind` in the subtree of `unit` that stand on `date`
    /// (founded on or before it, not dissolved), with first secretaries counted when in
    /// force on `date`. *O(subtree × degree)* time, *O(1)* extra space.
    ///
    /// # Errors
    ///
    /// [`QueryError::UnknownUnit`] when no unit has the id (an organization's id, temporary
    /// ones and big committees included, names no unit).
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use partyorg::rollup::Facility;
    /// use partyorg::{Hierarchy, PartyForm, Sector, Unit, UnitKind};
    /// let mut h = Hierarchy::new();
    /// let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let k = UnitKind::Institution(Sector::Kindergarten);
    /// h.add_unit(Some(d), Unit::new(k, "幼儿园甲").with_party_form(PartyForm::Branch))?;
    /// let b = h.add_unit(Some(d), Unit::new(k, "幼儿园乙"))?;
    /// let day = NaiveDate::from_ymd_opt(2023, 12, 31).unwrap();
    /// let c = h.coverage(d, k, day)?;
    /// assert_eq!((c.units, c.with_party_org), (2, 1));
    /// assert!(!c.is_full(Facility::PartyOrganization));
    /// let lacking: Vec<_> = h.lacking(d, k, Facility::PartyOrganization, day)?
    ///     .map(|u| u.id()).collect();
    /// assert_eq!(lacking, vec![b]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn coverage(
        &self,
        unit: UnitId,
        kind: UnitKind,
        date: NaiveDate,
    ) -> Result<Coverage, QueryError> {
        let p = self.tree_position(unit)?;
        let l = self.layout();
        let mut c = Coverage {
            kind,
            units: 0,
            with_party_org: 0,
            with_service_center: 0,
            with_first_secretary: 0,
        };
        for &ix in &l.order[l.range(p)] {
            if self.node(ix).unit_kind() != kind || !self.stands_in(ix, &Period::day(date)) {
                continue;
            }
            c.units += 1;
            c.with_party_org += u64::from(self.has_facility(ix, Facility::PartyOrganization, date));
            c.with_service_center +=
                u64::from(self.has_facility(ix, Facility::ServiceCenter, date));
            c.with_first_secretary +=
                u64::from(self.has_facility(ix, Facility::FirstSecretary, date));
        }
        Ok(c)
    }

    /// The units of `kind` in the subtree of `unit` that stand on `date` and lack
    /// `facility` on it, in pre-order. Lazy; *O(subtree × degree)* time to exhaust, *O(1)*
    /// extra space.
    ///
    /// # Errors
    ///
    /// [`QueryError::UnknownUnit`] when no unit has the id (an organization's id, temporary
    /// ones and big committees included, names no unit).
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use partyorg::rollup::Facility;
    /// # use partyorg::{unit::Details, Hierarchy, unit::ServiceCenter, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let s = h.add_unit(Some(d), Unit::new(UnitKind::Street, "均禾街道"))?;
    /// let mut with_center = Details::default();
    /// with_center.service_center = Some(ServiceCenter::new(300));
    /// h.add_unit(Some(s), Unit::new(UnitKind::Community, "罗岗社区").with_details(with_center))?;
    /// let bare = h.add_unit(Some(s), Unit::new(UnitKind::Community, "望岗社区"))?;
    /// let day = NaiveDate::from_ymd_opt(2023, 12, 31).unwrap();
    /// let lacking: Vec<_> = h.lacking(d, UnitKind::Community, Facility::ServiceCenter, day)?.map(|u| u.id()).collect();
    /// assert_eq!(lacking, [bare]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn lacking(
        &self,
        unit: UnitId,
        kind: UnitKind,
        facility: Facility,
        date: NaiveDate,
    ) -> Result<impl Iterator<Item = UnitRef<'_>> + '_, QueryError> {
        let p = self.tree_position(unit)?;
        let l = self.layout();
        Ok(l.order[l.range(p)]
            .iter()
            .filter(move |&&ix| {
                self.node(ix).unit_kind() == kind
                    && self.stands_in(ix, &Period::day(date))
                    && !self.has_facility(ix, facility, date)
            })
            .map(move |&ix| self.unit_ref(ix)))
    }
}
