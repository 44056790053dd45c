//! A party organization as the store lends it out ([`OrgRef`]), and the rarer facts kept
//! beside its node ([`OrgExtra`]).

use chrono::NaiveDate;
use petgraph::Direction::Outgoing;
use petgraph::stable_graph::NodeIndex;
use petgraph::visit::EdgeRef;

use super::{Hierarchy, Node, OWN_ORG, UnitRef};
use crate::org::{BigCommittee, Org, OrgForm, OrgId, TemporaryOrg};
use crate::relation::Relation;
use crate::unit::{BigCommitteeKind, Members, TemporaryInfo, Term};

/// A relation from a party organization to a unit: from [`OrgRef::links`] (an
/// organization's links to units other than the one it is based in) and
/// [`Hierarchy::big_committees_of`] (the big committees a unit is the core or a member
/// unit of).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OrgLink<'h> {
    /// The organization at its tail.
    pub org: OrgRef<'h>,
    /// The relation: [`Relation::Covers`], [`Relation::Seconds`], [`Relation::Member`],
    /// [`Relation::PartTime`], or [`Relation::BasedIn`] for a big committee's core.
    pub relation: Relation,
    /// The unit at its head.
    pub unit: UnitRef<'h>,
}

/// The rarer facts of an organization, kept beside the graph for those that have any.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct OrgExtra {
    pub(crate) code: Option<String>,
    pub(crate) secretary: Option<String>,
    pub(crate) term: Option<Term>,
    pub(crate) founded: Option<NaiveDate>,
    pub(crate) dissolved: Option<NaiveDate>,
    /// A temporary organization's task, approval and recorded acts.
    pub(crate) temporary: Option<TemporaryInfo>,
    /// A big committee's kind.
    pub(crate) big_committee: Option<BigCommitteeKind>,
}

impl OrgExtra {
    pub(super) fn of(org: &mut Org) -> Option<Box<OrgExtra>> {
        let extra = OrgExtra {
            code: org.code.take(),
            secretary: org.secretary.take(),
            term: org.term,
            founded: org.founded,
            dissolved: org.dissolved,
            ..OrgExtra::default()
        };
        (extra != OrgExtra::default()).then(|| Box::new(extra))
    }
}

/// A party organization in a [`Hierarchy`], borrowed: its facts and its places in both
/// trees.
#[derive(Clone, Copy)]
pub struct OrgRef<'a> {
    h: &'a Hierarchy,
    ix: NodeIndex,
}

impl std::fmt::Debug for OrgRef<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OrgRef")
            .field("id", &self.id())
            .field("form", &self.form())
            .field("name", &self.name())
            .finish()
    }
}

impl PartialEq for OrgRef<'_> {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.h, other.h) && self.ix == other.ix
    }
}

impl Eq for OrgRef<'_> {}

impl UnitRef<'_> {
    /// The recorded superior of the unit's own organization (one-table form), when one
    /// was recorded instead of the derived one.
    pub(crate) fn party_parent(&self) -> Option<OrgId> {
        let h = self.hierarchy();
        let own = h.own_org_ix(self.index())?;
        h.stored_superior_ix(own).map(|s| OrgId(h.graph[s].id.0))
    }
}

impl<'a> OrgRef<'a> {
    pub(crate) fn new(h: &'a Hierarchy, ix: NodeIndex) -> Self {
        OrgRef { h, ix }
    }

    pub(crate) fn index(&self) -> NodeIndex {
        self.ix
    }

