//! Whether a face's OpenType layout ever looks at its space glyph. When it does not, no
//! substitution or positioning can reach from one word into the next through a space, so
//! shaping a word at a time gives the glyphs shaping whole runs gives (the word cache in
//! [`super::fonts`]). Chromium asks the same question before it caches words
//! (`HarfBuzzFace::HasSpaceInLigaturesOrKerning`); reading the tables once is far cheaper than
//! shaping every likely neighbour of a space both ways, which cost ~4% of an export.

use rustybuzz::ttf_parser::{
    self,
    gpos::{PairAdjustment, PositioningSubtable, ValueRecord},
    gsub::SubstitutionSubtable,
    opentype_layout::{
        ChainedContextLookup, ChainedSequenceRule, ChainedSequenceRuleSets, ClassDefinition,
        ContextLookup, Coverage, LayoutTable, LookupSubtable, SequenceRule, SequenceRuleSets,
    },
    GlyphId, LazyArray16,
};

/// Every entry of a lazily parsed array that parses: the array's own iterator stops at the
/// first that does not (a null offset), which would hide the entries after it.
macro_rules! entries {
    ($array:expr) => {{
        let array = $array;
        (0..array.len()).filter_map(move |i| array.get(i))
    }};
}

/// What the layout tables say about `space`:
/// - `Some(true)`: no lookup takes it as input or context, no kerning pair with it has a value,
///   no lookup skips base glyphs (which would let a context see past it) and it is not a mark;
/// - `Some(false)`: some lookup may see it;
/// - `None`: the face has layout this does not read (a TrueType `kern` table, AAT tables).
pub(crate) fn ignores_space(face: &ttf_parser::Face, space: GlyphId) -> Option<bool> {
    let tables = face.tables();
    if tables.kern.is_some() || tables.morx.is_some() || tables.kerx.is_some() {
        return None;
    }
    if let Some(gdef) = tables.gdef {
        let class = gdef.glyph_class(space);
        if class.is_some_and(|c| c != ttf_parser::gdef::GlyphClass::Base) {
            return Some(false);
        }
    }
    let gsub_sees = tables
        .gsub
        .is_some_and(|t| any_lookup(t, |s: SubstitutionSubtable| substitution_sees(s, space)));
    let gpos_sees = tables
        .gpos
        .is_some_and(|t| any_lookup(t, |s: PositioningSubtable| positioning_sees(s, space)));
    Some(!gsub_sees && !gpos_sees)
}

/// Whether `sees` holds for a subtable of any lookup, or a lookup skips base glyphs. Subtables
/// that do not parse are passed over, as the shaper passes over them.
fn any_lookup<'a, T: LookupSubtable<'a>>(table: LayoutTable<'a>, sees: impl Fn(T) -> bool) -> bool {
    entries!(table.lookups).any(|lookup| {
        lookup.flags.ignore_base_glyphs()
            || (0..lookup.subtables.len())
                .filter_map(|i| lookup.subtables.get::<T>(i))
                .any(&sees)
    })
}

fn substitution_sees(subtable: SubstitutionSubtable, space: GlyphId) -> bool {
    if subtable.coverage().contains(space) {
        return true;
    }
    match subtable {
        SubstitutionSubtable::Ligature(l) => entries!(l.ligature_sets)
            .any(|set| entries!(set).any(|ligature| has_glyph(ligature.components, space))),
        SubstitutionSubtable::Context(c) => context_sees(c, space),
        SubstitutionSubtable::ChainContext(c) => chain_sees(c, space),
        SubstitutionSubtable::ReverseChainSingle(r) => {
            any_covers(entries!(r.backtrack_coverages), space)
                || any_covers(entries!(r.lookahead_coverages), space)
        }
        SubstitutionSubtable::Single(_)
        | SubstitutionSubtable::Multiple(_)
        | SubstitutionSubtable::Alternate(_) => false,
    }
}

fn positioning_sees(subtable: PositioningSubtable, space: GlyphId) -> bool {
    match subtable {
        PositioningSubtable::Pair(pair) => pair_sees(pair, space),
        PositioningSubtable::MarkToBase(m) => {
            m.mark_coverage.contains(space) || m.base_coverage.contains(space)
        }
        PositioningSubtable::MarkToLigature(m) => {
            m.mark_coverage.contains(space) || m.ligature_coverage.contains(space)
        }
        PositioningSubtable::MarkToMark(m) => {
            m.mark1_coverage.contains(space) || m.mark2_coverage.contains(space)
        }
        PositioningSubtable::Context(c) => context_sees(c, space),
        PositioningSubtable::ChainContext(c) => chain_sees(c, space),
        PositioningSubtable::Single(_) | PositioningSubtable::Cursive(_) => {
            subtable.coverage().contains(space)
        }
    }
}

