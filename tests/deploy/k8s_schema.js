// Validation of Kubernetes objects against the schemas of npm kubernetes-models
// (and its cert-manager and prometheus-operator packages), plus what those
// validators do not do: reject fields the schema does not have (a typo such as
// `imagePullPolcy` is silently dropped by the API server otherwise).
//
// The unknown-field check reads the TypeScript declarations the packages ship
// (.d.ts): every property of every object type, nested inline types included.
'use strict';

const fs = require('fs');
const path = require('path');

// --- A small parser for the type expressions of the .d.ts files ---------------

function tokenize(text) {
  const tokens = [];
  const re = /\s+|\/\*[\s\S]*?\*\/|\/\/[^\n]*|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[A-Za-z_$][\w$]*|-?\d+(?:\.\d+)?|=>|[{}<>\[\]():;?|,=&.]/y;
  let m;
  while (re.lastIndex < text.length && (m = re.exec(text)) !== null) {
    const t = m[0];
    if (/^\s/.test(t) || t.startsWith('/*') || t.startsWith('//')) continue;
    tokens.push(t);
  }
  return tokens;
}

class Parser {
  constructor(tokens, pos) {
    this.t = tokens;
    this.i = pos;
  }
  peek() { return this.t[this.i]; }
  next() { return this.t[this.i++]; }
  expect(tok) {
    const got = this.next();
    if (got !== tok) throw new Error(`expected ${tok}, got ${got}`);
  }
  type() {
    if (this.peek() === '|') this.next();
    const types = [this.postfix()];
    while (this.peek() === '|' || this.peek() === '&') {
      this.next();
      types.push(this.postfix());
    }
    return types.length === 1 ? types[0] : { k: 'union', types };
  }
  postfix() {
    let type = this.primary();
    while (this.peek() === '[' && this.t[this.i + 1] === ']') {
      this.i += 2;
      type = { k: 'arr', of: type };
    }
    return type;
  }
  primary() {
    const tok = this.next();
    if (tok === '{') return this.objectBody();
    if (tok === '(') {
      const inner = this.type();
      this.expect(')');
      return inner;
    }
    if (tok.startsWith('"') || tok.startsWith("'") || /^-?\d/.test(tok)) return { k: 'prim' };
    if (tok === 'Array' && this.peek() === '<') {
      this.next();
      const of = this.type();
      this.expect('>');
      return { k: 'arr', of };
    }
    if (/^[A-Za-z_$]/.test(tok)) {
      let name = tok;
      while (this.peek() === '.') {
        this.next();
        name = this.next();
      }
      if (this.peek() === '<') {  // a generic we do not follow (Record<…>, etc.)
        let depth = 0;
        do {
          const x = this.next();
          if (x === '<') depth++;
          if (x === '>') depth--;
        } while (depth > 0);
        return { k: 'prim' };
      }
      return { k: 'ref', name };
    }
    throw new Error(`unexpected token ${tok}`);
  }
  // After '{': members up to the matching '}'.
  objectBody() {
    const props = new Map();
    let index = null;
    while (this.peek() !== '}') {
      if (this.peek() === 'readonly') this.next();
      if (this.peek() === '[') {  // [key: string]: T
        this.next();
        this.next();
        this.expect(':');
        this.type();
        this.expect(']');
        this.expect(':');
        index = this.type();
      } else {
        let name = this.next();
        if (name.startsWith('"') || name.startsWith("'")) name = JSON.parse(name.replace(/^'|'$/g, '"'));
        if (this.peek() === '?') this.next();
        if (this.peek() === '(') {  // a method: skip to ';'
          while (this.peek() !== ';' && this.peek() !== '}') this.next();
        } else {
          this.expect(':');
          props.set(name, this.type());
        }
      }
      if (this.peek() === ';' || this.peek() === ',') this.next();
    }
    this.next();
    return { k: 'obj', props, index };
  }
}

// --- The index of every declared object type ------------------------------------

class TypeIndex {
  constructor() {
    this.types = new Map();  // name -> type
    this.parents = new Map();  // interface name -> [parent names]
    this.fileTypes = new Map();  // .d.ts path -> Map(local name -> type)
  }

  addFile(file) {
    const text = fs.readFileSync(file, 'utf8');
    if (!text.includes('export interface')) return;
    const tokens = tokenize(text);
    const local = new Map();
    for (let i = 0; i < tokens.length; i++) {
      if (tokens[i] === 'interface' && tokens[i - 1] === 'export') {
        const name = tokens[i + 1];
        let j = i + 2;
        const parents = [];
        if (tokens[j] === 'extends') {
          j++;
          while (tokens[j] !== '{') {
            if (/^[A-Za-z_]/.test(tokens[j])) parents.push(tokens[j]);
            j++;
          }
        }
        const parser = new Parser(tokens, j + 1);
        try {
          const type = parser.objectBody();
          local.set(name, type);
          if (parents.length) this.parents.set(name, parents);
          i = parser.i - 1;
        } catch (e) {
          // A declaration this parser does not follow is simply not checked.
        }
      }
      if (tokens[i] === 'export' && tokens[i + 1] === '{') {
        let j = i + 2;
        while (tokens[j] !== '}') {
          if (tokens[j + 1] === 'as' && local.has(tokens[j])) {
            this.register(tokens[j + 2], local.get(tokens[j]));
            j += 3;
          } else {
            j++;
          }
          if (tokens[j] === ',') j++;
        }
      }
    }
    for (const [name, type] of local) {
      if (!this.types.has(name)) this.register(name, type);
    }
    this.fileTypes.set(file, local);
  }

