//! Numbers as intervals: what `more than 1,000`, `nearly 180,000` or `about 2 million`
//! allow, and how a source's interval bears on a claim's.

/// How the words before a number bound it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Qualifier {
    /// `1,400`: the number itself.
    Exact,
    /// `more than`, `over`, `above`, `exceeding`, `in excess of`.
    Above,
    /// `at least`, `no fewer than`, `no less than`.
    AtLeast,
    /// `fewer than`, `less than`, `under`, `below`.
    Below,
    /// `at most`, `up to`, `no more than`.
    AtMost,
    /// `nearly`, `almost`: a little under.
    Nearly,
    /// `about`, `around`, `roughly`, `some`, `approximately`: either side.
    About,
}

/// Share of the number that `about n` allows on either side, and `nearly n` below it.
pub const TOLERANCE: f64 = 0.1;
/// Least number whose `more than` implies a ceiling (`over 1,400` is under 1,500).
const IMPLIED_FROM: f64 = 100.0;

/// Words before a number that bound it, longest first (so `no more than` is not `more than`).
const QUALIFIERS: &[(&[&str], Qualifier)] = &[
    (&["no", "more", "than"], Qualifier::AtMost),
    (&["not", "more", "than"], Qualifier::AtMost),
    (&["no", "fewer", "than"], Qualifier::AtLeast),
    (&["no", "less", "than"], Qualifier::AtLeast),
    (&["not", "less", "than"], Qualifier::AtLeast),
    (&["in", "excess", "of"], Qualifier::Above),
    (&["more", "than"], Qualifier::Above),
    (&["greater", "than"], Qualifier::Above),
    (&["upwards", "of"], Qualifier::Above),
    (&["well", "over"], Qualifier::Above),
    (&["just", "over"], Qualifier::Above),
    (&["at", "least"], Qualifier::AtLeast),
    (&["fewer", "than"], Qualifier::Below),
    (&["less", "than"], Qualifier::Below),
    (&["just", "under"], Qualifier::Below),
    (&["at", "most"], Qualifier::AtMost),
    (&["up", "to"], Qualifier::AtMost),
    (&["close", "to"], Qualifier::Nearly),
    (&["an", "estimated"], Qualifier::About),
    (&["over"], Qualifier::Above),
    (&["above"], Qualifier::Above),
    (&["exceeding"], Qualifier::Above),
    (&["under"], Qualifier::Below),
    (&["below"], Qualifier::Below),
    (&["nearly"], Qualifier::Nearly),
    (&["almost"], Qualifier::Nearly),
    (&["about"], Qualifier::About),
    (&["around"], Qualifier::About),
    (&["roughly"], Qualifier::About),
    (&["some"], Qualifier::About),
    (&["approximately"], Qualifier::About),
    (&["approx"], Qualifier::About),
    (&["circa"], Qualifier::About),
];

/// The qualifier that `words` (folded, in order) end with, and how many words it takes.
pub fn qualifier(words: &[&str]) -> Option<(Qualifier, usize)> {
    QUALIFIERS
        .iter()
        .find(|(phrase, _)| words.ends_with(phrase))
        .map(|&(phrase, q)| (q, phrase.len()))
}

/// A set of numbers between two ends, each end in it or not.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interval {
    /// Lower end (may be -inf).
    pub lo: f64,
    /// Upper end (may be inf).
    pub hi: f64,
    /// Whether `lo` is in it.
    pub lo_in: bool,
    /// Whether `hi` is in it.
    pub hi_in: bool,
}

impl Interval {
    /// What `q n` says, literally.
    pub fn literal(q: Qualifier, n: f64) -> Interval {
        let (below, above) = (n - TOLERANCE * n.abs(), n + TOLERANCE * n.abs());
        let (lo, hi, lo_in, hi_in) = match q {
            Qualifier::Exact => (n, n, true, true),
            Qualifier::Above => (n, f64::INFINITY, false, false),
            Qualifier::AtLeast => (n, f64::INFINITY, true, false),
            Qualifier::Below => (f64::NEG_INFINITY, n, false, false),
            Qualifier::AtMost => (f64::NEG_INFINITY, n, false, true),
            Qualifier::Nearly => (below, n, true, true),
            Qualifier::About => (below, above, true, true),
        };
        Interval {
            lo,
            hi,
            lo_in,
            hi_in,
        }
    }

