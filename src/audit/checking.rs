//! Checking a draft's items on every core: one index, quotations shared out as they
//! come, the claims in one thread with one `check::Checker` (its searcher and file cache
//! reused from claim to claim).

use crate::check::{self, CheckReport};
use crate::index::CiteIndex;
use crate::verify::{self, Report};
use anyhow::Result;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// The answers, in the order of the questions.
pub struct Checked {
    /// Verify's report on each quotation.
    pub quotes: Vec<Report>,
    /// Check's report on each claim, or why it could not be checked.
    pub claims: Vec<Result<CheckReport, String>>,
    /// Time spent verifying, summed over threads.
    pub quote_time: Duration,
    /// Time spent checking claims.
    pub claim_time: Duration,
}

/// Verifies `quotes` and checks `claims` against `cite` on up to `threads` threads.
///
/// Errors when a quotation cannot be verified or the index cannot be searched.
pub fn run(cite: &CiteIndex, quotes: &[&str], claims: &[&str], threads: usize) -> Result<Checked> {
    let next = AtomicUsize::new(0);
    let verified: Mutex<Vec<Option<Report>>> = Mutex::new(vec![None; quotes.len()]);
    let quote_time = Mutex::new(Duration::ZERO);
    let verify_some = || -> Result<()> {
        let started = Instant::now();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            if i >= quotes.len() {
                break;
            }
            let report = verify::verify(cite, quotes[i])?;
            verified.lock().expect("no thread panicked")[i] = Some(report);
        }
        *quote_time.lock().expect("no thread panicked") += started.elapsed();
        Ok(())
    };
    let check_all = || -> Result<(Vec<Result<CheckReport, String>>, Duration)> {
        let started = Instant::now();
        let mut checker = check::Checker::new(cite)?;
        let options = check::Options::default();
        let reports = claims
            .iter()
            .map(|c| checker.check(c, &options).map_err(|e| format!("{e:#}")))
            .collect();
        Ok((reports, started.elapsed()))
    };
    let (claims, claim_time) = std::thread::scope(|scope| -> Result<_> {
        let helpers: Vec<_> = (1..threads.max(1))
            .map(|_| scope.spawn(verify_some))
            .collect();
        let checked = check_all()?;
        verify_some()?;
        for helper in helpers {
            helper.join().expect("a verify thread panicked")?;
        }
        Ok(checked)
    })?;
    let quotes = verified
        .into_inner()
        .expect("no thread panicked")
        .into_iter()
        .map(|r| r.expect("every quotation verified"))
        .collect();
    Ok(Checked {
        quotes,
        claims,
        quote_time: quote_time.into_inner().expect("no thread panicked"),
        claim_time,
    })
}
