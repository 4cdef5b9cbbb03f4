#!/usr/bin/env node
// Checks of the Kubernetes manifests in deploy/k8s (run by ctest, see
// tests/deploy/deploy.cmake):
//
//   validate_manifests.js render     every overlay renders with `kubectl kustomize`
//   validate_manifests.js schema     every rendered object validates against the
//                                    Kubernetes (and cert-manager, Prometheus
//                                    Operator) schemas, with no unknown field
//   validate_manifests.js policy     probes, limits, non-root, read-only root,
//                                    seccomp, pinned images, PDB, NetworkPolicy
//                                    (the call graph of docs/deploy.md), Service,
//                                    HPA, migration Job and grace period of
//                                    every Deployment; TLS, token keys and the
//                                    plaintext health port (issue 7); overlay
//                                    rules (dev, prod)
//   validate_manifests.js env        the HOPTAC_* variables the manifests set are
//                                    those scripts/run-local.sh sets (plus the
//                                    listed deployment-only ones), and each is a
//                                    flag some service defines; names only (the
//                                    values differ: paths, ports)
//   validate_manifests.js self-test  each check fails on a manifest broken on
//                                    purpose (a check that cannot fail proves
//                                    nothing)
//
// Options: --root DIR (the repository; default: two levels up), --kubectl PATH.
'use strict';

const childProcess = require('child_process');
const fs = require('fs');
const path = require('path');

const args = process.argv.slice(2);
function option(name, fallback) {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
}
const ROOT = path.resolve(option('--root', path.join(__dirname, '..', '..')));
const KUBECTL = option('--kubectl', process.env.KUBECTL || 'kubectl');
const COMMAND = args.find((a, i) => !a.startsWith('--') && !(i > 0 && args[i - 1].startsWith('--')));
// Node packages come from the repository's node_modules (npm install).
module.paths.unshift(path.join(ROOT, 'node_modules'));

// --- What the design says (DESIGN.md, docs/deploy.md) ----------------------------

// Every service, its gRPC port (and HTTP/JSON port, the gateway's), and who
// may call it ("outside": from anywhere).
const SERVICES = {
  gateway: { port: 50050, httpPort: 8080, callers: ['outside'] },
  registry: { port: 50051, callers: ['subsidy', 'outreach', 'report', 'gateway'] },
  subsidy: { port: 50052, callers: ['report', 'gateway'] },
  outreach: { port: 50053, callers: ['report', 'gateway'] },
  report: { port: 50054, callers: ['gateway'] },
};
const apiName = (name) => `hoptac.${name}.v1.${name[0].toUpperCase()}${name.slice(1)}Service`;

// Variables the manifests set that scripts/run-local.sh does not, and why.
const DEPLOYMENT_ONLY = {
  HOPTAC_METRICS_PORT: 'Prometheus scrapes the pods; nothing scrapes a developer machine',
  HOPTAC_MIGRATIONS: 'replicas verify the schema, the Job applies it; locally one process applies',
  HOPTAC_SHUTDOWN_DELAY: 'lets Kubernetes endpoints drop a terminating pod before it stops',
  HOPTAC_SHUTDOWN_GRACE: 'kept below terminationGracePeriodSeconds',
  HOPTAC_MAX_CONNECTION_AGE: 'callers re-resolve the headless Service and reach new replicas',
  HOPTAC_DB_POOL_SIZE: 'sized against the MySQL server\'s max_connections',
  HOPTAC_TLS_CLIENT_AUTH: 'the gateway\'s outside callers have no certificate of the hoptac CA; '
    + 'locally every client has one',
  HOPTAC_RATE_LIMIT_PER_SECOND: 'many callers share a deployed gateway; a developer machine has one',
  HOPTAC_RATE_LIMIT_BURST: 'many callers share a deployed gateway; a developer machine has one',
  HOPTAC_ADMIN_UNITS_DIR: 'read by the registry\'s migration Job only',
  HOPTAC_LOAD_PROVINCES: 'read by the registry\'s migration Job only',
};
// Two spellings of one setting: run-local passes the password, pods a file.
const EQUIVALENT = { HOPTAC_MYSQL_PASSWORD: 'HOPTAC_MYSQL_PASSWORD_FILE' };

// Secrets an overlay refers to without creating them (the admin creates them).
// hoptac-token-keys holds public keys whose private halves the admin (or the
// developer, in dev) keeps: never generated from the repository.
const EXTERNAL_SECRETS = { prod: /^([a-z]+-db|hoptac-token-keys)$/, dev: /^hoptac-token-keys$/ };

// Where each server's transport and token settings must point (issue 7):
// the Secret <service>-tls and the Secret of token keys, mounted.
const TLS_FILES = [['HOPTAC_TLS_CERT_FILE', 'tls.crt'], ['HOPTAC_TLS_KEY_FILE', 'tls.key'],
  ['HOPTAC_TLS_CA_FILE', 'ca.crt']];
const TOKEN_KEYS_SECRET = 'hoptac-token-keys';

// --- Rendering ------------------------------------------------------------------

function overlayDirs() {
  const base = path.join(ROOT, 'deploy/k8s/overlays');
  const dirs = fs.readdirSync(base).filter((d) => fs.existsSync(path.join(base, d, 'kustomization.yaml')))
    .map((d) => ({ name: d, dir: path.join(base, d) }));
  // The production overlay with every optional component, so that they are checked too.
  dirs.push({ name: 'all-components', dir: path.join(__dirname, 'all-components'), like: 'prod' });
  return dirs;
}

