package nl.kvksync.localstack.deploy;

import static nl.kvksync.localstack.deploy.DeploymentManifests.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import nl.kvksync.contracts.TopicCatalogue;
import nl.kvksync.localstack.ServiceSpec;
import nl.kvksync.testsupport.infra.ContainerInfrastructure;
import org.junit.jupiter.api.Test;

/**
 * The deployment files keep the platform's invariants, checked here without Docker or a cluster: docker-compose.yml,
 * the services' Dockerfiles and the Kustomize base and production overlay under deploy/k8s, against the topic
 * catalogue and the environment variables the services read (their application*.yml, read at test time). Where
 * kubectl or a compose client is installed, the rendered overlay and {@code docker compose config} are checked too.
 * Each failure names the file, the resource and what is missing.
 */
class DeploymentManifestsTest {

    private static final Path ROOT = projectRoot();
    private static final List<ServiceSpec> SERVICES = ServiceSpec.defaults();
    private static final Path BASE = ROOT.resolve("deploy/k8s/base");
    private static final Path PRODUCTION = ROOT.resolve("deploy/k8s/overlays/production");

    // ----------------------------------------------------------------------------------------------- the inputs

    @Test
    void readsTheEnvironmentVariablesEachServiceUses() {
        assertThat(placeholders("a: ${KAFKA_BOOTSTRAP_SERVERS:127.0.0.1:9092}\nb: ${spring.application.name}\n"
                + "c: ${OUTER:${INNER:x}}\nd: ${LOWER_case_is:not} ${X}"))
                .containsExactly("KAFKA_BOOTSTRAP_SERVERS", "OUTER", "INNER", "X");
        for (ServiceSpec spec : SERVICES) {
            assertThat(environmentReadBy(ROOT, spec.module()))
                    .as("environment variables read by %s", spec.module())
                    .containsKeys("KAFKA_BOOTSTRAP_SERVERS", "SCHEMA_REGISTRY_URL", "KVK_JWT_PUBLIC_KEY",
                            "SERVER_ADDRESS", "SERVER_PORT");
        }
        assertThat(requiredTopics()).hasSize(2 * TopicCatalogue.all().size())
                .containsEntry("kvk.registrations.v1", "compact").containsEntry("kvk.registrations.v1-dlt", "delete");
    }

    @Test
    void recognisesPinnedImages() {
        assertThat(isPinned("apache/kafka:4.1.1")).isTrue();
        assertThat(isPinned("registry.example.com:5000/kvksync/review-api:0.1.0")).isTrue();
        assertThat(isPinned("mongo@sha256:" + "a".repeat(64))).isTrue();
        assertThat(isPinned("apache/kafka:latest")).isFalse();
        assertThat(isPinned("apache/kafka")).isFalse();
        assertThat(isPinned("registry.example.com:5000/kvksync/review-api")).isFalse();
        assertThat(isPinned(null)).isFalse();
    }

    // ----------------------------------------------------------------------------------------- docker-compose.yml

    @Test
    void composePinsImagesChecksHealthLimitsMemoryAndPublishesOnLoopbackOnly() {
        assertNoProblems(checkComposeBasics(Compose.load(ROOT)));
    }

    @Test
    void composeGivesEachServiceItsEnvironmentPortHealthCheckAndStartOrder() {
        assertNoProblems(checkComposeServices(Compose.load(ROOT), ROOT, SERVICES));
    }

    @Test
    void composeAndKubernetesGiveTheMatcherAndReviewApiTheSameDryRunBand() {
        Compose compose = Compose.load(ROOT);
        List<String> problems = new ArrayList<>(checkSameValues(compose.file(), compose::environment));
        Cluster base = loadKustomization(ROOT, BASE);
        problems.addAll(checkSameValues(base.source(), module -> containerEnvironment(base, module)));
        assertNoProblems(problems);
    }

    @Test
    void composeTopicInitCreatesEveryCatalogueTopicAndItsDeadLetterTopic() {
        assertNoProblems(checkComposeTopics(Compose.load(ROOT)));
    }

    @Test
    void composeRunsTheSameServerImagesAsTheTestcontainersSuites() {
        Compose compose = Compose.load(ROOT);
        assertThat(compose.service("kafka").get("image")).isEqualTo(ContainerInfrastructure.KAFKA_IMAGE);
        assertThat(compose.service(TOPIC_INIT).get("image")).isEqualTo(ContainerInfrastructure.KAFKA_IMAGE);
        assertThat(compose.service("schema-registry").get("image")).isEqualTo(ContainerInfrastructure.REGISTRY_IMAGE);
        assertThat(compose.service("mongo").get("image")).isEqualTo(ContainerInfrastructure.MONGO_IMAGE);
        assertThat(String.valueOf(compose.service("mongo").get("command"))).contains("--replSet");
    }

