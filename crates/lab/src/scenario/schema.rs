//! The JSON Schema of scenario and lesson files, for editors (`"$schema"` in a file, or an
//! editor's schema mapping). The parser is the authority; the schema mirrors it.

/// JSON Schema (draft 2020-12) of `hcsim-scenario/1` files.
pub const SCHEMA: &str = r##"{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "$id": "https://hcsim.invalid/schema/hcsim-scenario-1.json",
  "title": "hcsim scenario or lesson",
  "description": "A scenario (steps with expectations) or a lesson (setup steps, a goal, hints and a solution) for hcsim, the Azure Health Data Services workspace simulator. Played by `hcsim run FILE`.",
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "$schema": {"type": "string"},
    "format": {"const": "hcsim-scenario/1", "description": "File format; may be omitted."},
    "title": {"type": "string", "maxLength": 65536},
    "description": {"type": "string", "maxLength": 65536},
    "seed": {"type": "integer", "minimum": 0, "maximum": 18446744073709551615, "description": "Seed of every random choice; `hcsim run --seed N` overrides it; picked at random (and printed) when absent."},
    "timing": {"enum": ["instant", "realistic"], "description": "Operation durations; `instant` when absent (fast, deterministic files)."},
    "stage": {"enum": ["ga", "private-preview"], "description": "Release stage; `ga` when absent."},
    "steps": {"$ref": "#/$defs/steps", "description": "The steps; for a lesson, its setup."},
    "setup": {"$ref": "#/$defs/steps", "description": "Synonym of `steps` for lessons (give one of them)."},
    "goal": {"type": "array", "minItems": 1, "maxItems": 10000, "items": {"anyOf": [{"$ref": "#/$defs/check"}, {"type": "object", "additionalProperties": false, "required": ["check"], "properties": {"check": {"$ref": "#/$defs/check"}, "note": {"type": "string"}}}]}, "description": "Lessons: checks that must all hold to complete the lesson. Extra resources do not block it."},
    "hints": {"type": "array", "maxItems": 10000, "items": {"type": "string", "maxLength": 65536}, "description": "Lessons: hints, gentlest first."},
    "solution": {"$ref": "#/$defs/steps", "description": "Lessons: steps that reach the goal after the setup."}
  },
  "not": {"required": ["steps", "setup"]},
  "dependentRequired": {"hints": ["goal"], "solution": ["goal"]},
  "$defs": {
    "steps": {"type": "array", "maxItems": 10000, "items": {"$ref": "#/$defs/step"}},
    "line": {"type": "string", "minLength": 1, "maxLength": 65536, "description": "An `az …` or `sim …` command line (several may be joined with `;`)."},
    "step": {
      "oneOf": [
        {"$ref": "#/$defs/line", "description": "Run the line and expect it to succeed."},
        {"type": "object", "additionalProperties": false, "required": ["run"],
         "properties": {"run": {"$ref": "#/$defs/line"}, "expect": {"$ref": "#/$defs/expect"}, "note": {"type": "string"}}},
        {"type": "object", "additionalProperties": false, "required": ["check"],
         "properties": {"check": {"$ref": "#/$defs/check"}, "note": {"type": "string"}}}
      ]
    },
    "expect": {
      "type": "object", "additionalProperties": false,
      "description": "All keys optional; every given key must hold. Without `expect` a run step expects success; `{}` expects nothing.",
      "properties": {
        "ok": {"type": "boolean"},
        "status": {"type": "integer", "minimum": 100, "maximum": 599},
        "error": {"type": "string", "minLength": 1, "description": "Error code, e.g. CannotDeleteResource."},
        "rule": {"$ref": "#/$defs/rule"},
        "output_contains": {"type": "string", "minLength": 1}
      }
    },
    "rule": {"enum": [
      "workspace-first", "workspace-delete-requires-empty", "resource-group-delete-cascades",
      "region-immutable", "child-in-workspace-region", "child-cannot-move", "quota",
      "settings-apply-to-all-children", "private-preview-no-settings", "phi-stays-in-workspace",
      "name-format", "name-globally-unique", "workspace-name-reuse", "region-availability",
      "private-link-blocks-public", "cmk-access-required", "busy-resource",
      "resource-group-being-deleted", "rbac", "scope-lock",
      "provider-registration", "valid-request", "resource-must-exist", "throttling",
      "service-availability", "deployment-name", "deployment-active",
      "template-scope-extension-only", "deployment-target-scope",
      "etag-precondition", "api-version-supported",
      "fhir-valid-resource", "fhir-deleted-is-gone", "fhir-search-parameters", "fhir-store-limits",
      "medtech-device-mapping", "medtech-fhir-mapping", "medtech-identity-resolution",
      "medtech-destination-available", "medtech-connector-ready", "medtech-queue-bounds",
      "medtech-fhir-writer-role", "app-credential"
    ]},
    "resourceId": {"type": "string", "pattern": "^/", "description": "An ARM resource id (compared case-insensitively)."},
    "property": {"type": "object", "additionalProperties": false, "required": ["path", "equals"],
      "properties": {"path": {"type": "string", "minLength": 1, "description": "Dotted path into the resource as `az … show` prints it, e.g. properties.publicNetworkAccess."}, "equals": {}}},
    "check": {
      "type": "object", "additionalProperties": false,
      "oneOf": [
        {"required": ["exists"], "not": {"anyOf": [{"required": ["absent"]}, {"required": ["count"]}, {"required": ["fhir"]}]}},
        {"required": ["absent"], "not": {"anyOf": [{"required": ["exists"]}, {"required": ["count"]}, {"required": ["fhir"]}, {"required": ["provisioningState"]}, {"required": ["location"]}, {"required": ["property"]}]}},
        {"required": ["count"], "not": {"anyOf": [{"required": ["exists"]}, {"required": ["absent"]}, {"required": ["fhir"]}, {"required": ["provisioningState"]}, {"required": ["location"]}, {"required": ["property"]}]}},
        {"required": ["fhir"], "not": {"anyOf": [{"required": ["exists"]}, {"required": ["absent"]}, {"required": ["count"]}, {"required": ["provisioningState"]}, {"required": ["location"]}, {"required": ["property"]}]}}
      ],
      "properties": {
        "exists": {"$ref": "#/$defs/resourceId"},
        "provisioningState": {"type": "string", "minLength": 1},
        "location": {"type": "string", "minLength": 1},
        "property": {"anyOf": [{"$ref": "#/$defs/property"}, {"type": "array", "items": {"$ref": "#/$defs/property"}}]},
        "absent": {"$ref": "#/$defs/resourceId"},
        "count": {"type": "object", "additionalProperties": false, "required": ["type", "equals"],
          "properties": {"type": {"type": "string", "pattern": "/"}, "equals": {"type": "integer", "minimum": 0}}},
        "fhir": {"type": "object", "additionalProperties": false, "required": ["service", "type"],
          "description": "Live FHIR resources of a type in a FHIR service's data plane (what MedTech wrote): atLeast or equals.",
          "oneOf": [{"required": ["atLeast"]}, {"required": ["equals"]}],
          "properties": {"service": {"$ref": "#/$defs/resourceId"}, "type": {"type": "string", "pattern": "^[A-Za-z]+$"},
            "atLeast": {"type": "integer", "minimum": 0}, "equals": {"type": "integer", "minimum": 0}}}
      }
    }
  }
}"##;
