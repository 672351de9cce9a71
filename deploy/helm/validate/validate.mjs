// Validates every object of the given YAML files (default: the chart's rendered set) against the Kubernetes API schema of
// its apiVersion and kind, as kubernetes-models generates them from the Kubernetes OpenAPI document. Exit code 1 on any
// invalid object, and when no object was found at all.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import yaml from "js-yaml";

const here = dirname(fileURLToPath(import.meta.url));
const inputs = process.argv.slice(2);
if (inputs.length === 0) inputs.push(join(here, "..", "patientdocs", "rendered"));
const files = inputs.flatMap((input) =>
  statSync(input).isDirectory()
    ? readdirSync(input).filter((f) => f.endsWith(".yaml")).sort().map((f) => join(input, f))
    : [input]);

let valid = 0;
const errors = [];
for (const file of files) {
  const documents = yaml.loadAll(readFileSync(file, "utf8")).filter((d) => d != null);
  for (const document of documents) {
    const where = `${file}: ${document.kind ?? "?"}/${document.metadata?.name ?? "?"}`;
    try {
      const Model = await modelOf(document);
      new Model(document).validate();
      valid++;
      console.log(`ok   ${where} (${document.apiVersion})`);
    } catch (error) {
      errors.push(`${where}: ${error.message}`);
    }
  }
}

for (const error of errors) console.error(`FAIL ${error}`);
console.log(`${valid} valid, ${errors.length} invalid`);
process.exit(errors.length === 0 && valid > 0 ? 0 : 1);

async function modelOf(document) {
  if (typeof document.apiVersion !== "string" || typeof document.kind !== "string") {
    throw new Error("apiVersion and kind are required");
  }
  try {
    const module = await import(`kubernetes-models/${document.apiVersion}/${document.kind}`);
    return module[document.kind];
  } catch {
    throw new Error(`no Kubernetes schema for ${document.apiVersion} ${document.kind}`);
  }
}
