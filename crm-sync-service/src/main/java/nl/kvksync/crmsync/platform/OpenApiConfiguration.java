package nl.kvksync.crmsync.platform;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document at /v3/api-docs: title, and the bearer JWT every API operation needs. */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(info = @Info(title = "KvK Sync crm-sync-service", version = "v1",
        description = "The CRM records: environments and their KvK modules, organisations (by hand, from KvK, "
                + "edits with provenance, links to registrations). Errors are application/problem+json."))
@SecurityScheme(name = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT")
class OpenApiConfiguration {
}