    /// What a writer implies by `q n`: `over 1,400` of a round number means under the next
    /// step of its last significant digit (1,500), or they would have said more.
    pub fn implied(q: Qualifier, n: f64) -> Interval {
        let mut literal = Interval::literal(q, n);
        if q == Qualifier::Above && n >= IMPLIED_FROM {
            let step = step(n);
            if step >= 10.0 {
                literal.hi = n + step;
                literal.hi_in = false;
            }
        }
        literal
    }

    /// True when every number of `self` is in `other`.
    pub fn within(&self, other: &Interval) -> bool {
        let lo_ok = other.lo < self.lo || (other.lo == self.lo && (other.lo_in || !self.lo_in));
        let hi_ok = self.hi < other.hi || (other.hi == self.hi && (other.hi_in || !self.hi_in));
        lo_ok && hi_ok
    }

    /// True when no number is in both, and they do not meet at an end either gives: an
    /// exact `1,400` meets `over 1,400` (written numbers are rounded), `over 300` and
    /// `under 300` do not meet.
    pub fn apart(&self, other: &Interval) -> bool {
        let below =
            |a: &Interval, b: &Interval| a.hi < b.lo || (a.hi == b.lo && !a.hi_in && !b.lo_in);
        below(self, other) || below(other, self)
    }
}

/// The place value of a number's last significant digit (1,400 → 100; 2.42 billion → 10 million).
fn step(n: f64) -> f64 {
    let n = n.abs();
    let mut step = 10f64.powi(n.log10().floor() as i32);
    while step > 1e-9 && ((n / step).round() - n / step).abs() > 1e-6 {
        step /= 10.0;
    }
    step
}

/// How a source's number bears on a claim's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    /// The source's interval lies inside the claim's: it states the claim's number.
    Inside,
    /// They overlap, but the source allows numbers the claim does not: neither.
    Overlaps,
    /// The source (with what it implies) and the claim have no number in common.
    Apart,
}

