//! The OpenAPI 3.1 document served at `GET /api/openapi.json`, built from the
//! same command table and Rust types as everything else.

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, SchemaGenerator};
use serde_json::{Map, Value, json};

use crate::typescript::Visitor;

struct Schemas {
    generator: SchemaGenerator,
    io: std::collections::BTreeMap<&'static str, (Value, Value)>,
}

impl Visitor for Schemas {
    fn visit<T: ts_rs::TS + JsonSchema + 'static>(&mut self, command: &'static str, input: bool) {
        let schema = self.generator.subschema_for::<T>().to_value();
        let row = self.io.entry(command).or_insert((Value::Null, Value::Null));
        if input {
            row.0 = schema;
        } else {
            row.1 = schema;
        }
    }
}

pub fn document() -> Value {
    let mut settings = SchemaSettings::draft2020_12();
    settings.definitions_path = "/components/schemas".into();
    settings.meta_schema = None;
    let mut schemas = Schemas {
        generator: settings.into_generator(),
        io: Default::default(),
    };
    crate::visit_command_types(&mut schemas);
    let error = schemas
        .generator
        .subschema_for::<crate::ApiError>()
        .to_value();
    let mut paths = Map::new();
    for info in crate::COMMANDS {
        let (input, output) = schemas.io.remove(info.name).unwrap_or_default();
        let ok = if info.binary {
            json!({ "description": "bytes", "content": {
                "application/pdf": { "schema": { "type": "string", "format": "binary" } },
                "image/png": { "schema": { "type": "string", "format": "binary" } } } })
        } else {
            json!({ "description": "ok", "content": { "application/json": { "schema": output } } })
        };
        let err = json!({ "description": "error", "content": { "application/json": { "schema": error } } });
        let mut responses = Map::new();
        responses.insert("200".into(), ok);
        for code in [
            "400", "401", "403", "404", "409", "422", "429", "500", "503",
        ] {
            responses.insert(code.into(), err.clone());
        }
        let mut op = json!({
            "operationId": info.name,
            "summary": info.summary.trim(),
            "requestBody": { "required": true, "content": { "application/json": { "schema": input } } },
            "responses": responses,
        });
        if !info.public {
            op["security"] = json!([{ "bearer": [] }]);
        }
        paths.insert(format!("/api/{}", info.name), json!({ "post": op }));
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "ZonePress 园区编务 API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "POST /api/<command> with a JSON body and `Authorization: Bearer <token>`. Errors are HTTP 4xx/5xx with {\"code\", \"message\"}.",
        },
        "paths": paths,
        "components": {
            "schemas": schemas.generator.take_definitions(true),
            "securitySchemes": { "bearer": { "type": "http", "scheme": "bearer" } },
        },
    })
}
