package nl.kvksync.ingestor.run;

import java.time.Clock;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import nl.kvksync.ingestor.feed.FeedRecordReader;
import nl.kvksync.ingestor.feed.SbiCatalogue;
import nl.kvksync.ingestor.platform.PlatformProperties;
import nl.kvksync.ingestor.replica.RegistrationStore;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.core.KafkaAdmin;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** Wires the replica, the run thread and its Kafka clients; starts resuming runs once the application is ready. */
@Configuration(proxyBeanMethods = false)
class RunsConfiguration {

    @Bean(destroyMethod = "close")
    RegistrationStore registrationStore(RunsProperties properties) {
        return new RegistrationStore(properties.replicaDir(), properties.blockCacheBytes());
    }

    @Bean
    FeedKafka feedKafka(KafkaAdmin admin, PlatformProperties platform) {
        return new FeedKafka(admin.getConfigurationProperties(), platform.registryUrl());
    }

    /**
     * Request bodies in 64 KB pieces rather than Reactor Netty's 8 KB: a feed upload is a gigabyte of body, and each
     * piece costs a trip through the reactive pipeline ({@link SpoolWriter}).
     */
    @Bean
    NettyServerCustomizer largerBodyPieces() {
        return server -> server.httpRequestDecoder(spec -> spec.maxChunkSize(SpoolWriter.BODY_PIECE_BYTES));
    }

    @Bean
    FeedRecordReader feedRecordReader(RunsProperties properties) {
        return new FeedRecordReader(SbiCatalogue.standard(), properties.maxLineBytes());
    }

    @Bean
    FeedMetrics feedMetrics(MeterRegistry meters) {
        return new FeedMetrics(meters);
    }

    @Bean
    RunRegistry runRegistry() {
        return new RunRegistry();
    }

    @Bean(destroyMethod = "close")
    RunService runService(RunsProperties properties, RegistrationStore store, FeedKafka kafka,
            FeedRecordReader reader, FeedMetrics metrics, RunRegistry registry) {
        ObjectMapper json = JsonMapper.builder().build();
        Clock clock = Clock.systemUTC();
        FeedRunner runner = new FeedRunner(properties, store, kafka, reader, metrics, registry, json, clock);
        return new RunService(properties, store, kafka, registry, runner, json, clock);
    }

    @Bean
    @org.springframework.boot.autoconfigure.condition.ConditionalOnProperty(name = "kvksync.ingestor.runs.inbox-enabled",
            havingValue = "true", matchIfMissing = true)
    InboxWatcher inboxWatcher(RunsProperties properties, RunService runs) {
        return new InboxWatcher(properties, runs, Clock.systemUTC());
    }

    /** The private run checkpoint topic: one partition (runs are sequential), compacted (latest state per run). */
    @Bean
    KafkaAdmin.NewTopics runsTopic(RunsProperties properties, PlatformProperties platform) {
        if (!platform.createTopics()) {
            return new KafkaAdmin.NewTopics();
        }
        return new KafkaAdmin.NewTopics(new NewTopic(properties.runsTopic(), 1, platform.replicationFactor())
                .configs(Map.of("cleanup.policy", "compact")));
    }

    @EventListener(ApplicationReadyEvent.class)
    void resumeRuns(ApplicationReadyEvent event) {
        event.getApplicationContext().getBean(RunService.class).start();
    }

    /** Readiness: the committed runs are loaded and the replica is not being rebuilt. */
    @Bean("replica")
    HealthIndicator replicaHealth(RunService runs, RegistrationStore store) {
        return () -> {
            Health.Builder b = runs.loaded() && runs.replicaReady() ? Health.up() : Health.outOfService();
            return b.withDetail("state", runs.replicaState())
                    .withDetail("registrations", store.estimatedCount())
                    .withDetail("directory", store.directory().toString())
                    .build();
        };
    }
}