  register(name, type) {
    this.types.set(name, type);
  }

  addTree(dir) {
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && !entry.name.startsWith('_')) this.addTree(full);
      } else if (entry.name.endsWith('.d.ts')) {
        this.addFile(full);
      }
    }
  }

  resolve(type, seen = new Set()) {
    while (type && type.k === 'ref') {
      if (seen.has(type.name)) return null;
      seen.add(type.name);
      const found = this.types.get(type.name);
      if (!found) return null;
      const parents = this.parents.get(type.name);
      if (parents && found.k === 'obj') {
        const merged = { k: 'obj', props: new Map(found.props), index: found.index };
        for (const parent of parents) {
          const p = this.resolve({ k: 'ref', name: parent }, seen);
          if (p && p.k === 'obj') for (const [n, t] of p.props) merged.props.set(n, t);
        }
        return merged;
      }
      type = found;
    }
    return type;
  }

  // Problems (strings) for fields of `value` that `type` does not declare.
  unknownFields(value, type, where) {
    const resolved = this.resolve(type);
    if (!resolved || value === null || value === undefined) return [];
    if (resolved.k === 'union') {
      const candidates = resolved.types
        .map((t) => this.resolve(t))
        .filter((t) => t && (Array.isArray(value) ? t.k === 'arr' : typeof value === 'object' && t.k === 'obj'));
      if (candidates.length === 0) return [];
      let first = null;
      for (const candidate of candidates) {
        const problems = this.unknownFields(value, candidate, where);
        if (problems.length === 0) return [];
        if (first === null) first = problems;
      }
      return first;
    }
    if (resolved.k === 'arr') {
      if (!Array.isArray(value)) return [];
      return value.flatMap((item, i) => this.unknownFields(item, resolved.of, `${where}[${i}]`));
    }
    if (resolved.k === 'obj') {
      if (typeof value !== 'object' || Array.isArray(value)) return [];
      const problems = [];
      for (const [key, child] of Object.entries(value)) {
        const childWhere = where ? `${where}.${key}` : key;
        if (resolved.props.has(key)) {
          problems.push(...this.unknownFields(child, resolved.props.get(key), childWhere));
        } else if (resolved.index) {
          problems.push(...this.unknownFields(child, resolved.index, childWhere));
        } else {
          problems.push(`unknown field ${childWhere}`);
        }
      }
      return problems;
    }
    return [];
  }
}

// --- Models by apiVersion and kind ---------------------------------------------

function packageDir(name) {
  return path.dirname(require.resolve(`${name}/package.json`));
}

// apiVersion -> [package, folder inside the package]
function modelLocation(apiVersion) {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  if (group === 'cert-manager.io') return ['@kubernetes-models/cert-manager', `${group}/${version}`];
  if (group === 'monitoring.coreos.com') {
    return ['@kubernetes-models/prometheus-operator', `${group}/${version}`];
  }
  return ['kubernetes-models', group ? `${group}/${version}` : version];
}

class SchemaValidator {
  constructor() {
    this.index = new TypeIndex();
    for (const pkg of ['kubernetes-models', '@kubernetes-models/apimachinery',
      '@kubernetes-models/cert-manager', '@kubernetes-models/prometheus-operator']) {
      this.index.addTree(packageDir(pkg));
    }
  }

  // Problems of one object: schema violations and unknown fields.
  validate(object) {
    const what = `${object.kind || '?'}/${(object.metadata && object.metadata.name) || '?'}`;
    if (!object.apiVersion || !object.kind) return [`${what}: no apiVersion or kind`];
    const [pkg, folder] = modelLocation(object.apiVersion);
    const dir = path.join(packageDir(pkg), folder);
    const declaration = path.join(dir, `${object.kind}.d.ts`);
    if (!fs.existsSync(declaration)) {
      return [`${what}: ${object.apiVersion} ${object.kind} is not a known kind (${pkg})`];
    }
    const problems = [];
    const Model = require(path.join(dir, `${object.kind}.js`))[object.kind];
    try {
      new Model(object).validate();
    } catch (e) {
      const details = e.errors
        ? e.errors.map((x) => `${x.instancePath || '/'} ${x.message}`).join('; ')
        : e.message;
      problems.push(`${what}: schema: ${details}`);
    }
    const local = this.index.fileTypes.get(declaration);
    const rootType = local && local.get(`I${object.kind}`);
    if (!rootType) {
      problems.push(`${what}: no declaration of I${object.kind} to check fields against`);
    } else {
      for (const p of this.index.unknownFields(object, rootType, '')) problems.push(`${what}: ${p}`);
    }
    return problems;
  }
}

module.exports = { SchemaValidator };
