package nl.kvksync.localstack.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.LongFunction;
import java.util.stream.Stream;

import nl.kvksync.contracts.AccessClaims;
import nl.kvksync.contracts.Topics;
import nl.kvksync.localstack.KvkHome;
import nl.kvksync.localstack.LocalStack;
import nl.kvksync.localstack.PlatformClient;
import nl.kvksync.localstack.generate.RegisterGenerator;
import nl.kvksync.localstack.generate.WeekGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** {@code ./kvk bench}: see the package description. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measures the whole pipeline at scale on a fresh local stack.",
                "Starts a stack of its own (free ports, state under .kvk/bench/), loads a generated register, "
                        + "subscribes organisations over several environments with profiles, ingests a generated "
                        + "week until every proposal is in the review queue, bulk-accepts them all until every CRM "
                        + "record is updated, and reports throughput, latency (p50, p99), the end-to-end time and "
                        + "the peak RSS of every process; the figures are also written as JSON under target/bench/."})
public final class BenchCommand implements Callable<Integer> {

    @Option(names = "--registrations", defaultValue = "1000000", description = "Registrations in the register (default: ${DEFAULT-VALUE}).")
    long registrations;

    @Option(names = "--subscriptions", defaultValue = "10000", description = "Subscribed organisations (default: ${DEFAULT-VALUE}).")
    int subscriptions;

    @Option(names = "--environments", defaultValue = "3", description = "Environments, 1 to 3 (default: ${DEFAULT-VALUE}).")
    int environments;

    @Option(names = "--changes", defaultValue = "25000", description = "Changes in the generated week (default: ${DEFAULT-VALUE}).")
    int changes;

    @Option(names = "--seed", defaultValue = "1", description = "Generator seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--keep", description = "Keep the stack's state (.kvk/bench/run-*) afterwards.")
    boolean keep;

