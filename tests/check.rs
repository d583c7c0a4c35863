//! `cite check` through the binary: stances, verdicts, conflicts, corroboration, stdin,
//! batches, bad input, terminal output, stale files, hard-wrapped real text, and the
//! bounds, roles and frames behind stances.

mod common;

use common::{TempCorpus, assert_span, cite, conflicts, json, json_in, seeds_index};
use serde_json::Value;

fn check(claim: &str) -> (Value, i32) {
    let (doc, code) = json(&["check", claim, "--json"]);
    assert_report(&doc, code);
    (doc, code)
}

/// The contract of every report: spans true, stances and verdict consistent, exit code.
fn assert_report(doc: &Value, code: i32) {
    let verdict = doc["verdict"].as_str().unwrap();
    assert_eq!(
        code == 0,
        verdict == "supported",
        "exit {code} for {verdict}"
    );
    let evidence = doc["evidence"].as_array().unwrap();
    let mut supports = Vec::new();
    let mut contradicts = Vec::new();
    for e in evidence {
        assert_span(e);
        if !e["inferred_year"].is_null() {
            assert_span(&e["inferred_year"]);
        }
        let stance = e["stance"].as_str().unwrap();
        let source = e["source"].as_str().unwrap().to_string();
        match stance {
            "supports" => supports.push(source),
            "contradicts" => contradicts.push(source),
            "related" => {}
            other => panic!("stance {other}"),
        }
        let conflicts = e["conflicts"].as_array().unwrap();
        assert_eq!(stance == "contradicts", !conflicts.is_empty(), "{e}");
    }
    for (list, seen) in [("supports", &supports), ("contradicts", &contradicts)] {
        let mut named: Vec<&str> = doc["sources"][list]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap())
            .collect();
        named.sort();
        let mut seen: Vec<&str> = seen.iter().map(String::as_str).collect();
        seen.sort();
        seen.dedup();
        assert_eq!(
            named, seen,
            "sources.{list} are the documents of the evidence"
        );
    }
    let expected = match (supports.is_empty(), contradicts.is_empty()) {
        (false, true) => "supported",
        (true, false) => "contradicted",
        (false, false) => "disputed",
        (true, true) => "unsupported",
    };
    assert_eq!(verdict, expected);
}

