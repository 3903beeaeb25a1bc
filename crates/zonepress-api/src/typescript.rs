//! TypeScript declarations for every type that crosses the API, generated
//! from the Rust types (ts-rs). The UI imports `ui/src/api/types.gen.ts`; a
//! test fails when that file is stale (`ZONEPRESS_UPDATE_TYPES=1` rewrites it).

use std::collections::BTreeMap;

use schemars::JsonSchema;
use ts_rs::{Config, TS, TypeVisitor};

/// Visits the input and output type of each command.
pub trait Visitor {
    fn visit<T: TS + JsonSchema + 'static>(&mut self, command: &'static str, input: bool);
}

struct Collector<'a> {
    cfg: &'a Config,
    decls: BTreeMap<String, String>,
}

impl TypeVisitor for Collector<'_> {
    fn visit<T: TS + 'static + ?Sized>(&mut self) {
        if T::output_path().is_none() {
            // Built-ins and containers: look inside for declared types.
            T::visit_generics(self);
            T::visit_dependencies(self);
            return;
        }
        let name = T::ident(self.cfg);
        if self.decls.contains_key(&name) {
            return;
        }
        self.decls.insert(name, T::decl(self.cfg));
        T::visit_dependencies(self);
        T::visit_generics(self);
    }
}

struct Commands<'a> {
    collector: Collector<'a>,
    rows: BTreeMap<&'static str, (String, String)>,
}

impl Visitor for Commands<'_> {
    fn visit<T: TS + JsonSchema + 'static>(&mut self, command: &'static str, input: bool) {
        TypeVisitor::visit::<T>(&mut self.collector);
        let name = T::name(self.collector.cfg);
        let row = self.rows.entry(command).or_default();
        if input {
            row.0 = name;
        } else {
            row.1 = name;
        }
    }
}

/// The whole generated file.
pub fn definitions() -> String {
    let cfg = Config::new().with_large_int("number");
    let mut cmds = Commands {
        collector: Collector {
            cfg: &cfg,
            decls: BTreeMap::new(),
        },
        rows: BTreeMap::new(),
    };
    crate::visit_command_types(&mut cmds);
    TypeVisitor::visit::<crate::ApiError>(&mut cmds.collector);
    // The change events of `GET /api/events` (and the desktop's `zonepress://event`).
    TypeVisitor::visit::<crate::events::Event>(&mut cmds.collector);
    let mut out = String::from(
        "// Generated from the Rust types by zonepress-api (typescript.rs). Do not edit.\n\
         // Regenerate: ZONEPRESS_UPDATE_TYPES=1 cargo test -p zonepress-api --test typescript\n\n",
    );
    for decl in cmds.collector.decls.values() {
        out.push_str("export ");
        out.push_str(decl.trim_end());
        if !decl.trim_end().ends_with(';') {
            out.push(';');
        }
        out.push_str("\n\n");
    }
    out.push_str(
        "/** Every command: its input and output types. */\nexport interface Commands {\n",
    );
    for (name, (input, output)) in &cmds.rows {
        out.push_str(&format!(
            "  {name}: {{ input: {input}; output: {output} }};\n"
        ));
    }
    out.push_str("}\n\n/** Commands that answer with bytes (PDF, PNG) instead of JSON. */\nexport const BINARY_COMMANDS: readonly string[] = [");
    let binary: Vec<String> = crate::COMMANDS
        .iter()
        .filter(|c| c.binary)
        .map(|c| format!("\"{}\"", c.name))
        .collect();
    out.push_str(&binary.join(", "));
    out.push_str("];\n");
    out
}
