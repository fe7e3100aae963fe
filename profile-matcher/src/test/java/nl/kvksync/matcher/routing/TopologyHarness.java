package nl.kvksync.matcher.routing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import nl.kvksync.contracts.Topics;
import nl.kvksync.contracts.crm.EnvironmentChanged;
import nl.kvksync.contracts.crm.SubscriptionChanged;
import nl.kvksync.contracts.kvk.Registration;
import nl.kvksync.contracts.kvk.RegistrationChanged;
import nl.kvksync.contracts.matcher.ImportProgressed;
import nl.kvksync.contracts.matcher.ProposalRaised;
import nl.kvksync.contracts.review.ImportProfile;
import nl.kvksync.contracts.review.ImportRequested;
import nl.kvksync.matcher.imports.ImportSettings;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/** The matcher topology in a {@link TopologyTestDriver} with registry-free Avro serdes. */
public final class TopologyHarness implements AutoCloseable {

    public final MatcherTopology.State state = MatcherTopology.State.empty();
    public final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    public final TopologyTestDriver driver;
    public final TestInputTopic<String, Registration> registrations;
    public final TestInputTopic<String, RegistrationChanged> changes;
    public final TestInputTopic<String, SubscriptionChanged> subscriptions;
    public final TestInputTopic<String, EnvironmentChanged> environments;
    public final TestInputTopic<String, ImportProfile> profiles;
    public final TestInputTopic<String, ImportRequested> imports;
    public final TestOutputTopic<String, ProposalRaised> proposals;
    public final TestOutputTopic<String, ImportProgressed> progress;
    private final Path stateDir;

    public TopologyHarness() {
        this(ImportSettings.DEFAULTS);
    }

    public TopologyHarness(ImportSettings importSettings) {
        MatcherSerdes serdes = MatcherSerdes.plain();
        try {
            Files.createDirectories(Path.of("target", "ttd-state"));
            stateDir = Files.createTempDirectory(Path.of("target", "ttd-state").toAbsolutePath(), "run-");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "matcher-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(MatcherTopology.build(serdes, state, meters, importSettings, 0), props);
        var s = Serdes.String();
        registrations = driver.createInputTopic(Topics.REGISTRATIONS, s.serializer(), serdes.registration().serializer());
        changes = driver.createInputTopic(Topics.REGISTRATION_CHANGED, s.serializer(),
                serdes.registrationChanged().serializer());
        subscriptions = driver.createInputTopic(Topics.SUBSCRIPTIONS, s.serializer(), serdes.subscription().serializer());
        environments = driver.createInputTopic(Topics.ENVIRONMENTS, s.serializer(), serdes.environment().serializer());
        profiles = driver.createInputTopic(Topics.PROFILES, s.serializer(), serdes.profile().serializer());
        imports = driver.createInputTopic(Topics.IMPORT_REQUESTED, s.serializer(), serdes.importRequested().serializer());
        proposals = driver.createOutputTopic(Topics.PROPOSAL_RAISED, s.deserializer(), serdes.proposal().deserializer());
        progress = driver.createOutputTopic(Topics.IMPORT_PROGRESSED, s.deserializer(),
                serdes.importProgressed().deserializer());
    }

    public void register(Registration r) {
        registrations.pipeInput(r.getRegistrationKey(), r);
    }

    public void environment(String env, boolean advanced) {
        environments.pipeInput(env, nl.kvksync.matcher.Fixtures.environment(env, advanced));
    }

    public void subscribe(SubscriptionChanged s) {
        subscriptions.pipeInput(s.getEnvironmentId() + ":" + s.getOrganisationId(), s);
    }

    public void profile(ImportProfile p) {
        profiles.pipeInput(p.getEnvironmentId() + ":" + p.getProfileId(), p);
    }

    public void change(RegistrationChanged c) {
        changes.pipeInput(c.getRegistrationKey(), c);
    }

    public List<ProposalRaised> proposals() {
        return proposals.readRecordsToList().stream().map(TestRecord::value).toList();
    }

    public List<TestRecord<String, ProposalRaised>> proposalRecords() {
        return proposals.readRecordsToList();
    }

    /**
     * Runs the import punctuator until it is idle: a running import emits progress at every punctuation, so two
     * punctuations in a row that add nothing to the output topics mean no import is left. (Every advance of the
     * wall clock also commits and checkpoints the stores, so advancing a fixed thousand times cost minutes.)
     */
    public void runImports() {
        long before = -1;
        for (int idle = 0, i = 0; idle < 2; i++) {
            if (i == 10_000) {
                throw new IllegalStateException("the import punctuator never went idle");
            }
            driver.advanceWallClockTime(Duration.ofSeconds(1));
            long now = proposals.getQueueSize() + progress.getQueueSize();
            idle = now == before ? idle + 1 : 0;
            before = now;
        }
    }

    public double counter(String name, String... tags) {
        var c = meters.find(name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }

    @Override
    public void close() {
        driver.close();
        try (var files = Files.walk(stateDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            // temp directory; the OS cleans it
        }
    }
}