fn first_with(doc: &Value, stance: &str) -> Value {
    doc["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["stance"] == stance)
        .cloned()
        .unwrap_or_else(|| panic!("no {stance} evidence in {doc}"))
}

#[test]
fn a_paraphrase_is_supported_by_its_sentence_with_the_claims_words_highlighted() {
    let (doc, code) = check("Trump stopped American financial aid after he returned to office");
    assert_eq!((doc["verdict"].as_str(), code), (Some("supported"), 0));
    let best = &doc["evidence"][0];
    assert_eq!(best["stance"], "supports");
    let text = best["text"].as_str().unwrap();
    assert!(text.starts_with("After returning to office, US President Donald Trump halted"));
    assert!(
        !text.contains("Taliban spokesperson"),
        "one sentence, not the passage"
    );
    let words = common::highlighted(best);
    for word in ["returning", "office", "Trump", "halted", "assistance"] {
        assert!(
            words.iter().any(|w| w.contains(word)),
            "{word} in {words:?}"
        );
    }
    let related = first_with(&doc, "related");
    assert!(related["conflicts"].as_array().unwrap().is_empty());
}

#[test]
fn a_claim_reported_by_several_sources_lists_each() {
    // Support needs every word and value of the claim at its precision: the seeds that
    // give "July 3" without the year support this claim, not one "in July 2025".
    let (doc, code) = check("Russia recognised the Taliban in July");
    assert_eq!((doc["verdict"].as_str(), code), (Some("supported"), 0));
    let sources = doc["sources"]["supports"].as_array().unwrap();
    assert!(sources.len() >= 3, "{sources:?}");
    assert!(doc["sources"]["contradicts"].as_array().unwrap().is_empty());
}

#[test]
fn the_issues_corroboration_claim_lists_the_seeds_that_report_it() {
    let claim = "Russia formally recognised the Taliban government in July 2025";
    let (doc, code) = check(claim);
    assert_eq!((doc["verdict"].as_str(), code), (Some("supported"), 0));
    // seeds/002 says "formally recognized the Taliban government … in early July 2025";
    // seeds/004 "The Russian government’s official recognition of the Taliban on July 3",
    // its year read from the dateline of its photo caption, "July 22, 2025".
    assert_eq!(
        doc["sources"]["supports"],
        serde_json::json!([
            "seeds/002_7e03a3b1feca6aff.txt",
            "seeds/004_8c81b0a74c291d45.txt"
        ])
    );
    let evidence = doc["evidence"].as_array().unwrap();
    let of = |seed: &str, stance: &str| {
        evidence
            .iter()
            .find(|e| e["source"].as_str().unwrap().contains(seed) && e["stance"] == stance)
            .cloned()
    };
    let from_004 = of("seeds/004", "supports").expect("seeds/004 supports");
    assert!(
        from_004["text"]
            .as_str()
            .unwrap()
            .contains("official recognition of the Taliban on July 3")
    );
    let year = &from_004["inferred_year"];
    assert_eq!(year["year"], 2025);
    assert_eq!(year["date"], "July 3");
    assert_eq!(year["from"], "dateline");
    assert_eq!(year["text"], "July 22, 2025");
    assert_eq!(year["line"], 1);
    assert_span(year);
    // "in 2025 … Russia becoming the only country to formally recognise their
    // administration" gives the year, not the month: related, never support.
    assert!(of("seeds/001", "supports").is_none());
    assert!(of("seeds/001", "related").is_some());
    // seeds/003 writes "July 3" with no year anywhere before it and no dateline.
    assert!(of("seeds/003", "supports").is_none());
    // The terminal names the year's origin.
    let out = cite(seeds_index()).args(["check", claim]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("year 2025 of “July 3” inferred from the dateline at 1:75: “July 22, 2025”"),
        "{text}"
    );
}

#[test]
fn tense_auxiliaries_and_derived_nouns_are_not_differences() {
    // seeds/002: "The Afghan embassies in the United Kingdom and the United States have
    // been closed"; "Despite Germany’s agreement to accept two Taliban diplomats …".
    for (claim, words) in [
        (
            "Afghan embassies in the United States and the United Kingdom are closed",
            "have been closed",
        ),
        (
            "Afghan embassies in the United States and the United Kingdom remain closed",
            "have been closed",
        ),
        (
            "Germany agreed to accept two Taliban diplomats to handle consular affairs",
            "Germany’s agreement to accept",
        ),
    ] {
        let (doc, code) = check(claim);
        assert_eq!(
            (doc["verdict"].as_str(), code),
            (Some("supported"), 0),
            "{claim}"
        );
        let best = first_with(&doc, "supports");
        assert!(
            best["text"].as_str().unwrap().contains(words),
            "{claim}: {best}"
        );
    }
}

#[test]
fn a_year_is_inferred_only_when_the_document_is_unambiguous() {
    let corpus = TempCorpus::new(&[
        (
            "dated.txt",
            "Geneva, 14 August 2031. (Wire)\n\nThe council of Norland formally admitted Osterland on 3 July, after long talks.\n",
        ),
        (
            "later.txt",
            "Geneva, 14 June 2031. (Wire)\n\nThe council of Norland formally admitted Osterland on 3 July, after long talks.\n",
        ),
        (
            "bare.txt",
            "A first paragraph long enough that it cannot be a dateline of any kind: it goes on about the weather and the harvest and the roads and the rivers for more than two hundred bytes.\nAfter the 2029 vote, the council of Norland formally admitted Osterland on 3 July.\n",
        ),
        (
            "weekday.txt",
            "Geneva, 14 August 2031. (Wire)\n\nThe council of Norland formally admitted Osterland on Tuesday, 3 July.\n",
        ),
    ]);
    let (doc, code) = corpus.json(&[
        "check",
        "The council of Norland formally admitted Osterland in July 2031",
        "--json",
    ]);
    assert_report(&doc, code);
    let stance_of = |name: &str| {
        doc["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["source"].as_str().unwrap().ends_with(name))
            .map(|e| {
                (
                    e["stance"].as_str().unwrap().to_string(),
                    e["inferred_year"].clone(),
                )
            })
            .unwrap_or_else(|| panic!("no evidence from {name}: {doc}"))
    };
    let (stance, year) = stance_of("dated.txt");
    assert_eq!(stance, "supports");
    assert_eq!(
        (year["year"].clone(), year["from"].clone()),
        (2031.into(), "dateline".into())
    );
    assert_span(&year);
    // A date later in the year than the dateline, a bare year before it in its passage,
    // and a weekday 3 July 2031 is not (a Thursday): no year, so no support.
    for name in ["later.txt", "bare.txt", "weekday.txt"] {
        let (stance, year) = stance_of(name);
        assert_eq!((stance.as_str(), year), ("related", Value::Null), "{name}");
    }
    // A claim of the year alone takes any date of that year.
    let (doc, code) = corpus.json(&[
        "check",
        "The council of Norland formally admitted Osterland in 2031",
        "--json",
    ]);
    assert_report(&doc, code);
    let supports = doc["sources"]["supports"].as_array().unwrap();
    assert!(
        supports.len() == 1 && supports[0].as_str().unwrap().ends_with("dated.txt"),
        "{doc}"
    );
    // An inferred year completes a date; it never contradicts one.
    let (doc, code) = corpus.json(&[
        "check",
        "The council of Norland formally admitted Osterland in July 2030",
        "--json",
    ]);
    assert_report(&doc, code);
    assert_eq!(doc["verdict"], "unsupported", "{doc}");
}

#[test]
fn a_wrong_month_contradicts_and_names_both_values() {
    let (doc, code) = check("Moscow recognised the Taliban administration in August");
    assert_eq!((doc["verdict"].as_str(), code), (Some("contradicted"), 1));
    let best = &doc["evidence"][0];
    assert_eq!(best["stance"], "contradicts");
    assert!(
        best["text"]
            .as_str()
            .unwrap()
            .starts_with("Moscow recognised")
    );
    assert_eq!(
        best["conflicts"][0],
        serde_json::json!({"claim": "August", "source": "July", "kind": "date"})
    );
}

#[test]
fn one_source_against_another_is_disputed_and_the_other_value_is_named() {
    let (doc, code) = check("the Taliban have relations with 40 countries");
    assert_eq!((doc["verdict"].as_str(), code), (Some("disputed"), 1));
    assert!(
        conflicts(&doc).contains(&("40".into(), "29".into(), "number".into())),
        "{:?}",
        conflicts(&doc)
    );
    let support = first_with(&doc, "supports");
    assert!(support["text"].as_str().unwrap().contains("40 countries"));
}

#[test]
fn numbers_years_negations_and_comparisons_contradict() {
    let cases = [
        (
            "Members of the Taliban cabinet made 120 foreign trips in 2025",
            ("120", "99", "number"),
        ),
        (
            "Taliban cabinet members made 99 foreign trips in 2024",
            ("2024", "2025", "date"),
        ),
        (
            "Relations between Washington and the Taliban improved",
            ("improved", "did not improve", "negation"),
        ),
        (
            "Ethnic Pashtuns are perceived to be at more risk than minority groups",
            ("more", "less", "comparison"),
        ),
        (
            "Taliban spokesperson Suhail Shaheen said members of the Taliban cabinet made 99 foreign trips",
            ("Suhail Shaheen", "Zabihullah Mujahid", "name"),
        ),
    ];
    for (claim, (said, source, kind)) in cases {
        let (doc, code) = check(claim);
        assert_eq!(
            (doc["verdict"].as_str(), code),
            (Some("contradicted"), 1),
            "{claim}"
        );
        let found = conflicts(&doc);
        assert!(
            found.contains(&(said.into(), source.into(), kind.into())),
            "{claim}: {found:?}"
        );
    }
}

#[test]
fn a_value_for_something_else_does_not_contradict() {
    // The sentence's 2021 is the withdrawal's year, not the halt's.
    let (doc, _) = check("Trump halted American financial assistance in 2025");
    assert_ne!(doc["verdict"], "contradicted", "{doc}");
    assert!(conflicts(&doc).iter().all(|(c, _, _)| c != "2025"));
}

#[test]
fn nothing_on_topic_is_unsupported() {
    let (doc, code) = check("Purple elephants negotiated a trade deal over the Hindu Kush in 1802");
    assert_eq!((doc["verdict"].as_str(), code), (Some("unsupported"), 1));
    let (doc, _) = check("The Taliban opened a consulate in Buenos Aires");
    assert_eq!(doc["verdict"], "unsupported");
    assert!(
        doc["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["stance"] == "related")
    );
}

#[test]
fn synonyms_can_be_turned_off() {
    let (with, _) = check("Trump stopped American financial aid after he returned to office");
    let (without, _) = json(&[
        "check",
        "Trump stopped American financial aid after he returned to office",
        "--json",
        "--no-synonyms",
    ]);
    assert_report(
        &without,
        if without["verdict"] == "supported" {
            0
        } else {
            1
        },
    );
    assert!(with["evidence"][0]["score"].as_f64() > without["evidence"][0]["score"].as_f64());
}

#[test]
fn bad_claims_are_clear_errors_never_panics() {
    let long = "word ".repeat(25_000);
    for (claim, message) in [
        ("", "the claim is empty"),
        ("   \n\t ", "the claim is empty"),
        ("the of and to", "no content words"),
        ("?!… — ;", "no content words"),
        (long.as_str(), "bytes long"),
    ] {
        let out = cite(seeds_index())
            .args(["check", claim, "--json"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{claim:.20}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(
            stderr.starts_with("cite: error: ") && stderr.contains(message),
            "{stderr}"
        );
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(out.stdout.is_empty());
    }
    let (doc, code) = check("Moscow\u{1b}[31m recognised\u{1} the Taliban\u{7} in July");
    assert!(code == 0 || code == 1);
    assert!(!doc["evidence"].as_array().unwrap().is_empty());
    let out = cite(seeds_index())
        .args([
            "check",
            "Moscow\u{1b}[31m recognised the Taliban",
            "--color",
            "never",
        ])
        .output()
        .unwrap();
    assert!(!String::from_utf8(out.stdout).unwrap().contains('\u{1b}'));
}

#[test]
fn stdin_and_batches_answer_one_document_per_claim() {
    let out = cite(seeds_index())
        .args(["check", "-", "--json"])
        .write_stdin("Moscow recognised the Taliban administration in August\n")
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_report(&doc, out.status.code().unwrap());
    assert_eq!(doc["verdict"], "contradicted");

    let batch = "Trump stopped American financial aid after he returned to office\n\n\
        Taliban cabinet members travelled abroad 99 times in 2025\n";
    let out = cite(seeds_index())
        .args(["check", "--batch", "-", "--json"])
        .write_stdin(batch)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "every claim supported");
    let lines: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["input_line"], 1);
    assert_eq!(lines[1]["input_line"], 3);
    for doc in &lines {
        assert_report(doc, 0);
    }

    let batch = "Trump stopped American financial aid after he returned to office\n\
        Moscow recognised the Taliban administration in August\n";
    let out = cite(seeds_index())
        .args(["check", "--batch", "-", "--json"])
        .write_stdin(batch)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "one claim is not supported");

    let batch = "Moscow recognised the Taliban administration in August\nthe of and\n";
    let out = cite(seeds_index())
        .args(["check", "--batch", "-", "--json"])
        .write_stdin(batch)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "a claim could not be checked");
    let stdout = String::from_utf8(out.stdout).unwrap();
    let failed: Value = serde_json::from_str(stdout.lines().nth(1).unwrap()).unwrap();
    assert_eq!(failed["input_line"], 2);
    assert!(
        failed["error"]
            .as_str()
            .unwrap()
            .contains("no content words")
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("line 2:"), "{stderr}");
}

#[test]
fn terminal_output_says_the_verdict_and_marks_the_conflicting_value() {
    let out = cite(seeds_index())
        .args([
            "check",
            "Moscow recognised the Taliban administration in August",
            "--color",
            "never",
        ])
        .env("COLUMNS", "80")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("claim: Moscow recognised"), "{text}");
    assert!(
        text.contains("CONTRADICTED: 3 sources contradict the claim"),
        "{text}"
    );
    assert!(
        text.contains("seeds/001_1ccf5c4f42c34ae7.txt:9:1"),
        "{text}"
    );
    assert!(
        text.contains("administration in [[July]], a move"),
        "{text}"
    );
    assert!(text.contains("- the claim says “August” where the source says “July”"));
    assert!(text.lines().all(|l| l.chars().count() <= 80), "{text}");

    let out = cite(seeds_index())
        .args([
            "check",
            "the Taliban have relations with 40 countries",
            "--color",
            "always",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("\x1b[1;33mDISPUTED\x1b[0m"), "{text}");
    assert!(text.contains("\x1b[1;31m29\x1b[0m"), "{text}");
}

#[test]
fn changed_files_are_judged_as_they_are_now() {
    let corpus = TempCorpus::new(&[(
        "a.txt",
        "Officials said the new bridge over the river opened in March 2024 after four years of work.\n",
    )]);
    let (doc, code) = corpus.json(&[
        "check",
        "The bridge over the river opened in March 2024",
        "--json",
    ]);
    assert_eq!((doc["verdict"].as_str(), code), (Some("supported"), 0));
    common::write_file(
        &corpus.docs.join("a.txt"),
        "Preface added later.\nOfficials said the new bridge over the river opened in May 2024.\n",
    );
    let out = cite(&corpus.index)
        .args([
            "check",
            "The bridge over the river opened in March 2024",
            "--json",
        ])
        .current_dir(corpus.dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("changed since indexing"), "{stderr}");
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        doc["verdict"], "unsupported",
        "no stale offsets, no stale verdict"
    );

    std::fs::remove_file(corpus.docs.join("a.txt")).unwrap();
    let out = cite(&corpus.index)
        .args([
            "check",
            "The bridge over the river opened in March 2024",
            "--json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        stderr.matches("cite: warning: cannot check").count(),
        1,
        "{stderr}"
    );
}

#[test]
fn hard_wrapped_real_text_keeps_the_offsets() {
    // Real text nobody here wrote, hard-wrapped at 72 columns as many archives are.
    let sotu =
        std::fs::read_to_string(common::root().join("tests/corpus/sotu/2010_barack_obama_d.txt"))
            .unwrap();
    let mut wrapped = String::new();
    let mut width = 0;
    for word in sotu.split_whitespace() {
        if width + word.len() > 72 {
            wrapped.push('\n');
            width = 0;
        } else if width > 0 {
            wrapped.push(' ');
            width += 1;
        }
        wrapped.push_str(word);
        width += word.len();
    }
    let corpus = TempCorpus::new(&[("wrapped.txt", wrapped.as_str())]);
    for claim in [
        "We cut taxes for 95 percent of working families",
        "We cut taxes for 75 percent of working families",
        "The summit will bring 44 nations together in Washington",
    ] {
        let out = cite(&corpus.index)
            .args(["check", claim, "--json"])
            .output()
            .unwrap();
        let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
        let evidence = doc["evidence"].as_array().unwrap();
        assert!(!evidence.is_empty(), "{claim}");
        for e in evidence {
            let path = std::path::Path::new(e["source"].as_str().unwrap());
            let bytes = std::fs::read(path).unwrap();
            let (s, t) = (
                e["byte_start"].as_u64().unwrap() as usize,
                e["byte_end"].as_u64().unwrap() as usize,
            );
            assert_eq!(std::str::from_utf8(&bytes[s..t]).ok(), e["text"].as_str());
            let line = bytes[..s].iter().filter(|&&b| b == b'\n').count() + 1;
            assert_eq!(e["line"].as_u64(), Some(line as u64));
        }
    }
    let (doc, _) = json_in(
        &corpus.index,
        &[
            "check",
            "We cut taxes for 75 percent of working families",
            "--json",
        ],
    );
    assert_ne!(doc["verdict"], "supported");
}

/// True when some evidence of `doc` gives the conflict `claim` / `source` of `kind`.
fn has_conflict(doc: &Value, claim: &str, source: &str, kind: &str) -> bool {
    conflicts(doc).contains(&(claim.into(), source.into(), kind.into()))
}

#[test]
fn bounds_roles_and_frames_decide_stances() {
    // Bounds: the source's `over 1,400` lies inside `more than 1,000`, and apart from
    // `fewer than 1,000`; each side named as written, with its bound.
    let (doc, code) = check("Girls secondary schools have been closed for more than 1,000 days");
    assert_eq!((doc["verdict"].as_str(), code), (Some("supported"), 0));
    let (doc, _) = check("Girls secondary schools have been closed for fewer than 1,000 days");
    assert_eq!(doc["verdict"], "contradicted");
    assert!(
        has_conflict(&doc, "fewer than 1,000", "over 1,400", "number"),
        "{doc}"
    );
    let (doc, _) = check("Girls secondary schools have been closed for more than 1,450 days");
    assert_eq!(
        doc["verdict"], "unsupported",
        "an overlap is neither: {doc}"
    );
    // Roles: `the Haqqani network, led by … Sirajuddin Haqqani` names another leader.
    let (doc, _) = check("Hibatullah Akhundzada leads the Haqqani network");
    assert_eq!(doc["verdict"], "contradicted");
    assert!(
        has_conflict(
            &doc,
            "Hibatullah Akhundzada",
            "Taliban Interior Minister Sirajuddin Haqqani",
            "name"
        ),
        "{doc}"
    );
    let (doc, _) = check("The Haqqani network is led by Sirajuddin Haqqani");
    assert_eq!(doc["verdict"], "supported");
    // Frames: `December 2023` is the date of China's accreditation of an ambassador.
    let (doc, _) = check("China formally recognised the Taliban in 2025");
    assert_eq!(doc["verdict"], "unsupported", "{doc}");
    assert!(conflicts(&doc).is_empty());
}

#[test]
fn capitalised_terms_of_the_licences_are_not_rival_names() {
    let dir = tempfile::Builder::new()
        .prefix("cite-licences-")
        .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
        .unwrap();
    cite(dir.path())
        .args(["index", "tests/corpus/licences", "--quiet"])
        .assert()
        .success();
    // `Title`, `License`, `Creative Commons Attribution-Share Alike` were "names" against `GPL`.
    let (doc, _) = json_in(
        dir.path(),
        &[
            "check",
            "The GPL version 3 was published on 29 June 2007",
            "--json",
        ],
    );
    assert_ne!(doc["verdict"], "contradicted", "{doc}");
    assert!(conflicts(&doc).is_empty(), "{doc}");
    // `Licensor` is a defined term, written `licensors` too: not a rival of the FSF.
    let claim = "The Licensor may publish revised versions of the GNU General Public License";
    let (doc, _) = json_in(dir.path(), &["check", claim, "--json"]);
    assert_eq!(doc["verdict"], "unsupported", "{doc}");
    let claim = "The WIPO copyright treaty was adopted on 20 December 1998";
    let (doc, _) = json_in(dir.path(), &["check", claim, "--json"]);
    assert!(
        has_conflict(&doc, "20 December 1998", "20 December 1996", "date"),
        "{doc}"
    );
    // The `2.0` of `http://www.apache.org/licenses/LICENSE-2.0` is part of an address, not
    // a number that differs from the claim's (it was read as `0`).
    let claim = "Apache License 2.0 was published in 2005";
    let (doc, _) = json_in(dir.path(), &["check", claim, "--json"]);
    assert!(
        conflicts(&doc).iter().all(|(_, source, _)| source != "0"),
        "{doc}"
    );
    assert!(
        doc["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| !(e["stance"] == "contradicts"
                && e["text"].as_str().unwrap().contains("LICENSE-2.0"))),
        "{doc}"
    );
}