    fn node(&self) -> &'a Node {
        &self.h.graph[self.ix]
    }

    fn extra(&self) -> Option<&'a OrgExtra> {
        self.h.org_extra.get(&self.ix).map(|b| &**b)
    }

    /// Its id.
    ///
    /// ```
    /// use partyorg::{Hierarchy, Org, OrgForm, Unit, UnitKind};
    /// let mut h = Hierarchy::new();
    /// let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let gw = h.add_org(None, d, Org::new(OrgForm::WorkingCommittee, "区直机关工委"))?;
    /// assert_eq!(h.org(gw)?.id(), gw);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn id(&self) -> OrgId {
        OrgId(self.node().id.0)
    }

    /// Its form.
    ///
    /// ```
    /// # use partyorg::{Hierarchy, OrgForm, PartyForm, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// # let t = h.add_unit(Some(d), Unit::new(UnitKind::Town, "钟落潭镇"))?;
    /// let c = Unit::new(UnitKind::Village, "龙岗村").with_party_form(PartyForm::GeneralBranch);
    /// let c = h.add_unit(Some(t), c)?;
    /// let own = h.own_org_of_unit(c).unwrap();
    /// assert_eq!(h.org(own)?.form(), OrgForm::GeneralBranch);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn form(&self) -> OrgForm {
        self.node().kind.org().unwrap_or(OrgForm::Branch)
    }

    /// Its name. A unit's own organization of the one-table form is named after the unit.
    ///
    /// ```
    /// use partyorg::{Hierarchy, Org, OrgForm, PartyForm, Unit, UnitKind};
    /// let mut h = Hierarchy::new();
    /// let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区").with_party_form(PartyForm::Committee))?;
    /// let gw = h.add_org(None, d, Org::new(OrgForm::WorkingCommittee, "区直机关工委"))?;
    /// assert_eq!(h.org(gw)?.name(), "区直机关工委");
    /// // The district's own organization bears the district's name.
    /// assert_eq!(h.org(h.own_org_of_unit(d).unwrap())?.name(), "白云区");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn name(&self) -> &'a str {
        self.h.names.get(self.node().name)
    }

    /// Whether it is its unit's own organization of the one-table form (a unit row's
    /// `party_form`): its members, committee and details are then the unit's, and its
    /// superior is the principal organization of the nearest ancestor unit that has one.
    ///
    /// ```
    /// # use partyorg::{Hierarchy, Org, OrgForm, PartyForm, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区").with_party_form(PartyForm::Committee))?;
    /// let gw = h.add_org(None, d, Org::new(OrgForm::WorkingCommittee, "区直机关工委"))?;
    /// let own: Vec<bool> = h.orgs_based_in(d)?.map(|o| o.is_own()).collect();
    /// assert_eq!(own, [true, false]);
    /// assert!(!h.org(gw)?.is_own());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn is_own(&self) -> bool {
        self.node().flags & OWN_ORG != 0
    }

    /// Its members. For a unit's own organization, the unit's members.
    ///
    /// ```
    /// # use partyorg::{Hierarchy, Members, PartyForm, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// let d = Unit::new(UnitKind::District, "白云区").with_party_form(PartyForm::Committee);
    /// let d = h.add_unit(None, d.with_members(Members::new(50, 4)))?;
    /// // An own organization's members are its unit's.
    /// assert_eq!(h.org(h.own_org_of_unit(d).unwrap())?.members(), Members::new(50, 4));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn members(&self) -> Members {
        self.node().members()
    }

    /// The size of its elected committee, if it has one.
    ///
    /// ```
    /// # use partyorg::{Hierarchy, Org, OrgForm, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let gw = h.add_org(None, d, Org::new(OrgForm::WorkingCommittee, "区直机关工委").with_committee_size(5))?;
    /// assert_eq!(h.org(gw)?.committee_size(), Some(5));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn committee_size(&self) -> Option<u8> {
        if self.is_own() {
            self.based_in().committee_size()
        } else {
            self.node().committee_size()
        }
    }

    /// Its code in the department's records (党组织代码), if recorded.
    ///
    /// ```
    /// # use partyorg::{Hierarchy, Org, OrgForm, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let gw = h.add_org(None, d, Org::new(OrgForm::WorkingCommittee, "区直机关工委").with_code("044011101"))?;
    /// assert_eq!(h.org(gw)?.code(), Some("044011101"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn code(&self) -> Option<&'a str> {
        self.extra().and_then(|e| e.code.as_deref())
    }

    /// Its secretary (书记), if recorded. For a unit's own organization, the secretary
    /// recorded in the unit's details.
    ///
    /// ```
    /// # use partyorg::{Hierarchy, Org, OrgForm, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let gw = h.add_org(None, d, Org::new(OrgForm::WorkingCommittee, "区直机关工委").with_secretary("李明"))?;
    /// assert_eq!(h.org(gw)?.secretary(), Some("李明"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn secretary(&self) -> Option<&'a str> {
        if self.is_own() {
            let d = self.based_in().details();
            return d.org.as_ref().and_then(|o| o.secretary.as_deref());
        }
        self.extra().and_then(|e| e.secretary.as_deref())
    }

    /// Its current term, if recorded.
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use partyorg::{Hierarchy, Org, OrgForm, unit::Term, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let term = Term { elected: NaiveDate::from_ymd_opt(2021, 6, 1).unwrap(), years: 5 };
    /// let gw = h.add_org(None, d, Org::new(OrgForm::WorkingCommittee, "区直机关工委").with_term(term))?;
    /// assert_eq!(h.org(gw)?.term().map(|t| t.ends()), NaiveDate::from_ymd_opt(2026, 6, 1));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn term(&self) -> Option<Term> {
        if self.is_own() {
            let d = self.based_in().details();
            return d.org.as_ref().and_then(|o| o.term);
        }
        self.extra().and_then(|e| e.term)
    }

    /// When it was founded, if recorded.
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use partyorg::{Hierarchy, Org, OrgForm, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let day = NaiveDate::from_ymd_opt(2019, 7, 1).unwrap();
    /// let gw = h.add_org(None, d, Org::new(OrgForm::WorkingCommittee, "区直机关工委").founded_on(day))?;
    /// assert_eq!(h.org(gw)?.founded(), Some(day));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn founded(&self) -> Option<NaiveDate> {
        if self.is_own() {
            return self.based_in().details().founded;
        }
        self.extra().and_then(|e| e.founded)
    }

    /// When it was dissolved, if it was: the first day it no longer stood.
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use partyorg::{Hierarchy, Org, OrgForm, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let gw = h.add_org(None, d, Org::new(OrgForm::WorkingCommittee, "区直机关工委"))?;
    /// assert_eq!(h.org(gw)?.dissolved(), None);
    /// let day = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
    /// h.dissolve_org(gw, day)?;
    /// assert_eq!(h.org(gw)?.dissolved(), Some(day));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn dissolved(&self) -> Option<NaiveDate> {
        if self.is_own() {
            return self.based_in().details().dissolved;
        }
        self.extra().and_then(|e| e.dissolved)
    }

    /// The unit it is based in (所在单位). *O(out-degree)*.
    ///
    /// ```
    /// # use partyorg::{Hierarchy, Org, OrgForm, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let gw = h.add_org(None, d, Org::new(OrgForm::WorkingCommittee, "区直机关工委"))?;
    /// assert_eq!(h.org(gw)?.based_in().name(), "白云区");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn based_in(&self) -> UnitRef<'a> {
        let unit = self
            .h
            .based_in_ix(self.ix)
            .expect("every organization is based in a unit");
        UnitRef::new(self.h, unit)
    }

    /// Its superior organization in the 隶属 tree, if it has one. *O(1)* once the
    /// organization layout is built.
    ///
    /// ```
    /// # use partyorg::{Hierarchy, PartyForm, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区").with_party_form(PartyForm::Committee))?;
    /// let s = h.add_unit(Some(d), Unit::new(UnitKind::Street, "均禾街道").with_party_form(PartyForm::Committee))?;
    /// // Own organizations report up the place tree.
    /// let street_org = h.org(h.own_org_of_unit(s).unwrap())?;
    /// assert_eq!(street_org.superior().map(|o| o.id()), h.own_org_of_unit(d));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn superior(&self) -> Option<OrgRef<'a>> {
        self.h
            .org_superior_ix(self.ix)
            .map(|s| OrgRef::new(self.h, s))
    }

    /// The organizations directly below it, in the layout's order (see
    /// [`Hierarchy::org_layout`]). *O(children)* time, *O(1)* extra space once the layout
    /// is built (the iterator skips each child's subtree in one step).
    ///
    /// ```
    /// # use partyorg::{Hierarchy, Org, OrgForm, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let gw = h.add_org(None, d, Org::new(OrgForm::WorkingCommittee, "区直机关工委"))?;
    /// let a = h.add_org(Some(gw), d, Org::new(OrgForm::GeneralBranch, "第一党总支"))?;
    /// h.add_org(Some(a), d, Org::new(OrgForm::Branch, "第一党支部"))?;
    /// let below: Vec<&str> = h.org(gw)?.subordinates().map(|o| o.name()).collect();
    /// assert_eq!(below, ["第一党总支"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn subordinates(&self) -> impl Iterator<Item = OrgRef<'a>> + 'a {
        let h = self.h;
        let layout = h.org_layout();
        let (mut next, end) = match layout.position(self.ix) {
            Some(p) => (p as usize + 1, layout.end[p as usize] as usize),
            None => (0, 0),
        };
        std::iter::from_fn(move || {
            if next >= end {
                return None;
            }
            let here = next;
            next = layout.end[here] as usize;
            Some(OrgRef::new(h, layout.order[here]))
        })
    }

    /// The units it covers besides the one it is based in (a joint branch's). *O(degree)*
    /// time, *O(1)* extra space.
    ///
    /// ```
    /// # use partyorg::{Hierarchy, Org, OrgForm, Sector, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let kind = UnitKind::Institution(Sector::NonPublicEnterprise);
    /// let a = h.add_unit(Some(d), Unit::new(kind, "甲公司"))?;
    /// let b = h.add_unit(Some(d), Unit::new(kind, "乙公司"))?;
    /// let joint = h.add_org(None, a, Org::new(OrgForm::JointBranch, "联合党支部"))?;
    /// h.cover(joint, b)?;
    /// assert_eq!(h.org(joint)?.covers().map(|u| u.id()).collect::<Vec<_>>(), [b]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn covers(&self) -> impl Iterator<Item = UnitRef<'a>> + 'a {
        let h = self.h;
        h.graph
            .edges_directed(self.ix, Outgoing)
            .filter(|e| *e.weight() == Relation::Covers)
            .map(move |e| UnitRef::new(h, e.target()))
    }

    /// Its relations to units other than the one it is based in, in the graph's
    /// adjacency order: the units a joint branch covers ([`Relation::Covers`]), a
    /// temporary organization's home units ([`Relation::Seconds`]), a big committee's
    /// member units ([`Relation::Member`]) and units of its part-time members
    /// ([`Relation::PartTime`]), newest first. *O(degree)* time, *O(1)* extra space.
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use partyorg::{Hierarchy, Relation, Unit, UnitKind};
    /// # use partyorg::{org::TemporaryOrg, unit::TaskPurpose};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let t = h.add_unit(Some(d), Unit::new(UnitKind::Town, "人和镇"))?;
    /// let day = NaiveDate::from_ymd_opt(2023, 3, 1).unwrap();
    /// let tmp = TemporaryOrg::new("乡村振兴临时党支部", TaskPurpose::RuralRevitalization, t, day);
    /// let tmp = h.add_temporary(tmp.seconded_from(d, 3))?;
    /// let links: Vec<_> = h.org(tmp)?.links().map(|l| (l.relation, l.unit.id())).collect();
    /// assert_eq!(links, [(Relation::Seconds(3), d)]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn links(&self) -> impl Iterator<Item = OrgLink<'a>> + 'a {
        let h = self.h;
        h.graph
            .edges_directed(self.ix, Outgoing)
            .filter(|e| {
                matches!(
                    e.weight(),
                    Relation::Covers
                        | Relation::Seconds(_)
                        | Relation::Member
                        | Relation::PartTime(_)
                )
            })
            .map(move |e| OrgLink {
                org: OrgRef::new(h, e.source()),
                relation: *e.weight(),
                unit: UnitRef::new(h, e.target()),
            })
    }

    /// A temporary organization's task, approval and recorded acts; `None` for another
    /// form.
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use partyorg::{Hierarchy, unit::TaskPurpose, org::TemporaryOrg, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let day = NaiveDate::from_ymd_opt(2023, 3, 1).unwrap();
    /// let tmp = h.add_temporary(TemporaryOrg::new("整改临时党支部", TaskPurpose::SpecialRectification, d, day))?;
    /// let info = h.org(tmp)?.temporary_info().unwrap();
    /// assert_eq!((info.purpose, info.approved), (TaskPurpose::SpecialRectification, true));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn temporary_info(&self) -> Option<TemporaryInfo> {
        self.extra().and_then(|e| e.temporary)
    }

    /// A big committee's kind; `None` for another form.
    ///
    /// ```
    /// # use partyorg::{org::BigCommittee, unit::BigCommitteeKind, Hierarchy, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let bc = h.add_big_committee(BigCommittee::new("商圈大党委", BigCommitteeKind::BusinessDistrict, d))?;
    /// assert_eq!(h.org(bc)?.big_committee_kind(), Some(BigCommitteeKind::BusinessDistrict));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn big_committee_kind(&self) -> Option<BigCommitteeKind> {
        self.extra().and_then(|e| e.big_committee)
    }

    /// A temporary organization as [`add_temporary`](Hierarchy::add_temporary) takes it;
    /// `None` for another form.
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use partyorg::{Hierarchy, Members, unit::TaskPurpose, org::TemporaryOrg, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let day = NaiveDate::from_ymd_opt(2023, 3, 1).unwrap();
    /// let tmp = TemporaryOrg::new("项目临时党支部", TaskPurpose::Project, d, day).with_members(Members::new(4, 0));
    /// let id = h.add_temporary(tmp.clone())?;
    /// assert_eq!(h.org(id)?.to_temporary(), Some(tmp));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_temporary(&self) -> Option<TemporaryOrg> {
        let info = self.temporary_info()?;
        let mut t = TemporaryOrg::from_parts(
            self.name(),
            self.based_in().id(),
            self.members(),
            self.founded(),
            self.dissolved(),
            Some(info),
        );
        t.key = self.h.explicit_key(self.ix).map(str::to_owned);
        for OrgLink {
            relation: r,
            unit: u,
            ..
        } in self.links()
        {
            if let Relation::Seconds(n) = r {
                t.seconded.push((u.id(), n));
            }
        }
        // The graph lists the newest edge first: back to the order they were added in.
        t.seconded.reverse();
        Some(t)
    }

    /// A big committee as [`add_big_committee`](Hierarchy::add_big_committee) takes it;
    /// `None` for another form.
    ///
    /// ```
    /// # use partyorg::{org::BigCommittee, unit::BigCommitteeKind, Hierarchy, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let s = h.add_unit(Some(d), Unit::new(UnitKind::Street, "均禾街道"))?;
    /// let bc = BigCommittee::new("均禾街道大工委", BigCommitteeKind::Regional, s).with_part_time(d, 2);
    /// let id = h.add_big_committee(bc.clone())?;
    /// assert_eq!(h.org(id)?.to_big_committee(), Some(bc));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_big_committee(&self) -> Option<BigCommittee> {
        let kind = self.big_committee_kind()?;
        let mut bc = BigCommittee::new(self.name(), kind, self.based_in().id());
        bc.founded = self.founded();
        bc.key = self.h.explicit_key(self.ix).map(str::to_owned);
        for OrgLink {
            relation: r,
            unit: u,
            ..
        } in self.links()
        {
            match r {
                Relation::Member => bc.members.push(u.id()),
                Relation::PartTime(n) => bc.part_time.push((u.id(), n)),
                _ => {}
            }
        }
        // The graph lists the newest edge first: back to the order they were added in.
        bc.members.reverse();
        bc.part_time.reverse();
        Some(bc)
    }

    /// Whether it stands on `date`: founded on or before it (or with no founding date)
    /// and not dissolved on or before it.
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use partyorg::{Hierarchy, Org, OrgForm, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    /// let org = Org::new(OrgForm::Branch, "第一党支部").founded_on(day(2020, 1, 1)).dissolved_on(day(2023, 1, 1));
    /// let o = h.add_org(None, d, org)?;
    /// let o = h.org(o)?;
    /// assert!(o.exists_on(day(2022, 12, 31)));
    /// assert!(!o.exists_on(day(2023, 1, 1)) && !o.exists_on(day(2019, 12, 31)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn exists_on(&self, date: NaiveDate) -> bool {
        self.founded().is_none_or(|f| f <= date) && self.dissolved().is_none_or(|d| d > date)
    }

    /// Its external key: the explicit key it was given, or its id's number.
    ///
    /// ```
    /// # use partyorg::{Hierarchy, Org, OrgForm, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let a = h.add_org(None, d, Org::new(OrgForm::Branch, "第一党支部").with_key("ORG-1"))?;
    /// let b = h.add_org(None, d, Org::new(OrgForm::Branch, "第二党支部"))?;
    /// assert_eq!(h.org(a)?.key(), "ORG-1");
    /// assert_eq!(h.org(b)?.key(), b.0.to_string());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn key(&self) -> std::borrow::Cow<'a, str> {
        self.h.key_text(self.ix)
    }

    /// Its explicit key, if it was given one (none for an organization keyed by its id).
    pub(crate) fn explicit_key(&self) -> Option<&'a str> {
        self.h.explicit_key(self.ix)
    }

    /// An owned copy of its facts.
    ///
    /// ```
    /// # use partyorg::{Hierarchy, Members, Org, OrgForm, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let org = Org::new(OrgForm::Branch, "第一党支部").with_members(Members::new(12, 1)).with_secretary("王芳");
    /// let o = h.add_org(None, d, org.clone())?;
    /// assert_eq!(h.org(o)?.to_org(), org);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_org(&self) -> Org {
        let mut org = Org::new(self.form(), self.name()).with_members(self.members());
        org.code = self.code().map(str::to_owned);
        org.secretary = self.secretary().map(str::to_owned);
        org.committee_size = self.committee_size();
        org.term = self.term();
        org.founded = self.founded();
        org.dissolved = self.dissolved();
        org.key = self.h.explicit_key(self.ix).map(str::to_owned);
        org
    }
}
