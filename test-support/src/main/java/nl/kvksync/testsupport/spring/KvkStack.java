package nl.kvksync.testsupport.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs a Spring test against the shared infrastructure of this JVM: sets {@code spring.kafka.bootstrap-servers},
 * {@code kvksync.registry-url}, {@code spring.mongodb.uri} and the JWT public key location, so
 * {@code @SpringBootTest @KvkStack} is all a service integration test needs. Tokens for the test come from
 * {@link TestTokens}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface KvkStack {

    Engine value() default Engine.EMBEDDED;

    enum Engine {
        /** Child-process broker and registry, in-memory Mongo stand-in: works without Docker. */
        EMBEDDED,
        /** Testcontainers: real Kafka, Apicurio and MongoDB; combine with @Testcontainers(disabledWithoutDocker = true). */
        CONTAINERS
    }
}
