package nl.kvksync.localstack.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import nl.kvksync.contracts.TopicCatalogue;
import nl.kvksync.contracts.TopicCatalogue.TopicSpec;
import nl.kvksync.localstack.ServiceSpec;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Reads the deployment files (docker-compose.yml, deploy/k8s) and the services' configuration, and checks the
 * invariants of the platform against them. Every check returns problems as sentences naming the file, the resource
 * and what is wrong, so a failing test says what to fix; an empty list means the files keep the invariant.
 */
final class DeploymentManifests {

    static final String LIVENESS = "/actuator/health/liveness";
    static final String READINESS = "/actuator/health/readiness";
    /** Kafka replication and min.insync.replicas the production topics need (three brokers, one may fail). */
    static final int K8S_REPLICAS = 3;
    static final int K8S_MIN_INSYNC = 2;
    /** Set by the platform, not by us: a service may read them without the manifests declaring them. */
    static final Set<String> RUNTIME_PROVIDED = Set.of("HOSTNAME", "HOME", "PATH", "JAVA_HOME", "TMPDIR", "USER",
            "JAVA_TOOL_OPTIONS");
    /** Names whose values are credentials: they must come from a Secret, never from a ConfigMap or a literal. */
    static final Pattern SECRET_NAME = Pattern.compile(".*(PASSWORD|SECRET|TOKEN|CREDENTIAL|MONGODB_URI).*");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?=[:}])");
    private static final Pattern GETENV = Pattern.compile("System\\.getenv\\(\\s*\"([A-Z][A-Z0-9_]*)\"\\s*\\)");
    private static final Pattern PINNED = Pattern.compile("^[^\\s:@]+(:\\d+)?(/[^\\s:@]+)*(:[A-Za-z0-9_][A-Za-z0-9_.-]*)?(@sha256:[0-9a-f]{64})?$");

    private DeploymentManifests() {
    }

    // ---------------------------------------------------------------------------------------------------------
    // The project and the services' configuration

    /** The project root: the directory above the module that holds mvnw and docker-compose.yml. */
    static Path projectRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("mvnw")) && Files.isDirectory(d.resolve("local-stack"))) {
                return d;
            }
        }
        throw new IllegalStateException("no project root above " + dir);
    }

    /** The configuration files of a service: src/main/resources/application*.{yml,yaml,properties}. */
    static List<Path> configFiles(Path root, String module) {
        Path resources = root.resolve(module).resolve("src/main/resources");
        try (Stream<Path> files = Files.list(resources)) {
            return files.filter(f -> f.getFileName().toString().matches("application.*\\.(yml|yaml|properties)"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + resources, e);
        }
    }

    /**
     * The environment variables a service reads, each with the file it is read in: the {@code ${VAR}} and
     * {@code ${VAR:default}} placeholders of its application*.yml (and its Java sources' {@code @Value}s) and the
     * {@code System.getenv("VAR")} calls of its Java sources. Read at test time, so it follows the services.
     */
    static Map<String, String> environmentReadBy(Path root, String module) {
        Map<String, String> read = new LinkedHashMap<>();
        for (Path file : configFiles(root, module)) {
            placeholders(read(file)).forEach(v -> read.putIfAbsent(v, root.relativize(file).toString()));
        }
        Path java = root.resolve(module).resolve("src/main/java");
        if (Files.isDirectory(java)) {
            try (Stream<Path> files = Files.walk(java)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                    String text = read(file);
                    Set<String> names = new LinkedHashSet<>(placeholders(text));
                    Matcher m = GETENV.matcher(text);
                    while (m.find()) {
                        names.add(m.group(1));
                    }
                    names.forEach(v -> read.putIfAbsent(v, root.relativize(file).toString()));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        RUNTIME_PROVIDED.forEach(read::remove);
        return read;
    }

    /** Upper-case placeholder names in a text, nested defaults included ({@code ${A:${B:x}}} gives A and B). */
    static Set<String> placeholders(String text) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** Every topic the platform needs declared: each catalogue topic and its dead-letter topic, with its policy. */
    static Map<String, String> requiredTopics() {
        Map<String, String> topics = new LinkedHashMap<>();
        for (TopicSpec spec : TopicCatalogue.all()) {
            topics.put(spec.name(), spec.cleanupPolicy());
            // Dead letters are never compacted: every failed record is kept, as the services create them.
            topics.put(spec.deadLetterTopic(), "delete");
        }
        return topics;
    }

    static boolean isPinned(String image) {
        if (image == null || image.isBlank() || !PINNED.matcher(image).matches()) {
            return false;
        }
        if (image.contains("@sha256:")) {
            return true;
        }
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        if (colon <= slash) {
            return false; // no tag: the registry's latest
        }
        String tag = image.substring(colon + 1);
        return !tag.equals("latest") && !tag.isBlank();
    }

    // ---------------------------------------------------------------------------------------------------------
    // YAML

    static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        return new Yaml(new SafeConstructor(options));
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> loadMap(Path file) {
        Object doc = yaml().load(read(file));
        if (!(doc instanceof Map)) {
            throw new IllegalStateException(file + " is not a YAML mapping");
        }
        return (Map<String, Object>) doc;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> loadAll(String text) {
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object doc : yaml().loadAll(text)) {
            if (doc instanceof Map<?, ?> map) {
                docs.add((Map<String, Object>) map);
            }
        }
        return docs;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) {
        return o instanceof List<?> l ? (List<Object>) l : List.of();
    }

    static Object at(Object node, String... path) {
        Object current = node;
        for (String key : path) {
            current = map(current).get(key);
        }
        return current;
    }

    static String str(Object o) {
        return o == null ? null : String.valueOf(o);
    }

    // ---------------------------------------------------------------------------------------------------------
    // docker-compose.yml

    /** docker-compose.yml as parsed, with YAML anchors and merge keys resolved. */
    record Compose(String file, Map<String, Object> root) {

        static Compose load(Path projectRoot) {
            return new Compose("docker-compose.yml", loadMap(projectRoot.resolve("docker-compose.yml")));
        }

        Map<String, Object> services() {
            return map(root.get("services"));
        }

        Map<String, Object> service(String name) {
            return map(services().get(name));
        }

        /** A service's environment, in either of compose's forms (mapping or KEY=value list). */
        Map<String, String> environment(String name) {
            Object env = service(name).get("environment");
            Map<String, String> result = new LinkedHashMap<>();
            if (env instanceof Map<?, ?> m) {
                m.forEach((k, v) -> result.put(String.valueOf(k), v == null ? null : String.valueOf(v)));
            } else {
                for (Object entry : list(env)) {
                    String s = String.valueOf(entry);
                    int eq = s.indexOf('=');
                    result.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? null : s.substring(eq + 1));
                }
            }
            return result;
        }

        /** topic-init's TOPICS: topic → [cleanup.policy, partitions]. */
        Map<String, String[]> initTopics(String initService) {
            Map<String, String> env = environment(initService);
            String defaultPartitions = env.getOrDefault("PARTITIONS", "?");
            Map<String, String[]> topics = new LinkedHashMap<>();
            String list = env.get("TOPICS");
            if (list == null) {
                return topics;
            }
            for (String line : list.split("\n")) {
                String[] words = line.trim().split("\\s+");
                if (words.length >= 2) {
                    topics.put(words[0], new String[] {words[1], words.length > 2 ? words[2] : defaultPartitions});
                }
            }
            return topics;
        }
    }

    static final String TOPIC_INIT = "topic-init";
    static final Set<String> INFRASTRUCTURE = Set.of("kafka", "schema-registry", "mongo");

    /** Images pinned, health checks, memory limits, published ports on 127.0.0.1 only. */
    static List<String> checkComposeBasics(Compose compose) {
        List<String> problems = new ArrayList<>();
        if (compose.services().isEmpty()) {
            problems.add(compose.file() + ": no services");
        }
        compose.services().forEach((name, node) -> {
            Map<String, Object> s = map(node);
            String where = compose.file() + ": service " + name;
            String image = str(s.get("image"));
            if (image == null && s.get("build") == null) {
                problems.add(where + " has neither image nor build");
            } else if (image == null) {
                problems.add(where + " is built but names no image with a pinned tag (image: kvksync/" + name + ":<version>)");
            } else if (!isPinned(image)) {
                problems.add(where + " uses image '" + image + "', which is not pinned to a version (no :latest, no untagged)");
            }
            boolean oneShot = "no".equals(str(s.get("restart"))) || name.equals(TOPIC_INIT);
            if (!oneShot && at(s, "healthcheck", "test") == null) {
                problems.add(where + " has no healthcheck.test");
            }
            if (s.get("mem_limit") == null && at(s, "deploy", "resources", "limits", "memory") == null) {
                problems.add(where + " has no memory limit (mem_limit or deploy.resources.limits.memory)");
            }
            for (Object port : list(s.get("ports"))) {
                if (port instanceof Map<?, ?> longForm) {
                    if (!"127.0.0.1".equals(str(longForm.get("host_ip")))) {
                        problems.add(where + " publishes port " + longForm.get("target") + " without host_ip: 127.0.0.1");
                    }
                } else if (!String.valueOf(port).startsWith("127.0.0.1:")) {
                    problems.add(where + " publishes '" + port + "' on every interface; bind it to 127.0.0.1");
                }
            }
            for (Map.Entry<String, String> e : compose.environment(name).entrySet()) {
                if (SECRET_NAME.matcher(e.getKey()).matches() && e.getValue() != null
                        && e.getValue().matches(".*://[^/@]+:[^/@]+@.*")) {
                    problems.add(where + " puts credentials in " + e.getKey() + "; use a secret file");
                }
            }
        });
        return problems;
    }

    /** Each application service: its environment, port, health check on the readiness group, start order. */
    static List<String> checkComposeServices(Compose compose, Path root, Collection<ServiceSpec> services) {
        List<String> problems = new ArrayList<>();
        for (ServiceSpec spec : services) {
            String name = spec.module();
            String where = compose.file() + ": service " + name;
            Map<String, Object> s = compose.service(name);
            if (s.isEmpty()) {
                problems.add(compose.file() + ": no service " + name);
                continue;
            }
            Map<String, String> env = compose.environment(name);
            environmentReadBy(root, name).forEach((variable, readIn) -> {
                if (!env.containsKey(variable)) {
                    problems.add(where + " lacks environment variable " + variable + " (read in " + readIn + ")");
                }
            });
            String port = String.valueOf(spec.port());
            if (!port.equals(env.get("SERVER_PORT"))) {
                problems.add(where + " sets SERVER_PORT=" + env.get("SERVER_PORT") + ", expected " + port);
            }
            if (!"0.0.0.0".equals(env.get("SERVER_ADDRESS"))) {
                problems.add(where + " must listen on SERVER_ADDRESS=0.0.0.0 inside its container");
            }
            if (!list(s.get("ports")).contains("127.0.0.1:" + port + ":" + port)) {
                problems.add(where + " does not publish 127.0.0.1:" + port + ":" + port);
            }
            String test = String.join(" ", list(at(s, "healthcheck", "test")).stream().map(String::valueOf).toList());
            if (!test.contains(READINESS) || !test.contains(port)) {
                problems.add(where + "'s healthcheck does not call " + READINESS + " on port " + port);
            }
            String key = env.get("KVK_JWT_PUBLIC_KEY");
            if (key == null || !key.startsWith("file:/run/secrets/")) {
                problems.add(where + " must read the JWT public key from a mounted secret (KVK_JWT_PUBLIC_KEY=file:/run/secrets/...)");
            } else {
                String secret = key.substring("file:/run/secrets/".length());
                boolean mounted = list(s.get("secrets")).stream()
                        .anyMatch(x -> secret.equals(x instanceof Map<?, ?> m ? str(m.get("target") != null
                                ? m.get("target") : m.get("source")) : String.valueOf(x)));
                if (!mounted || map(compose.root().get("secrets")).get(secret) == null) {
                    problems.add(where + " reads " + key + " but the secret " + secret + " is not declared and mounted");
                }
            }
            Map<String, Object> depends = map(s.get("depends_on"));
            List<String> needs = new ArrayList<>(List.of("kafka", "schema-registry"));
            if (env.containsKey("MONGODB_URI")) {
                needs.add("mongo");
            }
            for (String dependency : needs) {
                if (!"service_healthy".equals(str(at(depends, dependency, "condition")))) {
                    problems.add(where + " must depend on " + dependency + " with condition service_healthy");
                }
            }
            if (!"service_completed_successfully".equals(str(at(depends, TOPIC_INIT, "condition")))) {
                problems.add(where + " must depend on " + TOPIC_INIT + " with condition service_completed_successfully");
            }
        }
        return problems;
    }

    /** topic-init creates every catalogue topic and its -dlt with the right cleanup.policy and enough partitions. */
    static List<String> checkComposeTopics(Compose compose) {
        List<String> problems = new ArrayList<>();
        String where = compose.file() + ": service " + TOPIC_INIT;
        if (compose.service(TOPIC_INIT).isEmpty()) {
            return List.of(compose.file() + ": no service " + TOPIC_INIT);
        }
        Map<String, String[]> declared = compose.initTopics(TOPIC_INIT);
        requiredTopics().forEach((topic, policy) -> {
            String[] d = declared.get(topic);
            if (d == null) {
                problems.add(where + " does not create topic " + topic + " (cleanup.policy=" + policy + ")");
            } else if (!d[0].equals(policy)) {
                problems.add(where + " creates " + topic + " with cleanup.policy=" + d[0] + ", expected " + policy);
            }
        });
        for (TopicSpec spec : TopicCatalogue.all()) {
            String[] topic = declared.get(spec.name());
            String[] dlt = declared.get(spec.deadLetterTopic());
            if (topic != null && dlt != null && partitions(dlt[1]) < partitions(topic[1])) {
                problems.add(where + " gives " + spec.deadLetterTopic() + " fewer partitions than " + spec.name());
            }
        }
        String command = String.valueOf(compose.service(TOPIC_INIT).get("command"));
        for (String needed : List.of("kafka-topics.sh", "--create", "cleanup.policy=", "--replication-factor",
                "--partitions", "TOPICS")) {
            if (!command.contains(needed)) {
                problems.add(where + "'s command does not use " + needed + " (it must create the TOPICS list)");
            }
        }
        if (!"1".equals(compose.environment(TOPIC_INIT).get("REPLICATION_FACTOR"))) {
            problems.add(where + " must use REPLICATION_FACTOR=1: compose runs one Kafka node");
        }
        if (!"service_healthy".equals(str(at(compose.service(TOPIC_INIT), "depends_on", "kafka", "condition")))) {
            problems.add(where + " must depend on kafka with condition service_healthy");
        }
        return problems;
    }

    private static int partitions(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Kubernetes

    /** A set of Kubernetes resources and the ConfigMaps their envFrom/configMapKeyRef name, by name. */
    record Cluster(String source, List<Map<String, Object>> resources, Map<String, Map<String, String>> configMaps) {

        List<Map<String, Object>> ofKind(String... kinds) {
            Set<String> wanted = Set.of(kinds);
            return resources.stream().filter(r -> wanted.contains(str(r.get("kind")))).toList();
        }

        /** A ConfigMap by the name a workload uses; a kustomize-generated one also by its name before the hash. */
        Map<String, String> configMap(String name) {
            return configMaps.get(name);
        }
    }

    static String name(Map<String, Object> resource) {
        return str(at(resource, "metadata", "name"));
    }

    static String describe(Map<String, Object> resource) {
        return resource.get("kind") + " " + name(resource);
    }

    /**
     * The raw files of a kustomization: its resources, and its configMapGenerator entries as ConfigMaps (literals
     * and env files). Patches are not applied: the rendered form is checked through kubectl when it exists.
     */
    static Cluster loadKustomization(Path root, Path dir) {
        Path kustomizationFile = dir.resolve("kustomization.yaml");
        Map<String, Object> k = loadMap(kustomizationFile);
        List<Map<String, Object>> resources = new ArrayList<>();
        for (Object r : list(k.get("resources"))) {
            Path file = dir.resolve(String.valueOf(r)).normalize();
            if (Files.isDirectory(file)) {
                Cluster nested = loadKustomization(root, file);
                resources.addAll(nested.resources());
            } else {
                for (Map<String, Object> doc : loadAll(read(file))) {
                    doc.put("__file", root.relativize(file).toString());
                    resources.add(doc);
                }
            }
        }
        Map<String, Map<String, String>> configMaps = new LinkedHashMap<>();
        for (Object g : list(k.get("configMapGenerator"))) {
            Map<String, Object> gen = map(g);
            Map<String, String> data = new LinkedHashMap<>();
            for (Object envFile : list(gen.get("envs"))) {
                for (String line : read(dir.resolve(String.valueOf(envFile))).split("\n")) {
                    String t = line.trim();
                    if (!t.isEmpty() && !t.startsWith("#") && t.contains("=")) {
                        data.put(t.substring(0, t.indexOf('=')), t.substring(t.indexOf('=') + 1));
                    }
                }
            }
            for (Object literal : list(gen.get("literals"))) {
                String t = String.valueOf(literal);
                data.put(t.substring(0, t.indexOf('=')), t.substring(t.indexOf('=') + 1));
            }
            configMaps.put(str(gen.get("name")), data);
        }
        for (Map<String, Object> r : resources) {
            if ("ConfigMap".equals(r.get("kind"))) {
                Map<String, String> data = new LinkedHashMap<>();
                map(r.get("data")).forEach((key, v) -> data.put(key, str(v)));
                configMaps.put(name(r), data);
            }
        }
        return new Cluster(root.relativize(dir).toString(), resources, configMaps);
    }

    /** {@code kubectl kustomize DIR}, the manifests as they are applied; empty when kubectl is not installed. */
    static java.util.Optional<Cluster> render(Path root, Path dir) {
        List<String> command = List.of("kubectl", "kustomize", dir.toString());
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(false);
        try {
            Process p = pb.start();
            byte[] out = p.getInputStream().readAllBytes();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("kubectl kustomize " + root.relativize(dir) + " failed: " + err);
            }
            List<Map<String, Object>> resources = loadAll(new String(out, StandardCharsets.UTF_8));
            Map<String, Map<String, String>> configMaps = new LinkedHashMap<>();
            for (Map<String, Object> r : resources) {
                if ("ConfigMap".equals(r.get("kind"))) {
                    Map<String, String> data = new LinkedHashMap<>();
                    map(r.get("data")).forEach((key, v) -> data.put(key, str(v)));
                    configMaps.put(name(r), data);
                }
            }
            return java.util.Optional.of(new Cluster("kubectl kustomize " + root.relativize(dir), resources, configMaps));
        } catch (IOException e) {
            return java.util.Optional.empty(); // no kubectl on this machine
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String where(Cluster cluster, Map<String, Object> resource) {
        Object file = resource.get("__file");
        return (file != null ? file : cluster.source()) + ": " + describe(resource);
    }

    static Map<String, Object> workload(Cluster cluster, String name) {
        return cluster.ofKind("Deployment", "StatefulSet").stream().filter(r -> name.equals(name(r))).findFirst()
                .orElse(null);
    }

    /** Probes, resources, security context and /tmp of every container of every Deployment and StatefulSet. */
    static List<String> checkWorkloads(Cluster cluster) {
        List<String> problems = new ArrayList<>();
        List<Map<String, Object>> workloads = cluster.ofKind("Deployment", "StatefulSet");
        if (workloads.isEmpty()) {
            problems.add(cluster.source() + ": no Deployment or StatefulSet");
        }
        for (Map<String, Object> w : workloads) {
            String where = where(cluster, w);
            Map<String, Object> pod = map(at(w, "spec", "template", "spec"));
            List<Object> containers = list(pod.get("containers"));
            if (containers.isEmpty()) {
                problems.add(where + " has no containers");
            }
            Map<String, String> volumes = new LinkedHashMap<>();
            for (Object v : list(pod.get("volumes"))) {
                volumes.put(str(map(v).get("name")), map(v).keySet().toString());
            }
            for (Object t : list(at(w, "spec", "volumeClaimTemplates"))) {
                volumes.put(str(at(t, "metadata", "name")), "persistentVolumeClaim");
            }
            for (Object c : containers) {
                Map<String, Object> container = map(c);
                String cw = where + ", container " + container.get("name");
                if (!isPinned(str(container.get("image")))) {
                    problems.add(cw + " uses image '" + container.get("image") + "', which is not pinned to a version");
                }
                String liveness = str(at(container, "livenessProbe", "httpGet", "path"));
                String readiness = str(at(container, "readinessProbe", "httpGet", "path"));
                if (!LIVENESS.equals(liveness)) {
                    problems.add(cw + " has livenessProbe " + liveness + ", expected httpGet " + LIVENESS);
                }
                if (!READINESS.equals(readiness)) {
                    problems.add(cw + " has readinessProbe " + readiness + ", expected httpGet " + READINESS);
                }
                if (container.get("startupProbe") == null) {
                    problems.add(cw + " has no startupProbe (start-up registers schemas and may restore state)");
                }
                Set<Object> containerPorts = new LinkedHashSet<>();
                for (Object p : list(container.get("ports"))) {
                    containerPorts.add(map(p).get("name"));
                    containerPorts.add(map(p).get("containerPort"));
                }
                for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
                    Object port = at(container, probe, "httpGet", "port");
                    if (container.get(probe) != null && !containerPorts.contains(port)) {
                        problems.add(cw + "'s " + probe + " targets port " + port + ", which the container does not declare");
                    }
                }
                for (String r : List.of("cpu", "memory")) {
                    if (at(container, "resources", "requests", r) == null) {
                        problems.add(cw + " has no resources.requests." + r);
                    }
                }
                if (at(container, "resources", "limits", "memory") == null) {
                    problems.add(cw + " has no resources.limits.memory");
                }
                Object nonRoot = at(container, "securityContext", "runAsNonRoot");
                if (!Boolean.TRUE.equals(nonRoot) && !Boolean.TRUE.equals(at(pod, "securityContext", "runAsNonRoot"))) {
                    problems.add(cw + " does not set runAsNonRoot: true");
                }
                if (!Boolean.TRUE.equals(at(container, "securityContext", "readOnlyRootFilesystem"))) {
                    problems.add(cw + " does not set securityContext.readOnlyRootFilesystem: true");
                }
                if (!Boolean.FALSE.equals(at(container, "securityContext", "allowPrivilegeEscalation"))) {
                    problems.add(cw + " does not set securityContext.allowPrivilegeEscalation: false");
                }
                Set<String> mounts = new LinkedHashSet<>();
                for (Object m : list(container.get("volumeMounts"))) {
                    mounts.add(str(map(m).get("mountPath")));
                    if (!volumes.containsKey(str(map(m).get("name")))) {
                        problems.add(cw + " mounts volume " + map(m).get("name") + ", which the pod does not define");
                    }
                }
                if (!mounts.contains("/tmp")) {
                    problems.add(cw + " has a read-only root filesystem but no volume at /tmp");
                }
            }
        }
        return problems;
    }

    /**
     * The environment of each service's container: every variable the service reads is set, from a ConfigMap
     * (envFrom or configMapKeyRef) or a Secret (secretKeyRef), never a literal; credentials only from Secrets;
     * SERVER_PORT is the container port. Also: no Secret with values in the manifests.
     */
    static List<String> checkEnvironment(Cluster cluster, Path root, Collection<ServiceSpec> services) {
        List<String> problems = new ArrayList<>();
        for (ServiceSpec spec : services) {
            Map<String, Object> w = workload(cluster, spec.module());
            if (w == null) {
                problems.add(cluster.source() + ": no Deployment or StatefulSet " + spec.module());
                continue;
            }
            String where = where(cluster, w);
            Map<String, Object> container = list(at(w, "spec", "template", "spec", "containers")).stream()
                    .map(DeploymentManifests::map).filter(c -> spec.module().equals(str(c.get("name")))).findFirst()
                    .orElse(null);
            if (container == null) {
                problems.add(where + " has no container named " + spec.module());
                continue;
            }
            Map<String, String> provided = new LinkedHashMap<>(); // variable -> where from
            Map<String, String> values = new LinkedHashMap<>();
            for (Object from : list(container.get("envFrom"))) {
                String cm = str(at(from, "configMapRef", "name"));
                if (cm != null) {
                    Map<String, String> data = cluster.configMap(cm);
                    if (data == null) {
                        problems.add(where + " takes envFrom ConfigMap " + cm + ", which the manifests do not define");
                        continue;
                    }
                    data.forEach((k, v) -> {
                        provided.put(k, "configMap");
                        values.put(k, v);
                    });
                }
                if (at(from, "secretRef") != null) {
                    problems.add(where + " takes envFrom a whole Secret: name each secret variable with secretKeyRef,"
                            + " so the manifests show what the service gets");
                }
            }
            for (Object e : list(container.get("env"))) {
                Map<String, Object> env = map(e);
                String variable = str(env.get("name"));
                if (env.containsKey("value")) {
                    problems.add(where + " sets " + variable + " as a literal; put it in a ConfigMap or a Secret");
                    provided.put(variable, "literal");
                    values.put(variable, str(env.get("value")));
                } else if (at(env, "valueFrom", "secretKeyRef") != null) {
                    provided.put(variable, "secret");
                } else if (at(env, "valueFrom", "configMapKeyRef") != null) {
                    String cm = str(at(env, "valueFrom", "configMapKeyRef", "name"));
                    String key = str(at(env, "valueFrom", "configMapKeyRef", "key"));
                    provided.put(variable, "configMap");
                    values.put(variable, cluster.configMap(cm) == null ? null : cluster.configMap(cm).get(key));
                } else {
                    provided.put(variable, "other");
                }
            }
            environmentReadBy(root, spec.module()).forEach((variable, readIn) -> {
                if (!provided.containsKey(variable)) {
                    problems.add(where + " lacks environment variable " + variable + " (read in " + readIn + ")");
                }
            });
            provided.forEach((variable, source) -> {
                if (SECRET_NAME.matcher(variable).matches() && !source.equals("secret")) {
                    problems.add(where + " takes " + variable + " from a " + source + "; credentials come from a Secret");
                }
            });
            String port = String.valueOf(spec.port());
            if (!port.equals(values.get("SERVER_PORT"))) {
                problems.add(where + " gets SERVER_PORT=" + values.get("SERVER_PORT") + ", expected " + port);
            }
            boolean declared = list(container.get("ports")).stream()
                    .anyMatch(p -> port.equals(str(map(p).get("containerPort"))));
            if (!declared) {
                problems.add(where + " does not declare containerPort " + port);
            }
            if (!"0.0.0.0".equals(values.get("SERVER_ADDRESS"))) {
                problems.add(where + " must get SERVER_ADDRESS=0.0.0.0 (the default binds 127.0.0.1: probes would fail)");
            }
        }
        for (Map<String, Object> secret : cluster.ofKind("Secret")) {
            if (!map(secret.get("data")).isEmpty() || !map(secret.get("stringData")).isEmpty()) {
                problems.add(where(cluster, secret) + " carries values: Secrets are created out of band, never committed");
            }
        }
        for (Map.Entry<String, Map<String, String>> cm : cluster.configMaps().entrySet()) {
            cm.getValue().forEach((k, v) -> {
                if (SECRET_NAME.matcher(k).matches() || (v != null && v.matches(".*://[^/@]+:[^/@]+@.*"))) {
                    problems.add(cluster.source() + ": ConfigMap " + cm.getKey() + " holds " + k
                            + ", which looks like a credential; use a Secret");
                }
            });
        }
        return problems;
    }

    /** Every workload has a Service and a PodDisruptionBudget that select its pods. */
    static List<String> checkServicesAndBudgets(Cluster cluster) {
        List<String> problems = new ArrayList<>();
        for (Map<String, Object> w : cluster.ofKind("Deployment", "StatefulSet")) {
            Map<String, Object> labels = map(at(w, "spec", "template", "metadata", "labels"));
            if (!selects(map(at(w, "spec", "selector", "matchLabels")), labels)) {
                problems.add(where(cluster, w) + "'s selector does not match its pod template labels");
            }
            boolean service = cluster.ofKind("Service").stream()
                    .anyMatch(s -> selects(map(at(s, "spec", "selector")), labels));
            boolean budget = cluster.ofKind("PodDisruptionBudget").stream()
                    .anyMatch(b -> selects(map(at(b, "spec", "selector", "matchLabels")), labels));
            if (!service) {
                problems.add(where(cluster, w) + " has no Service selecting its pods");
            }
            if (!budget) {
                problems.add(where(cluster, w) + " has no PodDisruptionBudget selecting its pods");
            }
        }
        return problems;
    }

    private static boolean selects(Map<String, Object> selector, Map<String, Object> labels) {
        return !selector.isEmpty() && selector.entrySet().stream()
                .allMatch(e -> Objects.equals(str(e.getValue()), str(labels.get(e.getKey()))));
    }

    /** KafkaTopic resources by topic name (spec.topicName, else metadata.name). */
    static Map<String, Map<String, Object>> kafkaTopics(Cluster cluster) {
        Map<String, Map<String, Object>> topics = new LinkedHashMap<>();
        for (Map<String, Object> t : cluster.ofKind("KafkaTopic")) {
            String topic = str(at(t, "spec", "topicName"));
            topics.put(topic != null ? topic : name(t), t);
        }
        return topics;
    }

    /** Every catalogue topic and its -dlt as a Strimzi KafkaTopic with the right policy, replication and partitions. */
    static List<String> checkKafkaTopics(Cluster cluster) {
        List<String> problems = new ArrayList<>();
        Map<String, Map<String, Object>> declared = kafkaTopics(cluster);
        requiredTopics().forEach((topic, policy) -> {
            Map<String, Object> t = declared.get(topic);
            if (t == null) {
                problems.add(cluster.source() + ": no KafkaTopic for " + topic + " (cleanup.policy " + policy + ")");
                return;
            }
            String actual = str(at(t, "spec", "config", "cleanup.policy"));
            if (!policy.equals(actual)) {
                problems.add(where(cluster, t) + " has cleanup.policy " + actual + ", expected " + policy);
            }
            if ("delete".equals(policy) && at(t, "spec", "config", "retention.ms") == null) {
                problems.add(where(cluster, t) + " has no retention.ms");
            }
        });
        for (Map<String, Object> t : declared.values()) {
            String where = where(cluster, t);
            if (!"kafka.strimzi.io/v1beta2".equals(str(t.get("apiVersion")))) {
                problems.add(where + " has apiVersion " + t.get("apiVersion") + ", expected kafka.strimzi.io/v1beta2");
            }
            if (str(at(t, "metadata", "labels", "strimzi.io/cluster")) == null) {
                problems.add(where + " has no strimzi.io/cluster label");
            }
            if (!Integer.valueOf(K8S_REPLICAS).equals(at(t, "spec", "replicas"))) {
                problems.add(where + " has replicas " + at(t, "spec", "replicas") + ", expected " + K8S_REPLICAS);
            }
            if (!String.valueOf(K8S_MIN_INSYNC).equals(str(at(t, "spec", "config", "min.insync.replicas")))) {
                problems.add(where + " has min.insync.replicas " + at(t, "spec", "config", "min.insync.replicas")
                        + ", expected " + K8S_MIN_INSYNC);
            }
            if (!(at(t, "spec", "partitions") instanceof Integer p) || p < 1) {
                problems.add(where + " has no partitions");
            }
        }
        for (TopicSpec spec : TopicCatalogue.all()) {
            Map<String, Object> topic = declared.get(spec.name());
            Map<String, Object> dlt = declared.get(spec.deadLetterTopic());
            if (topic != null && dlt != null && at(topic, "spec", "partitions") instanceof Integer tp
                    && at(dlt, "spec", "partitions") instanceof Integer dp && dp < tp) {
                problems.add(where(cluster, dlt) + " has " + dp + " partitions, fewer than the " + tp + " of "
                        + spec.name() + ": spring-kafka dead-letters to the same partition");
            }
        }
        return problems;
    }

    /** The topic configuration the services would otherwise apply themselves must be off where Strimzi declares. */
    static List<String> checkTopicsNotCreatedByServices(Cluster cluster, Collection<ServiceSpec> services) {
        List<String> problems = new ArrayList<>();
        for (ServiceSpec spec : services) {
            Map<String, Object> w = workload(cluster, spec.module());
            if (w == null) {
                continue;
            }
            String value = null;
            for (Object c : list(at(w, "spec", "template", "spec", "containers"))) {
                for (Object from : list(map(c).get("envFrom"))) {
                    Map<String, String> data = cluster.configMap(str(at(from, "configMapRef", "name")));
                    if (data != null) {
                        for (String key : List.of("KVKSYNC_CREATETOPICS", "KVKSYNC_CREATE_TOPICS")) {
                            if (data.containsKey(key)) {
                                value = data.get(key);
                            }
                        }
                    }
                }
            }
            if (!"false".equals(value)) {
                problems.add(where(cluster, w) + " must get KVKSYNC_CREATETOPICS=false: the topics are KafkaTopic"
                        + " resources (got " + value + ")");
            }
        }
        return problems;
    }

    /** The alert rules exist and use the metric names the services export. */
    static List<String> checkAlertRules(Cluster cluster) {
        List<String> problems = new ArrayList<>();
        List<Map<String, Object>> rules = cluster.ofKind("PrometheusRule");
        if (rules.isEmpty()) {
            return List.of(cluster.source() + ": no PrometheusRule");
        }
        StringBuilder exprs = new StringBuilder();
        for (Map<String, Object> r : rules) {
            for (Object g : list(at(r, "spec", "groups"))) {
                for (Object rule : list(map(g).get("rules"))) {
                    exprs.append(str(map(rule).get("expr"))).append('\n');
                    if (map(rule).get("alert") != null && at(rule, "labels", "severity") == null) {
                        problems.add(where(cluster, r) + ": alert " + map(rule).get("alert") + " has no severity");
                    }
                }
            }
        }
        Map<String, String> watched = new LinkedHashMap<>();
        watched.put("kvksync_dead_letters_total", "dead letters");
        watched.put("kafka_consumer_fetch_manager_records_lag_max", "consumer lag");
        watched.put("kvksync_proposals_pending", "proposals pending by age");
        watched.put("kvksync_feed_runs_total", "feed runs");
        watched.forEach((metric, what) -> {
            if (!exprs.toString().contains(metric)) {
                problems.add(cluster.source() + ": no alert on " + what + " (" + metric + ")");
            }
        });
        return problems;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Dockerfiles

    private static final Pattern FROM = Pattern.compile("(?im)^FROM\\s+(\\S+)");

    /** Each service's Dockerfile: pinned base images, the layered exec jar, a non-root user, the Avro flag. */
    static List<String> checkDockerfiles(Path root, Collection<ServiceSpec> services) {
        List<String> problems = new ArrayList<>();
        for (ServiceSpec spec : services) {
            Path file = root.resolve(spec.module()).resolve("Dockerfile");
            String where = root.relativize(file).toString();
            if (!Files.isRegularFile(file)) {
                problems.add(where + " is missing");
                continue;
            }
            String text = read(file);
            Matcher from = FROM.matcher(text);
            int images = 0;
            while (from.find()) {
                images++;
                if (!isPinned(from.group(1))) {
                    problems.add(where + ": FROM " + from.group(1) + " is not pinned to a version");
                }
            }
            if (images == 0) {
                problems.add(where + " has no FROM");
            }
            for (String needed : List.of("target/" + spec.module() + "-exec.jar", "-Djarmode=tools",
                    "extract --layers --launcher", "org.apache.avro.SERIALIZABLE_PACKAGES=nl.kvksync.contracts",
                    "MaxRAMPercentage", "EXPOSE " + spec.port(), "SERVER_PORT=" + spec.port(),
                    "org.springframework.boot.loader.launch.JarLauncher")) {
                if (!text.contains(needed)) {
                    problems.add(where + " lacks " + needed);
                }
            }
            Matcher user = Pattern.compile("(?m)^USER\\s+(\\S+)").matcher(text);
            String lastUser = null;
            while (user.find()) {
                lastUser = user.group(1);
            }
            if (lastUser == null || !lastUser.matches("[1-9][0-9]*(:[0-9]+)?")) {
                problems.add(where + " must end as a numeric non-root USER (runAsNonRoot can only verify a uid), got "
                        + lastUser);
            }
        }
        return problems;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Settings two services must agree on

    /** Pairs of (service, variable) that must have the same value: the dry-run band the matcher and review-api use. */
    static final List<List<String>> SAME_VALUE = List.of(
            List.of(ServiceSpec.MATCHER, "MATCHER_BAND_MIN", ServiceSpec.REVIEW, "KVKSYNC_REVIEW_BAND_MIN"),
            List.of(ServiceSpec.MATCHER, "MATCHER_BAND_MAX", ServiceSpec.REVIEW, "KVKSYNC_REVIEW_BAND_MAX"));

    /** The values a service's container gets from literals and ConfigMaps (secret values are not known). */
    static Map<String, String> containerEnvironment(Cluster cluster, String module) {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, Object> w = workload(cluster, module);
        for (Object c : list(at(w, "spec", "template", "spec", "containers"))) {
            if (!module.equals(str(map(c).get("name")))) {
                continue;
            }
            for (Object from : list(map(c).get("envFrom"))) {
                Map<String, String> data = cluster.configMap(str(at(from, "configMapRef", "name")));
                if (data != null) {
                    values.putAll(data);
                }
            }
            for (Object e : list(map(c).get("env"))) {
                Map<String, Object> env = map(e);
                if (env.containsKey("value")) {
                    values.put(str(env.get("name")), str(env.get("value")));
                } else if (at(env, "valueFrom", "configMapKeyRef") != null) {
                    Map<String, String> data = cluster.configMap(str(at(env, "valueFrom", "configMapKeyRef", "name")));
                    values.put(str(env.get("name")), data == null ? null
                            : data.get(str(at(env, "valueFrom", "configMapKeyRef", "key"))));
                }
            }
        }
        return values;
    }

    static List<String> checkSameValues(String source, java.util.function.Function<String, Map<String, String>> envOf) {
        List<String> problems = new ArrayList<>();
        for (List<String> pair : SAME_VALUE) {
            String a = envOf.apply(pair.get(0)).get(pair.get(1));
            String b = envOf.apply(pair.get(2)).get(pair.get(3));
            if (a != null && b != null && !a.equals(b)) {
                problems.add(source + ": " + pair.get(0) + " " + pair.get(1) + "=" + a + " but " + pair.get(2) + " "
                        + pair.get(3) + "=" + b + "; they must be equal");
            }
        }
        return problems;
    }
}
