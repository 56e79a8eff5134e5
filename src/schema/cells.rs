//! The catalog of table cells, read from the generated schema.
//!
//! The official label of a cell is the `title` its field carries in the model. This catalog walks
//! the schema once per edition and lists every cell with its JSON Pointer and label path, so the
//! spec's label table, checker messages and the importer all read the same labels.

use serde_json::Value;

use crate::model::{Edition, PerEdition};

/// The tables of the template that hold cells, with the report property that carries each.
pub const TABLES: [(u8, &str); 3] = [
    (2, "proactive_disclosure"),
    (3, "applications"),
    (4, "appeals"),
];

/// Properties of a table that hold rows outside the national template.
const EXTRA_ROWS: &str = "extra_rows";

/// What a cell holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CellKind {
    /// An integer ≥ 0, or null.
    Count,
    /// A signed integer (2019 本年增/减), or null.
    Change,
    /// A money object (decimal string and unit), or null.
    Money,
}

impl CellKind {
    pub fn name(self) -> &'static str {
        match self {
            CellKind::Count => "count",
            CellKind::Change => "change",
            CellKind::Money => "money",
        }
    }
}

/// One cell of an official table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellInfo {
    /// The table number in the template (2, 3 or 4).
    pub table: u8,
    /// RFC 6901 pointer of the cell in a report document.
    pub pointer: String,
    /// Official labels from the table down to the cell: row labels, then the column label.
    pub labels: Vec<String>,
    pub kind: CellKind,
}

impl CellInfo {
    /// The labels joined for display, e.g. `（三）不予公开 › 1.属于国家秘密 › 自然人`.
    pub fn label_path(&self) -> String {
        self.labels.join(" › ")
    }

    /// The column label (the last label).
    pub fn column_label(&self) -> &str {
        self.labels.last().map_or("", String::as_str)
    }
}

/// Every cell of an edition, in template order.
pub fn cells(edition: Edition) -> &'static [CellInfo] {
    static CELLS: PerEdition<Vec<CellInfo>> = PerEdition::new();
    let mut schema = None;
    CELLS.get(edition, |edition| {
        let schema = schema.get_or_insert_with(super::report_schema);
        collect_cells(schema, edition)
    })
}

/// The cell at `pointer`, if it is one.
pub fn cell_at(edition: Edition, pointer: &str) -> Option<&'static CellInfo> {
    cells(edition).iter().find(|cell| cell.pointer == pointer)
}

/// The official title of each table of an edition (`二、主动公开政府信息情况`, …), with its number
/// and the report property that carries it, read from the schema like every other label.
pub fn table_titles(schema: &Value, edition: Edition) -> Vec<(u8, &'static str, String)> {
    let branch = Walker { root: schema }.edition_branch(edition);
    TABLES
        .iter()
        .map(|&(table, property)| {
            let title = branch["properties"][property]["title"].as_str();
            (table, property, title.unwrap_or_default().to_owned())
        })
        .collect()
}

/// Walks the edition's branch of the report schema and lists its cells.
pub fn collect_cells(schema: &Value, edition: Edition) -> Vec<CellInfo> {
    let walker = Walker { root: schema };
    let branch = walker.edition_branch(edition);
    let mut cells = Vec::new();
    for (table, property) in TABLES {
        let table_schema = &branch["properties"][property];
        walker.walk(
            table_schema,
            table,
            &format!("/{property}"),
            &mut Vec::new(),
            &mut cells,
        );
    }
    cells
}

struct Walker<'a> {
    root: &'a Value,
}

impl<'a> Walker<'a> {
    fn edition_branch(&self, edition: Edition) -> &'a Value {
        self.root["oneOf"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|branch| self.resolve(branch))
            .find(|branch| branch["properties"]["edition"]["const"] == edition.tag())
            .expect("the report schema has a branch per edition")
    }

    fn walk(
        &self,
        schema: &'a Value,
        table: u8,
        pointer: &str,
        labels: &mut Vec<String>,
        cells: &mut Vec<CellInfo>,
    ) {
        if let Some(kind) = self.leaf_kind(schema) {
            cells.push(CellInfo {
                table,
                pointer: pointer.to_owned(),
                labels: labels.clone(),
                kind,
            });
            return;
        }
        let Some(properties) = self.resolve(schema)["properties"].as_object() else {
            return;
        };
        for (name, property) in properties {
            if name == EXTRA_ROWS {
                continue;
            }
            let title = property["title"].as_str().unwrap_or_default().to_owned();
            labels.push(title);
            self.walk(property, table, &format!("{pointer}/{name}"), labels, cells);
            labels.pop();
        }
    }

    /// The kind of cell `schema` describes, or `None` when it is a group of cells.
    fn leaf_kind(&self, schema: &Value) -> Option<CellKind> {
        let references_money = schema["anyOf"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|branch| branch["$ref"] == "#/$defs/Money");
        if references_money {
            return Some(CellKind::Money);
        }
        if !is_type(schema, "integer") {
            return None;
        }
        match schema["minimum"].as_i64() {
            Some(minimum) if minimum < 0 => Some(CellKind::Change),
            _ => Some(CellKind::Count),
        }
    }

    fn resolve(&self, schema: &'a Value) -> &'a Value {
        match schema["$ref"]
            .as_str()
            .and_then(|r| r.strip_prefix("#/$defs/"))
        {
            Some(name) => &self.root["$defs"][name],
            None => schema,
        }
    }
}

fn is_type(schema: &Value, name: &str) -> bool {
    match &schema["type"] {
        Value::String(t) => t == name,
        Value::Array(types) => types.iter().any(|t| t == name),
        _ => false,
    }
}
