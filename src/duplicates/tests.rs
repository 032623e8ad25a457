//! End-to-end tests of the analysis over synthetic word lists.

use super::hash::mix;
use super::*;

/// `n` pseudo-words drawn from a 3000-word vocabulary, like prose on one subject.
fn prose(seed: u64, n: usize) -> Vec<String> {
    (0..n as u64).map(|i| format!("w{}", mix(seed << 32 | i) % 3000)).collect()
}

fn settings() -> DuplicateSettings {
    DuplicateSettings::default()
}

#[test]
fn lightly_edited_copy_is_a_near_duplicate() {
    let a = prose(1, 300);
    let mut b = a.clone();
    // About 5% of the words changed, in three places.
    for start in [40, 150, 260] {
        for (o, w) in b[start..start + 5].iter_mut().enumerate() {
            *w = format!("changed{start}{o}");
        }
    }
    let docs = vec![a, b, prose(2, 300)];
    let result = analyse(docs.as_slice(), &settings());
    assert_eq!(result.near.len(), 1);
    let pair = &result.near[0];
    assert_eq!((pair.a, pair.b), (0, 1));
    assert!(pair.similarity > 0.8 && pair.similarity < 0.95, "{}", pair.similarity);
    // A near-duplicate pair is not also reported passage by passage.
    assert!(result.passages.is_empty());
}

#[test]
fn shared_vocabulary_is_not_duplication() {
    // Same vocabulary, different sentences: the shingles hardly meet.
    let docs = vec![prose(10, 400), prose(11, 400), prose(12, 400)];
    let result = analyse(docs.as_slice(), &settings());
    assert!(result.near.is_empty());
    assert!(result.passages.is_empty());
}

#[test]
fn copied_section_is_a_passage() {
    let section = prose(20, 70);
    let mut a = prose(21, 200);
    a.splice(100..100, section.iter().cloned());
    let mut b = prose(22, 150);
    b.splice(30..30, section.iter().cloned());
    // Case differs in the copy: still the same words.
    b[30] = b[30].to_uppercase();
    let docs = vec![a, b];
    let result = analyse(docs.as_slice(), &settings());
    assert!(result.near.is_empty());
    assert_eq!(result.passages, vec![Passage { a: 0, b: 1, a_words: 100..170, b_words: 30..100 }]);
}

#[test]
fn short_shared_runs_are_not_passages() {
    let section = prose(30, 40);
    let mut a = prose(31, 200);
    a.splice(50..50, section.iter().cloned());
    let mut b = prose(32, 200);
    b.splice(120..120, section.iter().cloned());
    let docs = vec![a, b];
    assert!(analyse(docs.as_slice(), &settings()).passages.is_empty());
}

#[test]
fn licence_block_in_five_pages_is_boilerplate() {
    let licence = prose(40, 120);
    let docs: Vec<Vec<String>> = (0..5)
        .map(|p| {
            let mut d = prose(41 + p, 60);
            d.extend(licence.iter().cloned());
            d
        })
        .collect();
    let s = DuplicateSettings { min_words: 30, ..settings() };
    let result = analyse(docs.as_slice(), &s);
    assert!(result.passages.is_empty(), "{:?}", result.passages);
    // Without its removal the licence would make every pair about 0.5 similar; with it,
    // nothing is left in common.
    assert!(result.near.is_empty());
    for ranges in &result.boilerplate {
        assert_eq!((ranges.len(), ranges.first()), (1, Some(&(60..180))));
    }
}

#[test]
fn boilerplate_is_removed_before_similarity() {
    // Pages that are mostly a shared block: near-duplicates only if the block counted.
    let block = prose(50, 200);
    let docs: Vec<Vec<String>> = (0..3)
        .map(|p| {
            let mut d = prose(51 + p, 100);
            d.extend(block.iter().cloned());
            d
        })
        .collect();
    let result = analyse(docs.as_slice(), &settings());
    assert!(result.near.is_empty());
    // Two copies are not boilerplate (default: 3 pages): the block is a passage, or with
    // enough of it, a near-duplicate.
    let result = analyse(&docs[..2], &settings());
    assert!(result.boilerplate.iter().all(Vec::is_empty));
    assert_eq!(result.passages.len(), 1);
}