/// A kerning pair sees the space when a pair with it, on either side, moves anything.
fn pair_sees(pair: PairAdjustment, space: GlyphId) -> bool {
    match pair {
        // The pairs of one first glyph cannot be listed (ttf-parser keeps them private): a
        // space among the first glyphs counts as seen.
        PairAdjustment::Format1 { coverage, sets } => {
            coverage.contains(space) || entries!(sets).any(|set| set.get(space).is_some_and(moves))
        }
        PairAdjustment::Format2 {
            coverage,
            classes: (first, second),
            matrix,
        } => {
            // Every class pair involving the space's class on the side it can take; the
            // matrix answers `None` past its last class.
            let row = first.get(space);
            let column = second.get(space);
            let as_first = coverage.contains(space)
                && (0..=u16::MAX)
                    .map_while(|c| matrix.get((row, c)))
                    .any(moves);
            let as_second = (0..=u16::MAX)
                .map_while(|c| matrix.get((c, column)))
                .any(moves);
            as_first || as_second
        }
    }
}

/// Whether either glyph of a kerning pair is moved or resized.
fn moves((first, second): (ValueRecord, ValueRecord)) -> bool {
    let nonzero = |v: &ValueRecord| {
        v.x_placement != 0
            || v.y_placement != 0
            || v.x_advance != 0
            || v.y_advance != 0
            || v.x_placement_device.is_some()
            || v.y_placement_device.is_some()
            || v.x_advance_device.is_some()
            || v.y_advance_device.is_some()
    };
    nonzero(&first) || nonzero(&second)
}

fn context_sees(lookup: ContextLookup, space: GlyphId) -> bool {
    match lookup {
        ContextLookup::Format1 { coverage, sets } => {
            coverage.contains(space) || rules(sets).any(|rule| holds(rule.input, space.0))
        }
        ContextLookup::Format2 {
            coverage,
            classes,
            sets,
        } => {
            // A glyph outside the class definition is in class 0, which rules can ask for.
            let class = classes.get(space);
            coverage.contains(space) || rules(sets).any(|rule| holds(rule.input, class))
        }
        ContextLookup::Format3 {
            coverage,
            coverages,
            ..
        } => coverage.contains(space) || any_covers(entries!(coverages), space),
    }
}

fn chain_sees(lookup: ChainedContextLookup, space: GlyphId) -> bool {
    match lookup {
        ChainedContextLookup::Format1 { coverage, sets } => {
            coverage.contains(space)
                || chain_rules(sets).any(|rule| {
                    holds(rule.backtrack, space.0)
                        || holds(rule.input, space.0)
                        || holds(rule.lookahead, space.0)
                })
        }
        ChainedContextLookup::Format2 {
            coverage,
            backtrack_classes,
            input_classes,
            lookahead_classes,
            sets,
        } => {
            let class = |classes: ClassDefinition| classes.get(space);
            let (back, input, ahead) = (
                class(backtrack_classes),
                class(input_classes),
                class(lookahead_classes),
            );
            coverage.contains(space)
                || chain_rules(sets).any(|rule| {
                    holds(rule.backtrack, back)
                        || holds(rule.input, input)
                        || holds(rule.lookahead, ahead)
                })
        }
        ChainedContextLookup::Format3 {
            coverage,
            backtrack_coverages,
            input_coverages,
            lookahead_coverages,
            ..
        } => {
            coverage.contains(space)
                || any_covers(entries!(backtrack_coverages), space)
                || any_covers(entries!(input_coverages), space)
                || any_covers(entries!(lookahead_coverages), space)
        }
    }
}

/// Every rule of every rule set.
fn rules(sets: SequenceRuleSets<'_>) -> impl Iterator<Item = SequenceRule<'_>> {
    entries!(sets).flat_map(|set| entries!(set))
}

/// Every rule of every chained rule set.
fn chain_rules(sets: ChainedSequenceRuleSets<'_>) -> impl Iterator<Item = ChainedSequenceRule<'_>> {
    entries!(sets).flat_map(|set| entries!(set))
}

fn any_covers<'a>(mut coverages: impl Iterator<Item = Coverage<'a>>, space: GlyphId) -> bool {
    coverages.any(|c| c.contains(space))
}

fn has_glyph(glyphs: LazyArray16<'_, GlyphId>, space: GlyphId) -> bool {
    glyphs.into_iter().any(|g| g == space)
}

/// Whether a rule's sequence (glyph IDs in format 1 rules, classes in format 2) holds `value`.
fn holds(sequence: LazyArray16<'_, u16>, value: u16) -> bool {
    sequence.into_iter().any(|c| c == value)
}