    @Option(names = "--out", defaultValue = "target/bench", description = "Where the JSON report goes (default: ${DEFAULT-VALUE}).")
    Path out;

    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    @Override
    public Integer call() throws Exception {
        if (environments < 1 || environments > Pipeline.PROFILES.size()) {
            System.err.println("--environments must be between 1 and " + Pipeline.PROFILES.size());
            return 2;
        }
        Path benchDir = KvkHome.state().resolve("bench");
        Path data = Files.createDirectories(benchDir.resolve("data"));
        Path state = benchDir.resolve("run-" + System.currentTimeMillis());
        List<Stage> stages = new ArrayList<>();
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("startedAt", Instant.now().toString());
        report.put("machine", machine());
        report.put("parameters", Map.of("registrations", registrations, "subscriptions", subscriptions,
                "environments", environments, "changes", changes, "seed", seed));

        long t = System.nanoTime();
        Path register = data.resolve("register-" + registrations + "-s" + seed + ".jsonl");
        Path week = data.resolve("week-" + changes + "-s" + seed + "-r" + registrations + ".jsonl");
        if (!Files.exists(register)) {
            say("generating a register of " + registrations + " registrations");
            new RegisterGenerator(seed).write(register, registrations);
        }
        if (!Files.exists(week)) {
            say("generating a week of " + changes + " changes");
            new WeekGenerator(seed + 1, "20261127").write(register, changes, 0, week);
        }
        WeekOracle oracle = WeekOracle.read(week);
        say(String.format("data ready in %.1f s (%s)", seconds(t), data));

        LocalStack stack = new LocalStack(LocalStack.Layout.freePorts(KvkHome.root(), state), BenchCommand::say);
        Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "bench-shutdown"));
        try {
            t = System.nanoTime();
            stack.start();
            stages.add(new Stage("stack start", "stack", 1, seconds(t), 0, -1, -1, "-"));
            String token = stack.issuer().token("bench", List.of(AccessClaims.KVK_ADMIN, AccessClaims.CRM_USER),
                    List.of(AccessClaims.ALL_ENVIRONMENTS), Duration.ofHours(6));
            PlatformClient platform = new PlatformClient(stack.layout(), token);

            Pipeline pipeline = new Pipeline(platform, BenchCommand::say);
            Map<String, Map<String, Double>> cpuByStage = new LinkedHashMap<>();
            Map<String, Double> cpuBefore = cpu(stack);
            stages.add(loadRegister(stack, pipeline, register));
            cpuBefore = chargeCpu(stack, "register load", cpuBefore, cpuByStage);
            pipeline.awaitMatcherCaughtUp(stack.bootstrapServers(), Duration.ofMinutes(30));
            pipeline.createEnvironments("bench", environments);
            List<String> keys = Pipeline.subscriptionKeys(oracle, register, subscriptions);
            say("stage 2: creating " + keys.size() + " organisations from registrations (subscribed) over "
                    + environments + " environments");
            long s0 = System.nanoTime();
            long[] calls = pipeline.subscribe(keys);
            stages.add(Stage.of("subscribe organisations", "organisations", keys.size(), seconds(s0), calls,
                    "one POST organisations:from-registration (stage ends when the matcher follows all)"));

            long expected = pipeline.expectedProposals(oracle);
            long weekStart = System.currentTimeMillis();
            cpuBefore = chargeCpu(stack, "subscribe organisations", cpuBefore, cpuByStage);
            stages.add(weekToQueue(stack, pipeline, week, expected, oracle.lines()));
            cpuBefore = chargeCpu(stack, "week to review queue", cpuBefore, cpuByStage);
            stages.add(bulkAccept(stack, pipeline));
            chargeCpu(stack, "bulk accept to CRM", cpuBefore, cpuByStage);
            double endToEnd = (System.currentTimeMillis() - weekStart) / 1000.0;

            Map<String, Long> rss = perProcess(stack, ProcessMemory::peakRssBytes);

            report.put("stages", stages);
            report.put("endToEndSeconds", endToEnd);
            report.put("expectedProposals", expected);
            report.put("peakRssBytes", rss);
            report.put("cpuSecondsByStage", cpuByStage);
            report.put("finishedAt", Instant.now().toString());
            Path file = write(report);
            print(stages, endToEnd, rss, file);
            printCpu(cpuByStage);
            return 0;
        } finally {
            stack.close();
            if (!keep) {
                deleteTree(state);
            }
        }
    }

    private Stage loadRegister(LocalStack stack, Pipeline pipeline, Path register) {
        say("stage 1: loading the register (" + registrations + " registrations) through POST /runs");
        long t0 = System.currentTimeMillis();
        JsonNode run = pipeline.ingest(register, progress());
        double seconds = (System.currentTimeMillis() - t0) / 1000.0;
        System.out.println();
        long[] latencies = TopicTimestamps.since(stack.bootstrapServers(), Topics.REGISTRATION_CHANGED, t0);
        return Stage.of("register load", "registrations", run.path("read").asLong(), seconds, latencies,
                "upload start -> RegistrationChanged published");
    }

    private Stage weekToQueue(LocalStack stack, Pipeline pipeline, Path week, long expected, long lines) {
        say("stage 3: the week (" + lines + " changes) from POST /runs until every proposal is in the review queue");
        long t0 = System.currentTimeMillis();
        JsonNode run = pipeline.ingest(week, r -> {
        });
        say(String.format("  run %s done after %.1f s: published %d, unchanged %d, rejected %d",
                run.path("runId").asString(), (System.currentTimeMillis() - t0) / 1000.0,
                run.path("published").asLong(), run.path("unchanged").asLong(), run.path("rejected").asLong()));
        long[] queued = pipeline.awaitTotal("PENDING", expected, Duration.ofSeconds(20), Duration.ofMinutes(10));
        if (queued[0] != expected) {
            say("  WARNING: " + queued[0] + " proposals in the queue, " + expected + " expected");
        }
        long[] latencies = TopicTimestamps.since(stack.bootstrapServers(), Topics.PROPOSAL_RAISED, t0);
        return Stage.of("week to review queue", "proposals", queued[0], (queued[1] - t0) / 1000.0, latencies,
                "upload start -> ProposalRaised published; the stage ends when review-api lists the last one");
    }

    private Stage bulkAccept(LocalStack stack, Pipeline pipeline) {
        long pending = pipeline.total("PENDING");
        say("stage 4: bulk-accepting " + pending + " proposals until every CRM record is updated");
        long t0 = System.currentTimeMillis();
        long failed = pipeline.bulkAcceptAll();
        say(String.format("  decided in %.1f s (%d failed)", (System.currentTimeMillis() - t0) / 1000.0, failed));
        // An accepted proposal stays ACCEPTED until review-api has crm-sync's confirmation that the CRM record is
        // updated (then APPLIED) or its failure (FAILED): the stage ends when none is left ACCEPTED.
        long[] drained = pipeline.awaitDrained("ACCEPTED", Duration.ofSeconds(20), Duration.ofMinutes(15));
        if (drained[0] != 0) {
            say("  WARNING: " + drained[0] + " proposals still ACCEPTED, not confirmed by crm-sync");
        }
        long applied = pipeline.total("APPLIED");
        if (applied != pending - failed) {
            say("  WARNING: " + applied + " proposals APPLIED, " + (pending - failed) + " expected");
        }
        long[] latencies = TopicTimestamps.since(stack.bootstrapServers(), Topics.ORGANISATION_CHANGED, t0);
        return Stage.of("bulk accept to CRM", "decisions", applied, (drained[1] - t0) / 1000.0, latencies,
                "bulk-accept request -> OrganisationChanged published; the stage ends when review-api has no "
                        + "proposal left ACCEPTED (every one APPLIED, confirmed by crm-sync)");
    }

    private java.util.function.Consumer<JsonNode> progress() {
        return run -> System.out.printf("\r  %s %5.1f %% (%d lines)   ", run.path("status").asString(),
                run.path("progress").asDouble() * 100, run.path("line").asLong());
    }

    private Path write(Map<String, Object> report) throws IOException {
        Path dir = KvkHome.root().resolve(out);
        Files.createDirectories(dir);
        Path file = dir.resolve("bench-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
                + ".json");
        JSON.writeValue(file.toFile(), report);
        return file;
    }

    /** A figure of every process of the stack and of this driver, by name, where the process has it. */
    private static <V> Map<String, V> perProcess(LocalStack stack, LongFunction<Optional<V>> figure) {
        Map<String, V> figures = new LinkedHashMap<>();
        stack.processes().forEach((name, p) -> figure.apply(p.pid()).ifPresent(v -> figures.put(name, v)));
        figure.apply(ProcessHandle.current().pid()).ifPresent(v -> figures.put("kvk bench (driver)", v));
        return figures;
    }

    /** CPU seconds of every process of the stack and of this driver so far. */
    private static Map<String, Double> cpu(LocalStack stack) {
        return perProcess(stack, ProcessMemory::cpuSeconds);
    }

    /** Adds what each process used since {@code before} under the stage's name; returns the new snapshot. */
    private static Map<String, Double> chargeCpu(LocalStack stack, String stage, Map<String, Double> before,
            Map<String, Map<String, Double>> ledger) {
        Map<String, Double> now = cpu(stack);
        Map<String, Double> used = new LinkedHashMap<>();
        now.forEach((name, seconds) -> used.put(name, Math.round((seconds - before.getOrDefault(name, 0.0)) * 10)
                / 10.0));
        ledger.put(stage, used);
        return now;
    }

    private static void printCpu(Map<String, Map<String, Double>> ledger) {
        System.out.println();
        System.out.println("CPU seconds by stage (user + system):");
        ledger.forEach((stage, used) -> {
            StringBuilder line = new StringBuilder(String.format("  %-24s", stage));
            used.forEach((name, seconds) -> line.append(String.format(" %s %.1f,", name, seconds)));
            System.out.println(line.substring(0, line.length() - 1));
        });
    }

    private static void print(List<Stage> stages, double endToEnd, Map<String, Long> rss, Path file) {
        System.out.println();
        System.out.printf("%-26s %10s %9s %12s %9s %9s%n", "stage", "items", "seconds", "items/s", "p50 ms", "p99 ms");
        for (Stage s : stages) {
            System.out.printf("%-26s %10d %9.1f %12.0f %9s %9s%n", s.name(), s.count(), s.seconds(), s.perSecond(),
                    s.p50Millis() < 0 ? "-" : s.p50Millis(), s.p99Millis() < 0 ? "-" : s.p99Millis());
        }
        System.out.printf("%nend to end (week upload -> every CRM record updated): %.1f s%n%n", endToEnd);
        System.out.println("peak RSS:");
        rss.forEach((name, bytes) -> System.out.printf("  %-22s %6d MiB%n", name, bytes / (1024 * 1024)));
        System.out.println();
        System.out.println("report: " + file);
    }

    private static Map<String, Object> machine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cpus", Runtime.getRuntime().availableProcessors());
        m.put("memoryBytes", ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize());
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        m.put("loadAverageAtStart", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        return m;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            say("could not remove " + dir + ": " + e.getMessage());
        }
    }

    static void say(String message) {
        System.out.println("[" + java.time.LocalTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss")) + "] "
                + message);
    }
}