#[test]
fn passage_next_to_boilerplate_stops_at_it() {
    let licence = prose(60, 80);
    let copied = prose(61, 60);
    let docs: Vec<Vec<String>> = (0..4)
        .map(|p| {
            let mut d = prose(62 + p, 100);
            if p < 2 {
                d.extend(copied.iter().cloned());
            }
            d.extend(licence.iter().cloned());
            d
        })
        .collect();
    let result = analyse(docs.as_slice(), &settings());
    assert_eq!(result.passages, vec![Passage { a: 0, b: 1, a_words: 100..160, b_words: 100..160 }]);
}

#[test]
fn short_pages_are_not_compared() {
    let a = prose(70, 60);
    let docs = vec![a.clone(), a];
    let result = analyse(docs.as_slice(), &settings());
    assert!(result.near.is_empty());
    // …but a copy of 50 or more words is still a passage.
    assert_eq!(result.passages.len(), 1);
}

#[test]
fn independent_of_thread_count() {
    let mut docs: Vec<Vec<String>> = (0..40).map(|p| prose(100 + p, 150 + p as usize * 3)).collect();
    for p in 0..10 {
        let mut copy = docs[p].clone();
        copy[7] = "edited".into();
        docs.push(copy);
    }
    let run = |threads| {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().expect("pool");
        pool.install(|| analyse(docs.as_slice(), &settings()))
    };
    let (one, four) = (run(1), run(4));
    assert_eq!(one.near, four.near);
    assert_eq!(one.passages, four.passages);
    assert_eq!(one.boilerplate, four.boilerplate);
    assert_eq!(one.near.len(), 10);
}

#[test]
fn empty_input() {
    let docs: Vec<Vec<String>> = vec![vec![], vec![]];
    let result = analyse(docs.as_slice(), &settings());
    assert!(result.near.is_empty() && result.passages.is_empty());
}

/// A passage two pages share is found even when part of it is in a third page too (a stock
/// sentence, fewer than `min-passage-words` words: not boilerplate), wherever winnowing's
/// minima fall: the fingerprints in that part seed too.
#[test]
fn passage_partly_shared_by_a_third_page_is_found() {
    for trial in 0..40u64 {
        let common = prose(100 + trial, 44); // in all three pages: under 50 words
        let rest = prose(200 + trial, 8); // only in the first two
        let passage: Vec<String> = common.iter().chain(&rest).cloned().collect();
        let mut a = prose(300 + trial, 120);
        a.splice(50..50, passage.iter().cloned());
        let mut b = prose(400 + trial, 90);
        b.splice(10..10, passage.iter().cloned());
        let mut c = prose(500 + trial, 150);
        c.splice(70..70, common.iter().cloned());
        let docs = vec![a, b, c];
        let result = analyse(docs.as_slice(), &settings());
        assert!(result.boilerplate.iter().all(Vec::is_empty), "trial {trial}: not boilerplate");
        assert_eq!(result.passages, vec![Passage { a: 0, b: 1, a_words: 50..102, b_words: 10..62 }], "trial {trial}");
    }
}

#[test]
fn signature_of_zips_the_windows() {
    for n in [0usize, 1, 2, 3, 4, 50, 300] {
        let words: Vec<u64> = (0..n as u64).map(|i| mix(i ^ 0xABCD)).collect();
        let by_windows = (n >= shingle::SHINGLE).then(|| minhash::signature(words.windows(shingle::SHINGLE).map(shingle::shingle_hash)));
        assert_eq!(signature_of(&words, &[], 1), by_windows, "{n} words");
    }
}

#[test]
fn fingerprints_of_pages_in_different_fill_runs_meet() {
    // More pages than one parallel fill job takes, with copies far apart: a fingerprint
    // credited to the wrong page would lose or misplace these passages.
    let mut docs: Vec<Vec<String>> = (0..2 * FILL_RUN as u64 + 300).map(|p| prose(500 + p, 60)).collect();
    // Two passages, each in two pages (three pages would make it boilerplate).
    for (seed, pages) in [(9, [3usize, FILL_RUN + 5]), (10, [FILL_RUN + 6, 2 * FILL_RUN + 7])] {
        let section = prose(seed, 70);
        for p in pages {
            docs[p].splice(20..20, section.iter().cloned());
        }
    }
    let result = analyse(docs.as_slice(), &settings());
    let pairs: Vec<(usize, usize, std::ops::Range<usize>)> = result.passages.iter().map(|p| (p.a, p.b, p.a_words.clone())).collect();
    assert_eq!(pairs, [(3, FILL_RUN + 5, 20..90), (FILL_RUN + 6, 2 * FILL_RUN + 7, 20..90)]);
}