/// The relation of the source's `q n` to the claim's.
pub fn relation(claim: (Qualifier, f64), source: (Qualifier, f64)) -> Relation {
    let wanted = Interval::literal(claim.0, claim.1);
    if Interval::literal(source.0, source.1).within(&wanted) {
        Relation::Inside
    } else if Interval::implied(source.0, source.1).apart(&wanted) {
        Relation::Apart
    } else {
        Relation::Overlaps
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Qualifier::*;
    use proptest::prelude::*;

    const ALL: [Qualifier; 7] = [Exact, Above, AtLeast, Below, AtMost, Nearly, About];

    #[test]
    fn bounds_of_the_brief() {
        for (claim, source, expected) in [
            ((Above, 1000.0), (Above, 1400.0), Relation::Inside),
            ((Above, 1000.0), (Exact, 1400.0), Relation::Inside),
            ((Exact, 1000.0), (Above, 1400.0), Relation::Apart),
            ((Above, 300e9), (Above, 200e9), Relation::Apart),
            ((Above, 6e6), (Above, 8e6), Relation::Inside),
            ((Above, 1450.0), (Above, 1400.0), Relation::Overlaps),
            ((Above, 1500.0), (Above, 1400.0), Relation::Apart),
            ((Exact, 1400.0), (Above, 1400.0), Relation::Overlaps),
            ((Above, 1400.0), (Exact, 1400.0), Relation::Overlaps),
            ((Nearly, 100.0), (Nearly, 100.0), Relation::Inside),
            ((Exact, 100.0), (Nearly, 100.0), Relation::Overlaps),
            ((Nearly, 200.0), (Nearly, 100.0), Relation::Apart),
            ((About, 2e6), (Exact, 2.1e6), Relation::Inside),
            ((Below, 50.0), (AtMost, 50.0), Relation::Overlaps),
            ((AtMost, 50.0), (Below, 50.0), Relation::Inside),
            ((Below, 50.0), (Above, 50.0), Relation::Apart),
            ((AtLeast, 50.0), (Exact, 50.0), Relation::Inside),
            // `more than one` implies no ceiling: small and unround numbers are not rounded.
            ((Above, 5.0), (Above, 1.0), Relation::Overlaps),
            ((Above, 150.0), (Above, 99.0), Relation::Overlaps),
        ] {
            assert_eq!(relation(claim, source), expected, "{claim:?} / {source:?}");
        }
    }

    #[test]
    fn qualifiers_take_their_longest_phrase() {
        assert_eq!(qualifier(&["spent", "more", "than"]), Some((Above, 2)));
        assert_eq!(qualifier(&["no", "more", "than"]), Some((AtMost, 3)));
        assert_eq!(qualifier(&["closed", "for", "over"]), Some((Above, 1)));
        assert_eq!(qualifier(&["for"]), None);
    }

    #[test]
    fn steps_are_the_last_significant_digit() {
        assert_eq!(step(1400.0), 100.0);
        assert_eq!(step(200e9), 100e9);
        assert!((step(2.42e9) - 1e7).abs() < 1.0);
        assert_eq!(step(99.0), 1.0);
    }

    fn qualified() -> impl Strategy<Value = (Qualifier, f64)> {
        (0..ALL.len(), 1u32..100_000).prop_map(|(q, n)| (ALL[q], f64::from(n)))
    }

    proptest! {
        #[test]
        fn a_source_inside_is_never_apart(claim in qualified(), source in qualified()) {
            let r = relation(claim, source);
            let literal = Interval::literal(source.0, source.1);
            let wanted = Interval::literal(claim.0, claim.1);
            prop_assert_eq!(r == Relation::Inside, literal.within(&wanted));
            // What a writer implies is never more than what they say.
            prop_assert!(Interval::implied(source.0, source.1).within(&literal));
        }

        #[test]
        fn every_number_agrees_with_itself(claim in qualified()) {
            prop_assert_eq!(relation(claim, claim), Relation::Inside);
        }

        #[test]
        fn exact_numbers_agree_only_when_equal(a in 1u32..10_000, b in 1u32..10_000) {
            let r = relation((Exact, f64::from(a)), (Exact, f64::from(b)));
            prop_assert_eq!(r, if a == b { Relation::Inside } else { Relation::Apart });
        }

        #[test]
        fn an_exact_source_is_inside_exactly_when_the_claim_allows_it(
            claim in qualified(), n in 1u32..100_000
        ) {
            let n = f64::from(n);
            let wanted = Interval::literal(claim.0, claim.1);
            let contains = (wanted.lo < n || (wanted.lo == n && wanted.lo_in))
                && (n < wanted.hi || (n == wanted.hi && wanted.hi_in));
            prop_assert_eq!(relation(claim, (Exact, n)) == Relation::Inside, contains);
        }

        #[test]
        fn a_wider_claim_keeps_what_a_narrower_one_is_given(
            n in 100u32..100_000, m in 1u32..100, source in qualified()
        ) {
            // `more than n` allows all that `more than n + m` allows.
            let narrow = (Above, f64::from(n + m));
            let wide = (Above, f64::from(n));
            if relation(narrow, source) == Relation::Inside {
                prop_assert_eq!(relation(wide, source), Relation::Inside);
            }
        }

        #[test]
        fn apart_is_symmetric_and_excludes_overlap(a in qualified(), b in qualified()) {
            let (x, y) = (Interval::literal(a.0, a.1), Interval::literal(b.0, b.1));
            prop_assert_eq!(x.apart(&y), y.apart(&x));
            if x.within(&y) {
                prop_assert!(!x.apart(&y));
            }
        }
    }
}