function render(dir) {
  const out = childProcess.spawnSync(KUBECTL, ['kustomize', dir], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (out.error) throw new Error(`cannot run ${KUBECTL}: ${out.error.message}`);
  if (out.status !== 0) return { error: out.stderr.trim() };
  const YAML = require('yaml');
  const docs = YAML.parseAllDocuments(out.stdout);
  const errors = docs.flatMap((d) => d.errors.map((e) => e.message));
  if (errors.length) return { error: errors.join('; ') };
  return { objects: docs.map((d) => d.toJS()).filter((o) => o) };
}

function renderAll() {
  const results = [];
  for (const overlay of overlayDirs()) {
    const rendered = render(overlay.dir);
    results.push({ ...overlay, ...rendered, like: overlay.like || overlay.name });
  }
  return results;
}

// --- Helpers ------------------------------------------------------------------

const nameOf = (o) => (o.metadata && o.metadata.name) || '?';
const labelsOf = (o) => (o.metadata && o.metadata.labels) || {};
const id = (o) => `${o.kind}/${nameOf(o)}`;

function selects(selector, labels) {
  if (!selector) return false;
  if (selector.matchExpressions && selector.matchExpressions.length) return false;  // not used here
  const want = selector.matchLabels || {};
  return Object.entries(want).every(([k, v]) => labels[k] === v);
}

function podTemplate(o) {
  if (o.kind === 'CronJob') return o.spec && o.spec.jobTemplate && o.spec.jobTemplate.spec.template;
  if (['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'ReplicaSet'].includes(o.kind)) {
    return o.spec && o.spec.template;
  }
  return null;
}

function parseDuration(text) {
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;
  let total = 0;
  let m;
  let consumed = 0;
  while ((m = re.exec(text)) !== null) {
    total += parseFloat(m[1]) * { ms: 0.001, s: 1, m: 60, h: 3600 }[m[2]];
    consumed += m[0].length;
  }
  return consumed === text.length && consumed > 0 ? total : NaN;
}

// The environment of a container: envFrom ConfigMaps (found in `objects`), then env.
function containerEnv(container, objects) {
  const env = {};
  for (const source of container.envFrom || []) {
    if (!source.configMapRef) continue;
    const cm = objects.find((o) => o.kind === 'ConfigMap' && nameOf(o) === source.configMapRef.name);
    if (cm) Object.assign(env, cm.data || {});
    else env[`<missing ConfigMap ${source.configMapRef.name}>`] = '';
  }
  for (const e of container.env || []) env[e.name] = e.value !== undefined ? e.value : '<from>';
  return env;
}

function hoptacServers(objects) {
  return objects.filter((o) => o.kind === 'Deployment' && labelsOf(o)['app.kubernetes.io/part-of'] === 'hoptac'
    && labelsOf(o)['app.kubernetes.io/component'] === 'server');
}

// --- Policy -------------------------------------------------------------------

function checkImage(image, where, problems) {
  const m = /^([^@]+?)(?::([\w][\w.-]{0,127}))?(@sha256:[0-9a-f]{64})?$/.exec(image || '');
  if (!m) return problems.push(`${where}: image "${image}" is not a valid reference`);
  const [, , tag, digest] = m;
  if (!tag && !digest) problems.push(`${where}: image ${image} has no tag: pin a version`);
  if (tag === 'latest') problems.push(`${where}: image ${image} uses "latest": pin a version`);
}

function checkPodSecurity(o, problems) {
  const template = podTemplate(o);
  const spec = template.spec || {};
  const pod = spec.securityContext || {};
  const where = id(o);
  if (spec.hostNetwork || spec.hostPID || spec.hostIPC) problems.push(`${where}: uses host namespaces`);
  if (spec.automountServiceAccountToken !== false) {
    problems.push(`${where}: automountServiceAccountToken must be false (no API access needed)`);
  }
  const containers = [...(spec.initContainers || []), ...(spec.containers || [])];
  if (containers.length === 0) problems.push(`${where}: no containers`);
  for (const c of containers) {
    const cw = `${where} container ${c.name}`;
    const sc = c.securityContext || {};
    checkImage(c.image, cw, problems);
    const runAsNonRoot = sc.runAsNonRoot !== undefined ? sc.runAsNonRoot : pod.runAsNonRoot;
    if (runAsNonRoot !== true) problems.push(`${cw}: runAsNonRoot must be true`);
    const uid = sc.runAsUser !== undefined ? sc.runAsUser : pod.runAsUser;
    if (uid === 0) problems.push(`${cw}: runs as uid 0`);
    if (sc.readOnlyRootFilesystem !== true) problems.push(`${cw}: readOnlyRootFilesystem must be true`);
    if (sc.allowPrivilegeEscalation !== false) problems.push(`${cw}: allowPrivilegeEscalation must be false`);
    if (sc.privileged) problems.push(`${cw}: privileged`);
    const caps = sc.capabilities || {};
    if (!(caps.drop || []).includes('ALL')) problems.push(`${cw}: capabilities must drop ALL`);
    if ((caps.add || []).length) problems.push(`${cw}: adds capabilities ${caps.add.join(',')}`);
    const seccomp = (sc.seccompProfile || pod.seccompProfile || {}).type;
    if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost') {
      problems.push(`${cw}: seccompProfile must be RuntimeDefault`);
    }
    const r = c.resources || {};
    for (const kind of ['requests', 'limits']) {
      for (const res of ['cpu', 'memory']) {
        if (!r[kind] || r[kind][res] === undefined) problems.push(`${cw}: no resources.${kind}.${res}`);
      }
    }
    if (['Deployment', 'StatefulSet', 'DaemonSet'].includes(o.kind) && !(spec.initContainers || []).includes(c)) {
      for (const probe of ['livenessProbe', 'readinessProbe']) {
        if (!c[probe]) problems.push(`${cw}: no ${probe}`);
      }
    }
  }
}

function networkPolicyPeers(rule) {
  // Names of hoptac services a rule's peers select; "outside" for anything wider.
  const names = new Set();
  if (!rule.from || rule.from.length === 0) names.add('outside');
  for (const peer of rule.from || []) {
    if (peer.ipBlock) names.add('outside');
    else if (peer.namespaceSelector && !peer.podSelector) names.add('namespace');
    else if (peer.podSelector) {
      const n = (peer.podSelector.matchLabels || {})['app.kubernetes.io/name'];
      names.add(n && !peer.namespaceSelector ? n : 'outside');
    }
  }
  return names;
}

function checkServer(d, objects, overlay, problems) {
  const where = id(d);
  const name = labelsOf(d)['app.kubernetes.io/name'];
  const service = SERVICES[name];
  if (!service) return problems.push(`${where}: ${name} is not a hoptac service`);
  const template = d.spec.template;
  const podLabels = (template.metadata && template.metadata.labels) || {};
  const spec = template.spec;
  if (!selects(d.spec.selector, podLabels)) problems.push(`${where}: selector does not match its pod labels`);
  const c = spec.containers[0];
  if (!c.command || c.command[0] !== `hoptac-${name}`) problems.push(`${where}: command is not hoptac-${name}`);
  const env = containerEnv(c, objects);
  const grpcPort = c.ports && c.ports.find((p) => p.name === 'grpc');
  if (!grpcPort || grpcPort.containerPort !== service.port) {
    problems.push(`${where}: container port "grpc" must be ${service.port}`);
  }
  if (!env.HOPTAC_LISTEN || !env.HOPTAC_LISTEN.endsWith(`:${service.port}`)) {
    problems.push(`${where}: HOPTAC_LISTEN must listen on ${service.port}`);
  }
  // Probes: native gRPC; "" for liveness, the service's name for readiness;
  // on the plaintext health port, as the kubelet cannot speak TLS.
  const healthPort = Number(env.HOPTAC_HEALTH_PORT);
  const healthContainerPort = c.ports && c.ports.find((p) => p.name === 'health');
  if (!(healthPort > 0) || healthPort === service.port) {
    problems.push(`${where}: HOPTAC_HEALTH_PORT must be set to a port of its own (the probes cannot speak TLS)`);
  } else if (!healthContainerPort || healthContainerPort.containerPort !== healthPort) {
    problems.push(`${where}: container port "health" must be HOPTAC_HEALTH_PORT (${healthPort})`);
  }
  const live = c.livenessProbe && c.livenessProbe.grpc;
  if (!live || live.port !== healthPort || (live.service || '') !== '') {
    problems.push(`${where}: livenessProbe must be gRPC on the health port ${healthPort}, service ""`);
  }
  const ready = c.readinessProbe && c.readinessProbe.grpc;
  if (!ready || ready.port !== healthPort || ready.service !== apiName(name)) {
    problems.push(`${where}: readinessProbe must be gRPC on the health port ${healthPort}, service ${apiName(name)}`);
  }
  const startup = c.startupProbe;
  if (!startup) problems.push(`${where}: no startupProbe (start-up may take a while)`);
  else if (startup.grpc && startup.grpc.port !== healthPort) {
    problems.push(`${where}: startupProbe must be on the health port ${healthPort} (the gRPC port is TLS)`);
  }
  // Graceful stop: the pod outlives the server's drain.
  const delay = parseDuration(env.HOPTAC_SHUTDOWN_DELAY || '');
  const grace = parseDuration(env.HOPTAC_SHUTDOWN_GRACE || '10s');
  if (!(delay > 0)) problems.push(`${where}: HOPTAC_SHUTDOWN_DELAY must be set (> 0)`);
  const period = spec.terminationGracePeriodSeconds;
  if (!(period >= delay + grace) || period > delay + grace + 30) {
    problems.push(`${where}: terminationGracePeriodSeconds ${period} must be between shutdown delay + grace `
      + `(${delay + grace}s) and 30s more`);
  }
  if (env.HOPTAC_MIGRATIONS !== 'verify') problems.push(`${where}: replicas must run with HOPTAC_MIGRATIONS=verify`);
  // Metrics and their scrape annotations.
  const annotations = (template.metadata && template.metadata.annotations) || {};
  const metricsPort = c.ports && c.ports.find((p) => p.name === 'metrics');
  if (!env.HOPTAC_METRICS_PORT || !metricsPort || String(metricsPort.containerPort) !== env.HOPTAC_METRICS_PORT) {
    problems.push(`${where}: HOPTAC_METRICS_PORT and the container port "metrics" must agree`);
  }
  if (annotations['prometheus.io/scrape'] !== 'true' || annotations['prometheus.io/path'] !== '/metrics'
      || annotations['prometheus.io/port'] !== env.HOPTAC_METRICS_PORT) {
    problems.push(`${where}: prometheus.io/scrape, /port, /path annotations must point at the metrics port`);
  }
  const hpa = objects.find((o) => o.kind === 'HorizontalPodAutoscaler' && o.spec.scaleTargetRef.kind === 'Deployment'
    && o.spec.scaleTargetRef.name === nameOf(d));
  const s = { d, objects, overlay, where, name, service, template, podLabels, spec, c, env, hpa };
  checkCompanions(s, problems);
  checkNetworkPolicies(s, problems);
  checkMigrationJob(s, problems);
  checkOverlayRules(s, problems);
  checkTransportSecurity(s, problems);
  checkTokenKeys(s, problems);
  checkCertificate(s, problems);
}

// The mount of a Secret in the server's container, or undefined.
function secretMount(spec, c, secretName) {
  const volume = (spec.volumes || []).find((v) => v.secret && v.secret.secretName === secretName);
  return volume && (c.volumeMounts || []).find((m) => m.name === volume.name);
}

const truthy = (value) => /^(1|t|true|y|yes)$/i.test(String(value || '').trim());

// A server refuses to start without TLS (issue 7): it mounts <name>-tls (not
// optional: a pod must not start without it) and HOPTAC_TLS_* point into the
// mount; never plaintext; mutual TLS everywhere except at the gateway's
// public side.
function checkTransportSecurity(s, problems) {
  const { where, name, service, spec, c, env } = s;
  if (truthy(env.HOPTAC_INSECURE)) problems.push(`${where}: HOPTAC_INSECURE turns TLS off: never in a deployment`);
  const mount = secretMount(spec, c, `${name}-tls`);
  if (!mount) return problems.push(`${where}: does not mount the Secret ${name}-tls (its TLS certificate)`);
  const volume = spec.volumes.find((v) => v.name === mount.name);
  if (volume.secret.optional) problems.push(`${where}: the Secret ${name}-tls must not be optional (no TLS, no start)`);
  for (const [variable, file] of TLS_FILES) {
    if (env[variable] !== `${mount.mountPath}/${file}`) {
      problems.push(`${where}: ${variable} must be ${mount.mountPath}/${file}`);
    }
  }
  const clientAuth = env.HOPTAC_TLS_CLIENT_AUTH || 'require';
  const reachedFromOutside = service.callers.includes('outside');
  if (clientAuth !== 'require' && !reachedFromOutside) {
    problems.push(`${where}: HOPTAC_TLS_CLIENT_AUTH=${clientAuth}: only the gateway may drop mutual TLS `
      + '(its outside callers have no certificate); services call each other with mutual TLS');
  }
  if (reachedFromOutside) {
    for (const v of ['HOPTAC_RATE_LIMIT_PER_SECOND', 'HOPTAC_RATE_LIMIT_BURST']) {
      if (!(Number(env[v]) > 0)) problems.push(`${where}: ${v} must be set (> 0): outside callers are rate-limited`);
    }
  }
}

// Callers' tokens are verified with the public keys of hoptac-token-keys
// (each listed file inside its mount) from the issuer the overlay names.
function checkTokenKeys(s, problems) {
  const { where, spec, c, env } = s;
  const mount = secretMount(spec, c, TOKEN_KEYS_SECRET);
  if (!mount) return problems.push(`${where}: does not mount the Secret ${TOKEN_KEYS_SECRET} (token keys)`);
  const files = String(env.HOPTAC_TOKEN_PUBLIC_KEY_FILES || '').split(',').map((f) => f.trim()).filter((f) => f);
  if (files.length === 0) problems.push(`${where}: HOPTAC_TOKEN_PUBLIC_KEY_FILES must list the token keys`);
  for (const file of files) {
    if (!file.startsWith(`${mount.mountPath}/`) || !file.endsWith('.pem')) {
      problems.push(`${where}: HOPTAC_TOKEN_PUBLIC_KEY_FILES: ${file} is not a <kid>.pem in ${mount.mountPath}`);
    }
  }
  if (!env.HOPTAC_TOKEN_ISSUER) {
    problems.push(`${where}: HOPTAC_TOKEN_ISSUER must name the tokens' issuer (empty accepts any issuer)`);
  }
}

// The certificate cert-manager issues for <name>-tls names the Service (the
// host callers dial, dns:///<name>:<port>, checked against the certificate)
// and its namespaced names, for both ends of mutual TLS.
function checkCertificate(s, problems) {
  const { objects, d, where, name } = s;
  const cert = objects.find((o) => o.kind === 'Certificate' && o.spec.secretName === `${name}-tls`);
  if (!cert) return;
  const dnsNames = cert.spec.dnsNames || [];
  const namespace = (d.metadata && d.metadata.namespace) || 'default';
  for (const wanted of [name, `${name}.${namespace}.svc`, `${name}.${namespace}.svc.cluster.local`]) {
    if (!dnsNames.includes(wanted)) problems.push(`${id(cert)}: dnsNames must include ${wanted} (for ${where})`);
  }
  for (const usage of ['server auth', 'client auth']) {
    if (!(cert.spec.usages || []).includes(usage)) problems.push(`${id(cert)}: usages must include ${usage}`);
  }
  // The gateway's HTTP/JSON side calls its own gRPC port on 127.0.0.1.
  if (s.service.httpPort && s.env.HOPTAC_HTTP_PORT !== '0' && !(cert.spec.ipAddresses || []).includes('127.0.0.1')) {
    problems.push(`${id(cert)}: ipAddresses must include 127.0.0.1 (HTTP/JSON relays to the gateway's own gRPC port)`);
  }
}

// A PodDisruptionBudget, a headless Service and an autoscaler for a server.
function checkCompanions(s, problems) {
  const { objects, where, name, service, podLabels, hpa } = s;
  const pdbs = objects.filter((o) => o.kind === 'PodDisruptionBudget' && selects(o.spec.selector, podLabels));
  if (pdbs.length !== 1) problems.push(`${where}: needs exactly one PodDisruptionBudget (has ${pdbs.length})`);
  const services = objects.filter((o) => o.kind === 'Service' && o.spec.selector
    && Object.keys(o.spec.selector).length && selects({ matchLabels: o.spec.selector }, podLabels));
  const headless = services.find((o) => nameOf(o) === name && o.spec.clusterIP === 'None');
  if (!headless) problems.push(`${where}: needs a headless Service named ${name}`);
  else if (!headless.spec.ports.some((p) => p.port === service.port && p.name === 'grpc')) {
    problems.push(`${where}: Service ${name} must expose port ${service.port} named grpc`);
  }
  if (!hpa) problems.push(`${where}: needs a HorizontalPodAutoscaler`);
}

// Its NetworkPolicy: exactly its callers on gRPC, Prometheus on metrics, nothing else.
function checkNetworkPolicies(s, problems) {
  const { objects, where, name, service, podLabels, env } = s;
  const policies = objects.filter((o) => o.kind === 'NetworkPolicy'
    && Object.keys(o.spec.podSelector.matchLabels || {}).length && selects(o.spec.podSelector, podLabels));
  if (policies.length === 0) problems.push(`${where}: no NetworkPolicy of its own`);
  const callers = new Set();
  for (const np of policies) {
    for (const rule of np.spec.ingress || []) {
      const ports = (rule.ports || []).map((p) => p.port);
      if (ports.length === 0) problems.push(`${id(np)}: an ingress rule without ports opens every port`);
      const peers = networkPolicyPeers(rule);
      for (const port of ports) {
        if (port === service.port || port === 'grpc'
          || (service.httpPort && (port === service.httpPort || port === 'http'))) {
          peers.forEach((p) => callers.add(p));
        }
        else if (String(port) === env.HOPTAC_METRICS_PORT || port === 'metrics') {
          if ([...peers].some((p) => p !== 'namespace')) {
            problems.push(`${id(np)}: metrics must be open to the monitoring namespace only`);
          }
        } else if (String(port) === env.HOPTAC_HEALTH_PORT || port === 'health') {
          // Plaintext: for the kubelet (from the node) only, never for pods.
          if ((rule.from || []).length === 0 || rule.from.some((peer) => !peer.ipBlock)) {
            problems.push(`${id(np)}: the plaintext health port is for the kubelet only (an ipBlock of the nodes, `
              + 'if the CNI needs a rule at all), never open to pods');
          }
        } else problems.push(`${id(np)}: ingress to port ${port}, which ${name} does not serve`);
      }
    }
    for (const rule of np.spec.egress || []) {
      for (const peer of rule.to || []) {
        const callee = peer.podSelector && (peer.podSelector.matchLabels || {})['app.kubernetes.io/name'];
        if (callee && SERVICES[callee] && !SERVICES[callee].callers.includes(name)) {
          problems.push(`${id(np)}: ${name} may not call ${callee}`);
        }
      }
    }
  }
  const expected = [...service.callers].sort().join(',');
  const actual = [...callers].sort().join(',');
  if (policies.length && expected !== actual) {
    problems.push(`${where}: reachable on gRPC from [${actual}], the design says [${expected}]`);
  }
}

// The migration Job of the same release.
function checkMigrationJob(s, problems) {
  const { objects, where, name, c } = s;
  const job = objects.find((o) => o.kind === 'Job' && labelsOf(o)['app.kubernetes.io/name'] === name
    && labelsOf(o)['app.kubernetes.io/component'] === 'migrations');
  if (!job) problems.push(`${where}: no migration Job (component=migrations)`);
  else {
    const jc = job.spec.template.spec.containers[0];
    if (jc.image !== c.image) problems.push(`${id(job)}: image ${jc.image} differs from the Deployment's ${c.image}`);
    if (!jc.command || jc.command[0] !== `hoptac-${name}`) problems.push(`${id(job)}: command is not hoptac-${name}`);
    if (containerEnv(jc, objects).HOPTAC_MIGRATIONS !== 'only') {
      problems.push(`${id(job)}: must run with HOPTAC_MIGRATIONS=only`);
    }
    // It serves and calls nothing (--migrations=only skips the transport and
    // token settings): the service's private key has no business there.
    const jobSpec = job.spec.template.spec;
    for (const secret of [`${name}-tls`, TOKEN_KEYS_SECRET]) {
      if (secretMount(jobSpec, jc, secret)) problems.push(`${id(job)}: mounts ${secret}, which migrations do not need`);
    }
  }
}

// What prod and dev add.
function checkOverlayRules(s, problems) {
  const { objects, overlay, where, name, podLabels, spec, hpa } = s;
  if (overlay.like === 'prod') {
    if (!hpa || !(hpa.spec.minReplicas >= 2)) problems.push(`${where}: prod needs at least 2 replicas (HPA minReplicas)`);
    const anti = spec.affinity && spec.affinity.podAntiAffinity;
    const terms = anti ? [...(anti.requiredDuringSchedulingIgnoredDuringExecution || []),
      ...(anti.preferredDuringSchedulingIgnoredDuringExecution || []).map((t) => t.podAffinityTerm)] : [];
    if (!terms.some((t) => t.topologyKey === 'kubernetes.io/hostname' && selects(t.labelSelector, podLabels))) {
      problems.push(`${where}: prod needs pod anti-affinity on kubernetes.io/hostname`);
    }
    const cert = objects.find((o) => o.kind === 'Certificate' && o.spec.secretName === `${name}-tls`);
    if (!cert) problems.push(`${where}: prod needs a cert-manager Certificate for ${name}-tls`);
  }
  if (overlay.like === 'dev' && hpa && hpa.spec.maxReplicas !== 1) {
    problems.push(`${where}: dev runs one replica (HPA maxReplicas 1)`);
  }
}


function checkSecretsExist(objects, overlay, problems) {
  const external = EXTERNAL_SECRETS[overlay.like];
  const made = new Set(objects.filter((o) => o.kind === 'Secret').map(nameOf));
  objects.filter((o) => o.kind === 'Certificate').forEach((o) => made.add(o.spec.secretName));
  for (const o of objects) {
    const template = podTemplate(o);
    if (!template) continue;
    const refs = [];
    for (const v of template.spec.volumes || []) {
      if (v.secret && !v.secret.optional) refs.push(v.secret.secretName);
    }
    for (const c of template.spec.containers || []) {
      for (const e of c.env || []) {
        const ref = e.valueFrom && e.valueFrom.secretKeyRef;
        if (ref && !ref.optional) refs.push(ref.name);
      }
    }
    for (const ref of refs) {
      if (!made.has(ref) && !(external && external.test(ref))) {
        problems.push(`${id(o)}: Secret ${ref} is neither in ${overlay.name} nor one the admin creates`);
      }
    }
  }
}

function policyProblems(objects, overlay) {
  const problems = [];
  for (const o of objects) {
    if (podTemplate(o)) checkPodSecurity(o, problems);
  }
  const servers = hoptacServers(objects);
  if (servers.length === 0) problems.push('no hoptac server Deployments');
  for (const d of servers) checkServer(d, objects, overlay, problems);
  for (const d of objects.filter((o) => o.kind === 'Deployment' && !servers.includes(o))) {
    problems.push(`${id(d)}: a Deployment that is not a hoptac server (labels part-of/component)`);
  }
  const deny = objects.find((o) => o.kind === 'NetworkPolicy' && Object.keys(o.spec.podSelector || {}).length === 0
    && ['Ingress', 'Egress'].every((t) => (o.spec.policyTypes || []).includes(t))
    && !(o.spec.ingress || []).length && !(o.spec.egress || []).length);
  if (!deny) problems.push('no default-deny NetworkPolicy (podSelector {}, Ingress and Egress, no rules)');
  for (const np of objects.filter((o) => o.kind === 'NetworkPolicy')) {
    for (const rule of np.spec.ingress || []) {
      if (!rule.from || rule.from.length === 0) {
        const target = (np.spec.podSelector.matchLabels || {})['app.kubernetes.io/name'];
        if (!(SERVICES[target] && SERVICES[target].callers.includes('outside'))) {
          problems.push(`${id(np)}: ingress from anywhere; only the gateway is reachable from outside`);
        }
      }
    }
  }
  checkSecretsExist(objects, overlay, problems);
  const mysql = objects.find((o) => o.kind === 'Service' && nameOf(o) === 'mysql');
  if (!mysql) problems.push('no Service "mysql" (the host of every HOPTAC_MYSQL_DSN)');
  if (overlay.like === 'prod') {
    if (mysql && mysql.spec.type !== 'ExternalName' && mysql.spec.selector) {
      problems.push('prod: Service mysql must point outside the cluster');
    }
    if (objects.some((o) => o.kind === 'StatefulSet')) problems.push('prod: no in-cluster database');
  }
  if (overlay.like === 'dev') {
    const db = objects.find((o) => o.kind === 'StatefulSet');
    if (!db || !(db.spec.volumeClaimTemplates || []).length) {
      problems.push('dev: needs the MariaDB StatefulSet with a volume');
    }
  }
  return problems;
}

// --- Environment against scripts/run-local.sh --------------------------------------

// service -> {vars: Set, addresses: {VAR: callee}}
function runLocalEnvironment() {
  const text = fs.readFileSync(path.join(ROOT, 'scripts/run-local.sh'), 'utf8');
  const fn = /^start_service\(\) \{\n([\s\S]*?)\n\}/m.exec(text);
  if (!fn) throw new Error('scripts/run-local.sh: no start_service() function');
  const always = new Set();
  const withDb = new Set();
  let inDbBlock = false;
  for (const line of fn[1].split('\n')) {
    if (/if \[\[ "\$\{database\}" != "-" \]\]/.test(line)) inDbBlock = true;
    for (const m of line.matchAll(/"(HOPTAC_[A-Z0-9_]+)=/g)) (inDbBlock ? withDb : always).add(m[1]);
    if (inDbBlock && /^\s*fi\b/.test(line)) inDbBlock = false;
  }
  const result = {};
  const calls = text.replace(/\\\n\s*/g, ' ').split('\n').filter((l) => /^start_service\s/.test(l));
  for (const call of calls) {
    const words = call.match(/"[^"]*"|\S+/g);
    const [, name, , database] = words;
    const vars = new Set(always);
    if (database !== '-') withDb.forEach((v) => vars.add(v));
    const addresses = {};
    for (const word of words.slice(4)) {
      const m = /^"?(HOPTAC_[A-Z0-9_]+)=(.*?)"?$/.exec(word);
      if (!m) continue;
      vars.add(m[1]);
      const callee = /service_addr\[(\w+)\]/.exec(m[2]);
      if (callee) addresses[m[1]] = callee[1];
    }
    result[name] = { vars, addresses };
  }
  return result;
}

function definedFlags() {
  const flags = new Set();
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(cc|h)$/.test(entry.name)) {
        const text = fs.readFileSync(full, 'utf8');
        for (const m of text.matchAll(/ABSL_FLAG\(\s*[\w:<>, ]+?\s*,\s*(\w+)\s*,/g)) flags.add(m[1]);
      }
    }
  };
  walk(path.join(ROOT, 'services'));
  return flags;
}

const serviceInTree = (name) => fs.existsSync(path.join(ROOT, 'services', name, 'CMakeLists.txt'));

function envProblems(objects, local, flags, notes) {
  const problems = [];
  const deployed = {};
  for (const o of objects) {
    const template = podTemplate(o);
    const name = labelsOf(o)['app.kubernetes.io/name'];
    if (!template || labelsOf(o)['app.kubernetes.io/part-of'] !== 'hoptac' || !SERVICES[name]) continue;
    deployed[name] = deployed[name] || { vars: new Set(), values: {} };
    for (const c of template.spec.containers) {
      const env = containerEnv(c, objects);
      for (const [k, v] of Object.entries(env)) {
        deployed[name].vars.add(k);
        deployed[name].values[k] = v;
      }
    }
  }
  for (const [name, d] of Object.entries(deployed)) {
    if (!serviceInTree(name)) {
      notes.push(`${name}: services/${name} is not in the tree yet; its variables are not compared`);
      continue;
    }
    const l = local[name];
    if (!l) {
      problems.push(`${name} is deployed but scripts/run-local.sh does not start it`);
      continue;
    }
    for (const v of l.vars) {
      const want = EQUIVALENT[v] || v;
      if (!d.vars.has(want)) problems.push(`${name}: run-local.sh sets ${v}, the manifests do not (${want})`);
    }
    const localSpellings = new Set([...l.vars].map((v) => EQUIVALENT[v] || v));
    for (const v of d.vars) {
      if (v.startsWith('<')) problems.push(`${name}: ${v}`);
      else if (!localSpellings.has(v) && !DEPLOYMENT_ONLY[v]) {
        problems.push(`${name}: the manifests set ${v}, which run-local.sh does not (nor is it a listed deployment-only setting)`);
      }
      const flag = v.replace(/^HOPTAC_/, '').toLowerCase();
      if (v.startsWith('HOPTAC_') && !flags.has(flag)) {
        problems.push(`${name}: ${v} names no flag (--${flag} is defined nowhere under services/)`);
      }
    }
    // Addresses of other services point at the same service in both.
    for (const [v, callee] of Object.entries(l.addresses)) {
      const value = d.values[v] || '';
      const m = /^dns:\/\/\/([a-z-]+):(\d+)$/.exec(value);
      if (!m || m[1] !== callee || Number(m[2]) !== SERVICES[callee].port) {
        problems.push(`${name}: ${v}="${value}" must be dns:///${callee}:${SERVICES[callee].port} (run-local: ${callee})`);
      }
    }
  }
  for (const name of Object.keys(local)) {
    if (!deployed[name]) problems.push(`run-local.sh starts ${name}, the manifests do not deploy it`);
  }
  return problems;
}

// --- Commands -----------------------------------------------------------------

function report(problems, notes, what) {
  for (const n of notes || []) console.log(`note: ${n}`);
  for (const p of problems) console.error(`FAIL ${p}`);
  if (problems.length) {
    console.error(`${what}: ${problems.length} problem(s)`);
    return 1;
  }
  console.log(`${what}: ok`);
  return 0;
}

// The manifests use kustomize v5 features (labels, components, inline patches);
// kubectl embeds kustomize, and an old kubectl (Debian 12's kubernetes-client
// is 1.20) renders them wrongly or not at all.
function kustomizeProblem() {
  const out = childProcess.spawnSync(KUBECTL, ['version', '--client', '-o', 'json'], { encoding: 'utf8' });
  if (out.error) return `cannot run ${KUBECTL}: ${out.error.message}`;
  let version = '';
  try {
    version = JSON.parse(out.stdout).kustomizeVersion || '';
  } catch (e) {
    // an old kubectl prints no JSON kustomizeVersion
  }
  const major = Number((/^v(\d+)\./.exec(version) || [])[1]);
  if (!(major >= 5)) {
    return `${KUBECTL} embeds kustomize ${version || '< v4'}; these manifests need v5 (kubectl 1.27+, `
      + 'from the Kubernetes apt repository pkgs.k8s.io)';
  }
  return null;
}

// Exit code that ctest reports as "skipped" (SKIP_RETURN_CODE in deploy.cmake).
const SKIPPED = 77;

function rendered() {
  const tooOld = kustomizeProblem();
  if (tooOld) {
    // Debian's own kubectl is too old and nothing newer installs from Debian or
    // npm: on such a machine the manifests cannot be rendered, which is said
    // loudly and reported as skipped rather than passed.
    console.log(`SKIPPED: ${tooOld}`);
    process.exit(SKIPPED);
  }
  const overlays = renderAll();
  const problems = overlays.filter((o) => o.error).map((o) => `${o.name}: kubectl kustomize failed: ${o.error}`);
  return { overlays: overlays.filter((o) => !o.error), problems };
}

function schemaProblemsOf(objects, validator) {
  return objects.flatMap((o) => validator.validate(o));
}

function main() {
  const { SchemaValidator } = require('./k8s_schema.js');
  if (COMMAND === 'render') {
    const { overlays, problems } = rendered();
    const notes = overlays.map((o) => `${o.name}: ${o.objects.length} objects`);
    return report(problems, notes, 'render');
  }
  if (COMMAND === 'schema') {
    const { overlays, problems } = rendered();
    const validator = new SchemaValidator();
    for (const o of overlays) problems.push(...schemaProblemsOf(o.objects, validator).map((p) => `${o.name}: ${p}`));
    return report(problems, [], 'schema');
  }
  if (COMMAND === 'policy') {
    const { overlays, problems } = rendered();
    for (const o of overlays) problems.push(...policyProblems(o.objects, o).map((p) => `${o.name}: ${p}`));
    return report(problems, [], 'policy');
  }
  if (COMMAND === 'env') {
    const { overlays, problems } = rendered();
    const local = runLocalEnvironment();
    const flags = definedFlags();
    const notes = [];
    for (const o of overlays) problems.push(...envProblems(o.objects, local, flags, notes).map((p) => `${o.name}: ${p}`));
    return report(problems, [...new Set(notes)], 'env');
  }
  if (COMMAND === 'self-test') return selfTest(SchemaValidator);
  console.error('usage: validate_manifests.js render|schema|policy|env|self-test [--root DIR] [--kubectl PATH]');
  return 2;
}

// --- Self-test: every check catches a broken manifest --------------------------------

function selfTest(SchemaValidator) {
  const { overlays, problems: renderProblems } = rendered();
  if (renderProblems.length) return report(renderProblems, [], 'self-test');
  const prod = overlays.find((o) => o.name === 'prod');
  const dev = overlays.find((o) => o.name === 'dev');
  const validator = new SchemaValidator();
  const local = runLocalEnvironment();
  const flags = definedFlags();
  const all = (overlay, objects) => [
    ...schemaProblemsOf(objects, validator),
    ...policyProblems(objects, overlay),
    ...envProblems(objects, local, flags, []),
  ];
  const find = (objects, kind, name) => objects.find((o) => o.kind === kind && nameOf(o) === name);
  const server = (objects, name) => find(objects, 'Deployment', name).spec.template.spec;
  // The generated ConfigMap of shared security settings (its name has a hash).
  const security = (objects) => objects.find((o) => o.kind === 'ConfigMap' && /^hoptac-security(-|$)/.test(nameOf(o)));
  const cases = [
    ['a missing readiness probe', prod, 'readinessProbe', (x) => { delete server(x, 'registry').containers[0].readinessProbe; }],
    ['readiness on the wrong service name', prod, 'readinessProbe must be gRPC', (x) => { server(x, 'subsidy').containers[0].readinessProbe.grpc.service = ''; }],
    ['an image on "latest"', prod, 'latest', (x) => { server(x, 'outreach').containers[0].image = 'hoptac:latest'; }],
    ['an image without a tag', dev, 'no tag', (x) => { server(x, 'registry').containers[0].image = 'hoptac'; }],
    ['no memory limit', prod, 'resources.limits.memory', (x) => { delete server(x, 'registry').containers[0].resources.limits.memory; }],
    ['a writable root file system', prod, 'readOnlyRootFilesystem', (x) => { server(x, 'registry').containers[0].securityContext.readOnlyRootFilesystem = false; }],
    ['root allowed', dev, 'runAsNonRoot', (x) => {
      const s = find(x, 'StatefulSet', 'mariadb').spec.template.spec;
      s.securityContext.runAsNonRoot = false;
      s.containers[0].securityContext.runAsNonRoot = false;
    }],
    ['capabilities kept', prod, 'drop ALL', (x) => { server(x, 'report').containers[0].securityContext.capabilities.drop = []; }],
    ['no PodDisruptionBudget', prod, 'PodDisruptionBudget', (x) => { x.splice(x.indexOf(find(x, 'PodDisruptionBudget', 'subsidy')), 1); }],
    ['no NetworkPolicy', prod, 'no NetworkPolicy of its own', (x) => { x.splice(x.indexOf(find(x, 'NetworkPolicy', 'outreach')), 1); }],
    ['no default deny', prod, 'default-deny', (x) => { x.splice(x.indexOf(find(x, 'NetworkPolicy', 'default-deny')), 1); }],
    ['a caller the design does not have', prod, 'the design says', (x) => {
      find(x, 'NetworkPolicy', 'report').spec.ingress[0].from.push({ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'outreach', 'app.kubernetes.io/component': 'server' } } });
    }],
    ['ingress from anywhere', prod, 'from anywhere', (x) => { delete find(x, 'NetworkPolicy', 'registry').spec.ingress[0].from; }],
    ['a grace period shorter than the drain', prod, 'terminationGracePeriodSeconds', (x) => { server(x, 'registry').terminationGracePeriodSeconds = 10; }],
    ['no shutdown delay', prod, 'HOPTAC_SHUTDOWN_DELAY', (x) => { delete find(x, 'ConfigMap', 'subsidy-config').data.HOPTAC_SHUTDOWN_DELAY; }],
    ['replicas that migrate', prod, 'HOPTAC_MIGRATIONS=verify', (x) => { find(x, 'ConfigMap', 'outreach-config').data.HOPTAC_MIGRATIONS = 'apply'; }],
    ['no migration Job', dev, 'no migration Job', (x) => { x.splice(x.indexOf(find(x, 'Job', 'registry-migrate')), 1); }],
    ['one replica in prod', prod, 'at least 2 replicas', (x) => { find(x, 'HorizontalPodAutoscaler', 'registry').spec.minReplicas = 1; }],
    ['no anti-affinity in prod', prod, 'anti-affinity', (x) => { delete server(x, 'subsidy').affinity; }],
    ['no certificate in prod', prod, 'Certificate for outreach-tls', (x) => { x.splice(x.indexOf(find(x, 'Certificate', 'outreach-tls')), 1); }],
    ['two replicas in dev', dev, 'one replica', (x) => { find(x, 'HorizontalPodAutoscaler', 'report').spec.maxReplicas = 2; }],
    ['a Service that is not headless', dev, 'headless Service', (x) => { delete find(x, 'Service', 'registry').spec.clusterIP; }],
    ['a certificate the server does not use', prod, 'HOPTAC_TLS_KEY_FILE', (x) => {
      delete security(x).data.HOPTAC_TLS_KEY_FILE;
    }],
    ['a liveness probe on the TLS port', prod, 'livenessProbe must be gRPC on the health port', (x) => {
      server(x, 'registry').containers[0].livenessProbe.grpc.port = 50051;
    }],
    ['a startup probe on the TLS port', dev, 'startupProbe must be on the health port', (x) => {
      server(x, 'subsidy').containers[0].startupProbe.grpc.port = 50052;
    }],
    ['no health port', prod, 'HOPTAC_HEALTH_PORT must be set', (x) => { delete security(x).data.HOPTAC_HEALTH_PORT; }],
    ['a health port the container does not declare', dev, 'container port "health"', (x) => {
      server(x, 'outreach').containers[0].ports = server(x, 'outreach').containers[0].ports.filter((p) => p.name !== 'health');
    }],
    ['the health port open to pods', prod, 'plaintext health port', (x) => {
      find(x, 'NetworkPolicy', 'registry').spec.ingress[0].ports.push({ port: 9091, protocol: 'TCP' });
    }],
    ['plaintext', prod, 'HOPTAC_INSECURE', (x) => { find(x, 'ConfigMap', 'report-config').data.HOPTAC_INSECURE = 'true'; }],
    ['no certificate mounted', dev, 'does not mount the Secret registry-tls', (x) => {
      const s = server(x, 'registry');
      s.volumes = s.volumes.filter((v) => v.name !== 'tls');
      s.containers[0].volumeMounts = s.containers[0].volumeMounts.filter((m) => m.name !== 'tls');
    }],
    ['an optional certificate', prod, 'must not be optional', (x) => {
      server(x, 'gateway').volumes.find((v) => v.name === 'tls').secret.optional = true;
    }],
    ['mutual TLS dropped between services', prod, 'only the gateway may drop mutual TLS', (x) => {
      find(x, 'ConfigMap', 'subsidy-config').data.HOPTAC_TLS_CLIENT_AUTH = 'none';
    }],
    ['a gateway without rate limits', prod, 'HOPTAC_RATE_LIMIT_PER_SECOND must be set', (x) => {
      delete find(x, 'ConfigMap', 'gateway-config').data.HOPTAC_RATE_LIMIT_PER_SECOND;
    }],
    ['no token keys', prod, 'HOPTAC_TOKEN_PUBLIC_KEY_FILES must list', (x) => { security(x).data.HOPTAC_TOKEN_PUBLIC_KEY_FILES = ''; }],
    ['a token key outside its mount', dev, 'is not a <kid>.pem', (x) => {
      security(x).data.HOPTAC_TOKEN_PUBLIC_KEY_FILES += ',/etc/hoptac/other.pem';
    }],
    ['token keys not mounted', prod, 'does not mount the Secret hoptac-token-keys', (x) => {
      const s = server(x, 'report');
      s.volumes = s.volumes.filter((v) => v.name !== 'token-keys');
    }],
    ['any token issuer accepted', dev, 'HOPTAC_TOKEN_ISSUER must name', (x) => { delete security(x).data.HOPTAC_TOKEN_ISSUER; }],
    ['a certificate without the namespaced name', prod, 'dnsNames must include outreach.hoptac.svc.cluster.local', (x) => {
      find(x, 'Certificate', 'outreach-tls').spec.dnsNames = ['outreach'];
    }],
    ['a certificate for servers only', dev, 'usages must include client auth', (x) => {
      find(x, 'Certificate', 'registry-tls').spec.usages = ['server auth'];
    }],
    ['a gateway certificate without loopback', prod, 'ipAddresses must include 127.0.0.1', (x) => {
      delete find(x, 'Certificate', 'gateway-tls').spec.ipAddresses;
    }],
    ['a migration Job holding the private key', prod, 'which migrations do not need', (x) => {
      const s = find(x, 'Job', 'subsidy-migrate').spec.template.spec;
      s.volumes.push({ name: 'tls', secret: { secretName: 'subsidy-tls' } });
      s.containers[0].volumeMounts.push({ name: 'tls', mountPath: '/var/run/secrets/hoptac/tls' });
    }],
    ['no scrape annotations', prod, 'prometheus.io', (x) => { delete find(x, 'Deployment', 'registry').spec.template.metadata.annotations; }],
    ['a Secret nobody creates', dev, 'Secret', (x) => { server(x, 'registry').volumes[0].secret.secretName = 'nowhere'; }],
    ['an unknown field', prod, 'unknown field', (x) => { server(x, 'registry').containers[0].imagePullPolcy = 'Always'; }],
    ['a wrongly typed field', prod, 'must be integer', (x) => { find(x, 'HorizontalPodAutoscaler', 'subsidy').spec.maxReplicas = 'three'; }],
    ['a variable run-local does not set', prod, 'HOPTAC_BOGUS', (x) => { find(x, 'ConfigMap', 'registry-config').data.HOPTAC_BOGUS = '1'; }],
    ['a variable run-local sets, missing', dev, 'run-local.sh sets HOPTAC_REGISTRY_ADDRESS', (x) => { delete find(x, 'ConfigMap', 'subsidy-config').data.HOPTAC_REGISTRY_ADDRESS; }],
    ['an address of the wrong service', dev, 'HOPTAC_REGISTRY_ADDRESS=', (x) => { find(x, 'ConfigMap', 'outreach-config').data.HOPTAC_REGISTRY_ADDRESS = 'dns:///subsidy:50052'; }],
  ];
  // Problems the unbroken manifests have are the other tests' business; a
  // case counts only the problems its breakage adds.
  const problems = [];
  const notes = [];
  const baseline = new Map();
  for (const overlay of [prod, dev]) {
    baseline.set(overlay, new Set(all(overlay, overlay.objects)));
    if (baseline.get(overlay).size) notes.push(`${overlay.name} has ${baseline.get(overlay).size} problem(s) of its own`);
  }
  let caught = 0;
  for (const [what, overlay, expect, mutate] of cases) {
    const objects = JSON.parse(JSON.stringify(overlay.objects));
    try {
      mutate(objects);
    } catch (e) {
      problems.push(`cannot break the manifests for "${what}": ${e.message}`);
      continue;
    }
    const found = all(overlay, objects).filter((p) => !baseline.get(overlay).has(p));
    if (found.some((p) => p.includes(expect))) {
      caught++;
      console.log(`caught: ${what}`);
    } else {
      problems.push(`not caught: ${what} (expected a problem mentioning "${expect}"; got: ${found.join('; ') || 'none'})`);
    }
  }
  // A kustomization that does not render is reported, not ignored.
  const broken = fs.mkdtempSync(path.join(require('os').tmpdir(), 'hoptac-deploy-'));
  try {
    fs.writeFileSync(path.join(broken, 'kustomization.yaml'), 'resources:\n  - missing.yaml\n');
    if (!render(broken).error) problems.push('not caught: a kustomization naming a missing file renders');
    else caught++;
  } finally {
    fs.rmSync(broken, { recursive: true, force: true });
  }
  return report(problems, [...notes, `${caught} broken manifests caught`], 'self-test');
}

if (require.main === module) process.exit(main());
