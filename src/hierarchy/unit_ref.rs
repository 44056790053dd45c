//! A unit as the store lends it out ([`UnitRef`]).

use std::fmt;

use petgraph::stable_graph::NodeIndex;

use super::{AGRICULTURAL, Hierarchy};
use crate::code::DivisionCode;
use crate::unit::{Details, Members, PartyForm, Unit, UnitId, UnitKind};

/// A borrowed view of one unit of a [`Hierarchy`].
#[derive(Clone, Copy)]
pub struct UnitRef<'a> {
    h: &'a Hierarchy,
    ix: NodeIndex,
}

impl<'a> UnitRef<'a> {
    pub(crate) fn new(h: &'a Hierarchy, ix: NodeIndex) -> Self {
        UnitRef { h, ix }
    }

    pub(crate) fn index(&self) -> NodeIndex {
        self.ix
    }

    pub(crate) fn hierarchy(&self) -> &'a Hierarchy {
        self.h
    }

    /// Its id.
    ///
    /// ```
    /// use partyorg::{Hierarchy, Unit, UnitId, UnitKind};
    /// let mut h = Hierarchy::new();
    /// let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// assert_eq!(h.unit(d)?.id(), d);
    /// assert_eq!(d, UnitId(0));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn id(&self) -> UnitId {
        self.h.graph[self.ix].id
    }

    /// Its kind.
    ///
    /// ```
    /// use partyorg::{Hierarchy, Unit, UnitKind};
    /// let mut h = Hierarchy::new();
    /// let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let t = h.add_unit(Some(d), Unit::new(UnitKind::Town, "钟落潭镇"))?;
    /// assert_eq!(h.unit(t)?.kind(), UnitKind::Town);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn kind(&self) -> UnitKind {
        self.h.graph[self.ix].unit_kind()
    }

    /// Its name.
    ///
    /// ```
    /// use partyorg::{Hierarchy, Unit, UnitKind};
    /// let mut h = Hierarchy::new();
    /// let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// assert_eq!(h.unit(d)?.name(), "白云区");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn name(&self) -> &'a str {
        self.h.names.get(self.h.graph[self.ix].name)
    }

    /// Its division code.
    ///
    /// ```
    /// # use partyorg::{DivisionCode, Hierarchy, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// let code = DivisionCode::from_u64(440_111_000_000)?;
    /// let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区").with_code(code))?;
    /// let s = h.add_unit(Some(d), Unit::new(UnitKind::Street, "均禾街道"))?;
    /// assert_eq!(h.unit(d)?.code(), Some(code));
    /// assert_eq!(h.unit(s)?.code(), None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn code(&self) -> Option<DivisionCode> {
        self.h.codes.get(&self.ix).copied()
    }

    /// Its party members.
    ///
    /// ```
    /// # use partyorg::{Hierarchy, Members, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区").with_members(Members::new(40, 3)))?;
    /// let m = h.unit(d)?.members();
    /// assert_eq!((m.full, m.probationary, m.total()), (40, 3, 43));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn members(&self) -> Members {
        self.h.graph[self.ix].members()
    }

    /// The form of its party organization, if it has one.
    ///
    /// ```
    /// # use partyorg::{Hierarchy, PartyForm, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// # let s = h.add_unit(Some(d), Unit::new(UnitKind::Street, "均禾街道"))?;
    /// let c = Unit::new(UnitKind::Community, "罗岗社区").with_party_form(PartyForm::Branch);
    /// let c = h.add_unit(Some(s), c)?;
    /// assert_eq!(h.unit(c)?.party_form(), Some(PartyForm::Branch));
    /// assert_eq!(h.unit(d)?.party_form(), None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn party_form(&self) -> Option<PartyForm> {
        self.h.party_form_of(self.ix)
    }

    /// The size of its party organization's elected committee, if one is elected.
    ///
    /// ```
    /// # use partyorg::{Hierarchy, PartyForm, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// let unit = Unit::new(UnitKind::District, "白云区").with_party_form(PartyForm::Committee);
    /// let d = h.add_unit(None, unit.with_committee(7))?;
    /// assert_eq!(h.unit(d)?.committee_size(), Some(7));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn committee_size(&self) -> Option<u8> {
        self.h.graph[self.ix].committee_size()
    }

    /// Whether it is an agricultural (涉农) town or street.
    ///
    /// ```
    /// # use partyorg::{Hierarchy, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let t = h.add_unit(Some(d), Unit::new(UnitKind::Town, "钟落潭镇").agricultural())?;
    /// let s = h.add_unit(Some(d), Unit::new(UnitKind::Street, "均禾街道"))?;
    /// assert!(h.unit(t)?.is_agricultural());
    /// assert!(!h.unit(s)?.is_agricultural());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn is_agricultural(&self) -> bool {
        self.h.graph[self.ix].flags & AGRICULTURAL != 0
    }

    /// Its rarer facts (empty for most units).
    ///
    /// ```
    /// # use partyorg::{unit::Details, Hierarchy, unit::ServiceCenter, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// let mut details = Details::default();
    /// details.service_center = Some(ServiceCenter::new(800));
    /// let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区").with_details(details))?;
    /// assert_eq!(h.unit(d)?.details().service_center.map(|c| c.area_m2), Some(800));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn details(&self) -> &'a Details {
        self.h
            .details
            .get(&self.ix)
            .map_or(&crate::unit::EMPTY_DETAILS, |d| d)
    }

    /// Its parent in the tree.
    ///
    /// ```
    /// # use partyorg::{Hierarchy, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let s = h.add_unit(Some(d), Unit::new(UnitKind::Street, "均禾街道"))?;
    /// assert_eq!(h.unit(s)?.parent().map(|p| p.id()), Some(d));
    /// assert!(h.unit(d)?.parent().is_none());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn parent(&self) -> Option<UnitRef<'a>> {
        self.h.parent_ix(self.ix).map(|p| UnitRef::new(self.h, p))
    }

    /// Its external key: the explicit key it was given, or its id's number.
    ///
    /// ```
    /// # use partyorg::{Hierarchy, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let s = h.add_unit(Some(d), Unit::new(UnitKind::Street, "均禾街道").with_key("JH-001"))?;
    /// assert_eq!((h.unit(d)?.key(), h.unit(s)?.key()), ("0".into(), "JH-001".into()));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn key(&self) -> std::borrow::Cow<'a, str> {
        self.h.key_text(self.ix)
    }

    /// Its explicit key, if it was given one (none for a unit keyed by its id).
    pub(crate) fn explicit_key(&self) -> Option<&'a str> {
        self.h.explicit_key(self.ix)
    }

    /// An owned copy of everything it says about itself.
    ///
    /// ```
    /// # use partyorg::{Hierarchy, Members, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// let unit = Unit::new(UnitKind::District, "白云区").with_members(Members::new(9, 1));
    /// let d = h.add_unit(None, unit.clone())?;
    /// // What went in comes out.
    /// assert_eq!(h.unit(d)?.to_unit(), unit);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_unit(&self) -> Unit {
        let mut u = Unit::new(self.kind(), self.name());
        u.key = self.h.explicit_key(self.ix).map(str::to_owned);
        u.code = self.code();
        u.members = self.members();
        u.party_form = self.party_form();
        u.committee_size = self.committee_size();
        u.agricultural = self.is_agricultural();
        u.details = self.details().clone();
        u
    }
}

impl fmt::Debug for UnitRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UnitRef")
            .field("id", &self.id())
            .field("kind", &self.kind())
            .field("name", &self.name())
            .finish()
    }
}

impl PartialEq for UnitRef<'_> {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.h, other.h) && self.ix == other.ix
    }
}

impl Eq for UnitRef<'_> {}
