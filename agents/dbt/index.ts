export { LOAD_DATA_FILE, type ProjectOutputs, SOURCE_SCHEMA_FILE, writeProject, varDefault } from "./project";
export { zipProject } from "./zip";
export {
  compileModel,
  parseMacros,
  JinjaError,
  type CompileContext,
  type CompiledModel,
  type MacroLibrary,
} from "./jinja";
export { translateCheck, type CheckTest } from "./checks";
export { tableTests } from "./tests";
export { relationResolvers, sourceTableName } from "./relations";
