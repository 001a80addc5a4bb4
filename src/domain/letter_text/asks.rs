//! Numbered asks and labelled recommendations in the body, and the answer under each ask
//! when the letter is a reply.
//!
//! The asks are the longest run numbered 1, 2, 3 … in one style ("1." / "- 1." / "(1)" /
//! "(a)" / "Q1"); numbered lists inside answers use another style or restart, so they do not
//! break the run. A letter is read as a reply when the asks are followed by text of their own
//! (or by "Answer:" labels); the answer to each ask is the text down to the next ask.

use std::sync::LazyLock;

use regex::Regex;

use super::text::{self, Line, Para, Style, re};
use super::{Ask, RecommendationMention};

pub(super) struct Items {
    pub asks: Vec<Ask>,
    pub recommendations: Vec<RecommendationMention>,
}

enum Item {
    Numbered {
        n: u32,
        style: Style,
        offset: usize,
    },
    Rec {
        kind: &'static str,
        reference: String,
        offset: usize,
    },
}

static ANSWER_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    re(r"^(?:answer|response|reply|a|mopac(?:'s)? response|our response|update)\s*[:.-]\s*")
});
static CLOSING: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(?:i hope|i trust|thank you|thanks again|please (?:do not|don't) hesitate|please (?:contact|let me know|get in touch)|if you (?:have|would|require|need)|i look forward|i will continue to (?:monitor|keep|press|update)|should you|do not hesitate|i am copying|i have copied|a copy of this letter|i would be grateful (?:for|if you could) (?:a |your )?(?:response|reply))",
    )
});

pub(super) fn read(lines: &[Line], paras: &[Para], warnings: &mut Vec<String>) -> Items {
    let items: Vec<Option<Item>> = paras
        .iter()
        .map(|p| {
            let first = p.first_line(lines);
            if let Some((kind, reference, offset)) = text::rec_label(first) {
                Some(Item::Rec {
                    kind,
                    reference,
                    offset,
                })
            } else {
                text::marker(first).map(|(n, style, offset)| Item::Numbered { n, style, offset })
            }
        })
        .collect();
    let chain = best_chain(&items, warnings);
    let recs: Vec<usize> = items
        .iter()
        .enumerate()
        .filter(|(_, it)| matches!(it, Some(Item::Rec { .. })))
        .map(|(i, _)| i)
        .collect();
    // Where each item's own text and what follows it end.
    let mut stops: Vec<usize> = chain.iter().chain(recs.iter()).copied().collect();
    stops.sort_unstable();
    let end_of = |k: usize| {
        let next = stops
            .iter()
            .copied()
            .find(|s| *s > k)
            .unwrap_or(paras.len());
        (k + 1..next)
            .find(|i| paras[*i].section != paras[k].section)
            .unwrap_or(next)
    };

    let mut asks = Vec::new();
    let mut followers: Vec<Vec<&Para>> = Vec::new();
    for &k in &chain {
        let Some(Item::Numbered { n, offset, .. }) = &items[k] else {
            continue;
        };
        let end = end_of(k);
        let (text, rest) = own_text(lines, paras, k, *offset, end);
        asks.push(Ask {
            number: *n,
            text,
            answer: None,
        });
        followers.push(rest);
    }
    let labelled = followers
        .iter()
        .any(|f| f.first().is_some_and(|p| ANSWER_LABEL.is_match(&p.fold)));
    let answered_before_last = followers
        .iter()
        .take(followers.len().saturating_sub(1))
        .filter(|f| !f.is_empty())
        .count();
    let is_reply =
        labelled || (followers.len() >= 2 && answered_before_last * 2 >= followers.len() - 1);
    if is_reply {
        for (ask, rest) in asks.iter_mut().zip(&followers) {
            ask.answer = answer_text(rest);
        }
        let unanswered: Vec<String> = asks
            .iter()
            .filter(|a| a.answer.is_none())
            .map(|a| a.number.to_string())
            .collect();
        if !unanswered.is_empty() {
            warnings.push(format!(
                "no answer found under ask {} of this reply",
                unanswered.join(", ")
            ));
        }
    }

    let mut recommendations = Vec::new();
    for &k in &recs {
        let Some(Item::Rec {
            kind,
            reference,
            offset,
        }) = &items[k]
        else {
            continue;
        };
        let (text, rest) = own_text(lines, paras, k, *offset, end_of(k));
        recommendations.push(RecommendationMention {
            reference: reference.clone(),
            kind,
            text,
            response: answer_text(&rest),
        });
    }
    Items {
        asks,
        recommendations,
    }
}

