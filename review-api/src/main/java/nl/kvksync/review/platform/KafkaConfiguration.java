package nl.kvksync.review.platform;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.micrometer.core.instrument.MeterRegistry;
import nl.kvksync.contracts.AvroWire;
import nl.kvksync.contracts.SubjectRegistrar;
import nl.kvksync.contracts.TopicCatalogue;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;
import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.kafka.support.serializer.ToStringSerializer;

/**
 * Kafka for this service: Avro values through the registry in Confluent framing ({@link AvroWire}), idempotent
 * producers with acks=all, poison messages caught by {@link ErrorHandlingDeserializer}, three blocking retries
 * with exponential back-off (per-key order is kept), then the record goes to {@code <topic>-dlt} with the failure
 * in its headers. Creates the topics the service uses and registers their subjects before anything is produced.
 */
@Configuration(proxyBeanMethods = false)
public class KafkaConfiguration {

    private static final Logger log = LoggerFactory.getLogger(KafkaConfiguration.class);

    /**
     * The serde configuration of this service's producers: {@link AvroWire#serdeConfig} plus
     * {@code find-latest}. Without it the serializer looks its schema up by content, and for a record that nests
     * records of another namespace (ProposalDecided holds a kvk.Registration) it computes that content with the nested
     * types split off as references, which matches nothing the registrar registered (ArtifactNotFoundException).
     */
    public static Map<String, Object> producerSerdeConfig(String registryUrl) {
        Map<String, Object> config = new HashMap<>(AvroWire.serdeConfig(registryUrl));
        config.put("apicurio.registry.find-latest", "true");
        return config;
    }

    @Bean
    DefaultKafkaProducerFactoryCustomizer avroProducers(PlatformProperties platform) {
        return factory -> {
            Map<String, Object> config = producerSerdeConfig(platform.registryUrl());
            config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroWire.SERIALIZER);
            config.put(ProducerConfig.ACKS_CONFIG, "all");
            config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            factory.updateConfigs(config);
        };
    }

    @Bean
    DefaultKafkaConsumerFactoryCustomizer avroConsumers(PlatformProperties platform) {
        return factory -> {
            Map<String, Object> config = new HashMap<>(AvroWire.serdeConfig(platform.registryUrl()));
            config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ErrorHandlingDeserializer.class);
            config.put(ErrorHandlingDeserializer.VALUE_DESERIALIZER_CLASS, AvroWire.DESERIALIZER);
            config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            // The ingestor publishes feed runs in Kafka transactions: never act on records of an aborted one.
            config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            factory.updateConfigs(config);
        };
    }

    @Bean
    DefaultErrorHandler kafkaErrorHandler(ProducerFactory<Object, Object> producerFactory,
            PlatformProperties platform, MeterRegistry meters) {
        Map<String, Object> config = new HashMap<>(producerFactory.getConfigurationProperties());
        config.putAll(producerSerdeConfig(platform.registryUrl()));
        AvroKafkaSerializer<Object> avro = new AvroKafkaSerializer<>();
        avro.configure(config, false);
        // A record that failed to deserialize is dead-lettered as its raw bytes; one that failed to process, as Avro.
        DelegatingByTypeSerializer values = new DelegatingByTypeSerializer(
                Map.of(byte[].class, new ByteArraySerializer(), SpecificRecord.class, avro), true);
        KafkaTemplate<Object, Object> deadLetters = new KafkaTemplate<>(
                new DefaultKafkaProducerFactory<>(config, new ToStringSerializer<>(), values));
        DeadLetterPublishingRecoverer dlt = new DeadLetterPublishingRecoverer(deadLetters);
        ExponentialBackOffWithMaxRetries backOff = new ExponentialBackOffWithMaxRetries(3);
        backOff.setInitialInterval(Duration.ofMillis(200).toMillis());
        backOff.setMultiplier(3);
        DefaultErrorHandler handler = new DefaultErrorHandler((record, exception) -> {
            log.warn("dead-lettering {}-{}@{} key={}: {}", record.topic(), record.partition(), record.offset(),
                    record.key(), exception.getMessage());
            meters.counter("kvksync.dead.letters", "topic", record.topic()).increment();
            dlt.accept(record, exception);
        }, backOff);
        handler.addNotRetryableExceptions(IllegalArgumentException.class);
        return handler;
    }

    /** Name of the container factory for listeners that take a whole poll at once. */
    public static final String BATCH_FACTORY = "batchListenerContainerFactory";

    /**
     * Like Boot's factory (same consumers, error handler and settings) but handing a listener the whole poll; such
     * a listener names a failing record with {@code BatchListenerFailedException}, so the records before it are
     * committed and it alone is retried, then dead-lettered.
     */
    @Bean(BATCH_FACTORY)
    ConcurrentKafkaListenerContainerFactory<Object, Object> batchListenerContainerFactory(
            ConcurrentKafkaListenerContainerFactoryConfigurer configurer, ConsumerFactory<Object, Object> consumers) {
        ConcurrentKafkaListenerContainerFactory<Object, Object> factory = new ConcurrentKafkaListenerContainerFactory<>();
        configurer.configure(factory, consumers);
        factory.setBatchListener(true);
        return factory;
    }

    @Bean
    KafkaAdmin.NewTopics serviceTopics(PlatformProperties platform,
            @Value("${spring.application.name}") String service) {
        if (!platform.createTopics()) {
            return new KafkaAdmin.NewTopics();
        }
        return new KafkaAdmin.NewTopics(TopicCatalogue.usedBy(service).stream()
                .flatMap(t -> java.util.stream.Stream.of(
                        new NewTopic(t.name(), platform.partitions(), platform.replicationFactor())
                                .configs(Map.of("cleanup.policy", t.cleanupPolicy())),
                        new NewTopic(t.deadLetterTopic(), platform.partitions(), platform.replicationFactor())))
                .toArray(NewTopic[]::new));
    }

    /** Registers the subjects of every topic this service uses; fails start-up when the registry refuses one. */
    @Bean
    InitializingBean schemaSubjects(PlatformProperties platform, @Value("${spring.application.name}") String service) {
        return () -> {
            var ids = new SubjectRegistrar(platform.registryUrl()).register(TopicCatalogue.usedBy(service),
                    Duration.ofSeconds(60));
            log.info("registered {} schema subjects at {}", ids.size(), platform.registryUrl());
        };
    }
}
