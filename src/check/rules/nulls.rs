//! N301: every cell that states no value is reported once, as information — blanks are legal
//! (a county has no 规章) but a reader of the data must know they are there.

use crate::diagnostics::Diagnostic;
use crate::diagnostics::Rule;

use super::Context;

pub fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    for (index, value) in context.values.iter().enumerate() {
        if value.is_null() {
            out.push(
                Diagnostic::new(Rule::UnstatedCell, context.pointer(index))
                    .arg("label", context.cells[index].label_path()),
            );
        }
    }
}