/// The longest run 1, 2, 3 … of one numbering style, as paragraph indexes. One missing
/// number is bridged (and said); a run may start above 1 only when none starts at 1.
fn best_chain(items: &[Option<Item>], warnings: &mut Vec<String>) -> Vec<usize> {
    let numbered: Vec<(usize, u32, Style)> = items
        .iter()
        .enumerate()
        .filter_map(|(i, it)| match it {
            Some(Item::Numbered { n, style, .. }) => Some((i, *n, *style)),
            _ => None,
        })
        .collect();
    let mut best: (Vec<usize>, Vec<u32>) = (Vec::new(), Vec::new());
    for &(start, n0, style) in &numbered {
        let lowest = numbered
            .iter()
            .filter(|(_, _, s)| *s == style)
            .map(|(_, n, _)| *n)
            .min()
            .unwrap_or(1);
        if n0 != 1 && n0 != lowest {
            continue;
        }
        let mut chain = vec![start];
        let mut missing = Vec::new();
        let (mut at, mut n) = (start, n0);
        loop {
            let next = |want: u32| {
                numbered
                    .iter()
                    .find(|(i, m, s)| *i > at && *s == style && *m == want)
                    .copied()
            };
            if let Some((i, m, _)) = next(n + 1) {
                chain.push(i);
                (at, n) = (i, m);
            } else if let Some((i, m, _)) = next(n + 2) {
                missing.push(n + 1);
                chain.push(i);
                (at, n) = (i, m);
            } else {
                break;
            }
        }
        if chain.len() > best.0.len() {
            best = (chain, missing);
        }
    }
    for m in &best.1 {
        warnings.push(format!("the asks skip number {m}: check the letter"));
    }
    best.0
}

/// An item's own text (its paragraph after the marker; when that ends with a colon, the list
/// that follows too) and the paragraphs after it, up to `end`.
fn own_text<'a>(
    lines: &[Line],
    paras: &'a [Para],
    k: usize,
    offset: usize,
    end: usize,
) -> (String, Vec<&'a Para>) {
    let p = &paras[k];
    let mut text = p.text.get(offset..).unwrap_or("").trim().to_string();
    let mut next = k + 1;
    if text.is_empty() && next < end {
        text = paras[next].text.clone();
        next += 1;
    }
    if text.ends_with(':') {
        while next < end {
            let first = paras[next].first_line(lines);
            if !(text::is_bullet(first) || text::marker(first).is_some()) {
                break;
            }
            text.push('\n');
            text.push_str(&paras[next].text);
            next += 1;
        }
    }
    (text, paras[next.min(end)..end].iter().collect())
}

/// Paragraphs as an answer: an "Answer:" label dropped, closing courtesies at the end
/// ("I hope this is helpful") left out.
fn answer_text(rest: &[&Para]) -> Option<String> {
    let mut take: Vec<Para> = rest.iter().map(|p| (*p).clone()).collect();
    while take.last().is_some_and(|p| CLOSING.is_match(&p.fold)) {
        take.pop();
    }
    if let Some(first) = take.first_mut() {
        if let Some(m) = ANSWER_LABEL.find(&first.fold) {
            let raw_start = text::raw_offset(&first.text, &first.fold, m.end());
            first.text = first.text[raw_start..].to_string();
        }
    }
    let joined = text::join_paragraphs(take.iter());
    let joined = joined.trim();
    (!joined.is_empty()).then(|| joined.to_string())
}