    @Test
    void composeConfigAcceptsTheFile() throws Exception {
        List<String> client = composeClient();
        assumeTrue(client != null, "no docker compose plugin and no docker-compose on this machine");
        List<String> command = new ArrayList<>(client);
        command.addAll(List.of("-f", ROOT.resolve("docker-compose.yml").toString(), "config", "--quiet"));
        Process p = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + " says:\n" + out).isZero();
    }

    // -------------------------------------------------------------------------------------------------- images

    @Test
    void dockerfilesBuildALayeredNonRootImageFromTheExecJar() {
        assertNoProblems(checkDockerfiles(ROOT, SERVICES));
    }

    // ---------------------------------------------------------------------------------------------- Kubernetes

    @Test
    void kubernetesBaseWorkloadsHaveSeparateProbesResourcesAndARestrictedSecurityContext() {
        Cluster base = loadKustomization(ROOT, BASE);
        List<String> problems = new ArrayList<>(checkWorkloads(base));
        problems.addAll(checkServicesAndBudgets(base));
        assertNoProblems(problems);
    }

    @Test
    void kubernetesBaseGivesEachServiceItsEnvironmentFromConfigMapsAndSecrets() {
        Cluster base = loadKustomization(ROOT, BASE);
        List<String> problems = new ArrayList<>(checkEnvironment(base, ROOT, SERVICES));
        problems.addAll(checkTopicsNotCreatedByServices(base, SERVICES));
        assertNoProblems(problems);
    }

    @Test
    void kubernetesBaseDeclaresEveryTopicAsAStrimziKafkaTopic() {
        assertNoProblems(checkKafkaTopics(loadKustomization(ROOT, BASE)));
    }

    @Test
    void kubernetesAndComposeDeclareTheSameTopicsWithTheSamePolicies() {
        Map<String, String> compose = new LinkedHashMap<>();
        Compose.load(ROOT).initTopics(TOPIC_INIT).forEach((topic, d) -> compose.put(topic, d[0]));
        Map<String, String> kubernetes = new LinkedHashMap<>();
        kafkaTopics(loadKustomization(ROOT, BASE)).forEach((topic, t) ->
                kubernetes.put(topic, str(at(t, "spec", "config", "cleanup.policy"))));
        assertThat(kubernetes).as("KafkaTopics of deploy/k8s/base vs topic-init of docker-compose.yml")
                .containsExactlyInAnyOrderEntriesOf(compose);
    }

    @Test
    void kubernetesBaseAlertsOnWhatOperatorsWatch() {
        assertNoProblems(checkAlertRules(loadKustomization(ROOT, BASE)));
    }

    @Test
    void productionOverlayPinsImagesKeepsTopicsDeclaredAndBuildsOnTheBase() {
        Map<String, Object> k = loadMap(PRODUCTION.resolve("kustomization.yaml"));
        List<String> problems = new ArrayList<>();
        String file = ROOT.relativize(PRODUCTION.resolve("kustomization.yaml")).toString();
        if (!list(k.get("resources")).contains("../../base")) {
            problems.add(file + " does not build on ../../base");
        }
        List<Object> images = list(k.get("images"));
        for (ServiceSpec spec : SERVICES) {
            Map<String, Object> image = images.stream().map(DeploymentManifests::map)
                    .filter(i -> ("kvksync/" + spec.module()).equals(str(i.get("name")))).findFirst().orElse(Map.of());
            String tag = str(image.get("newTag"));
            if (image.get("digest") == null && (tag == null || tag.isBlank() || tag.equals("latest"))) {
                problems.add(file + " does not pin the image of " + spec.module() + " (images: newTag or digest)");
            }
        }
        Cluster production = loadKustomization(ROOT, PRODUCTION);
        boolean createTopicsOff = list(k.get("configMapGenerator")).stream().map(DeploymentManifests::map)
                .filter(g -> "kvksync-platform".equals(str(g.get("name"))))
                .anyMatch(g -> list(g.get("literals")).contains("KVKSYNC_CREATETOPICS=false"));
        if (!createTopicsOff) {
            problems.add(file + " does not set KVKSYNC_CREATETOPICS=false in kvksync-platform");
        }
        if (production.ofKind("KafkaTopic").isEmpty()) {
            problems.add(file + " deploys no KafkaTopic");
        }
        assertNoProblems(problems);
    }

    @Test
    void renderedBaseAndProductionOverlayKeepEveryInvariant() {
        Optional<Cluster> base = render(ROOT, BASE);
        assumeTrue(base.isPresent(), "kubectl is not installed: the rendered overlay is not checked");
        Cluster production = render(ROOT, PRODUCTION).orElseThrow();
        List<String> problems = new ArrayList<>();
        for (Cluster cluster : List.of(base.get(), production)) {
            problems.addAll(checkWorkloads(cluster));
            problems.addAll(checkServicesAndBudgets(cluster));
            problems.addAll(checkEnvironment(cluster, ROOT, SERVICES));
            problems.addAll(checkTopicsNotCreatedByServices(cluster, SERVICES));
            problems.addAll(checkKafkaTopics(cluster));
            problems.addAll(checkAlertRules(cluster));
            problems.addAll(checkSameValues(cluster.source(), module -> containerEnvironment(cluster, module)));
        }
        // Scaling: the ingestor is one instance; a matcher replica beyond the partitions of its input has no task.
        Map<String, Object> ingestor = workload(production, ServiceSpec.INGESTOR);
        if (ingestor == null || !Integer.valueOf(1).equals(at(ingestor, "spec", "replicas"))) {
            problems.add(production.source() + ": kvk-feed-ingestor must run exactly one replica");
        }
        // review-api indexes the open proposals in memory: two pods would each see part of the queue.
        Map<String, Object> review = workload(production, ServiceSpec.REVIEW);
        if (review == null || !Integer.valueOf(1).equals(at(review, "spec", "replicas"))
                || !"Recreate".equals(str(at(review, "spec", "strategy", "type")))) {
            problems.add(production.source() + ": review-api must run exactly one replica, replaced with Recreate");
        }
        Map<String, Object> matcher = workload(production, ServiceSpec.MATCHER);
        Object partitions = at(kafkaTopics(production).get("kvk.registration-changed.v1"), "spec", "partitions");
        if (matcher != null && partitions instanceof Integer p && at(matcher, "spec", "replicas") instanceof Integer r
                && r > p) {
            problems.add(production.source() + ": profile-matcher has " + r + " replicas but kvk.registration-changed.v1"
                    + " only " + p + " partitions");
        }
        for (Map<String, Object> r : production.resources()) {
            if (!List.of("Namespace").contains(str(r.get("kind"))) && at(r, "metadata", "namespace") == null) {
                problems.add(production.source() + ": " + describe(r) + " has no namespace");
            }
        }
        assertNoProblems(problems);
    }

    // -------------------------------------------------- the checks themselves catch what they are meant to catch

    @Test
    void theChecksReportABrokenManifest() {
        Compose compose = Compose.load(ROOT);
        Map<String, Object> review = compose.service(ServiceSpec.REVIEW);
        review.put("image", "kvksync/review-api:latest");
        review.put("ports", List.of("8080:8080"));
        review.remove("mem_limit");
        ((Map<String, Object>) review.get("environment")).remove("SCHEMA_REGISTRY_URL");
        ((Map<String, Object>) compose.service(TOPIC_INIT).get("environment")).put("TOPICS",
                "kvk.registrations.v1 delete\n");
        List<String> composeProblems = new ArrayList<>(checkComposeBasics(compose));
        composeProblems.addAll(checkComposeServices(compose, ROOT, SERVICES));
        composeProblems.addAll(checkComposeTopics(compose));
        assertThat(composeProblems).anyMatch(p -> p.contains("review-api") && p.contains(":latest"))
                .anyMatch(p -> p.contains("review-api") && p.contains("bind it to 127.0.0.1"))
                .anyMatch(p -> p.contains("review-api") && p.contains("no memory limit"))
                .anyMatch(p -> p.contains("review-api lacks environment variable SCHEMA_REGISTRY_URL"))
                .anyMatch(p -> p.contains("kvk.registrations.v1 with cleanup.policy=delete, expected compact"))
                .anyMatch(p -> p.contains("does not create topic kvk.registration-changed.v1-dlt"));

        Cluster base = loadKustomization(ROOT, BASE);
        Map<String, Object> matcher = workload(base, ServiceSpec.MATCHER);
        Map<String, Object> container = map(list(at(matcher, "spec", "template", "spec", "containers")).get(0));
        container.put("readinessProbe", container.get("livenessProbe"));
        map(container.get("resources")).remove("limits");
        base.configMaps().get("profile-matcher-config").remove("SERVER_PORT");
        Map<String, Object> topic = kafkaTopics(base).get("crm.subscriptions.v1");
        map(at(topic, "spec", "config")).put("cleanup.policy", "delete");
        map(topic.get("spec")).put("replicas", 1);
        List<String> k8sProblems = new ArrayList<>(checkWorkloads(base));
        k8sProblems.addAll(checkEnvironment(base, ROOT, SERVICES));
        k8sProblems.addAll(checkKafkaTopics(base));
        assertThat(k8sProblems)
                .anyMatch(p -> p.contains("StatefulSet profile-matcher") && p.contains("readinessProbe " + LIVENESS))
                .anyMatch(p -> p.contains("StatefulSet profile-matcher") && p.contains("no resources.limits.memory"))
                .anyMatch(p -> p.contains("profile-matcher lacks environment variable SERVER_PORT"))
                .anyMatch(p -> p.contains("KafkaTopic crm.subscriptions.v1 has cleanup.policy delete, expected compact"))
                .anyMatch(p -> p.contains("KafkaTopic crm.subscriptions.v1 has replicas 1"));
    }

    // ------------------------------------------------------------------------------------------------- helpers

    private static void assertNoProblems(List<String> problems) {
        assertThat(problems).as("deployment problems:\n  " + String.join("\n  ", problems)).isEmpty();
    }

    /** {@code docker compose} when the plugin works, else {@code docker-compose}, else null. */
    private static List<String> composeClient() {
        for (List<String> candidate : List.of(List.of("docker", "compose"), List.of("docker-compose"))) {
            List<String> version = new ArrayList<>(candidate);
            version.add("version");
            try {
                Process p = new ProcessBuilder(version).redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return candidate;
                }
            } catch (IOException e) {
                // not installed
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }
}
