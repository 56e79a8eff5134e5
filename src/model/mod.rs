//! The canonical report model. The schema in `schema/` is generated from these types, and the
//! official label of every cell is the `title` written here — nowhere else.

pub mod appeals;
pub mod applications;
pub mod cell;
pub mod distinct;
pub mod edition;
pub mod edition2019;
pub mod edition2021;
pub mod extra;
pub mod metadata;
pub mod report;
pub mod text;

pub use appeals::{AppealResults, Appeals};
pub use applications::{
    ApplicantCounts, Applications, NotProcessed, Outcomes, Unavailable, Withheld,
};
pub use cell::{Cell, Change, Count, Decimal, Money, MoneyUnit};
pub use edition::{Edition, PerEdition};
pub use edition2019::Report2019;
pub use edition2021::Report2021;
pub use extra::{ExtraCell, ExtraRow, ExtraValue};
pub use metadata::{Agency, FormatVersion, ReportYear};
pub use report::{EditionReport, Report};
