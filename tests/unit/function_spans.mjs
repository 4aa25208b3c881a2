// Prints one JSON line per function in the JavaScript modules named on the
// command line: {"file", "name", "start", "end"} (1-based, inclusive lines).
// tests/unit/test_code_size.py holds every function to a line limit with it; a
// real parser (acorn, a devDependency) so strings, regexes and template
// literals cannot be mistaken for code.
import { readFileSync } from "node:fs";
import { parse } from "acorn";

const FUNCTION_TYPES = new Set(["FunctionDeclaration", "FunctionExpression", "ArrowFunctionExpression"]);

/** The name a reader would search for: declared name, method/property key or assigned variable. */
function nameOf(node, parent) {
  if (node.id) return node.id.name;
  const key = parent && (parent.type === "MethodDefinition" || parent.type === "Property" || parent.type === "PropertyDefinition") ? parent.key : null;
  if (key) return key.name ?? String(key.value);
  if (parent && parent.type === "VariableDeclarator" && parent.id.type === "Identifier") return parent.id.name;
  if (parent && parent.type === "AssignmentExpression") return "(assigned function)";
  return "(anonymous)";
}

/** Every AST node below `node`, with its parent, depth first. */
function* nodes(node, parent = null) {
  yield [node, parent];
  for (const value of Object.values(node)) {
    const children = Array.isArray(value) ? value : [value];
    for (const child of children) {
      if (child && typeof child.type === "string") yield* nodes(child, node);
    }
  }
}

for (const file of process.argv.slice(2)) {
  let tree;
  try {
    tree = parse(readFileSync(file, "utf8"), { ecmaVersion: "latest", sourceType: "module", locations: true });
  } catch (error) {
    console.error(`${file}: cannot parse: ${error.message}`);
    process.exit(2);
  }
  for (const [node, parent] of nodes(tree)) {
    if (!FUNCTION_TYPES.has(node.type)) continue;
    const span = { file, name: nameOf(node, parent), start: node.loc.start.line, end: node.loc.end.line };
    console.log(JSON.stringify(span));
  }
}
