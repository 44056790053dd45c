//! The bulletin's figures as the rollups find them in a hierarchy.

use super::*;

/// The bulletin's figures as the rollups find them in a hierarchy: organizations by
/// form and by the sector of their unit and members, summed over the organization
/// tree's roots by [`Hierarchy::org_totals`]; streets, towns, communities and villages
/// with an organization, by [`Hierarchy::coverage`] over the place tree's roots.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Figures {
    /// Grassroots organizations: committees, general branches and branches.
    pub orgs: u64,
    /// Committees.
    pub committees: u64,
    /// General branches.
    pub general_branches: u64,
    /// Branches.
    pub branches: u64,
    /// Members of every organization.
    pub members: u64,
    /// Organizations based in organs.
    pub organ_orgs: u64,
    /// Organizations based in public institutions.
    pub institution_orgs: u64,
    /// Organizations based in enterprises, state-owned and non-public.
    pub enterprise_orgs: u64,
    /// Organizations based in social organizations.
    pub social_orgs: u64,
    /// Streets with a party organization.
    pub streets_covered: u64,
    /// Towns with one.
    pub towns_covered: u64,
    /// Communities with one.
    pub communities_covered: u64,
    /// Villages with one.
    pub villages_covered: u64,
    /// Streets, towns, communities and villages in all, with or without.
    pub places: [u64; 4],
}

impl Figures {
    /// The figures of `h`, coverage as of `date`. *O(units + organizations)*: one
    /// subtree total per organization root (each organization counted once) and four
    /// coverage scans of the place tree.
    ///
    /// # Errors
    ///
    /// None in practice: the roots are the hierarchy's own.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use partyorg::generate::{Figures, NationalSpec, national};
    /// let h = national(&NationalSpec::scaled(0.0005));
    /// let f = Figures::of(&h, NaiveDate::from_ymd_opt(2023, 12, 31).unwrap())?;
    /// assert_eq!(f.orgs, f.committees + f.general_branches + f.branches);
    /// assert!(f.streets_covered > 0 && f.streets_covered <= f.places[0]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn of(h: &Hierarchy, date: NaiveDate) -> Result<Figures, crate::QueryError> {
        let mut f = Figures::default();
        // Temporary organizations and big committees are not grassroots organizations,
        // and their members keep their membership at home: left out.
        let roots: Vec<crate::OrgId> = h
            .org_roots()
            .filter(|o| !matches!(o.form(), OrgForm::Temporary | OrgForm::BigCommittee))
            .map(|o| o.id())
            .collect();
        for r in roots {
            let t = h.org_totals(r)?;
            f.committees += t.of_form(OrgForm::Committee);
            f.general_branches += t.of_form(OrgForm::GeneralBranch);
            f.branches += t.of_form(OrgForm::Branch);
            f.members += t.members();
            f.organ_orgs += t.of_sector(Sector::Organ);
            f.institution_orgs += t.of_sector(Sector::PublicInstitution);
            f.enterprise_orgs += t.of_sector(Sector::StateOwnedEnterprise)
                + t.of_sector(Sector::NonPublicEnterprise);
            f.social_orgs += t.of_sector(Sector::SocialOrganization);
        }
        f.orgs = f.committees + f.general_branches + f.branches;
        let places = [
            UnitKind::Street,
            UnitKind::Town,
            UnitKind::Community,
            UnitKind::Village,
        ];
        let roots: Vec<UnitId> = h.roots().map(|r| r.id()).collect();
        let mut covered = [0u64; 4];
        for r in roots {
            for (k, &kind) in places.iter().enumerate() {
                let c = h.coverage(r, kind, date)?;
                covered[k] += c.with_party_org;
                f.places[k] += c.units;
            }
        }
        [
            f.streets_covered,
            f.towns_covered,
            f.communities_covered,
            f.villages_covered,
        ] = covered;
        Ok(f)
    }

    /// The bulletin's own figures (places in all: the synthetic nation's, [`shape`]).
    ///
    /// ```
    /// use partyorg::generate::{Figures, bulletin, shape};
    /// let b = Figures::bulletin();
    /// assert_eq!((b.orgs, b.members), (bulletin::ORGS, bulletin::MEMBERS));
    /// assert_eq!(b.places[3], shape::VILLAGES);
    /// ```
    pub fn bulletin() -> Figures {
        Figures {
            orgs: bulletin::ORGS,
            committees: bulletin::COMMITTEES,
            general_branches: bulletin::GENERAL_BRANCHES,
            branches: bulletin::BRANCHES,
            members: bulletin::MEMBERS,
            organ_orgs: bulletin::ORGAN_ORGS,
            institution_orgs: bulletin::INSTITUTION_ORGS,
            enterprise_orgs: bulletin::ENTERPRISE_ORGS,
            social_orgs: bulletin::SOCIAL_ORGS,
            streets_covered: bulletin::STREETS_COVERED,
            towns_covered: bulletin::TOWNS_COVERED,
            communities_covered: bulletin::COMMUNITIES_COVERED,
            villages_covered: bulletin::VILLAGES_COVERED,
            places: [
                shape::STREETS,
                shape::TOWNS,
                shape::COMMUNITIES,
                shape::VILLAGES,
            ],
        }
    }

    /// The figures as named `(key, value)` pairs, in the order of the fields (the places
    /// in all left out).
    ///
    /// ```
    /// use partyorg::generate::{Figures, bulletin};
    /// let pairs = Figures::bulletin().pairs();
    /// assert_eq!(pairs[0], ("orgs", bulletin::ORGS));
    /// assert_eq!(pairs.last(), Some(&("villages_covered", bulletin::VILLAGES_COVERED)));
    /// ```
    pub fn pairs(&self) -> [(&'static str, u64); 13] {
        [
            ("orgs", self.orgs),
            ("committees", self.committees),
            ("general_branches", self.general_branches),
            ("branches", self.branches),
            ("members", self.members),
            ("organ_orgs", self.organ_orgs),
            ("institution_orgs", self.institution_orgs),
            ("enterprise_orgs", self.enterprise_orgs),
            ("social_orgs", self.social_orgs),
            ("streets_covered", self.streets_covered),
            ("towns_covered", self.towns_covered),
            ("communities_covered", self.communities_covered),
            ("villages_covered", self.villages_covered),
        ]
    }

    /// The largest relative difference of a figure from the bulletin's scaled by
    /// `scale`: 0.001 is 0.1 %.
    ///
    /// ```
    /// use partyorg::generate::Figures;
    /// let b = Figures::bulletin();
    /// assert_eq!(b.worst_deviation(1.0).1, 0.0);
    /// let mut off = b;
    /// off.members += b.members / 100; // 1 % more members
    /// let (key, deviation) = off.worst_deviation(1.0);
    /// assert_eq!(key, "members");
    /// assert!((deviation - 0.01).abs() < 1e-6);
    /// ```
    pub fn worst_deviation(&self, scale: f64) -> (&'static str, f64) {
        let want = Figures::bulletin().pairs();
        self.pairs()
            .iter()
            .zip(want)
            .map(|(&(k, got), (_, w))| {
                let w = w as f64 * scale;
                (k, (got as f64 - w).abs() / w.max(1.0))
            })
            .fold(("", 0.0), |a, b| if b.1 > a.1 { b } else { a })
    }
}
