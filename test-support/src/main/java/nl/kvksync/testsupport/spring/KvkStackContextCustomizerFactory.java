package nl.kvksync.testsupport.spring;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import nl.kvksync.testsupport.infra.ContainerInfrastructure;
import nl.kvksync.testsupport.infra.EmbeddedInfrastructure;
import nl.kvksync.testsupport.infra.Infrastructure;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.TestContextAnnotationUtils;

/** Wires {@link KvkStack} test classes to the shared infrastructure (registered in META-INF/spring.factories). */
public final class KvkStackContextCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass,
            List<ContextConfigurationAttributes> configAttributes) {
        KvkStack stack = TestContextAnnotationUtils.findMergedAnnotation(testClass, KvkStack.class);
        return stack == null ? null : new Customizer(stack.value());
    }

    /** Equal per engine, so Spring's context cache shares one context between test classes. */
    private record Customizer(KvkStack.Engine engine) implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
            Infrastructure infra = engine == KvkStack.Engine.CONTAINERS ? ContainerInfrastructure.shared()
                    : EmbeddedInfrastructure.shared();
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("kvkStack", properties(infra)));
        }
    }

    public static Map<String, Object> properties(Infrastructure infra) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("spring.kafka.bootstrap-servers", infra.bootstrapServers());
        p.put("kvksync.registry-url", infra.registryUrl());
        p.put("spring.mongodb.uri", infra.mongoUri());
        p.put("spring.security.oauth2.resourceserver.jwt.public-key-location",
                "file:" + TestTokens.issuer().publicKeyPem().toAbsolutePath());
        return p;
    }
}
